# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..field_values import check_values
from ..models.rgpd_purpose import WITHDRAWABLE_BASES


class RgpdConsentRecordWizard(models.TransientModel):
    """Record a consent given, or withdrawn, by phone or on paper, with its
    proof: a note of the call, the scan of the signed form."""

    _name = "rgpd.consent.record.wizard"
    _description = "Record a Consent"

    partner_ids = fields.Many2many("res.partner", string="Contacts")
    # Only a user with the CRM's rights reads leads: a Privacy User alone
    # (no Sales rights) opens the wizard from contacts, and must not get an
    # access error on crm.lead for a field she never fills.
    lead_ids = fields.Many2many(
        "crm.lead",
        string="Leads",
        groups="sales_team.group_sale_salesman",
        help="The consent goes to the lead's contact; a lead without contact "
        "holds it until it gets one.",
    )
    from_leads = fields.Boolean(
        compute="_compute_from_leads",
        # sudo: only whether the wizard was opened from leads is read, for a
        # user who may not read leads at all.
        compute_sudo=True,
    )
    purpose_id = fields.Many2one(
        "rgpd.purpose",
        required=True,
        domain="[('id', 'in', allowed_purpose_ids)]",
    )
    allowed_purpose_ids = fields.Many2many(
        "rgpd.purpose",
        compute="_compute_allowed_purpose_ids",
        help="Consent can be given only for a purpose on consent; withdrawn "
        "(or objected to) only for a withdrawable purpose (Art. 21).",
    )
    purpose_text = fields.Html(
        string="Text to Read",
        compute="_compute_purpose_text",
        help="The text the person hears or signs, in their language: "
        "the event keeps this exact text.",
    )
    action = fields.Selection(
        [("give", "Gives Consent"), ("withdraw", "Withdraws Consent or Objects")],
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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._rgpd_check_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._rgpd_check_vals(vals)
        return super().write(vals)

    @api.model
    def _rgpd_check_vals(self, vals):
        """A value the form cannot offer (an RPC call) is a clear error, not
        a server error: an action or channel out of the list, a date that
        does not exist."""
        check_values(self, vals)

    @api.depends("lead_ids")
    def _compute_from_leads(self):
        for wizard in self:
            wizard.from_leads = bool(wizard.lead_ids)

    @api.depends("action")
    def _compute_allowed_purpose_ids(self):
        for wizard in self:
            bases = ["consent"] if wizard.action == "give" else list(WITHDRAWABLE_BASES)
            wizard.allowed_purpose_ids = self.env["rgpd.purpose"].search(
                Domain("lawful_basis", "in", bases)
                & Domain("company_id", "in", [self.env.company.id, False])
            )

    @api.depends("purpose_id", "partner_ids")
    def _compute_purpose_text(self):
        for wizard in self:
            lang = wizard.partner_ids[:1].lang or self.env.lang
            wizard.purpose_text = wizard.purpose_id.with_context(lang=lang).description

    @api.onchange("action")
    def _onchange_action(self):
        # In an onchange, records are new ones (NewId): compare the real ids,
        # or the purpose a row's "By Phone" opens the wizard on is cleared.
        if self.purpose_id and self.purpose_id._origin not in self.allowed_purpose_ids._origin:
            self.purpose_id = False

    @api.onchange("date")
    def _onchange_date(self):
        if self.date and self.date > fields.Datetime.now():
            return {
                "warning": {
                    "title": self.env._("Date in the future"),
                    "message": self.env._("The date cannot be in the future."),
                }
            }
        return None

    def _check_proof(self):
        self.ensure_one()
        if not (self.partner_ids or self.from_leads):
            raise UserError(self.env._("Choose the contacts (or leads) who gave their answer."))
        if self.channel == "paper" and not self.evidence_file:
            raise UserError(self.env._("Attach the scan of the signed form."))
        if self.channel in ("phone", "back_office") and not self.note:
            raise UserError(
                self.env._(
                    "Describe what happened: who called or wrote, when, and what the person said."
                )
            )
        if self.date > fields.Datetime.now():
            raise UserError(self.env._("The date cannot be in the future."))
        # The wizard records what the employee heard, never the person's own act.
        self.env["rgpd.consent"]._rgpd_check_employee_act(self.channel, {})
        if self.purpose_id not in self.allowed_purpose_ids:
            raise UserError(
                self.env._(
                    "The purpose %s does not rest on consent: record an objection, not a consent.",
                    self.purpose_id.display_name,
                )
                if self.action == "give"
                else self.env._(
                    "The purpose %s rests on a contract, a legal obligation or a vital "
                    "interest: the person cannot withdraw from it or object to it (Art. 21).",
                    self.purpose_id.display_name,
                )
            )

    def action_record(self):
        """Record the consent (or its withdrawal) of each contact; the scan is
        kept as an attachment of each consent, named by its event."""
        self.ensure_one()
        self._check_proof()
        new_state = "given" if self.action == "give" else "withdrawn"
        proof = {"note": self.note or False, "date": self.date}
        # A lead's answer is its contact's; a lead without contact holds it.
        # Only a user with the CRM's rights can have put leads here (the
        # field's groups); the others record for contacts only.
        leads = self.lead_ids if self.from_leads else self.env["crm.lead"]
        consents = self.env["rgpd.consent"]
        for holders in (
            self.partner_ids | leads.partner_id,
            leads - leads.filtered("partner_id"),
        ):
            consents |= self._record_for(holders, new_state, proof)
        return self._notify_recorded(consents)

    def _record_for(self, holders, new_state, proof):
        """Record the answer for `holders` (contacts, or leads without contact)."""
        if not holders:
            return self.env["rgpd.consent"]
        if not self.evidence_file:
            return holders._rgpd_apply(self.purpose_id, new_state, self.channel, **proof)
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": self.evidence_filename or self.env._("Signed consent form"),
                    "datas": self.evidence_file,
                    # Tied to its consent below, once the consent exists.
                    "res_model": "rgpd.consent",
                }
                for _holder in holders
            ]
        )
        consents = self.env["rgpd.consent"]
        for holder, attachment in zip(holders, attachments, strict=True):
            consents |= holder._rgpd_apply(
                self.purpose_id,
                new_state,
                self.channel,
                evidence_attachment_id=attachment.id,
                **proof,
            )
        holder_field = "lead_id" if holders._name == "crm.lead" else "partner_id"
        by_holder = holders._rgpd_consents(self.purpose_id).grouped(holder_field)
        for holder, attachment in zip(holders, attachments, strict=True):
            attachment.res_id = by_holder[holder].id
        return consents

    def _notify_recorded(self, consents):
        if not consents:
            message = self.env._("Nothing changed: the consent was already in this state.")
        else:
            message = (
                self.env._(
                    "1 consent recorded for %(purpose)s.", purpose=self.purpose_id.display_name
                )
                if len(consents) == 1
                else self.env._(
                    "%(count)s consents recorded for %(purpose)s.",
                    count=len(consents),
                    purpose=self.purpose_id.display_name,
                )
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
