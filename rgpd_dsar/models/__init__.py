from . import (
    res_company,
    res_config_settings,
    rgpd_dsar_request,
    rgpd_dsar_request_workflow,
    rgpd_dsar_request_intake,
    rgpd_dsar_request_export,
    rgpd_dsar_request_erasure,
    res_partner,
    rgpd_purpose,
    mail_mail,
    rgpd_breach,
    rgpd_dashboard,
)
