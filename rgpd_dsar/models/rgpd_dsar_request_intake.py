# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.rgpd_consent.signed_links import read_signed_ids, sign

from .rgpd_dsar_request import INTAKE_LINK_DAYS, INTAKE_MESSAGE_MAX, REQUEST_TYPES


# One file per concern of the request (workflow, intake, export, erasure),
# each guard beside its code: the split is on purpose.
class RgpdDsarRequest(models.Model):
    """How a request comes in: the portal, the public page and its
    confirmation link, the mail alias."""

    _inherit = "rgpd.dsar.request"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Intake: portal, public page, mail alias
    # ------------------------------------------------------------------

    @api.model
    def _rgpd_match_partner(self, email, company):
        """The one contact of `company` (or shared) with this address, if
        exactly one has it; several or none give no contact (the Officer
        links the request by hand)."""
        normalized = tools.email_normalize(email or "")
        if not normalized:
            return self.env["res.partner"]
        # sudo: matching an address to a contact for the Officer's queue;
        # nothing of the contact is shown to the requester.
        partners = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("email_normalized", "=", normalized),
                    ("company_id", "in", [company.id, False]),
                ],
                limit=2,
            )
        )
        return partners if len(partners) == 1 else self.env["res.partner"]

    @api.model
    def _rgpd_create_from_portal(self, partner, request_type, description):
        """A request filed by a logged-in customer: their identity is known."""
        if request_type not in dict(REQUEST_TYPES):
            raise UserError(self.env._("Choose the type of your request."))
        # sudo: portal customers cannot create requests; the partner is the
        # caller's own (taken from the session by the controller).
        return self.sudo().create(
            {
                "partner_id": partner.id,
                "requester_name": partner.name,
                "requester_email": partner.email,
                "lang": partner.lang,
                "request_type": request_type,
                "description": (description or "").strip()[:INTAKE_MESSAGE_MAX] or False,
                "channel": "portal",
                "identity_verified": True,
                "identity_method": "account",
                "identity_date": fields.Datetime.now(),
                "company_id": (partner.company_id or self.env.company).id,
            }
        )

    @api.model
    def _rgpd_intake_pending(self, values):
        """Keep a public request until its address confirms it (sudo'ed
        record): the confirmation link signs only its id."""
        # sudo: the public page keeps what the person typed, for two days,
        # in a model no user reads.
        return self.env["rgpd.dsar.intake"].sudo().create(values)

    @api.model
    def _rgpd_intake_token(self, pending):
        """Signed token of the confirmation link of `pending`, valid 2 days."""
        return sign(
            self.env, "rgpd_dsar.intake", [pending.id], datetime.timedelta(days=INTAKE_LINK_DAYS)
        )

    @api.model
    def _rgpd_from_intake_token(self, token):
        """The pending public request (sudo'ed) a valid confirmation token
        was signed for, or None."""
        values = read_signed_ids(self.env, "rgpd_dsar.intake", token, 1)
        if not values:
            return None
        # sudo: the signature proves the link was made for this pending request.
        pending = self.env["rgpd.dsar.intake"].sudo().browse(values[0]).exists()
        if not pending or pending._rgpd_expired():
            return None
        return pending

    @api.model
    def _rgpd_send_intake_confirmation(self, pending):
        """Mail the confirmation link of `pending` to the address typed in,
        in the language of the page. The stored mail holds a placeholder:
        the signed link is made when the mail leaves, for that address only
        (`mail.mail._rgpd_signed_link`). No contact is created or looked up."""
        body = self.env["ir.qweb"]._render(
            "rgpd_dsar.mail_body_intake_confirm",
            {
                "name": pending.name,
                "url": self._rgpd_link_placeholder("intake", pending.id),
                "company": self.env.company,
                "days": INTAKE_LINK_DAYS,
            },
        )
        # sudo: the public page sends this one mail to the address typed in.
        self.env["mail.mail"].sudo().create(
            {
                "subject": self.env._("%s: confirm your request", self.env.company.name),
                "email_from": self.env.company.email_formatted
                # sudo: OdooBot's address, for a company without one; the
                # public visitor may read no contact.
                or self.env.ref("base.partner_root").sudo().email_formatted,
                "email_to": tools.formataddr((pending.name, pending.email)),
                "body_html": body,
                "auto_delete": True,
            }
        )

    @api.model
    def _rgpd_create_from_intake(self, pending):
        """Queue the request of a confirmed pending public request; the same
        pending request confirmed again (whatever the spelling of its link,
        or in parallel) gives the request already made."""
        # Confirmations of one link wait for each other here; the unique
        # intake key stops any that would still pass.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id = %s FOR UPDATE",
                SQL.identifier(pending._table),
                pending.id,
            )
        )
        pending.invalidate_recordset(["request_id"])
        if pending.request_id:
            return pending.request_id
        # sudo: the public confirms through the signed link; the request it
        # makes is read back for this link only.
        Request = self.sudo()
        key = f"intake-{pending.id}"
        existing = Request.search([("intake_key", "=", key)])
        if existing:
            return existing
        company = pending.company_id or self.env.company
        partner = self._rgpd_match_partner(pending.email, company)
        lang = pending.lang if pending.lang in dict(self._rgpd_lang_selection()) else False
        request = Request.create(
            {
                "partner_id": partner.id,
                "requester_name": pending.name,
                "requester_email": pending.email,
                "lang": lang or partner.lang or "en_US",
                "request_type": pending.request_type,
                "description": pending.description or False,
                "channel": "web_form",
                # The link reached the address: the person controls it.
                "identity_verified": bool(partner),
                "identity_method": "email_link" if partner else False,
                "identity_date": fields.Datetime.now() if partner else False,
                "company_id": company.id,
                "intake_key": key,
            }
        )
        pending.request_id = request
        return request

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to the request mailbox opens a request. A sender's address
        can be forged, so its identity is left to be verified."""
        email = tools.email_normalize(msg_dict.get("email_from") or "") or False
        name = tools.parse_contact_from_email(msg_dict.get("email_from") or "")[0]
        company = self.env["res.company"].browse((custom_values or {}).get("company_id"))
        company = company or self.env.company
        partner = self._rgpd_match_partner(email, company)
        values = {
            "requester_name": name or email,
            "requester_email": email,
            "partner_id": partner.id,
            "request_type": "access",
            "channel": "email",
            "description": tools.html2plaintext(msg_dict.get("body") or "")[:INTAKE_MESSAGE_MAX]
            or msg_dict.get("subject"),
            **(custom_values or {}),
            # The sequence names the request, not the mail's subject.
            "name": "/",
        }
        return super().message_new(msg_dict, custom_values=values)
