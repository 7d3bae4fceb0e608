from . import rgpd_anonymize_wizard
