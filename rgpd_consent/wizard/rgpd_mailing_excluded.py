# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class RgpdMailingExcluded(models.TransientModel):
    """A recipient a purpose mailing leaves out, and why: the lines of the
    mailing form's "See who" list, written by one query
    (`mailing.mailing.action_rgpd_view_excluded`), each user seeing only
    the lines they asked for."""

    _name = "rgpd.mailing.excluded"
    _description = "Recipient Left Out of a Mailing"
    _order = "reason, id"
    _rec_name = "record_name"

    mailing_id = fields.Many2one(
        "mailing.mailing", required=True, readonly=True, index=True, ondelete="cascade"
    )
    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Record", model_field="res_model", required=True, readonly=True
    )
    record_name = fields.Char(string="Recipient", compute="_compute_record_name")
    email = fields.Char(readonly=True)
    reason = fields.Selection(
        selection="_selection_reason", string="Left Out Because", required=True, readonly=True
    )

    @api.model
    def _selection_reason(self):
        return list(self.env["mailing.mailing"]._rgpd_exclusion_labels().items())

    def _compute_record_name(self):
        for model, lines in self.grouped("res_model").items():
            records = self.env[model].browse(lines.mapped("res_id")).exists()
            names = dict(zip(records.ids, records.mapped("display_name"), strict=True))
            for line in lines:
                line.record_name = names.get(line.res_id, "")

    def action_open_record(self):
        """Open the recipient's own form."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "views": [[False, "form"]],
            "target": "current",
        }
