from . import (
    res_company,
    res_config_settings,
    rgpd_dsar_request,
    res_partner,
    rgpd_purpose,
    mail_mail,
    rgpd_breach,
    rgpd_dashboard,
)
