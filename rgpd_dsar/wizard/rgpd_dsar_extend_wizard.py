# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class RgpdDsarExtendWizard(models.TransientModel):
    """Extend a request's deadline (GDPR Art. 12(3)) and tell the person why."""

    _name = "rgpd.dsar.extend.wizard"
    _description = "Extend a Data-Subject Request"

    request_id = fields.Many2one("rgpd.dsar.request", required=True, ondelete="cascade")
    date_first_deadline = fields.Date(related="request_id.date_first_deadline")
    months = fields.Selection([("1", "One month"), ("2", "Two months")], required=True, default="1")
    reason = fields.Text(
        required=True,
        help="Why the request is complex or why there are many: the person receives it.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.request_id._rgpd_extend(int(self.months), self.reason)
        return {"type": "ir.actions.act_window_close"}
