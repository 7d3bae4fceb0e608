# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup, escape

from odoo import fields, models, tools


class MailMail(models.Model):
    _inherit = "mail.mail"

    rgpd_purpose_id = fields.Many2one(
        "rgpd.purpose",
        string="Processing Purpose",
        ondelete="set null",
        help="The purpose this mail is sent for: each recipient gets a link "
        "to withdraw their consent (or object), added when the mail leaves.",
    )

    def _rgpd_recipient_partner(self, email_values):
        """The contact an outgoing email goes to: its recipient partner, the
        contact of its address for a mass mailing, or, for a mail about a
        contact sent to that contact's address, the contact."""
        if email_values.get("partner_id"):
            return email_values["partner_id"]
        if self.mailing_id and email_values.get("email_to_normalized"):
            # A mass mailing to mailing contacts or leads: the contact of
            # that email the purpose may mail (the mailing sent only those).
            partners = (
                self.env["res.partner"]
                .sudo()
                .search([("email_normalized", "in", email_values["email_to_normalized"])])
            )
            allowed, _excluded = self.rgpd_purpose_id.sudo()._rgpd_split_recipients(partners)
            return (allowed or partners)[:1]
        if self.model == "res.partner" and self.res_id and email_values.get("email_to_normalized"):
            partner = self.env["res.partner"].sudo().browse(self.res_id).exists()
            if partner and partner.email_normalized in email_values["email_to_normalized"]:
                return partner
        return self.env["res.partner"]

    def _rgpd_withdraw_footer(self, partner, purpose, url):
        """The withdrawal link appended to the body, in the recipient's language."""
        env_lang = self.with_context(lang=partner.lang).env
        purpose_lang = purpose.with_context(lang=partner.lang)
        if purpose.lawful_basis == "consent":
            label = env_lang._("Withdraw my consent")
        else:
            label = env_lang._("Object to this use of my data")
        intro = env_lang._("You receive this email for: %(purpose)s.", purpose=purpose_lang.name)
        return Markup(
            '<div class="o_rgpd_withdraw_footer" '
            'style="margin-top: 16px; font-size: 12px; color: #6c757d;">'
            '%s <a href="%s" style="color: #6c757d;">%s</a></div>'
        ) % (escape(intro), url, label)

    def _prepare_outgoing_list(self, mail_server=False, doc_to_followers=None):
        """Add to each email sent for a purpose its recipient's signed
        withdrawal link and the RFC 8058 one-click headers. The link is made
        here, per recipient, so that it never sits in the stored mail or in
        the chatter."""
        email_list = super()._prepare_outgoing_list(
            mail_server=mail_server, doc_to_followers=doc_to_followers
        )
        # sudo: the mail may be sent by a user outside the Privacy groups
        # (or by the mail queue); only the purpose's name and basis are read.
        purpose = self.rgpd_purpose_id.sudo()
        if not (purpose.active and purpose.withdrawable):
            return email_list
        for email_values in email_list:
            partner = self._rgpd_recipient_partner(email_values)
            if not partner:
                continue
            url = partner.sudo()._rgpd_consent_url(purpose, "withdraw")
            if not tools.is_html_empty(email_values["body"]):
                email_values["body"] = tools.mail.append_content_to_html(
                    email_values["body"],
                    self._rgpd_withdraw_footer(partner, purpose, url),
                    plaintext=False,
                )
                email_values["body_alternative"] = tools.html2plaintext(email_values["body"])
            # The headers dict is shared by all the emails of the mail: copy it.
            email_values["headers"] = {
                **email_values["headers"],
                "List-Unsubscribe": f"<{url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        return email_list
