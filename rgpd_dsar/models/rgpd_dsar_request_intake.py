# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import hashlib

from odoo import api, models, tools
from odoo.exceptions import UserError

from odoo.addons.rgpd_consent.signed_links import read_signed, sign

from .rgpd_dsar_request import INTAKE_LINK_DAYS, INTAKE_MESSAGE_MAX, REQUEST_TYPES


class RgpdDsarRequest(models.Model):
    """How a request comes in: the portal, the public page and its
    confirmation link, the mail alias."""

    _inherit = "rgpd.dsar.request"

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
                "company_id": (partner.company_id or self.env.company).id,
            }
        )

    @api.model
    def _rgpd_intake_token(self, values):
        """Signed link data of a public request awaiting its address's
        confirmation: nothing is stored until the person confirms."""
        return sign(self.env, "rgpd_dsar.intake", values, datetime.timedelta(days=INTAKE_LINK_DAYS))

    @api.model
    def _rgpd_from_intake_token(self, token):
        """The request values a valid confirmation token carries, or None."""
        values = read_signed(self.env, "rgpd_dsar.intake", token)
        keys = {"name", "email", "request_type", "description", "lang", "company_id"}
        if not (isinstance(values, dict) and set(values) == keys):
            return None
        if values["request_type"] not in dict(REQUEST_TYPES):
            return None
        return values

    @api.model
    def _rgpd_send_intake_confirmation(self, name, email, token):
        """Mail the confirmation link of a public request to `email`, in the
        language of the page. No contact is created or looked up."""
        base_url = self.get_base_url()
        body = self.env["ir.qweb"]._render(
            "rgpd_dsar.mail_body_intake_confirm",
            {
                "name": name,
                "url": f"{base_url}/rgpd/request/confirm/{token}",
                "company": self.env.company,
                "days": INTAKE_LINK_DAYS,
            },
        )
        # sudo: the public page sends this one mail to the address typed in.
        self.env["mail.mail"].sudo().create(
            {
                "subject": self.env._("%s: confirm your request", self.env.company.name),
                "email_from": self.env.company.email_formatted
                or self.env.ref("base.partner_root").email_formatted,
                "email_to": tools.formataddr((name, email)),
                "body_html": body,
                "auto_delete": True,
            }
        )

    @api.model
    def _rgpd_intake_key(self, token):
        return hashlib.sha256(token.encode()).hexdigest()

    @api.model
    def _rgpd_create_from_intake(self, token, values):
        """Queue the public request of a confirmed confirmation link; the
        same link twice gives the request already made."""
        key = self._rgpd_intake_key(token)
        # sudo: the public confirms through the signed link; the request it
        # makes is read back for this link only.
        Request = self.sudo()
        existing = Request.search([("intake_key", "=", key)])
        if existing:
            return existing
        company = self.env["res.company"].sudo().browse(values["company_id"]).exists()
        company = company or self.env.company
        partner = self._rgpd_match_partner(values["email"], company)
        return Request.create(
            {
                "partner_id": partner.id,
                "requester_name": values["name"],
                "requester_email": values["email"],
                "lang": values["lang"],
                "request_type": values["request_type"],
                "description": values["description"] or False,
                "channel": "web_form",
                # The link reached the address: the person controls it.
                "identity_verified": bool(partner),
                "identity_method": partner and "email_link",
                "company_id": company.id,
                "intake_key": key,
            }
        )

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
