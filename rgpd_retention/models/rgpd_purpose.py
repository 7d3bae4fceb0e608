# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class RgpdPurpose(models.Model):
    _inherit = "rgpd.purpose"

    rgpd_retention_policy_ids = fields.One2many(
        "rgpd.retention.policy", "purpose_id", string="Retention Policies"
    )

    def _rgpd_notice_facts(self):
        """The notice tells how long the data is kept: the purpose's active
        retention policies (Art. 13(2)(a))."""
        facts = super()._rgpd_notice_facts()
        # sudo: the label names the reference date field (ir.model.fields).
        policies = self.rgpd_retention_policy_ids.sudo().filtered("active")
        if policies:
            facts.append(
                {
                    "sequence": 60,
                    "key": "retention",
                    "label": self.env._("How long we keep it"),
                    "value": "\n".join(
                        self.env._(
                            "%(policy)s: %(retention)s",
                            policy=policy.name,
                            retention=policy.retention_label,
                        )
                        for policy in policies
                    ),
                }
            )
        return facts

    def _rgpd_notice_missing(self):
        missing = super()._rgpd_notice_missing()
        # sudo: whether an active policy exists, for a purpose the caller reads.
        if not self.rgpd_retention_policy_ids.sudo().filtered("active"):
            missing.append(self.env._("Retention Periods"))
        return missing

    @api.model
    def _rgpd_exclusion_labels(self):
        return {**super()._rgpd_exclusion_labels(), "erased": self.env._("Erased before")}

    def _rgpd_split_recipients(self, partners):
        """A contact with the email or phone of a person erased before is not
        mailed for a purpose the person may object to, until they give
        consent again themself."""
        allowed, excluded = super()._rgpd_split_recipients(partners)
        if self.withdrawable:
            erased = allowed.filtered("rgpd_previously_erased")
            if erased:
                allowed -= erased
                excluded["erased"] = erased
        return allowed, excluded

    def _rgpd_exclusion_sql(self, partner, consent):
        """The SQL form of the rule above: last, after the consent's reasons."""
        conditions = super()._rgpd_exclusion_sql(partner, consent)
        if self.withdrawable:
            erased = self.env["res.partner"].sudo()._field_to_sql(partner, "rgpd_previously_erased")
            conditions.append(("erased", SQL("%s IS TRUE", erased)))
        return conditions
