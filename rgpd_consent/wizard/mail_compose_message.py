# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    rgpd_purpose_id = fields.Many2one(
        "rgpd.purpose",
        string="Processing Purpose",
        compute="_compute_rgpd_purpose_id",
        readonly=False,
        store=True,
        help="The mails are sent for this purpose: recipients it may not "
        "reach are left out, the others get a one-click link to withdraw "
        "their consent (or object).",
    )
    rgpd_excluded_summary = fields.Text(
        string="Left Out",
        compute="_compute_rgpd_excluded_summary",
        help="The recipients this purpose may not reach, and why: they do not get the mail.",
    )

    @api.depends("template_id")
    def _compute_rgpd_purpose_id(self):
        """Copied from the template when it changes; reset without template."""
        for composer in self:
            if composer.template_id.rgpd_purpose_id:
                composer.rgpd_purpose_id = composer.template_id.rgpd_purpose_id
            elif not composer.template_id:
                composer.rgpd_purpose_id = False

    def _rgpd_recipients(self):
        """The contacts this composer writes to: its recipients, and in mass
        mode on contacts, the contacts themselves."""
        self.ensure_one()
        partners = self.partner_ids
        if self.composition_mode == "mass_mail" and self.model == "res.partner":
            partners |= self.env["res.partner"].browse(self._evaluate_res_ids() or [])
        return partners

    @api.depends(
        "rgpd_purpose_id", "partner_ids", "composition_mode", "model", "res_ids", "res_domain"
    )
    def _compute_rgpd_excluded_summary(self):
        labels = self.env["rgpd.purpose"]._rgpd_exclusion_labels()
        for composer in self:
            purpose = composer.rgpd_purpose_id
            excluded = {}
            if purpose:
                _allowed, excluded = purpose._rgpd_split_recipients(composer._rgpd_recipients())
            composer.rgpd_excluded_summary = "\n".join(
                f"{labels.get(reason, reason)}: {', '.join(partners.mapped('display_name'))}"
                for reason, partners in excluded.items()
            )

    def _prepare_mail_values_static(self):
        """In mass mail mode, a field of the mail.mail; in comment mode, a
        notification parameter given down to the notification mails."""
        values = super()._prepare_mail_values_static()
        if self.rgpd_purpose_id:
            values["rgpd_purpose_id"] = self.rgpd_purpose_id.id
        return values

    def _process_mail_values_state(self, mail_values_dict):
        """In mass mode, leave out the recipients the purpose may not reach
        (`rgpd.purpose._rgpd_split_recipients`); a mail left with nobody is
        cancelled as opted out, and not posted in the chatter."""
        mail_values_dict = super()._process_mail_values_state(mail_values_dict)
        purpose = self.rgpd_purpose_id
        if not purpose:
            return mail_values_dict
        recipient_ids = {
            res_id: [command[1] for command in values.get("recipient_ids") or [] if command[1]]
            for res_id, values in mail_values_dict.items()
        }
        if self.model == "res.partner":
            # A mail to a contact's address written as email_to is still a
            # mail to that contact.
            for res_id, values in mail_values_dict.items():
                if values.get("email_to") and not recipient_ids[res_id]:
                    recipient_ids[res_id] = [res_id]
        partners = self.env["res.partner"].browse(
            {pid for ids in recipient_ids.values() for pid in ids}
        )
        _allowed, excluded = purpose._rgpd_split_recipients(partners)
        excluded_ids = {pid for left_out in excluded.values() for pid in left_out.ids}
        for res_id, values in mail_values_dict.items():
            if values.get("state") == "cancel" or not excluded_ids & set(recipient_ids[res_id]):
                continue
            if all(pid in excluded_ids for pid in recipient_ids[res_id]):
                values.update(
                    state="cancel",
                    failure_type="mail_optout",
                    is_notification=False,
                    recipient_ids=[],
                    email_to=False,
                )
            else:
                values["recipient_ids"] = [
                    command
                    for command in values.get("recipient_ids") or []
                    if command[1] not in excluded_ids
                ]
        return mail_values_dict
