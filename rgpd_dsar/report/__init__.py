from . import (
    rgpd_breach_register_report,
    rgpd_dsar_export_report,
    rgpd_processor_register_report,
    rgpd_register_report,
)
