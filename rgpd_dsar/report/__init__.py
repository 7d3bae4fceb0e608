from . import rgpd_register_report
