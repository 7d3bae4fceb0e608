# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rgpd_representative = fields.Char(related="company_id.rgpd_representative", readonly=False)
    rgpd_dpo_name = fields.Char(related="company_id.rgpd_dpo_name", readonly=False)
    rgpd_dpo_email = fields.Char(related="company_id.rgpd_dpo_email", readonly=False)
    rgpd_dpo_phone = fields.Char(related="company_id.rgpd_dpo_phone", readonly=False)
    rgpd_authority = fields.Char(related="company_id.rgpd_authority", readonly=False)
    rgpd_authority_url = fields.Char(related="company_id.rgpd_authority_url", readonly=False)
    rgpd_authority_breach_url = fields.Char(
        related="company_id.rgpd_authority_breach_url", readonly=False
    )
