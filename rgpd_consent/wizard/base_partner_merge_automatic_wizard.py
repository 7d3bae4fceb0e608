# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        """Join the consents of the merged contacts before their foreign keys
        move: the generic update would delete a consent that conflicts with
        the destination's (one per purpose), and its proof with it. The most
        protective state wins and both histories are kept."""
        # sudo: merging contacts is allowed to their managers, Privacy group
        # or not; the move keeps every event and only lets a "no" win.
        consents_sudo = (
            self.env["rgpd.consent"].sudo().search([("partner_id", "in", src_partners.ids)])
        )
        env = self.with_context(lang=self.env.company._rgpd_lang()).env
        consents_sudo._rgpd_move_to(
            dst_partner.sudo(),
            env._(
                "Contacts merged into %(contact)s: %(merged)s.",
                contact=dst_partner.display_name,
                merged=", ".join(src_partners.mapped("display_name")),
            ),
        )
        return super()._update_foreign_keys(src_partners, dst_partner)
