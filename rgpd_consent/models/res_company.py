# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    rgpd_consent_validity_months = fields.Integer(
        string="Default Consent Validity (months)",
        default=0,
        help="Validity proposed for new purposes on consent; 0 means consents never expire.",
    )
    rgpd_double_optin_default = fields.Boolean(
        string="Double Opt-in by Default",
        help="New purposes on consent ask the person to confirm by mail.",
    )
    rgpd_consent_mail_from = fields.Char(
        string="Sender of Consent Mails",
        help="The address consent confirmation mails are sent from; "
        "the company's email when empty.",
    )

    _rgpd_validity_positive = models.Constraint(
        "CHECK (rgpd_consent_validity_months >= 0)",
        "The validity of a consent cannot be negative.",
    )
