from . import rgpd_purpose
from . import rgpd_consent
from . import rgpd_consent_event
from . import rgpd_consent_campaign
from . import res_partner
from . import mail_mail
from . import mail_template
from . import mail_thread
