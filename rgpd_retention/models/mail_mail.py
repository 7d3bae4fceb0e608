# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


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
