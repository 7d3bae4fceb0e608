# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

LEAD_PSEUDONYM = "Anonymized lead #"


class CrmLead(models.Model):
    _inherit = "crm.lead"

    rgpd_anonymized = fields.Boolean(string="Anonymized", readonly=True, copy=False, index=True)

    def _rgpd_anonymize_records(self, reason, policy=None):
        """Anonymize these leads with the map's rules for leads, their chatter
        included, and archive them: one log per lead."""
        leads = self.with_context(active_test=False).filtered(lambda lead: not lead.rgpd_anonymized)
        if not leads:
            return self.env["rgpd.retention.log"]
        Map = self.env["rgpd.data.map"]
        counts = Map._rgpd_apply(Map._rgpd_match_records(leads), LEAD_PSEUDONYM, self._name)[0]
        leads.with_context(tracking_disable=True).write({"active": False, "rgpd_anonymized": True})
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
