# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

CAMPAIGN_BATCH_SIZE = 500


class RgpdConsentCampaign(models.Model):
    """Ask a list of contacts for their consent (re-permission campaign).

    The mails go out from a cron, in batches: each batch commits the
    contacts it reached (`sent_partner_ids`), so that a run that stops
    resumes with the contacts not reached yet.
    """

    _name = "rgpd.consent.campaign"
    _description = "Consent Campaign"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Sending"), ("done", "Done")],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    purpose_ids = fields.Many2many(
        "rgpd.purpose",
        string="Purposes",
        required=True,
        domain="[('lawful_basis', '=', 'consent'), ('company_id', 'in', [company_id, False])]",
        help="The contacts are asked to confirm each of these purposes, "
        "with one link per purpose in a single mail.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "rgpd_consent_campaign_partner_rel",
        "campaign_id",
        "partner_id",
        string="Contacts",
    )
    sent_partner_ids = fields.Many2many(
        "res.partner",
        "rgpd_consent_campaign_sent_rel",
        "campaign_id",
        "partner_id",
        string="Contacts Reached",
        readonly=True,
        copy=False,
    )
    no_email_partner_ids = fields.Many2many(
        "res.partner",
        string="Contacts Without Email",
        compute="_compute_counts",
        help="These contacts cannot confirm by mail: they are not asked.",
    )
    no_email_count = fields.Integer(compute="_compute_counts")
    target_count = fields.Integer(string="Contacts to Ask", compute="_compute_counts")
    sent_count = fields.Integer(string="Asked", compute="_compute_counts")
    to_send_count = fields.Integer(string="Still to Ask", compute="_compute_counts")

    @api.depends("partner_ids.email", "sent_partner_ids")
    def _compute_counts(self):
        for campaign in self:
            no_email = campaign.partner_ids.filtered(lambda p: not p.email)
            campaign.no_email_partner_ids = no_email
            campaign.no_email_count = len(no_email)
            campaign.target_count = len(campaign.partner_ids) - len(no_email)
            campaign.sent_count = len(campaign.sent_partner_ids)
            campaign.to_send_count = len(campaign._rgpd_partners_to_ask())

    def _rgpd_partners_to_ask(self):
        """Contacts of this campaign with an email who were not asked yet."""
        self.ensure_one()
        return self.partner_ids.filtered("email") - self.sent_partner_ids

    def action_start(self):
        """Start sending: the cron sends the mails in batches."""
        for campaign in self:
            if not campaign.purpose_ids:
                raise UserError(self.env._("Choose the purposes to ask for."))
            if not campaign._rgpd_partners_to_ask():
                raise UserError(
                    self.env._(
                        "The campaign %(name)s has no contact with an email address left to ask.",
                        name=campaign.name,
                    )
                )
        self.filtered(lambda c: c.state == "draft").state = "running"
        self.env.ref("rgpd_consent.ir_cron_consent_campaign")._trigger()

    @api.model
    def _cron_send(self, batch_size=CAMPAIGN_BATCH_SIZE):
        """Send the mails of the running campaigns, one batch of contacts at a
        time, committing after each batch which contacts were reached.

        A campaign whose sending fails (a purpose archived since its start,
        say) goes back to draft with the reason in its chatter; the other
        campaigns go on."""
        # sudo: the cron works for every company; the campaign's own company
        # decides which purposes its codes mean.
        campaigns = self.sudo().search([("state", "=", "running")], order="id")
        cron = self.env["ir.cron"]
        remaining = sum(len(c._rgpd_partners_to_ask()) for c in campaigns)
        for campaign in campaigns:
            # Archived purposes too: rgpd_request_consent refuses them, which
            # stops the campaign with the reason instead of sending less.
            codes = campaign.with_context(active_test=False).purpose_ids.mapped("code")
            while batch := campaign._rgpd_partners_to_ask()[:batch_size]:
                try:
                    with self.env.cr.savepoint():
                        batch.with_company(campaign.company_id).rgpd_request_consent(codes)
                except UserError as error:
                    remaining -= len(campaign._rgpd_partners_to_ask())
                    campaign.state = "draft"
                    campaign.message_post(
                        body=self.env._("Sending stopped: %(error)s", error=str(error))
                    )
                    break
                campaign.sent_partner_ids = [Command.link(p.id) for p in batch]
                remaining -= len(batch)
                if not cron._commit_progress(len(batch), remaining=remaining):
                    return
            else:
                campaign.state = "done"
            cron._commit_progress(remaining=remaining)
