# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _rgpd_signed_link(self, kind, res_id, partner, addresses):
        """ "Keep my data" (the retention notice): only in an email that goes
        to the contact itself alone, at its own address, and never for a
        contact already anonymized."""
        if kind != "keep":
            return super()._rgpd_signed_link(kind, res_id, partner, addresses)
        if not partner or partner.id != res_id:
            return None
        # sudo: the contact's own address and state are compared, and the
        # link is made for the contact the email goes to alone.
        partner_sudo = partner.sudo()
        if (
            partner_sudo.rgpd_anonymized
            or not partner_sudo.email_normalized
            or addresses != {partner_sudo.email_normalized}
        ):
            return None
        return partner_sudo._rgpd_keep_url()

    @api.model
    def _rgpd_send_without_copy(self, email_to, subject, body, email_from=False):
        """Send an email now and keep no copy of it: no record or chatter it
        belongs to, no recipient contact nor notification, and the mail with
        its message deleted once sent (auto_delete). For the mail telling an
        erased person that the erasure is done: their name and address must
        not come back into the database. Returns whether it left already (a
        mail the server refused stays queued, and is deleted once sent)."""
        # sudo: called by the suite's code only, after its own checks; the
        # mail belongs to no record, so nobody's chatter shows it.
        mail = self.sudo().create(
            {
                "email_to": email_to,
                "email_from": email_from or self.env.company.email_formatted or False,
                "subject": subject,
                "body_html": body,
                "auto_delete": True,
                "is_notification": False,
                "model": False,
                "res_id": False,
            }
        )
        mail.send(raise_exception=False)
        return not mail.exists()
