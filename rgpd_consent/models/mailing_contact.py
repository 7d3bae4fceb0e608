# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailingContact(models.Model):
    _inherit = "mailing.contact"

    def _rgpd_partners(self):
        """The contacts of these mailing contacts' emails, creating those
        missing: a consent, and its proof, belongs to a contact."""
        emails = {c.email_normalized: c for c in self if c.email_normalized}
        Partner = self.env["res.partner"]
        partners = Partner.search([("email_normalized", "in", list(emails))])
        missing = set(emails) - set(partners.mapped("email_normalized"))
        if missing:
            partners |= Partner.create(
                [
                    {"name": emails[email].name or email, "email": emails[email].email}
                    for email in sorted(missing)
                ]
            )
        return partners

    def action_rgpd_ask_consent(self):
        """Ask these mailing contacts for their consent (re-permission campaign)."""
        return self._rgpd_partners().action_rgpd_ask_consent()
