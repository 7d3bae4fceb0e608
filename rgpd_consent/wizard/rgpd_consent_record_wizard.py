# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class RgpdConsentRecordWizard(models.TransientModel):
    """Record a consent given, or withdrawn, by phone or on paper, with its
    proof: a note of the call, the scan of the signed form."""

    _name = "rgpd.consent.record.wizard"
    _description = "Record a Consent"

    partner_ids = fields.Many2many("res.partner", string="Contacts", required=True)
    purpose_id = fields.Many2one(
        "rgpd.purpose",
        required=True,
        domain="[('company_id', 'in', [current_company_id, False])]",
    )
    action = fields.Selection(
        [("give", "Gives Consent"), ("withdraw", "Withdraws Consent")],
        required=True,
        default="give",
    )
    channel = fields.Selection(
        [("phone", "Phone"), ("paper", "Paper"), ("back_office", "Other")],
        required=True,
        default="phone",
    )
    date = fields.Datetime(
        string="Happened On",
        required=True,
        default=fields.Datetime.now,
        help="When the person said so: the date of the call, or the date "
        "written on the signed form.",
    )
    note = fields.Text(
        string="Evidence",
        help="What was said, by whom, and how the person was identified.",
    )
    evidence_file = fields.Binary(string="Signed Form")
    evidence_filename = fields.Char()

    def _check_proof(self):
        self.ensure_one()
        if self.channel == "paper" and not self.evidence_file:
            raise UserError(self.env._("Attach the scan of the signed form."))
        if self.channel == "phone" and not self.note:
            raise UserError(
                self.env._("Describe the call: who called, when, and what the person said.")
            )
        if self.date > fields.Datetime.now():
            raise UserError(self.env._("The date cannot be in the future."))

    def action_record(self):
        """Record the consent (or its withdrawal) of each contact; the scan is
        kept as an attachment of each consent, named by its event."""
        self.ensure_one()
        self._check_proof()
        new_state = "given" if self.action == "give" else "withdrawn"
        proof = {"note": self.note or False, "date": self.date}
        partners = self.partner_ids
        if not self.evidence_file:
            consents = partners._rgpd_apply(self.purpose_id, new_state, self.channel, **proof)
        else:
            attachments = self.env["ir.attachment"].create(
                [
                    {
                        "name": self.evidence_filename or self.env._("Signed consent form"),
                        "datas": self.evidence_file,
                        # Tied to its consent below, once the consent exists.
                        "res_model": "rgpd.consent",
                    }
                    for _partner in partners
                ]
            )
            consents = self.env["rgpd.consent"]
            for partner, attachment in zip(partners, attachments, strict=True):
                consents |= partner._rgpd_apply(
                    self.purpose_id,
                    new_state,
                    self.channel,
                    evidence_attachment_id=attachment.id,
                    **proof,
                )
            by_partner = partners._rgpd_consents(self.purpose_id).grouped("partner_id")
            for partner, attachment in zip(partners, attachments, strict=True):
                attachment.res_id = by_partner[partner].id
        if not consents:
            message = self.env._("Nothing changed: the consent was already in this state.")
        else:
            message = self.env._(
                "%(count)s consent(s) recorded for %(purpose)s.",
                count=len(consents),
                purpose=self.purpose_id.display_name,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if consents else "warning",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
