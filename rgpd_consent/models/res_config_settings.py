# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rgpd_consent_validity_months = fields.Integer(
        related="company_id.rgpd_consent_validity_months", readonly=False
    )
    rgpd_double_optin_default = fields.Boolean(
        related="company_id.rgpd_double_optin_default", readonly=False
    )
    rgpd_consent_mail_from = fields.Char(
        related="company_id.rgpd_consent_mail_from", readonly=False
    )
    rgpd_minimum_age = fields.Integer(related="company_id.rgpd_minimum_age", readonly=False)
