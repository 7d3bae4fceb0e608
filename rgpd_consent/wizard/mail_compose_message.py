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
        help="The mails are sent for this purpose: each recipient gets a "
        "one-click link to withdraw their consent (or object).",
    )

    @api.depends("template_id")
    def _compute_rgpd_purpose_id(self):
        """Copied from the template when it changes; reset without template."""
        for composer in self:
            if composer.template_id.rgpd_purpose_id:
                composer.rgpd_purpose_id = composer.template_id.rgpd_purpose_id
            elif not composer.template_id:
                composer.rgpd_purpose_id = False

    def _prepare_mail_values_static(self):
        """In mass mail mode, a field of the mail.mail; in comment mode, a
        notification parameter given down to the notification mails."""
        values = super()._prepare_mail_values_static()
        if self.rgpd_purpose_id:
            values["rgpd_purpose_id"] = self.rgpd_purpose_id.id
        return values
