# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

OUTCOMES = [
    ("anonymized", "Anonymized"),
    ("partial", "Partly Anonymized (legal obligation)"),
    ("held", "Skipped: legal hold"),
    ("archived", "Archived"),
    ("deleted", "Deleted"),
    ("failed", "Failed"),
]


class RgpdRetentionLog(models.Model):
    """What the retention engine did to one person: when, why, how many
    records of each model, and what it kept. Never a former value.

    Written only by the engine and the retention policies; read-only for
    everybody, the administrator included."""

    _name = "rgpd.retention.log"
    _description = "Retention Log"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Contact", index=True, ondelete="set null", readonly=True
    )
    # Indexed: a policy run looks up whether a record is logged already
    # (see rgpd.retention.policy._rgpd_claim).
    partner_ref = fields.Integer(
        string="Contact ID",
        readonly=True,
        index=True,
        help="The id of the contact, kept when the contact itself was deleted.",
    )
    record_ref = fields.Reference(
        selection="_selection_origin_model",
        string="Record",
        readonly=True,
        index=True,
        help="The record a policy processed, when it is not a contact (a lead).",
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
    policy_id = fields.Many2one(
        "rgpd.retention.policy", readonly=True, index=True, ondelete="set null"
    )
    reason = fields.Char(required=True, readonly=True)
    origin_ref = fields.Reference(
        selection="_selection_origin_model", string="Origin", readonly=True
    )
    outcome = fields.Selection(OUTCOMES, required=True, default="anonymized", readonly=True)
    counts = fields.Json(string="Records per Model", readonly=True)
    counts_display = fields.Text(string="Records Changed", compute="_compute_counts_display")
    kept_summary = fields.Text(string="Kept, and Why", readonly=True)
    error = fields.Text(readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Run By", readonly=True, default=lambda self: self.env.user
    )
    company_id = fields.Many2one(
        "res.company", readonly=True, index=True, default=lambda self: self.env.company
    )

    @api.model
    def _selection_origin_model(self):
        return [(model.model, model.name) for model in self.env["ir.model"].sudo().search([])]

    @api.depends("counts")
    def _compute_counts_display(self):
        for log in self:
            log.counts_display = "\n".join(
                f"{model}: {count}" for model, count in sorted((log.counts or {}).items())
            )

    @api.depends("partner_ref", "date")
    def _compute_display_name(self):
        for log in self:
            log.display_name = self.env._(
                "Contact #%(id)s, %(date)s", id=log.partner_ref, date=log.date
            )

    def write(self, vals):  # pylint: disable=method-required-super
        # Generic tools (the merge of contacts) write on an empty search result.
        if not self:
            return True
        raise UserError(
            self.env._("Retention logs are a record of what was done: they cannot be changed.")
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_log(self):
        raise UserError(
            self.env._("Retention logs are a record of what was done: they cannot be deleted.")
        )
