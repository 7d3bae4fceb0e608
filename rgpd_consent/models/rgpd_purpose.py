# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

LAWFUL_BASES = [
    ("consent", "Consent (Art. 6(1)(a))"),
    ("contract", "Contract (Art. 6(1)(b))"),
    ("legal_obligation", "Legal obligation (Art. 6(1)(c))"),
    ("vital_interest", "Vital interest (Art. 6(1)(d))"),
    ("public_task", "Public task (Art. 6(1)(e))"),
    ("legitimate_interest", "Legitimate interest (Art. 6(1)(f))"),
]
CODE_PATTERN = re.compile(r"^[a-z0-9_]+$")
# The person may withdraw consent (Art. 7(3)) or object (Art. 21) only to a
# processing on these bases: not to one on contract, legal obligation or
# vital interest.
WITHDRAWABLE_BASES = ("consent", "legitimate_interest", "public_task")


class RgpdPurpose(models.Model):
    """A processing purpose, its lawful basis (GDPR Art. 6) and the facts of
    the processing activity that the Art. 30 register reads."""

    _name = "rgpd.purpose"
    _description = "Processing Purpose"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Technical key used by code and links, e.g. newsletter.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Html(
        string="Text Shown",
        translate=True,
        sanitize=True,
        help="The text the person reads before giving consent; a copy of it "
        "and its SHA-256 are kept with every consent event.",
    )
    lawful_basis = fields.Selection(LAWFUL_BASES, required=True, default="consent", tracking=True)
    double_optin = fields.Boolean(
        string="Double Opt-in",
        help="Consent given by email or on a form counts only once the person "
        "confirmed it from the link of the confirmation mail.",
    )
    consent_validity_months = fields.Integer(
        string="Validity (months)",
        default=0,
        help="Consent expires this many months after it was given; 0 means it never expires.",
    )
    reask_on_expiry = fields.Boolean(
        string="Ask Again on Expiry",
        help="When a consent expires, send the confirmation mail again.",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    # Facts of the processing activity (Art. 30(1)).
    data_categories = fields.Text(string="Categories of Personal Data")
    subject_categories = fields.Text(string="Categories of Data Subjects")
    recipients = fields.Text()
    transfer_outside_eu = fields.Boolean(string="Transfers Outside the EU")
    transfer_safeguards = fields.Text(
        help="Adequacy decision, standard contractual clauses, binding corporate rules...",
    )
    security_measures = fields.Text()

    withdrawable = fields.Boolean(
        compute="_compute_withdrawable",
        help="The person may withdraw consent (or object to the processing): "
        "not for a processing on contract, legal obligation or vital interest.",
    )
    consent_ids = fields.One2many("rgpd.consent", "purpose_id", string="Consents")
    consent_given_count = fields.Integer(compute="_compute_consent_counts")
    objection_count = fields.Integer(
        compute="_compute_consent_counts",
        help="Persons who objected to a processing that does not rest on consent.",
    )

    _code_company_uniq = models.UniqueIndex(
        "(code, COALESCE(company_id, 0))",
        "A purpose with this code already exists in this company.",
    )
    _validity_positive = models.Constraint(
        "CHECK (consent_validity_months >= 0)",
        "The validity of a consent cannot be negative.",
    )

    @api.constrains("code")
    def _check_code(self):
        for purpose in self:
            if not CODE_PATTERN.match(purpose.code or ""):
                raise ValidationError(
                    self.env._(
                        "The code %(code)s may hold only lowercase letters, "
                        "digits and underscores.",
                        code=purpose.code,
                    )
                )

    @api.constrains("transfer_outside_eu", "transfer_safeguards")
    def _check_transfer_safeguards(self):
        for purpose in self:
            if purpose.transfer_outside_eu and not purpose.transfer_safeguards:
                raise ValidationError(
                    self.env._(
                        "Purpose %(name)s transfers data outside the EU: "
                        "describe the safeguards (Art. 46).",
                        name=purpose.name,
                    )
                )

    @api.depends("lawful_basis")
    def _compute_withdrawable(self):
        for purpose in self:
            purpose.withdrawable = purpose.lawful_basis in WITHDRAWABLE_BASES

    def _compute_consent_counts(self):
        counts = {
            (purpose, state): count
            for purpose, state, count in self.env["rgpd.consent"]._read_group(
                [("purpose_id", "in", self.ids), ("state", "in", ("given", "withdrawn"))],
                ["purpose_id", "state"],
                ["__count"],
            )
        }
        for purpose in self:
            purpose.consent_given_count = counts.get((purpose, "given"), 0)
            purpose.objection_count = counts.get((purpose, "withdrawn"), 0)

    @api.model
    def _rgpd_get(self, code):
        """Return the active purpose of the current company with this code,
        or raise a clear error: unknown and archived purposes are refused."""
        candidates = self.with_context(active_test=False).search(
            [
                ("code", "=", code),
                ("company_id", "in", [*self.env.companies.ids, False]),
            ]
        )
        # The current company's purpose first, then a shared one, then the
        # purpose of another allowed company.
        purpose = candidates.sorted(
            lambda p: (p.company_id != self.env.company, bool(p.company_id))
        )[:1]
        if not purpose:
            raise UserError(self.env._("There is no processing purpose %s.", code))
        purpose._rgpd_check_active()
        return purpose

    def _rgpd_check_active(self):
        """Refuse to record a consent for an archived purpose."""
        for purpose in self.filtered(lambda p: not p.active):
            raise UserError(
                self.env._(
                    "The purpose %s is archived: no consent can be recorded for it.",
                    purpose.display_name,
                )
            )

    def action_view_consents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rgpd_consent.rgpd_consent_action")
        action["domain"] = [("purpose_id", "=", self.id)]
        action["context"] = {"default_purpose_id": self.id}
        return action
