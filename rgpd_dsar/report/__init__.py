from . import rgpd_dsar_export_report, rgpd_register_report
