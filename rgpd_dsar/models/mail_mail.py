# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models, tools


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _rgpd_signed_link(self, kind, res_id, partner, addresses):
        """The links of data-subject requests, made when the mail leaves:
        `export`, the 7-day download link of a request's export, for the
        request's own contact only; `intake`, the confirmation link of a
        public request, for the address typed on the page only."""
        if kind == "export":
            # sudo: the link is made only for the request's own contact, the
            # one recipient this email goes to alone.
            request = self.env["rgpd.dsar.request"].sudo().browse(res_id).exists()
            if not (partner and request and request.partner_id == partner):
                return None
            if not request._rgpd_export_available():
                return None
            return request._rgpd_export_url()
        if kind == "intake":
            # sudo: the pending request is read to compare its address with
            # the one address this email goes to.
            pending = self.env["rgpd.dsar.intake"].sudo().browse(res_id).exists()
            if not pending or pending.request_id or pending._rgpd_expired():
                return None
            if addresses != {tools.email_normalize(pending.email)}:
                return None
            token = self.env["rgpd.dsar.request"]._rgpd_intake_token(pending)
            return f"{self.get_base_url()}/rgpd/request/confirm/{token}"
        return super()._rgpd_signed_link(kind, res_id, partner, addresses)
