# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailingList(models.Model):
    _inherit = "mailing.list"

    def action_rgpd_ask_consent(self):
        """Ask the contacts of these mailing lists for their consent."""
        return self.contact_ids.action_rgpd_ask_consent()
