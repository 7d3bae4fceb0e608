# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class RgpdPurpose(models.Model):
    _inherit = "rgpd.purpose"

    def _rgpd_exclusion_labels(self):
        return {
            **super()._rgpd_exclusion_labels(),
            "restricted": self.env._("Processing restricted (GDPR Art. 18)"),
        }

    def _rgpd_split_recipients(self, partners):
        """Leave out the contacts whose processing is restricted (Art. 18),
        whatever the purpose's basis: their data is only stored. A restricted
        contact is listed under "restricted" only. One more query."""
        allowed, excluded = super()._rgpd_split_recipients(partners)
        if not partners:
            return allowed, excluded
        # sudo: only tells which of the partners the caller gave are restricted.
        restricted_ids = set(
            partners.sudo()._search([("id", "in", partners.ids), ("rgpd_restricted", "=", True)])
        )
        if not restricted_ids:
            return allowed, excluded
        excluded = {
            reason: remaining
            for reason, group in excluded.items()
            if (remaining := group.filtered(lambda p: p.id not in restricted_ids))
        }
        excluded["restricted"] = partners.filtered(lambda p: p.id in restricted_ids)
        return allowed.filtered(lambda p: p.id not in restricted_ids), excluded
