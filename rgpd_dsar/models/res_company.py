# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class ResCompany(models.Model):
    """The controller's identity (GDPR Art. 30(1)(a), 37(7)), printed on the
    registers and used in the mails of the suite."""

    _inherit = "res.company"

    rgpd_representative = fields.Char(
        string="Controller's Representative",
        help="The person who represents the controller, e.g. the managing director.",
    )
    rgpd_dpo_name = fields.Char(string="Data Protection Officer")
    rgpd_dpo_email = fields.Char(string="DPO Email")
    rgpd_dpo_phone = fields.Char(string="DPO Phone")
    rgpd_authority = fields.Char(
        string="Supervisory Authority",
        default="CNIL",
        help="The authority breaches are notified to and persons may complain to.",
    )
    rgpd_authority_url = fields.Char(
        string="Authority Website",
        default="https://www.cnil.fr",
    )

    def _rgpd_identity_missing(self):
        """The translated labels of the identity facts this company lacks."""
        self.ensure_one()
        missing = [
            self._fields[name].get_description(self.env)["string"]
            for name in ("street", "city", "rgpd_representative", "rgpd_dpo_name", "rgpd_authority")
            if not self[name]
        ]
        if not (self.rgpd_dpo_email or self.rgpd_dpo_phone):
            missing.append(self.env._("DPO Email or Phone"))
        return missing

    def _rgpd_check_identity(self):
        """Refuse to print a register for a company whose controller
        identity is incomplete, saying what to fill in."""
        for company in self:
            missing = company._rgpd_identity_missing()
            if missing:
                raise UserError(
                    self.env._(
                        "The controller identity of %(company)s is incomplete: fill in "
                        "%(missing)s (Settings > Companies > Data Protection) first.",
                        company=company.name,
                        missing=", ".join(missing),
                    )
                )
