# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import re
import unicodedata

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, html2plaintext

from ..field_values import check_values

LAWFUL_BASES = [
    ("consent", "Consent (Art. 6(1)(a))"),
    ("contract", "Contract (Art. 6(1)(b))"),
    ("legal_obligation", "Legal obligation (Art. 6(1)(c))"),
    ("vital_interest", "Vital interest (Art. 6(1)(d))"),
    ("public_task", "Public task (Art. 6(1)(e))"),
    ("legitimate_interest", "Legitimate interest (Art. 6(1)(f))"),
]
CODE_PATTERN = re.compile(r"[a-z0-9_]+")
CODE_MAX = 64
# The person may withdraw consent (Art. 7(3)) or object (Art. 21) only to a
# processing on these bases: not to one on contract, legal obligation or
# vital interest.
WITHDRAWABLE_BASES = ("consent", "legitimate_interest", "public_task")
# Whether the person must give the data (Art. 13(2)(e)).
PROVISION_REQUIREMENTS = [
    ("voluntary", "Voluntary"),
    ("contract", "Needed for the contract"),
    ("pre_contract", "Needed to enter into a contract"),
    ("statutory", "Required by law"),
]


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
        default=lambda self: self.env.company.rgpd_double_optin_default,
        help="Consent given by email or on a form counts only once the person "
        "confirmed it from the link of the confirmation mail.",
    )
    consent_validity_months = fields.Integer(
        string="Validity (months)",
        default=lambda self: self.env.company.rgpd_consent_validity_months,
        help="Consent expires this many months after it was given; 0 means it never expires.",
    )
    reask_on_expiry = fields.Boolean(
        string="Ask Again on Expiry",
        help="When a consent expires, send the confirmation mail again.",
    )
    active = fields.Boolean(default=True, tracking=True)
    prospecting_b2b = fields.Boolean(
        string="Professionals on Legitimate Interest",
        tracking=True,
        help="E-mail prospecting (French CPCE L34-5, CNIL): a professional "
        "address (a company, or a contact of a company written to about their "
        "work) may be mailed on legitimate interest, unless the person withdrew "
        "or refused; individuals are mailed only with their consent.",
    )
    prospecting_customers = fields.Boolean(
        string="Existing Customers on Legitimate Interest",
        tracking=True,
        help="E-mail prospecting of existing customers about products or services "
        'similar to what they bought (French CPCE L34-5, the "soft opt-in"): a contact '
        "with a confirmed order or a posted invoice may be mailed without consent, "
        "unless the person withdrew or refused. Each mail offers the right to object; "
        "offer it when the address is collected too.",
    )
    offered_publicly = fields.Boolean(
        tracking=True,
        help="Anyone may sign up for this purpose on the public page "
        "/rgpd/subscribe/<code>, with a double opt-in by mail.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    # Facts of the processing activity (Art. 30(1)): the register is for
    # employees, not for portal users.
    data_categories = fields.Text(string="Categories of Personal Data", groups="base.group_user")
    subject_categories = fields.Text(string="Categories of Data Subjects", groups="base.group_user")
    recipients = fields.Text(groups="base.group_user")
    transfer_outside_eu = fields.Boolean(
        string="Transfers Outside the EU", groups="base.group_user"
    )
    transfer_safeguards = fields.Text(
        help="Adequacy decision, standard contractual clauses, binding corporate rules...",
        groups="base.group_user",
    )
    security_measures = fields.Text(groups="base.group_user")
    # What the information notice (Art. 13 and 14) tells beyond the register,
    # in the reader's language.
    legitimate_interest = fields.Text(
        string="Legitimate Interest Pursued",
        translate=True,
        groups="base.group_user",
        help="Art. 13(1)(d): the interest the processing pursues, told in the "
        "information notice when it rests on legitimate interest.",
    )
    provision_requirement = fields.Selection(
        PROVISION_REQUIREMENTS,
        string="Giving the Data Is",
        groups="base.group_user",
        help="Art. 13(2)(e): whether the person must give the data, and why.",
    )
    provision_consequence = fields.Text(
        string="If the Data Is Not Given",
        translate=True,
        groups="base.group_user",
        help="What happens when the person does not give the data, told in the notice.",
    )
    automated_decision = fields.Boolean(
        string="Automated Decision-Making",
        groups="base.group_user",
        help="Art. 22: a decision with legal or similarly significant effect is "
        "taken by a machine alone, profiling included.",
    )
    automated_decision_logic = fields.Text(
        string="Logic of the Automated Decision",
        translate=True,
        groups="base.group_user",
        help="The logic involved, and the significance and consequences for the person.",
    )
    data_source = fields.Text(
        string="Source of the Data",
        translate=True,
        groups="base.group_user",
        help="Art. 14(2)(f): where the data comes from when it is not collected "
        "from the person (a partner, a public source...).",
    )
    notice_missing = fields.Char(
        string="Missing for the Notice",
        compute="_compute_notice_missing",
        search="_search_notice_missing",
        help="What the information notice (Art. 13 and 14) needs and this purpose lacks.",
    )

    rgpd_subscribe_url = fields.Char(
        string="Sign-up Page",
        compute="_compute_rgpd_subscribe_url",
        help="Link to this page from any website, or embed it in an iframe.",
    )
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
            if not CODE_PATTERN.fullmatch(purpose.code or "") or len(purpose.code) > CODE_MAX:
                raise ValidationError(
                    self.env._(
                        "The code %(code)s may hold only lowercase letters, "
                        "digits and underscores, at most %(max)s of them.",
                        code=repr(purpose.code)[:CODE_MAX],
                        max=CODE_MAX,
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

    @api.constrains("offered_publicly", "lawful_basis")
    def _check_offered_publicly(self):
        for purpose in self:
            if purpose.offered_publicly and purpose.lawful_basis != "consent":
                raise ValidationError(
                    self.env._(
                        "Only a purpose resting on consent can be offered on the "
                        "public sign-up page: %(name)s rests on another basis.",
                        name=purpose.name,
                    )
                )

    def _compute_rgpd_subscribe_url(self):
        for purpose in self:
            purpose.rgpd_subscribe_url = (
                purpose.offered_publicly
                and purpose.code
                and f"{purpose.get_base_url()}/rgpd/subscribe/{purpose.code}"
            )

    @api.onchange("name")
    def _onchange_name_propose_code(self):
        """Propose a code made from the name, e.g. "Lettre d'info" gives
        lettre_d_info; a code already typed is kept."""
        if self.name and not self.code:
            ascii_name = unicodedata.normalize("NFKD", self.name).encode("ascii", "ignore").decode()
            self.code = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:CODE_MAX]

    @api.model
    def _rgpd_text_digest(self, text):
        """The SHA-256 of a text shown, as kept with every consent event."""
        return hashlib.sha256(str(text or "").encode()).hexdigest()

    def _rgpd_log_text_shown(self):
        """Record the text shown, in the current language, and its SHA-256
        in the purpose's chatter: the history of what people agreed to. The
        line is stored once for every reader: in the company's language, and
        it names the language of the text even when that language is not
        active (a French-only database edited in English said "(None)")."""
        code = self.env.lang or "en_US"
        lang = (
            self.env["res.lang"]
            .with_context(active_test=False)
            .search([("code", "=", code)], limit=1)
        )
        env = self.with_context(lang=self.env.company._rgpd_lang()).env
        for purpose in self:
            purpose.message_post(
                body=Markup("<p>%s</p>%s")
                % (
                    env._(
                        "Text shown (%(lang)s) set, SHA-256 %(digest)s:",
                        lang=lang.name or code,
                        digest=self._rgpd_text_digest(purpose.description),
                    ),
                    purpose.description or "",
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, vals)
        # The chatter starts with the text shown and its digest, not with a
        # generic "created" line frozen in the creator's language.
        purposes = super(RgpdPurpose, self.with_context(mail_create_nolog=True)).create(vals_list)
        purposes = purposes.with_env(self.env)
        purposes.filtered("description")._rgpd_log_text_shown()
        return purposes

    def write(self, vals):
        check_values(self, vals)
        result = super().write(vals)
        if "description" in vals:
            self._rgpd_log_text_shown()
        return result

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

    # ------------------------------------------------------------------
    # The recipient rule: who a mail sent for this purpose may reach
    # ------------------------------------------------------------------

    @api.model
    def _rgpd_exclusion_labels(self):
        """Why a contact is left out of a mail sent for a purpose, by reason
        code of `_rgpd_split_recipients`, translated."""
        return {
            "no_consent": self.env._("No consent given"),
            "withdrawn": self.env._("Consent withdrawn"),
            "expired": self.env._("Consent expired"),
            "objected": self.env._("Objected to this use"),
            "address_changed": self.env._("Address not the one that confirmed"),
        }

    def _rgpd_split_recipients(self, partners):
        """Split `partners` into those a mail for this purpose may reach and
        those it must leave out, with the reason.

        Returns `(allowed, excluded)`: `allowed` is a subset of `partners`,
        `excluded` maps a reason of `_rgpd_exclusion_labels` to the partners
        left out for it (only reasons with partners appear). On consent, a
        partner needs a valid consent (`rgpd.consent._rgpd_valid_domain`),
        and, when it was confirmed from a link, still the address that
        confirmed it (`rgpd.consent.confirmed_email`);
        on another withdrawable basis, a partner who objected is left out; a
        purpose on contract, legal obligation or vital interest reaches
        everyone. A fixed number of queries whatever the number of partners.
        """
        self.ensure_one()
        if not partners or not self.withdrawable:
            return partners, {}
        # sudo: only the states of the consents of the partners the caller
        # gave are read, to tell which of them may be mailed; no consent is
        # returned.
        Consent = self.env["rgpd.consent"].sudo()
        base = Domain("partner_id", "in", partners.ids) & Domain("purpose_id", "=", self.id)
        by_state = {
            state: set(partner_ids)
            for state, partner_ids in Consent._read_group(base, ["state"], ["partner_id:array_agg"])
        }
        if self.lawful_basis == "consent":
            # Grouped by the address that confirmed (none for a consent
            # given with other proof: phone, paper, portal session).
            valid_by_address = Consent._read_group(
                base & Consent._rgpd_valid_domain(), ["confirmed_email"], ["partner_id:array_agg"]
            )
            valid = {pid for _address, ids in valid_by_address for pid in ids}
            # Given but past its expiry date, the expiry cron not run yet.
            outdated = by_state.get("given", set()) - valid
            reasons = {
                "withdrawn": by_state.get("withdrawn", set()),
                "expired": by_state.get("expired", set()) | outdated,
            }
            known = valid | reasons["withdrawn"] | reasons["expired"]
            reasons["no_consent"] = set(partners.ids) - known
            interest_sql = self._rgpd_interest_sql("p")
            if interest_sql is not None:
                self.env.flush_all()
                # A professional address, or an existing customer (soft
                # opt-in), rests on legitimate interest: no consent needed,
                # unless the person withdrew or refused.
                on_interest = {
                    pid
                    for (pid,) in self.env.execute_query(
                        SQL(
                            "SELECT p.id FROM res_partner p WHERE p.id = ANY(%s) AND %s",
                            partners.ids,
                            interest_sql,
                        )
                    )
                }
                refused = by_state.get("refused", set())
                reasons["expired"] -= on_interest
                reasons["no_consent"] -= on_interest - refused
            # A consent confirmed from a link holds for the address the link
            # was sent to: a contact whose address changed since is not
            # mailed until the new address confirms.
            bound = {pid: address for address, ids in valid_by_address if address for pid in ids}
            reasons["address_changed"] = {
                partner.id
                for partner in partners.browse(list(bound))
                if partner.email_normalized != bound[partner.id]
            }
        else:
            reasons = {"objected": by_state.get("withdrawn", set())}
        excluded_ids = set().union(*reasons.values())
        allowed = partners.browse([pid for pid in partners.ids if pid not in excluded_ids])
        excluded = {
            reason: partners.browse([pid for pid in partners.ids if pid in ids])
            for reason, ids in reasons.items()
            if ids
        }
        return allowed, excluded

    # ------------------------------------------------------------------
    # The information notice (Art. 13 and 14): hooks each addon extends
    # ------------------------------------------------------------------

    @api.model
    def _rgpd_notice_purposes(self, company):
        """The purposes the notice of `company` tells: its active ones and
        the shared ones."""
        return self.search([("company_id", "in", [company.id, False])])

    def _rgpd_notice_facts(self):
        """What the notice tells of this purpose, in the current language: a
        list of dicts `sequence`, `key`, `label` (a heading) and `value`
        (text, or Markup); the notice shows them by sequence. Each addon adds
        the facts it keeps (categories and recipients, retention...)."""
        self.ensure_one()
        facts = [
            {
                "sequence": 10,
                "key": "lawful_basis",
                "label": self.env._("Lawful basis"),
                "value": self._rgpd_basis_description(),
            }
        ]
        if self.lawful_basis == "legitimate_interest" and self.legitimate_interest:
            facts.append(
                {
                    "sequence": 15,
                    "key": "legitimate_interest",
                    "label": self.env._("Legitimate interest pursued"),
                    "value": self.legitimate_interest,
                }
            )
        if self.lawful_basis == "consent":
            facts.append(
                {
                    "sequence": 16,
                    "key": "withdraw",
                    "label": self.env._("Your consent"),
                    "value": self.env._(
                        "You may withdraw it at any time, as easily as you gave it: from "
                        "the link at the bottom of each of our emails or from your account. "
                        "What was done before you withdrew remains lawful."
                    ),
                }
            )
        elif self.withdrawable:
            facts.append(
                {
                    "sequence": 16,
                    "key": "withdraw",
                    "label": self.env._("Your right to object"),
                    "value": self.env._(
                        "You may object to this use at any time, from the link at the "
                        "bottom of each of our emails or from your account."
                    ),
                }
            )
        if self.data_source:
            facts.append(
                {
                    "sequence": 35,
                    "key": "data_source",
                    "label": self.env._("Where the data comes from"),
                    "value": self.data_source,
                }
            )
        if self.provision_requirement:
            requirements = dict(
                self._fields["provision_requirement"]._description_selection(self.env)
            )
            value = requirements[self.provision_requirement]
            if self.provision_consequence:
                value = f"{value}. {self.provision_consequence}"
            facts.append(
                {
                    "sequence": 80,
                    "key": "provision",
                    "label": self.env._("Must you give the data?"),
                    "value": value,
                }
            )
        facts.append(
            {
                "sequence": 90,
                "key": "automated_decision",
                "label": self.env._("Automated decisions"),
                "value": (
                    self.automated_decision_logic
                    if self.automated_decision
                    else self.env._("None: no decision about you is taken by a machine alone.")
                ),
            }
        )
        return facts

    def _rgpd_notice_missing(self):
        """The translated labels of what the notice needs and this purpose
        lacks; each addon adds the facts it keeps."""
        self.ensure_one()

        def label(name):
            return self._fields[name].get_description(self.env)["string"]

        missing = []
        if not self.description or not html2plaintext(self.description).strip():
            missing.append(label("description"))
        if self.lawful_basis == "legitimate_interest" and not self.legitimate_interest:
            missing.append(label("legitimate_interest"))
        if not self.provision_requirement:
            missing.append(label("provision_requirement"))
        elif self.provision_requirement != "voluntary" and not self.provision_consequence:
            missing.append(label("provision_consequence"))
        if self.automated_decision and not self.automated_decision_logic:
            missing.append(label("automated_decision_logic"))
        return missing

    def _compute_notice_missing(self):
        for purpose in self:
            purpose.notice_missing = ", ".join(purpose._rgpd_notice_missing())

    def _search_notice_missing(self, operator, value):
        if operator not in ("in", "not in") or value != {False}:
            return NotImplemented
        # Each addon adds its own rules in Python: the few purposes of the
        # database are checked one by one.
        purposes = self.with_context(active_test=False).search(
            [("company_id", "in", [*self.env.companies.ids, False])]
        )
        incomplete = purposes.filtered(lambda p: p._rgpd_notice_missing()).ids
        # "missing = False" lists the complete purposes, "!= False" the others.
        return Domain("id", "not in" if operator == "in" else "in", incomplete)

    # The same rule as SQL, for a mailing's recipient query: each addon adds
    # its reasons to `_rgpd_exclusion_sql` where it adds them to
    # `_rgpd_split_recipients` (tests/test_recipients_sql.py compares both).

    def _rgpd_exclusion_sql(self, partner, consent):
        """The recipient rule as SQL conditions: `[(reason, condition)]` in
        order of precedence, the first condition that holds for a contact
        giving the reason it is left out (none: a mail may reach it).

        `partner` is the alias of a `res_partner` row, `consent` the alias
        of that contact's consent for this purpose, left-joined (its columns
        are NULL when there is none; see `_rgpd_reason_sql`). The reasons
        and their order are those of `_rgpd_split_recipients`; an addon that
        extends one extends the other."""
        self.ensure_one()
        if not self.withdrawable:
            return []
        # sudo: the columns are named for a query that returns only reasons.
        Consent = self.env["rgpd.consent"].sudo()
        state = Consent._field_to_sql(consent, "state")
        if self.lawful_basis != "consent":
            return [("objected", SQL("%s = 'withdrawn'", state))]
        expiry = Consent._field_to_sql(consent, "date_expiry")
        confirmed = Consent._field_to_sql(consent, "confirmed_email")
        email = self.env["res.partner"].sudo()._field_to_sql(partner, "email_normalized")
        # As _rgpd_valid_domain: given, and not past its expiry date.
        today = fields.Date.context_today(self)
        expired = SQL(
            "(%s = 'expired' OR (%s = 'given' AND %s <= %s))", state, state, expiry, today
        )
        no_consent = SQL(
            "(%s IS NULL OR %s NOT IN ('given', 'withdrawn', 'expired'))", state, state
        )
        interest = self._rgpd_interest_sql(partner)
        if interest is not None:
            # As in _rgpd_split_recipients: a professional address or an
            # existing customer needs no consent, unless the person refused.
            expired = SQL("(%s AND NOT %s)", expired, interest)
            no_consent = SQL(
                "(%s AND NOT (%s AND %s IS DISTINCT FROM 'refused'))",
                no_consent,
                interest,
                state,
            )
        return [
            ("withdrawn", SQL("%s = 'withdrawn'", state)),
            ("expired", expired),
            ("no_consent", no_consent),
            (
                "address_changed",
                SQL(
                    "(COALESCE(%s, '') != '' AND %s IS DISTINCT FROM %s)",
                    confirmed,
                    confirmed,
                    email,
                ),
            ),
        ]

    def _rgpd_interest_label(self):
        """Who this purpose mails on legitimate interest, in the current
        language."""
        self.ensure_one()
        who = []
        if self.prospecting_b2b:
            who.append(self.env._("professional addresses"))
        if self.prospecting_customers:
            who.append(self.env._("existing customers, about similar products"))
        return self.env._(" and ").join(who)

    def _rgpd_basis_description(self):
        """The lawful basis of this purpose in words, in the current
        language, with the contacts it mails on legitimate interest: what
        the register and the notice say."""
        self.ensure_one()
        bases = dict(self._fields["lawful_basis"]._description_selection(self.env))
        basis = bases.get(self.lawful_basis, "")
        if self.lawful_basis == "consent" and (self.prospecting_b2b or self.prospecting_customers):
            return self.env._(
                "%(basis)s; legitimate interest for %(who)s, who may object at any time "
                "(French CPCE L34-5)",
                basis=basis,
                who=self._rgpd_interest_label(),
            )
        return basis

    def _rgpd_interest_sql(self, partner):
        """The SQL condition on the `res_partner` row aliased `partner` of
        the contacts this purpose on consent may mail on legitimate interest
        (CPCE L34-5): professional addresses (`prospecting_b2b`), existing
        customers (`prospecting_customers`); None when it has neither."""
        self.ensure_one()
        conditions = []
        if self.prospecting_b2b:
            conditions.append(self._rgpd_professional_sql(partner))
        if self.prospecting_customers:
            Partner = self.env["res.partner"].sudo()
            conditions.append(
                SQL(
                    "%s IN (SELECT * FROM (%s) AS customer WHERE customer IS NOT NULL)",
                    SQL.identifier(partner, "id"),
                    Partner._rgpd_customer_query(),
                )
            )
        return SQL("(%s)", SQL(" OR ").join(conditions)) if conditions else None

    @api.model
    def _rgpd_professional_sql(self, partner):
        """Professional addresses, for B2B prospecting: a company, or a
        contact of a company; an SQL condition on the `res_partner` row
        aliased `partner`."""
        Partner = self.env["res.partner"].sudo()
        company = f"{partner}__company"
        return SQL(
            "(%s IS TRUE OR EXISTS (SELECT 1 FROM res_partner AS %s WHERE %s = %s AND %s IS TRUE))",
            Partner._field_to_sql(partner, "is_company"),
            SQL.identifier(company),
            SQL.identifier(company, "id"),
            Partner._field_to_sql(partner, "parent_id"),
            Partner._field_to_sql(company, "is_company"),
        )

    def _rgpd_reason_sql(self, partner):
        """`(join, reason)`: the join to write after the `res_partner` row
        aliased `partner` (the contact's consent for this purpose, one row
        at most), and the SQL expression of the reason a mail for this
        purpose leaves that contact out: a code of `_rgpd_exclusion_labels`,
        or NULL when the mail may reach it."""
        self.ensure_one()
        Consent = self.env["rgpd.consent"].sudo()
        consent = f"{partner}__rgpd_consent"
        join = SQL(
            "LEFT JOIN rgpd_consent AS %s ON %s = %s AND %s = %s",
            SQL.identifier(consent),
            Consent._field_to_sql(consent, "partner_id"),
            SQL.identifier(partner, "id"),
            Consent._field_to_sql(consent, "purpose_id"),
            self.id,
        )
        cases = self._rgpd_exclusion_sql(partner, consent)
        if not cases:
            return join, SQL("NULL::varchar")
        return join, SQL(
            "(CASE %s END)",
            SQL(" ").join(SQL("WHEN %s THEN %s", condition, reason) for reason, condition in cases),
        )

    def _rgpd_split_recipients_sql(self, partners):
        """`_rgpd_split_recipients` in one query: the same `(allowed,
        excluded)` from the SQL form of the rule (`_rgpd_reason_sql`)."""
        self.ensure_one()
        if not partners:
            return partners, {}
        join, reason = self._rgpd_reason_sql("p")
        reason_of = dict(
            self.env.execute_query(
                SQL(
                    "SELECT id, reason FROM (SELECT p.id, %s AS reason FROM res_partner p %s"
                    " WHERE p.id = ANY(%s)) AS rule WHERE reason IS NOT NULL",
                    reason,
                    join,
                    partners.ids,
                )
            )
        )
        allowed = partners.browse([pid for pid in partners.ids if pid not in reason_of])
        excluded = {}
        for pid in partners.ids:
            if pid in reason_of:
                excluded.setdefault(reason_of[pid], []).append(pid)
        return allowed, {reason: partners.browse(ids) for reason, ids in excluded.items()}

    @api.model
    def _rgpd_get(self, code):
        """Return the active purpose of the current company with this code,
        or raise a clear error: unknown and archived purposes are refused."""
        if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code) or len(code) > CODE_MAX:
            raise UserError(self.env._("%s is not a purpose code.", repr(code)[:CODE_MAX]))
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

    def _rgpd_check_answerable(self):
        """Art. 21, on every path: a person may give, withdraw or object only
        for a withdrawable purpose; not for one on contract, legal obligation
        or vital interest."""
        for purpose in self.filtered(lambda p: not p.withdrawable):
            raise UserError(
                self.env._(
                    "The purpose %s rests on a contract, a legal obligation or a "
                    "vital interest: the person cannot withdraw from it or object "
                    "to it, nor give a consent to it (GDPR Art. 21).",
                    purpose.display_name,
                )
            )

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

    def _rgpd_subscribe(self, name, email, lang=None, **proof):
        """A sign-up on the public page: find the contact of `email` (or
        create it) and start the double opt-in for this purpose.

        The form proves nothing about who filled it, so nothing counts until
        the person confirms from the mail. A consent already given is left
        alone (no mail), one withdrawn or refused is not changed either: the
        person gets the confirmation mail and decides from their mailbox.
        `email` is normalized. Returns the contact."""
        self.ensure_one()
        self._rgpd_check_active()
        Partner = self.env["res.partner"]
        partner = Partner.search([("email_normalized", "=", email)], order="id", limit=1)
        if not partner:
            partner = Partner.create({"name": name, "email": email, "lang": lang or False})
        consent = partner._rgpd_consents(self)
        if consent.state == "given":
            return partner
        if consent.state in ("withdrawn", "refused"):
            template = self.env.ref("rgpd_consent.mail_template_consent_request")
            template.with_context(rgpd_purpose_ids=self.ids).send_mail_batch(partner.ids)
            return partner
        partner._rgpd_apply(self, "pending", "form", **proof)
        partner.with_company(self.company_id or self.env.company).rgpd_request_consent([self.code])
        return partner
