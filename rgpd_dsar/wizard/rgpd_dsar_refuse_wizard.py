# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class RgpdDsarRefuseWizard(models.TransientModel):
    """Refuse a request with its reason (GDPR Art. 12(4))."""

    _name = "rgpd.dsar.refuse.wizard"
    _description = "Refuse a Data-Subject Request"

    request_id = fields.Many2one("rgpd.dsar.request", required=True, ondelete="cascade")
    reason = fields.Text(
        required=True,
        help="Sent to the person, with their right to complain to the supervisory authority.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.request_id._rgpd_refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
