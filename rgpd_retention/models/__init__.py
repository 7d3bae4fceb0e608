from . import rgpd_data_map
from . import rgpd_suppression
from . import rgpd_retention_log
from . import res_partner
from . import rgpd_retention_policy
from . import mailing_contact
from . import rgpd_consent_campaign
