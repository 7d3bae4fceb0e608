# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class RgpdConsentCampaign(models.Model):
    _inherit = "rgpd.consent.campaign"

    erased_count = fields.Integer(
        string="Previously Erased",
        compute="_compute_erased_count",
        help="Contacts with the email or phone of a person erased before: they are not asked.",
    )

    def _compute_erased_count(self):
        for campaign in self:
            campaign.erased_count = len(campaign.partner_ids.filtered("rgpd_previously_erased"))

    def _rgpd_partners_to_ask(self):
        """Previously erased contacts are skipped."""
        return super()._rgpd_partners_to_ask().filtered(lambda p: not p.rgpd_previously_erased)
