# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailThread(models.AbstractModel):
    """Carry the purpose of a posted message (composer in comment mode) down
    to the notification mails, where the withdrawal link is added, and
    leave out the recipients the purpose may not reach."""

    _inherit = "mail.thread"

    def _get_notify_valid_parameters(self):
        return super()._get_notify_valid_parameters() | {"rgpd_purpose_id"}

    def _notify_thread_by_email(self, message, recipients_data, msg_vals=False, **kwargs):
        purpose_id = kwargs.pop("rgpd_purpose_id", False)
        thread = self
        if purpose_id:
            thread = self.with_context(rgpd_notify_purpose_id=purpose_id)
            # sudo: only the purpose's basis is read, for whoever posts.
            purpose = self.env["rgpd.purpose"].sudo().browse(purpose_id)
            partners = self.env["res.partner"].browse(
                {r["id"] for r in recipients_data if r.get("notif") == "email" and r.get("id")}
            )
            _allowed, excluded = purpose._rgpd_split_recipients(partners)
            excluded_ids = {pid for left_out in excluded.values() for pid in left_out.ids}
            # The mail for a purpose does not go to whom it may not reach.
            recipients_data = [
                r
                for r in recipients_data
                if not (r.get("notif") == "email" and r.get("id") in excluded_ids)
            ]
        return super(MailThread, thread)._notify_thread_by_email(
            message, recipients_data, msg_vals=msg_vals, **kwargs
        )

    def _notify_by_email_get_base_mail_values(
        self, message, recipients_data, additional_values=None
    ):
        values = super()._notify_by_email_get_base_mail_values(
            message, recipients_data, additional_values=additional_values
        )
        if self.env.context.get("rgpd_notify_purpose_id"):
            values["rgpd_purpose_id"] = self.env.context["rgpd_notify_purpose_id"]
        return values
