from . import rgpd_anonymize_wizard
from . import rgpd_legal_hold_wizard
from . import base_partner_merge_automatic_wizard
