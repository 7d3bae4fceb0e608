# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

ALIAS_XMLID = "rgpd_dsar.mail_alias_dsar_request"


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

    # The request mailbox, set here as Odoo's apps set theirs (Expenses,
    # Helpdesk): its name and domain, not the technical form of the alias.
    rgpd_dsar_alias_prefix = fields.Char(
        string="Request Mailbox",
        help="Mails sent to this address open a data-subject request. Leave it empty to open none.",
    )
    rgpd_dsar_alias_domain_id = fields.Many2one(
        "mail.alias.domain", string="Request Mailbox Domain"
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        alias = self.env.ref(ALIAS_XMLID, raise_if_not_found=False)
        res.update(
            rgpd_dsar_alias_prefix=alias.alias_name if alias else False,
            rgpd_dsar_alias_domain_id=alias.alias_domain_id.id if alias else False,
        )
        return res

    def set_values(self):
        super().set_values()
        alias = self.env.ref(ALIAS_XMLID, raise_if_not_found=False)
        prefix = self.rgpd_dsar_alias_prefix or False
        domain = self.rgpd_dsar_alias_domain_id or self.env.company.alias_domain_id
        if not alias:
            if not prefix:
                return
            alias = self.env["mail.alias"].create(
                {
                    "alias_name": prefix,
                    "alias_domain_id": domain.id,
                    "alias_model_id": self.env["ir.model"]._get_id("rgpd.dsar.request"),
                    "alias_contact": "everyone",
                }
            )
            module, name = ALIAS_XMLID.split(".")
            self.env["ir.model.data"].create(
                {
                    "module": module,
                    "name": name,
                    "model": "mail.alias",
                    "res_id": alias.id,
                    "noupdate": True,
                }
            )
            return
        values = {}
        if alias.alias_name != prefix:
            values["alias_name"] = prefix
        if self.rgpd_dsar_alias_domain_id and alias.alias_domain_id != domain:
            values["alias_domain_id"] = domain.id
        if values:
            alias.write(values)
