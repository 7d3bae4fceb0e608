from . import rgpd_consent_record_wizard
from . import mail_compose_message
from . import base_partner_merge_automatic_wizard
from . import rgpd_mailing_excluded
