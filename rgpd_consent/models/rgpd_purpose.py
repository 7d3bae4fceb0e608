# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import re
import unicodedata

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

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
