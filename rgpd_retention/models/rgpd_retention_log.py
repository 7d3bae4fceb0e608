# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

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

    @api.model
    def _rgpd_insert(self, vals_list):
        """Create the engine's logs in one INSERT: what `create` would store
        (the same defaults), without its per-record work, which was a quarter
        of a policy batch. For the engine only (it runs as the superuser):
        the values are not checked for access."""
        if not vals_list:
            return self.browse()
        now = fields.Datetime.to_string(fields.Datetime.now())
        defaults = {
            "partner_id": None,
            "partner_ref": None,
            "record_ref": None,
            "date": now,
            "policy_id": None,
            "origin_ref": None,
            "outcome": "anonymized",
            "counts": None,
            "kept_summary": None,
            "error": None,
            "user_id": self.env.uid,
            "company_id": self.env.company.id,
        }
        rows = []
        for vals in vals_list:
            row = {**defaults, **{key: value for key, value in vals.items() if value is not False}}
            row["date"] = fields.Datetime.to_string(row["date"])
            rows.append(row)
        self.env.flush_all()
        ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
                    INSERT INTO rgpd_retention_log
                           (partner_id, partner_ref, record_ref, date, policy_id, reason,
                            origin_ref, outcome, counts, kept_summary, error, user_id,
                            company_id, create_uid, create_date, write_uid, write_date)
                    SELECT partner_id, partner_ref, record_ref, date, policy_id, reason,
                           origin_ref, outcome, counts, kept_summary, error, user_id,
                           company_id, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM jsonb_to_recordset(%(rows)s::jsonb) AS v(
                           partner_id int, partner_ref int, record_ref varchar,
                           date timestamp, policy_id int, reason varchar,
                           origin_ref varchar, outcome varchar, counts jsonb,
                           kept_summary text, error text, user_id int, company_id int)
                    RETURNING id
                    """,
                    uid=self.env.uid,
                    now=now,
                    rows=json.dumps(rows),
                )
            )
        ]
        return self.browse(ids)

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
