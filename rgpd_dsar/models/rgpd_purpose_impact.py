# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

from odoo.addons.rgpd_consent.system_fields import check_create, check_write

# The nine criteria of the EDPB guidelines (WP248 rev.01) the CNIL applies:
# a processing meeting two of them or more needs an impact assessment (Art. 35).
DPIA_CRITERIA = {
    "dpia_evaluation": "Evaluation or scoring",
    "dpia_automated_decision": "Automated decision with legal or similar effect",
    "dpia_monitoring": "Systematic monitoring",
    "dpia_sensitive": "Sensitive or highly personal data",
    "dpia_large_scale": "Data processed on a large scale",
    "dpia_matching": "Matching or combining of datasets",
    "dpia_vulnerable": "Data concerning vulnerable persons",
    "dpia_innovative": "Innovative use or new technology",
    "dpia_exclusion": "Prevents the exercise of a right or the use of a service or contract",
}
# The kinds of processing for which the CNIL always requires an impact
# assessment (deliberation 2018-327 of 11 October 2018).
DPIA_LISTED_TYPES = [
    ("health_care", "Health data processed by health or social care institutions"),
    ("genetic_vulnerable", "Genetic data of vulnerable persons"),
    ("hr_profiling", "Profiling for human resources management"),
    ("employee_monitoring", "Constant monitoring of employees' activity"),
    ("alerts_social_health", "Alerts and reports in social and health matters"),
    ("alerts_professional", "Professional alerts and reports (whistleblowing)"),
    ("health_warehouse", "Health data warehouse or registry"),
    ("profiling_exclusion", "Profiling that may exclude a person from a contract"),
    ("shared_breaches", "Shared files of contractual breaches"),
    ("profiling_external", "Profiling with data from external sources"),
    ("biometric_vulnerable", "Biometric recognition including vulnerable persons"),
    ("social_housing", "Social housing applications and management"),
    ("social_support", "Social or medico-social support of persons"),
    ("location_large_scale", "Location data on a large scale"),
]
DPIA_CONCLUSIONS = [
    ("acceptable", "Residual risks acceptable"),
    ("measures", "Acceptable with the planned measures"),
    ("consult", "High residual risk: prior consultation of the authority (Art. 36)"),
]
DPIA_STATES = [
    ("not_required", "Not Required"),
    ("missing", "Missing"),
    ("review", "Due for Review"),
    ("done", "Up to Date"),
]
# The facts of an assessment the Officer records; without them it is missing.
DPIA_FACTS = ("dpia_document", "dpia_date", "dpia_conclusion", "dpia_review_date")
OFFICER = "rgpd_consent.group_rgpd_officer"


class RgpdPurpose(models.Model):
    """The data-protection impact assessment (GDPR Art. 35) of a processing
    activity: whether one is required, from the CNIL's criteria and list, and
    the assessment the Officer attached. Only the Officer reads the
    assessment itself; the register shows whether one is required."""

    _inherit = "rgpd.purpose"  # pylint: disable=consider-merging-classes-inherited

    dpia_evaluation = fields.Boolean(
        string="Evaluation or scoring",
        groups="base.group_user",
        help="Profiling or predicting a person's performance, finances, health, "
        "preferences, behaviour or movements.",
    )
    dpia_automated_decision = fields.Boolean(
        string="Automated decision with legal or similar effect",
        groups="base.group_user",
        help="A decision taken by the processing alone that produces legal "
        "effects or similarly affects the person.",
    )
    dpia_monitoring = fields.Boolean(
        string="Systematic monitoring",
        groups="base.group_user",
        help="Observing, monitoring or controlling persons, e.g. video or network monitoring.",
    )
    dpia_sensitive = fields.Boolean(
        string="Sensitive or highly personal data",
        groups="base.group_user",
        help="Special categories (Art. 9), criminal offences, or highly personal "
        "data such as financial data or location.",
    )
    dpia_large_scale = fields.Boolean(
        string="Data processed on a large scale",
        groups="base.group_user",
        help="Many persons, much data, a long time or a wide area.",
    )
    dpia_matching = fields.Boolean(
        string="Matching or combining of datasets",
        groups="base.group_user",
        help="Datasets from processing done for other purposes or by other "
        "controllers, combined beyond what the person would expect.",
    )
    dpia_vulnerable = fields.Boolean(
        string="Data concerning vulnerable persons",
        groups="base.group_user",
        help="Children, employees, patients, elderly persons, asylum seekers...",
    )
    dpia_innovative = fields.Boolean(
        string="Innovative use or new technology",
        groups="base.group_user",
        help="E.g. biometrics, connected objects, artificial intelligence.",
    )
    dpia_exclusion = fields.Boolean(
        string="Prevents the exercise of a right or the use of a service or contract",
        groups="base.group_user",
        help="E.g. screening that decides whether a person gets a loan or a service.",
    )
    dpia_listed_type = fields.Selection(
        DPIA_LISTED_TYPES,
        string="Listed by the CNIL",
        groups="base.group_user",
        help="The kinds of processing for which the CNIL always requires an "
        "impact assessment (deliberation 2018-327).",
    )
    dpia_criteria_count = fields.Integer(
        string="Criteria Met",
        compute="_compute_dpia_required",
        store=True,
        groups="base.group_user",
    )
    dpia_required = fields.Boolean(
        string="Impact Assessment Required",
        compute="_compute_dpia_required",
        store=True,
        tracking=True,
        groups="base.group_user",
        help="Two of the nine criteria or more, or a kind of processing on the "
        "CNIL's list: an impact assessment (GDPR Art. 35) is required before "
        "the processing starts.",
    )
    dpia_document = fields.Binary(
        string="Assessment File",
        attachment=True,
        groups=OFFICER,
        help="The impact assessment itself (e.g. the PDF exported from the CNIL's PIA tool).",
    )
    dpia_filename = fields.Char(string="Impact Assessment File Name", groups=OFFICER)
    dpia_date = fields.Date(string="Assessed On", groups=OFFICER, tracking=True)
    dpia_conclusion = fields.Selection(
        DPIA_CONCLUSIONS, string="Conclusion", groups=OFFICER, tracking=True
    )
    dpia_note = fields.Text(string="Assessment Notes", groups=OFFICER)
    dpia_review_date = fields.Date(
        string="Review On",
        groups=OFFICER,
        tracking=True,
        help="The date the assessment is to be reviewed; on that day the register "
        "check and the dashboard show it as due.",
    )
    dpia_state = fields.Selection(
        DPIA_STATES,
        string="Impact Assessment",
        compute="_compute_dpia_state",
        search="_search_dpia_state",
        compute_sudo=True,
    )

    @api.depends(*DPIA_CRITERIA, "dpia_listed_type")
    def _compute_dpia_required(self):
        for purpose in self:
            count = sum(bool(purpose[name]) for name in DPIA_CRITERIA)
            purpose.dpia_criteria_count = count
            purpose.dpia_required = count >= 2 or bool(purpose.dpia_listed_type)

    @api.depends("dpia_required", *DPIA_FACTS)
    def _compute_dpia_state(self):
        today = fields.Date.context_today(self)
        for purpose in self:
            if not purpose.dpia_required:
                purpose.dpia_state = "not_required"
            elif not all(purpose[name] for name in DPIA_FACTS):
                purpose.dpia_state = "missing"
            elif purpose.dpia_review_date <= today:
                purpose.dpia_state = "review"
            else:
                purpose.dpia_state = "done"

    @api.model
    def _rgpd_dpia_state_domain(self, state):
        """The domain of the purposes in `state`, on the Officer's fields:
        searched as the superuser only (see _search_dpia_state)."""
        today = fields.Date.context_today(self)
        missing = Domain.OR(Domain(name, "=", False) for name in DPIA_FACTS)
        required = Domain("dpia_required", "=", True)
        return {
            "not_required": ~required,
            "missing": required & missing,
            "review": required & ~missing & Domain("dpia_review_date", "<=", today),
            "done": required & ~missing & Domain("dpia_review_date", ">", today),
        }[state]

    def _search_dpia_state(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        states = [state for state in value if state in dict(DPIA_STATES)]
        domain = Domain.OR(self._rgpd_dpia_state_domain(state) for state in states)
        # sudo: the domain reads the Officer's assessment fields only to tell
        # which purposes (that the caller's own rules then filter) are in a state.
        ids = self.sudo().with_context(active_test=False)._search(domain)
        return Domain("id", operator, ids)

    @api.constrains("dpia_date", "dpia_review_date")
    def _check_dpia_dates(self):
        for purpose in self.sudo():
            if (
                purpose.dpia_date
                and purpose.dpia_review_date
                and purpose.dpia_review_date <= purpose.dpia_date
            ):
                raise ValidationError(
                    self.env._(
                        "The review of the impact assessment of %(purpose)s must come "
                        "after the assessment.",
                        purpose=purpose.display_name,
                    )
                )

    # The flag and its count are the suite's reading of the criteria: only the
    # compute writes them (see rgpd_consent/system_fields.py).
    _DPIA_GUARDED = frozenset({"dpia_required", "dpia_criteria_count"})

    @api.model_create_multi
    def create(self, vals_list):
        return super(RgpdPurpose, check_create(self, vals_list, self._DPIA_GUARDED)).create(
            vals_list
        )

    def write(self, vals):
        check_write(self, vals, self._DPIA_GUARDED)
        return super().write(vals)

    def _rgpd_register_missing(self):
        """The register check also lists an impact assessment that is required
        and missing, or due for review."""
        missing = super()._rgpd_register_missing()
        state = self.sudo().dpia_state
        if state == "missing":
            missing.append(self.env._("Impact Assessment"))
        elif state == "review":
            missing.append(self.env._("Review of the Impact Assessment"))
        return missing

    def _search_register_missing(self, operator, value):
        domain = super()._search_register_missing(operator, value)
        if domain is NotImplemented:
            return domain
        # sudo: tells which purposes lack their assessment, see _search_dpia_state.
        lacking = (
            self.sudo()
            .with_context(active_test=False)
            ._search(
                self._rgpd_dpia_state_domain("missing") | self._rgpd_dpia_state_domain("review")
            )
        )
        if operator == "in":
            # Complete: every register fact and the assessment if one is required.
            return domain & Domain("id", "not in", lacking)
        return domain | Domain("id", "in", lacking)

    @api.depends("dpia_state")
    def _compute_register_missing(self):
        return super()._compute_register_missing()

    def _rgpd_dpia_criteria_labels(self):
        """The translated labels of the criteria this purpose meets."""
        self.ensure_one()
        return [
            self._fields[name].get_description(self.env)["string"]
            for name in DPIA_CRITERIA
            if self[name]
        ]

    def _rgpd_dpia_summary(self):
        """The assessment in a few lines of the reader's language, for the
        registers."""
        self.ensure_one()
        purpose = self.sudo()
        if not purpose.dpia_required:
            return self.env._("Not required")
        lines = []
        if purpose.dpia_listed_type:
            types = dict(self._fields["dpia_listed_type"]._description_selection(self.env))
            lines.append(self.env._("Listed by the CNIL: %s", types[purpose.dpia_listed_type]))
        criteria = self._rgpd_dpia_criteria_labels()
        if criteria:
            lines.append(self.env._("Criteria met: %s", ", ".join(criteria)))
        if purpose.dpia_state == "missing":
            lines.append(self.env._("Required, not yet carried out"))
            return "\n".join(lines)
        conclusions = dict(self._fields["dpia_conclusion"]._description_selection(self.env))
        lines.append(
            self.env._(
                "Carried out on %(date)s: %(conclusion)s; review on %(review)s",
                date=format_date(self.env, purpose.dpia_date),
                conclusion=conclusions[purpose.dpia_conclusion],
                review=format_date(self.env, purpose.dpia_review_date),
            )
        )
        return "\n".join(lines)
