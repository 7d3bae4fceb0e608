from . import rgpd_dsar_export_report
