# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import Query, email_normalize, escape_psql

from ..signed_links import read_signed, read_signed_ids, sign

CONFIRM_TOKEN_DAYS = 30
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

    def _rgpd_apply(self, purpose, new_state, channel, **proof):
        """Move the consents of these partners for `purpose` to `new_state`
        with `proof`, creating the missing ones directly in that state: one
        event per change, none where the state is already `new_state`.
        Returns the consents that changed."""
        Consent = self.env["rgpd.consent"]
        Consent._rgpd_check_proof(proof)
        if new_state != "withdrawn":
            purpose._rgpd_check_active()
        purpose._rgpd_check_answerable()
        existing = self._rgpd_consents(purpose)
        changed = existing._rgpd_record(new_state, channel, **proof)
        missing = self - existing.partner_id
        if missing:
            changed |= Consent._rgpd_create_for(missing, purpose, new_state, channel, **proof)
        return changed

    def rgpd_give_consent(self, purpose_code, channel, **proof):
        """Record that these partners give consent to the purpose `purpose_code`
        through `channel`, with the proof given as keywords (ip_address,
        user_agent, evidence_attachment_id, note, date). A web form on a
        double opt-in purpose sends the confirmation mail instead. Returns the
        consents that changed."""
        purpose = self.env["rgpd.purpose"]._rgpd_get(purpose_code)
        purpose._rgpd_check_answerable()
        if purpose.double_optin and channel in ("form", "email"):
            # A form or a mail cannot prove who wrote it: the person confirms
            # from the link sent to their own address.
            self.env["rgpd.consent"]._rgpd_check_proof(proof)
            return self.rgpd_request_consent([purpose_code])
        return self._rgpd_apply(purpose, "given", channel, **proof)

    def rgpd_withdraw_consent(self, purpose_code, channel, **proof):
        """Record the withdrawal of consent (or the objection, for a purpose
        on another lawful basis). A consent already withdrawn is left as is."""
        purpose = self.env["rgpd.purpose"]._rgpd_get(purpose_code)
        return self._rgpd_apply(purpose, "withdrawn", channel, **proof)

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

    def _rgpd_consent_token(self, purpose, action):
        """Signed token for this partner, `purpose` and `action` ("confirm",
        valid 30 days; or "withdraw", valid as long as the mail is kept)."""
        self.ensure_one()
        expiration = datetime.timedelta(days=CONFIRM_TOKEN_DAYS) if action == "confirm" else None
        return sign(self.env, f"rgpd_consent.{action}", [self.id, purpose.id], expiration)

    def _rgpd_consent_url(self, purpose, action):
        """The link of `action` for this partner and `purpose`. A
        confirmation link is only ever the placeholder that the sending
        turns into a signed link for the recipient's own address: whatever
        renders it (a template, a translation, a preview) holds no token."""
        self.ensure_one()
        if action == "confirm":
            return self._rgpd_confirm_placeholder(purpose)
        return f"{self.get_base_url()}/rgpd/withdraw/{self._rgpd_consent_token(purpose, action)}"

    def _rgpd_preferences_url(self):
        """Signed link to this person's preference centre (no login): every
        purpose as a switch. Valid as long as the mail is kept, like the
        withdrawal link."""
        self.ensure_one()
        token = sign(self.env, PREFERENCES_SCOPE, self.id)
        return f"{self.get_base_url()}/rgpd/preferences/{token}"

    def _rgpd_from_preferences_token(self, token):
        """The partner (sudo'ed) a preference-centre token was signed for, or
        None for a malformed or altered token."""
        partner_id = read_signed(self.env, PREFERENCES_SCOPE, token)
        if not isinstance(partner_id, int) or isinstance(partner_id, bool):
            return None
        # sudo: the signature proves the link was made for this partner.
        return self.sudo().browse(partner_id).exists() or None

    def _rgpd_preference_purposes(self):
        """The active purposes that may process this person's data: those of
        their company and the shared ones (all companies' for a contact
        without company)."""
        self.ensure_one()
        domain = Domain("company_id", "in", [*self.company_id.ids, False])
        if not self.company_id:
            domain = Domain.TRUE
        # sudo: the purposes and their texts are what the person is shown.
        return self.env["rgpd.purpose"].sudo().search(domain)

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
        or None when the token is malformed, altered or expired."""
        if action not in TOKEN_ACTIONS:
            return None
        values = read_signed_ids(self.env, f"rgpd_consent.{action}", token, 2)
        if not values:
            return None
        # sudo: the signature proves the link was made for this partner and purpose.
        partner = self.sudo().browse(values[0]).exists()
        purpose = self.env["rgpd.purpose"].sudo().browse(values[1]).exists()
        if not (partner and purpose):
            return None
        return partner, purpose
