# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.rgpd_data_map import RULES


class RgpdAnonymizeWizard(models.TransientModel):
    """Confirm the anonymization of contacts after seeing, per model and
    field, what will change and what is kept."""

    _name = "rgpd.anonymize.wizard"
    _description = "Anonymize Contacts"

    partner_ids = fields.Many2many("res.partner", string="Contacts", required=True)
    reason = fields.Char(
        required=True, default=lambda self: self.env._("Erasure request (GDPR Art. 17)")
    )
    line_ids = fields.One2many("rgpd.anonymize.wizard.line", "wizard_id", string="What Changes")
    hold_summary = fields.Text(string="Kept, and Why", compute="_compute_hold_summary")
    all_held = fields.Boolean(
        compute="_compute_hold_summary",
        help="Every contact is under a legal hold: nothing would be anonymized.",
    )

    @api.model
    def default_get(self, fields_list):
        """The preview of the map for the contacts, before anything is done."""
        values = super().default_get(fields_list)
        partner_ids = self.env.context.get("default_partner_ids")
        if "line_ids" in fields_list and partner_ids:
            partners = self.env["res.partner"].browse(partner_ids)
            # A contact under a legal hold keeps everything: it is not in
            # the list of what changes.
            partners -= partners._rgpd_manual_hold()
            values["line_ids"] = [
                fields.Command.create(
                    {
                        "model_name": line["model_name"],
                        "field_label": line["field_label"],
                        "rule": line["rule"],
                        "count": line["count"],
                    }
                )
                for line in self.env["rgpd.data.map"]._rgpd_preview(partners)
            ]
        return values

    @api.depends("partner_ids")
    def _compute_hold_summary(self):
        for wizard in self:
            partners = wizard.partner_ids
            wizard.all_held = bool(partners) and partners == partners._rgpd_manual_hold()
            wizard.hold_summary = "\n".join(
                f"{partner.display_name}: {partner.rgpd_hold_summary}"
                for partner in wizard.partner_ids
                if partner.rgpd_hold_summary
            )

    def action_confirm(self):
        self.ensure_one()
        if self.all_held:
            raise UserError(
                self.env._(
                    "These contacts are under a legal hold: nothing can be anonymized "
                    "until the hold ends or is lifted."
                )
            )
        logs = self.partner_ids.rgpd_anonymize(self.reason)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "rgpd_retention.rgpd_retention_log_action"
        )
        action["domain"] = [("id", "in", logs.ids)]
        return action


class RgpdAnonymizeWizardLine(models.TransientModel):
    _name = "rgpd.anonymize.wizard.line"
    _description = "Anonymize Contacts: One Field"
    _order = "model_name, field_label"

    wizard_id = fields.Many2one("rgpd.anonymize.wizard", required=True, ondelete="cascade")
    model_name = fields.Char(string="Model")
    field_label = fields.Char(string="Field")
    rule = fields.Selection(RULES)
    count = fields.Integer(string="Records")
