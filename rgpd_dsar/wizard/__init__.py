from . import (
    rgpd_dsar_cancel_wizard,
    rgpd_dsar_extend_wizard,
    rgpd_dsar_rectify_wizard,
    rgpd_dsar_refuse_wizard,
)
