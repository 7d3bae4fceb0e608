from . import rgpd_purpose
from . import rgpd_consent
from . import rgpd_consent_event
from . import res_partner
