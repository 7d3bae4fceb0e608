# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        """The generic merge copies every field of the merged contacts onto
        the destination as the user who merges, system fields included,
        which `res.partner.write` refuses. They are merged here by their own
        rule instead: a hold, a restriction or an erased person found on
        any contact stays on the destination; the latest notice and "keep
        my data" dates win; the destination is anonymized only if it was."""
        Partner = self.env["res.partner"]
        system = sorted(Partner._rgpd_system_fields())
        everyone = src_partners | dst_partner
        values = {}
        for fname in system:
            field = Partner._fields[fname]
            if fname.startswith("rgpd_anonymized"):
                continue
            found = [p[fname] for p in everyone if p[fname]]
            if not found:
                continue
            if field.type in ("date", "datetime"):
                value = max(found)
            elif field.type == "boolean":
                value = True
            else:
                value = "; ".join(dict.fromkeys(str(v) for v in found))
            values[fname] = value
        held = everyone.filtered("rgpd_legal_hold")
        if held and not all(held.mapped("rgpd_legal_hold_until")):
            values["rgpd_legal_hold_until"] = False
        # sudo: the system fields are merged by the rule above, whoever
        # merges; the source contacts are deleted right after the merge.
        src_partners.sudo().with_context(tracking_disable=True).write(
            {fname: False for fname in system}
        )
        dst_partner.sudo().with_context(tracking_disable=True).write(values)
        return super()._update_values(src_partners, dst_partner)
