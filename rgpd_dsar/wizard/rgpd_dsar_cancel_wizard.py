# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class RgpdDsarCancelWizard(models.TransientModel):
    """Cancel a request with its reason; the person is told."""

    _name = "rgpd.dsar.cancel.wizard"
    _description = "Cancel a Data-Subject Request"

    request_id = fields.Many2one("rgpd.dsar.request", required=True, ondelete="cascade")
    reason = fields.Text(
        required=True,
        help="Why the request is cancelled (withdrawn by the person, a duplicate...): "
        "the person receives it.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.request_id._rgpd_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
