# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.rgpd_consent import system_fields

# The engine's flag on leads: a lead marked anonymized is skipped by the
# policies, so only the engine sets it (see system_fields).
LEAD_SYSTEM_FIELDS = {"rgpd_anonymized"}


class CrmLead(models.Model):
    _inherit = "crm.lead"

    rgpd_anonymized = fields.Boolean(string="Anonymized", readonly=True, copy=False, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        model = system_fields.check_create(self, vals_list, LEAD_SYSTEM_FIELDS)
        return super(CrmLead, model).create(vals_list)

    def write(self, vals):
        system_fields.check_write(self, vals, LEAD_SYSTEM_FIELDS)
        return super().write(vals)

    def _rgpd_anonymize_records(self, reason, policy=None):
        """Anonymize these leads with the map's rules for leads, their chatter
        included, and archive them: one log per lead."""
        leads = self.with_context(active_test=False).filtered(lambda lead: not lead.rgpd_anonymized)
        if not leads:
            return self.env["rgpd.retention.log"]
        Map = self.env["rgpd.data.map"]
        # The pseudonym is stored: in the company's language.
        lang = self.env.company._rgpd_lang()
        pseudonym = self.with_context(lang=lang).env._("Anonymized lead #")
        counts = Map._rgpd_apply(Map._rgpd_match_records(leads), pseudonym, self._name)[0]
        # sudo: the engine's own flag, set by the policy run that anonymized
        # the leads (the scheduled action, or an Officer's action_run).
        leads.sudo().with_context(tracking_disable=True).write(
            {"active": False, "rgpd_anonymized": True}
        )
        # sudo: the log is written only by the engine.
        return (
            self.env["rgpd.retention.log"]
            .sudo()
            .create(
                [
                    {
                        "record_ref": f"{lead._name},{lead.id}",
                        "partner_ref": lead.partner_id.id,
                        "policy_id": policy.id if policy else False,
                        "reason": reason,
                        "counts": {name: len(ids) for name, ids in counts[lead.id].items()},
                    }
                    for lead in leads
                ]
            )
        )
