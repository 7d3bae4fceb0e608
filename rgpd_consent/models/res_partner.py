# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, Query, email_normalize, escape_psql

from ..signed_links import read_signed, read_signed_ids, sign
from .rgpd_consent import SUBJECT_CHANNELS

CONFIRM_TOKEN_DAYS = 30
# The preference centre's link expires, as Odoo's own portal links do.
PREFERENCES_TOKEN_DAYS = 180
# What a double opt-in mail holds until it leaves: the signed link replaces
# it, per recipient, at send time (mail.mail._prepare_outgoing_list).
# A link as stored mails, templates and previews hold it: no token, only the
# kind of link and the record it is about. `mail.mail._prepare_outgoing_list`
# turns it into a signed link for the recipient's own address when the mail
# leaves; the route of the placeholder itself only says "not valid".
LINK_PLACEHOLDER = "/rgpd/link/"
DEAD_LINK = "/rgpd/link/invalid"
TOKEN_ACTIONS = ("confirm", "withdraw")
PREFERENCES_SCOPE = "rgpd_consent.preferences"
# The invoices that make a contact a customer who bought from the company.
SALE_INVOICE_TYPES = ("out_invoice", "out_refund")


class ResPartner(models.Model):
    _inherit = "res.partner"

    rgpd_consent_ids = fields.One2many("rgpd.consent", "partner_id", string="Consents")
    rgpd_consented_purpose_ids = fields.Many2many(
        "rgpd.purpose",
        string="Consented Purposes",
        compute="_compute_rgpd_consented_purpose_ids",
        search="_search_rgpd_consented_purpose_ids",
        help="Purposes this contact consented to: given and not expired.",
    )
    rgpd_consent_count = fields.Integer(
        compute="_compute_rgpd_consent_count",
        help="Consents that count: given and not expired.",
    )
    rgpd_overview_ids = fields.One2many(
        "rgpd.partner.purpose",
        "partner_id",
        string="Privacy",
        help="Every active purpose, asked or not, with this contact's answer.",
    )

    rgpd_confirmed_elsewhere = fields.Boolean(
        string="Confirmed from Another Address",
        compute="_compute_rgpd_confirmed_elsewhere",
        help="A consent of this contact was confirmed from a link sent to an "
        "address that is no longer theirs: mails for its purpose do not reach "
        "the contact until the new address confirms.",
    )

    @api.depends("email_normalized", "rgpd_consent_ids.confirmed_email")
    def _compute_rgpd_confirmed_elsewhere(self):
        # sudo: only whether the addresses match is shown, to whoever may
        # read the contact.
        Consent = self.env["rgpd.consent"].sudo()
        bound = Consent.search_fetch(
            Consent._rgpd_valid_domain()
            & Domain("partner_id", "in", self._origin.ids)
            & Domain("confirmed_email", "!=", False),
            ["partner_id", "confirmed_email"],
        )
        addresses = {}
        for consent in bound:
            addresses.setdefault(consent.partner_id.id, set()).add(consent.confirmed_email)
        for partner in self:
            # The address as the form shows it, saved or being typed.
            confirmed = addresses.get(partner._origin.id, ())
            partner.rgpd_confirmed_elsewhere = any(
                address != partner.email_normalized for address in confirmed
            )

    def _compute_rgpd_consented_purpose_ids(self):
        # sudo: which purposes a contact consented to is shown to whoever may
        # read the contact (see _search_rgpd_consented_purpose_ids); only the
        # purposes the user may read are shown (other companies' are not).
        Consent = self.env["rgpd.consent"].sudo()
        valid = Consent.search(Consent._rgpd_valid_domain() & Domain("partner_id", "in", self.ids))
        readable = valid.purpose_id.with_env(self.env)._filtered_access("read")
        by_partner = valid.grouped("partner_id")
        for partner in self:
            consents = by_partner.get(partner, Consent)
            partner.rgpd_consented_purpose_ids = consents.purpose_id.with_env(self.env) & readable

    def _search_rgpd_consented_purpose_ids(self, operator, value):
        """Partners whose consent is given and not expired, as SQL
        sub-queries on the consent table (indexed on given consents).

        `in` (with False: no consented purpose at all) and `any`; Odoo
        derives `=`, `!=`, `not in` and `not any` from them by negation."""
        if operator not in ("in", "any"):
            return NotImplemented
        # sudo: the audience of a purpose is needed by whoever mails the
        # contacts, Privacy group or not; it tells which contacts consented,
        # never the consents themselves. The purposes stay those the user
        # may read (their company rule applies).
        Consent = self.env["rgpd.consent"].sudo()
        Purpose = self.env["rgpd.purpose"].with_context(active_test=False)

        def audience(purposes):
            # Consents a lead holds have no partner yet: a NULL in the
            # sub-query would empty "not in".
            consents = Consent._search(
                Consent._rgpd_valid_domain()
                & Domain("purpose_id", "in", purposes)
                & Domain("partner_id", "!=", False)
            )
            return consents.subselect("partner_id")

        if operator == "any":
            purposes = value if isinstance(value, Query) else Purpose._search(value)
            return Domain("id", "in", audience(purposes))
        ids = [v for v in value if v]
        domain = Domain.FALSE
        if ids:
            domain |= Domain("id", "in", audience(Purpose._search([("id", "in", ids)])))
        if False in value:
            domain |= Domain("id", "not in", audience(Purpose._search([])))
        return domain

    @api.model
    def _search_display_name(self, operator, value):
        """In the import of consents, a contact is found by its email or by
        its own name too, not only by its full name ("Thierry Leroux" as
        well as "Textiles Leroux SAS, Thierry Leroux")."""
        domain = super()._search_display_name(operator, value)
        if not (self.env.context.get("rgpd_consent_import") and operator in ("=", "in")):
            return domain
        names = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]
        domain = Domain(domain)
        for name in filter(None, names):
            domain |= Domain("name", "=ilike", escape_psql(name))
            if email := email_normalize(name):
                domain |= Domain("email_normalized", "=", email)
        return domain

    def _compute_rgpd_consent_count(self):
        Consent = self.env["rgpd.consent"]
        counts = dict(
            Consent._read_group(
                Consent._rgpd_valid_domain() & Domain("partner_id", "in", self.ids),
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.rgpd_consent_count = counts.get(partner, 0)

    def action_view_rgpd_consents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rgpd_consent.rgpd_consent_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_rgpd_ask_consent(self):
        """Open a new consent campaign for these contacts (list action)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Ask for Consent"),
            "res_model": "rgpd.consent.campaign",
            "views": [[False, "form"]],
            "target": "current",
            "context": {
                "default_partner_ids": self.ids,
                "default_name": self.env._("Ask for consent: %(count)s contacts", count=len(self)),
            },
        }

    # ------------------------------------------------------------------
    # The ledger API
    # ------------------------------------------------------------------

    def _rgpd_consents(self, purpose):
        """The existing consents of these partners for `purpose`."""
        return self.env["rgpd.consent"].search(
            [("partner_id", "in", self.ids), ("purpose_id", "=", purpose.id)]
        )

    def _rgpd_apply(self, purpose, new_state, channel, by_subject=False, **proof):
        """Move the consents of these partners for `purpose` to `new_state`
        with `proof`, creating the missing ones directly in that state: one
        event per change, none where the state is already `new_state`.
        `by_subject` only from `_rgpd_subject_act`. Returns the consents
        that changed."""
        Consent = self.env["rgpd.consent"]
        Consent._rgpd_check_proof({k: v for k, v in proof.items() if k != "email"})
        if new_state != "withdrawn":
            purpose._rgpd_check_active()
        purpose._rgpd_check_answerable()
        existing = self._rgpd_consents(purpose)
        changed = existing._rgpd_record(new_state, channel, by_subject=by_subject, **proof)
        missing = self - existing.partner_id
        if missing:
            changed |= Consent._rgpd_create_for(
                missing, purpose, new_state, channel, by_subject=by_subject, **proof
            )
        return changed

    def _rgpd_subject_act(self, purpose, new_state, channel, **proof):
        """Record an act of this person themself: a link of a mail, the
        portal, a web form or the preference centre; the events and the
        chatter notes are theirs. Called only by the suite's controllers,
        once they checked the signed token or the logged-in session;
        `proof` holds the request's IP address and browser, and `email` the
        address the link was sent to (the consent holds for it only)."""
        self.ensure_one()
        if channel not in SUBJECT_CHANNELS:
            raise UserError(self.env._("Unknown channel: %s", str(channel)[:64]))
        return self._rgpd_apply(purpose, new_state, channel, by_subject=True, **proof)

    def rgpd_give_consent(self, purpose_code, channel, **proof):
        """Record that these partners gave consent to the purpose
        `purpose_code`, as the employee heard it: by `channel` (phone, paper,
        back office, import), with the proof given as keywords
        (evidence_attachment_id, note, date). The person's own channels are
        refused (`rgpd.consent._rgpd_check_employee_act`), except that on a
        double opt-in purpose a form or a mail sends the confirmation mail
        (nothing counts until the person confirms). Returns the consents
        that changed."""
        purpose = self.env["rgpd.purpose"]._rgpd_get(purpose_code)
        purpose._rgpd_check_answerable()
        Consent = self.env["rgpd.consent"]
        Consent._rgpd_check_channel(channel)
        if purpose.double_optin and channel in ("form", "email"):
            # A form or a mail cannot prove who wrote it: the person confirms
            # from the link sent to their own address.
            Consent._rgpd_check_employee_act("back_office", proof)
            Consent._rgpd_check_proof(proof)
            return self.rgpd_request_consent([purpose_code])
        Consent._rgpd_check_employee_act(channel, proof)
        return self._rgpd_apply(purpose, "given", channel, **proof)

    def rgpd_withdraw_consent(self, purpose_code, channel, **proof):
        """Record the withdrawal of consent (or the objection, for a purpose
        on another lawful basis) the employee heard of, by an employee's
        channel. A consent already withdrawn is left as is."""
        purpose = self.env["rgpd.purpose"]._rgpd_get(purpose_code)
        self.env["rgpd.consent"]._rgpd_check_employee_act(channel, proof)
        return self._rgpd_apply(purpose, "withdrawn", channel, **proof)

    @api.model
    def _rgpd_customer_query(self, move_types=SALE_INVOICE_TYPES):
        """SELECT the ids of the partners with a confirmed sale order or a
        posted invoice of `move_types` (the apps installed decide which
        count); a NULL row keeps the query valid without either app."""
        sources = [SQL("SELECT NULL::int")]
        if "sale.order" in self.env:
            sources.append(SQL("SELECT partner_id FROM sale_order WHERE state = 'sale'"))
        if "account.move" in self.env:
            sources.append(
                SQL(
                    "SELECT partner_id FROM account_move"
                    " WHERE state = 'posted' AND move_type IN %s",
                    tuple(move_types),
                )
            )
        return SQL(" UNION ").join(sources)

    def rgpd_has_consent(self, purpose_code):
        """Whether the purpose may process every partner of this recordset:
        for a purpose on consent, each has a given, unexpired consent; on
        another lawful basis, none of them objected (withdrew)."""
        purpose = self.env["rgpd.purpose"]._rgpd_get(purpose_code)
        if not self:
            return True
        # Only about contacts the caller may read.
        self.check_access("read")
        # sudo: the answer (may this purpose process these contacts?) is
        # needed by any user about to process them; no consent is returned.
        Consent = self.env["rgpd.consent"].sudo()
        if purpose.lawful_basis == "consent":
            valid = Consent.search_count(
                Consent._rgpd_valid_domain()
                & Domain("partner_id", "in", self.ids)
                & Domain("purpose_id", "=", purpose.id)
            )
            return valid == len(self)
        return not Consent.search_count(
            [
                ("partner_id", "in", self.ids),
                ("purpose_id", "=", purpose.id),
                ("state", "=", "withdrawn"),
            ],
            limit=1,
        )

    def rgpd_request_consent(self, purpose_codes):
        """Send the double opt-in mail asking these partners to confirm the
        purposes `purpose_codes`: one mail per partner, one signed link per
        purpose. Pairs already given, withdrawn or refused are not asked
        (a person who said no is not asked again). Returns the consents
        asked for."""
        purposes = self.env["rgpd.purpose"].browse(
            [self.env["rgpd.purpose"]._rgpd_get(code).id for code in purpose_codes]
        )
        for purpose in purposes.filtered(lambda p: p.lawful_basis != "consent"):
            raise UserError(
                self.env._(
                    "The purpose %s does not rest on consent: there is nothing to confirm.",
                    purpose.display_name,
                )
            )
        no_email = self.filtered(lambda p: not p.email)
        if no_email:
            raise UserError(
                self.env._(
                    "These contacts have no email address, so they cannot confirm "
                    "their consent by mail: %s",
                    ", ".join(no_email.mapped("display_name")),
                )
            )
        Consent = self.env["rgpd.consent"]
        asked = Consent
        for purpose in purposes:
            existing = self._rgpd_consents(purpose)
            again = existing.filtered(lambda c: c.state in ("pending", "expired"))
            again._rgpd_record("pending", "email")
            asked |= again | Consent._rgpd_create_for(
                self - existing.partner_id, purpose, "pending", "email"
            )
        template = self.env.ref("rgpd_consent.mail_template_consent_request")
        by_purposes = {}
        for partner, consents in asked.grouped("partner_id").items():
            by_purposes.setdefault(consents.purpose_id, []).append(partner.id)
        sender = self.env.company.rgpd_consent_mail_from
        email_values = {"email_from": sender} if sender else None
        for purposes_asked, partner_ids in by_purposes.items():
            template.with_context(rgpd_purpose_ids=purposes_asked.ids).send_mail_batch(
                partner_ids, email_values=email_values
            )
        return asked

    # ------------------------------------------------------------------
    # Signed links
    # ------------------------------------------------------------------

    def _rgpd_consent_token(self, purpose, action, email=None):
        """Signed token for this partner, `purpose` and `action`.

        "confirm" (valid 30 days) also signs the address the link is sent
        to (`email`, by default the contact's own) and when it was made: the
        link confirms for that address only, while it is still the
        contact's, and not after the person withdrew (`_rgpd_from_token`).
        "withdraw" is valid as long as the mail is kept."""
        self.ensure_one()
        if action == "confirm":
            address = email_normalize(email) if email else self.email_normalized
            issued = int(datetime.datetime.now(datetime.UTC).timestamp())
            return sign(
                self.env,
                "rgpd_consent.confirm",
                [self.id, purpose.id, address or "", issued],
                datetime.timedelta(days=CONFIRM_TOKEN_DAYS),
            )
        return sign(self.env, f"rgpd_consent.{action}", [self.id, purpose.id])

    def _rgpd_consent_url(self, purpose, action):
        """The link of `action` for this partner and `purpose`. A
        confirmation link is only ever the placeholder that the sending
        turns into a signed link for the recipient's own address: whatever
        renders it (a template, a translation, a preview) holds no token."""
        self.ensure_one()
        if action == "confirm":
            return self._rgpd_confirm_placeholder(purpose)
        return f"{self.get_base_url()}/rgpd/withdraw/{self._rgpd_consent_token(purpose, action)}"

    def _rgpd_preferences_url(self, email=None, company=None):
        """Signed link to this person's preference centre (no login): every
        purpose of `company` (the company of the mail that carries the link;
        by default the contact's, else the current one) as a switch. It
        holds for the address it is sent to (`email`, by default the
        contact's own) while that address is the contact's, and expires
        after PREFERENCES_TOKEN_DAYS, as Odoo's own portal links do."""
        self.ensure_one()
        address = email_normalize(email) if email else self.email_normalized
        company = company or self.company_id or self.env.company
        token = sign(
            self.env,
            PREFERENCES_SCOPE,
            [self.id, address or "", company.id],
            datetime.timedelta(days=PREFERENCES_TOKEN_DAYS),
        )
        return f"{self.get_base_url()}/rgpd/preferences/{token}"

    def _rgpd_from_preferences_token(self, token):
        """The partner (sudo'ed) a preference-centre token was signed for, or
        None for a malformed, altered or expired token, or one made for an
        address that is no longer the contact's. The partner carries the
        company the link was made for (`_rgpd_preference_purposes`); links
        made before it was signed in have none."""
        values = read_signed(self.env, PREFERENCES_SCOPE, token)
        if not (isinstance(values, list) and len(values) in (2, 3)):
            return None
        partner_id, address, *company_id = values
        if not isinstance(partner_id, int) or isinstance(partner_id, bool):
            return None
        if company_id and (not isinstance(company_id[0], int) or isinstance(company_id[0], bool)):
            return None
        # sudo: the signature proves the link was made for this partner.
        partner = self.sudo().browse(partner_id).exists()
        if not partner or not address or partner.email_normalized != address:
            return None
        company = partner.env["res.company"].browse(company_id).exists()
        if company:
            partner = partner.with_context(rgpd_preferences_company_id=company.id)
        return partner

    def _rgpd_preference_purposes(self):
        """The active purposes that may process this person's data: those of
        one company and the shared ones. The company is the one the link was
        made for (the mail's, see `_rgpd_from_preferences_token`), else the
        contact's; a contact without company (every public sign-up) sees
        those of the company serving the request (the website's), never
        the purposes of every company."""
        self.ensure_one()
        signed_company = self.env["res.company"].browse(
            self.env.context.get("rgpd_preferences_company_id")
        )
        company = signed_company.sudo().exists() or self.company_id or self.env.company
        # sudo: the purposes and their texts are what the person is shown.
        return self.env["rgpd.purpose"].sudo().search([("company_id", "in", [company.id, False])])

    def _rgpd_link_placeholder(self, kind, res_id):
        """A link of `kind` ("confirm", "withdraw", "preferences", and the
        kinds other addons add) about record `res_id`, as a template writes
        it: no token, only what the sending turns into a signed link when
        the mail leaves for the person's own address
        (`mail.mail._rgpd_signed_link`)."""
        self.ensure_one()
        return f"{self.get_base_url()}{LINK_PLACEHOLDER}{kind}/{int(res_id)}"

    def _rgpd_confirm_placeholder(self, purpose):
        """The confirmation link as the double opt-in template writes it."""
        return self._rgpd_link_placeholder("confirm", purpose.id)

    def _rgpd_from_token(self, token, action):
        """Return the (partner, purpose) a valid token was made for, sudo'ed,
        or None when the token is malformed, altered or expired. A
        confirmation is also refused when the address it was sent to is no
        longer the contact's, or when the person withdrew (or objected, or
        refused) since it was made: an old link does not give back a consent
        the person took back."""
        if action not in TOKEN_ACTIONS:
            return None
        if action == "confirm":
            values = read_signed(self.env, "rgpd_consent.confirm", token)
            if not (
                isinstance(values, list)
                and len(values) == 4
                and all(isinstance(v, int) and not isinstance(v, bool) for v in values[:2])
                and isinstance(values[2], str)
                and isinstance(values[3], int)
            ):
                return None
        else:
            values = read_signed_ids(self.env, f"rgpd_consent.{action}", token, 2)
            if not values:
                return None
        # sudo: the signature proves the link was made for this partner and purpose.
        partner = self.sudo().browse(values[0]).exists()
        purpose = self.env["rgpd.purpose"].sudo().browse(values[1]).exists()
        if not (partner and purpose):
            return None
        if action == "confirm":
            address, issued = values[2], values[3]
            if not address or partner.email_normalized != address:
                return None
            if partner._rgpd_said_no_since(purpose, issued):
                return None
        return partner, purpose

    def _rgpd_said_no_since(self, purpose, timestamp):
        """Whether this person withdrew, objected or refused `purpose` at or
        after `timestamp` (seconds since the epoch, UTC): a link made before
        then no longer speaks for them. The same second counts as after."""
        self.ensure_one()
        since = datetime.datetime.fromtimestamp(timestamp, datetime.UTC).replace(tzinfo=None)
        # sudo: only whether such an event exists is read.
        return bool(
            self.env["rgpd.consent.event"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", self.id),
                    ("purpose_id", "=", purpose.id),
                    ("new_state", "in", ("withdrawn", "refused")),
                    # A withdrawal recorded later with an earlier date counts too.
                    "|",
                    ("date", ">=", since),
                    ("create_date", ">=", since),
                ],
                limit=1,
            )
        )
