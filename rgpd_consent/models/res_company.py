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

    def _rgpd_lang(self):
        """The language the suite writes in for this company's employees
        when the text is stored once for every reader (a chatter note, a
        log line): the company's own language when it is active, else the
        current user's. Never a fixed English sentence for a French team."""
        # sudo: only the language of the company's own contact is read.
        company_sudo = (self[:1] or self.env.company).sudo()
        installed = dict(self.env["res.lang"].get_installed())
        lang = company_sudo.partner_id.lang
        if lang in installed:
            return lang
        return self.env.lang if self.env.lang in installed else "en_US"
