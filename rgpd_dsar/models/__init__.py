from . import (
    res_company,
    rgpd_dsar_request,
    rgpd_dsar_intake_log,
    res_partner,
    rgpd_purpose,
    mail_mail,
)
