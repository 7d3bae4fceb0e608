from . import (
    res_company,
    res_config_settings,
    rgpd_dsar_request,
    rgpd_dsar_intake_log,
    res_partner,
    rgpd_purpose,
    mail_mail,
    rgpd_breach,
    rgpd_dashboard,
)
