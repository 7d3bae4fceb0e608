# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class RgpdLegalHoldWizard(models.TransientModel):
    """The Officer sets a legal hold on contacts, with its reason."""

    _name = "rgpd.legal.hold.wizard"
    _description = "Set a Legal Hold"

    partner_ids = fields.Many2many("res.partner", string="Contacts", required=True)
    reason = fields.Char(required=True, help="Litigation, legal obligation: why the data is kept.")
    until = fields.Date(string="Hold Until", help="Empty: until the Officer lifts the hold.")

    def action_confirm(self):
        self.ensure_one()
        self.partner_ids.rgpd_set_legal_hold(self.reason, self.until)
        return {"type": "ir.actions.act_window_close"}
