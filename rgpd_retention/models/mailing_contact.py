# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.rgpd_consent import system_fields

# Set from the suppression list only (see system_fields).
CONTACT_SYSTEM_FIELDS = {"rgpd_previously_erased"}


class MailingContact(models.Model):
    _inherit = "mailing.contact"

    rgpd_previously_erased = fields.Boolean(
        string="Previously Erased",
        readonly=True,
        copy=False,
        index=True,
        help="A person with this email was erased before: do not mail them "
        "until they give consent again themself.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        model = system_fields.check_create(self, vals_list, CONTACT_SYSTEM_FIELDS)
        contacts = super(MailingContact, model).create(vals_list)
        contacts._rgpd_flag_previously_erased()
        return contacts

    def write(self, vals):
        system_fields.check_write(self, vals, CONTACT_SYSTEM_FIELDS)
        result = super().write(vals)
        if "email" in vals:
            self._rgpd_flag_previously_erased()
        return result

    def _rgpd_flag_previously_erased(self):
        Suppression = self.env["rgpd.suppression"]
        listed = Suppression._rgpd_listed(emails=self.filtered("email").mapped("email"))
        if listed:
            flagged = self.filtered(lambda c: Suppression._rgpd_digest("email", c.email) in listed)
            # sudo: a system field, set from the suppression list whoever
            # adds the address.
            flagged.sudo().rgpd_previously_erased = True
