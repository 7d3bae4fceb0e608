# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models, tools

from .rgpd_dsar_request import EXPORT_LINK_MARKER


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _prepare_outgoing_list(self, mail_server=False, doc_to_followers=None):
        """Put the signed 7-day download link of a request's export in the
        email that leaves, in place of the marker the stored mail holds: the
        link is made here, so it never sits in the chatter."""
        email_list = super()._prepare_outgoing_list(
            mail_server=mail_server, doc_to_followers=doc_to_followers
        )
        if self.model != "rgpd.dsar.request" or not self.res_id:
            return email_list
        # sudo: the queue sends as whoever; only the request's own export is signed.
        request = self.env["rgpd.dsar.request"].sudo().browse(self.res_id).exists()
        for email_values in email_list:
            body = email_values.get("body") or ""
            if EXPORT_LINK_MARKER not in body:
                continue
            path = (
                f"/rgpd/export/{request._rgpd_export_token()}"
                if request.export_attachment_id
                else "/my/privacy"
            )
            email_values["body"] = body.replace(EXPORT_LINK_MARKER, path)
            email_values["body_alternative"] = tools.html2plaintext(email_values["body"])
        return email_list
