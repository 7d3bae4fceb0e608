# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain

from .. import system_fields

CAMPAIGN_BATCH_SIZE = 500
# Set by the campaign's start and its sending only: who was reached, and
# since when the delay before "no answer" runs.
CAMPAIGN_SYSTEM_FIELDS = frozenset(
    {"state", "date_start", "sent_partner_ids", "skipped_partner_ids"}
)


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
    skipped_partner_ids = fields.Many2many(
        "res.partner",
        "rgpd_consent_campaign_skipped_rel",
        "campaign_id",
        "partner_id",
        string="Contacts Skipped",
        readonly=True,
        copy=False,
        help="Contacts not asked: no email address, already consented, or said no.",
    )
    no_email_partner_ids = fields.Many2many(
        "res.partner",
        string="Contacts Without Email",
        compute="_compute_counts",
        help="These contacts cannot confirm by mail: they are not asked.",
    )
    no_email_count = fields.Integer(compute="_compute_counts")
    target_count = fields.Integer(
        string="Contacts to Ask",
        compute="_compute_counts",
        help="Contacts who will actually get the mail: with an email address, "
        "and neither consented already nor said no.",
    )
    sent_count = fields.Integer(string="Asked", compute="_compute_counts")
    to_send_count = fields.Integer(string="Still to Ask", compute="_compute_counts")
    skipped_count = fields.Integer(string="Skipped", compute="_compute_counts")
    skipped_summary = fields.Text(string="Skipped Because", compute="_compute_counts")
    confirmed_count = fields.Integer(
        string="Confirmed",
        compute="_compute_answers",
        help="Asked contacts who gave their consent.",
    )
    refused_count = fields.Integer(
        string="Refused", compute="_compute_answers", help="Asked contacts who said no."
    )
    no_answer_count = fields.Integer(
        string="No Answer Yet",
        compute="_compute_answers",
        help="Asked contacts who did not answer.",
    )
    date_start = fields.Datetime(string="Started On", readonly=True, copy=False)
    no_answer_days = fields.Integer(
        string="No Answer After (days)",
        default=30,
        help="A contact reached who has not answered this many days after the "
        "start of the campaign counts as never answering.",
    )
    no_answer_due = fields.Boolean(compute="_compute_no_answer_due")

    _no_answer_days_positive = models.Constraint(
        "CHECK (no_answer_days > 0)",
        "The delay before a contact counts as never answering must be at least one day.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        model = system_fields.check_create(self, vals_list, CAMPAIGN_SYSTEM_FIELDS)
        return super(RgpdConsentCampaign, model).create(vals_list)

    def write(self, vals):
        system_fields.check_write(self, vals, CAMPAIGN_SYSTEM_FIELDS)
        if "no_answer_days" in vals and not self.env.su and self.filtered("date_start"):
            raise UserError(
                self.env._(
                    "The delay before a contact counts as never answering is set before "
                    "the campaign starts: the people asked were told so."
                )
            )
        return super().write(vals)

    def _rgpd_classify(self, partners):
        """Split `partners` into those this campaign asks and those it
        skips, by reason: `no_email`, `given` (consented to every purpose
        already), `declined` (said no to a purpose and has nothing left to
        be asked). The same rule as `res.partner.rgpd_request_consent`."""
        self.ensure_one()
        no_email = partners.filtered(lambda p: not p.email)
        with_email = partners - no_email
        # sudo: only the states of these contacts' consents are read, to
        # tell who would be asked.
        consents = (
            self.env["rgpd.consent"]
            .sudo()
            .search(
                [("partner_id", "in", with_email.ids), ("purpose_id", "in", self.purpose_ids.ids)]
            )
        )
        states = {(c.partner_id.id, c.purpose_id.id): c.state for c in consents}
        to_ask, given, declined = [], [], []
        for partner in with_email:
            answers = [states.get((partner.id, purpose.id)) for purpose in self.purpose_ids]
            if any(state in (None, "pending", "expired") for state in answers):
                to_ask.append(partner.id)
            elif all(state == "given" for state in answers):
                given.append(partner.id)
            else:
                declined.append(partner.id)
        Partner = partners.browse
        return Partner(to_ask), {
            "no_email": no_email,
            "given": Partner(given),
            "declined": Partner(declined),
        }

    def _rgpd_skip_labels(self):
        return {
            "no_email": self.env._("no email address"),
            "given": self.env._("already consented"),
            "declined": self.env._("said no before"),
        }

    @api.depends("partner_ids.email", "sent_partner_ids", "skipped_partner_ids", "purpose_ids")
    def _compute_counts(self):
        labels = self._rgpd_skip_labels()
        for campaign in self:
            remaining = campaign._rgpd_partners_to_ask()
            to_ask, skipped = campaign._rgpd_classify(remaining)
            # Skipped by the sending so far, and to be skipped among the rest.
            done_skipped = campaign.skipped_partner_ids
            _ask, skipped_before = campaign._rgpd_classify(done_skipped)
            reasons = {
                reason: partners | skipped_before.get(reason, partners.browse())
                for reason, partners in skipped.items()
            }
            campaign.no_email_partner_ids = reasons["no_email"]
            campaign.no_email_count = len(reasons["no_email"])
            campaign.sent_count = len(campaign.sent_partner_ids)
            campaign.to_send_count = len(to_ask)
            campaign.target_count = campaign.sent_count + len(to_ask)
            campaign.skipped_count = sum(len(p) for p in reasons.values())
            campaign.skipped_summary = ", ".join(
                f"{len(partners)} {labels[reason]}"
                for reason, partners in reasons.items()
                if partners
            )

    @api.depends("sent_partner_ids", "purpose_ids")
    def _compute_answers(self):
        for campaign in self:
            confirmed, refused, unanswered = campaign._rgpd_answers()
            campaign.confirmed_count = len(confirmed)
            campaign.refused_count = len(refused)
            campaign.no_answer_count = len(unanswered)

    def _rgpd_partners_to_ask(self):
        """Contacts of this campaign not processed yet (neither asked nor skipped)."""
        self.ensure_one()
        return self.partner_ids - self.sent_partner_ids - self.skipped_partner_ids

    def action_start(self):
        """Start sending: the cron sends the mails in batches."""
        for campaign in self:
            if not campaign.purpose_ids:
                raise UserError(self.env._("Choose the purposes to ask for."))
            if not campaign._rgpd_classify(campaign._rgpd_partners_to_ask())[0]:
                raise UserError(
                    self.env._(
                        "The campaign %(name)s has nobody left to ask: the contacts "
                        "have no email address, already consented or said no.",
                        name=campaign.name,
                    )
                )
        # sudo: the start is checked above; the state and its date are the
        # campaign's own (system fields).
        to_start = self.sudo().filtered(lambda c: c.state == "draft")
        to_start.filtered(lambda c: not c.date_start).date_start = fields.Datetime.now()
        to_start.state = "running"
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
                to_ask, _skipped = campaign._rgpd_classify(batch)
                # The campaign's chatter is its team's: in the company's
                # language, the reason of a stop included (the mails follow
                # each contact's own language, set by the template).
                team_lang = campaign.company_id._rgpd_lang()
                try:
                    with self.env.cr.savepoint():
                        asked = (
                            to_ask.with_company(campaign.company_id)
                            .with_context(lang=team_lang)
                            .rgpd_request_consent(codes)
                        )
                except UserError as error:
                    remaining -= len(campaign._rgpd_partners_to_ask())
                    campaign.state = "draft"
                    campaign.message_post(
                        body=self.with_context(lang=team_lang).env._(
                            "Sending stopped: %(error)s", error=str(error)
                        )
                    )
                    break
                campaign.sent_partner_ids = [Command.link(p.id) for p in asked.partner_id]
                campaign.skipped_partner_ids = [
                    Command.link(p.id) for p in batch - asked.partner_id
                ]
                remaining -= len(batch)
                if not cron._commit_progress(len(batch), remaining=remaining):
                    return
            else:
                campaign.state = "done"
            cron._commit_progress(remaining=remaining)

    # ------------------------------------------------------------------
    # Results: who confirmed, refused, or never answered
    # ------------------------------------------------------------------

    def _rgpd_answers(self):
        """Split the contacts reached into confirmed (gave at least one of
        the purposes), refused (withdrew or refused, gave none) and
        unanswered (neither): three partner recordsets."""
        self.ensure_one()
        reached = self.sent_partner_ids
        Partner = self.env["res.partner"]
        if not reached:
            return Partner, Partner, Partner
        # sudo: the campaign's own results; only which contacts answered
        # what is read, as the campaign asked them.
        Consent = self.env["rgpd.consent"].sudo()
        by_state = dict(
            Consent._read_group(
                Domain("partner_id", "in", reached.ids)
                & Domain("purpose_id", "in", self.purpose_ids.ids)
                & Domain("state", "in", ("given", "withdrawn", "refused")),
                ["state"],
                ["partner_id:recordset"],
            )
        )
        confirmed = by_state.get("given", Partner)
        refused = (
            by_state.get("withdrawn", Partner) | by_state.get("refused", Partner)
        ) - confirmed
        return confirmed, refused, reached - confirmed - refused

    @api.depends("date_start", "no_answer_days")
    def _compute_no_answer_due(self):
        now = fields.Datetime.now()
        for campaign in self:
            campaign.no_answer_due = bool(
                campaign.date_start
                and campaign.date_start + relativedelta(days=campaign.no_answer_days) <= now
            )

    def action_view_unanswered(self):
        self.ensure_one()
        _confirmed, _refused, unanswered = self._rgpd_answers()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("No Answer: %(campaign)s", campaign=self.name),
            "res_model": "res.partner",
            "views": [[False, "list"], [False, "form"]],
            "domain": [("id", "in", unanswered.ids)],
            "context": {"create": False},
        }

    def action_retire_unanswered(self):
        """Archive the contacts who never answered once the delay is over:
        keep only the contacts whose consent can be proven. Contacts with a
        user account are left alone (archiving them would lock the user out)."""
        self.ensure_one()
        if not self.no_answer_due:
            raise UserError(
                self.env._(
                    "Wait %(days)s days after the start of the campaign before retiring "
                    "the contacts who did not answer.",
                    days=self.no_answer_days,
                )
            )
        _confirmed, _refused, unanswered = self._rgpd_answers()
        to_retire = unanswered.filtered(lambda p: not p.user_ids)
        self._rgpd_retire(to_retire)
        self.message_post(
            body=self.with_context(lang=self.company_id._rgpd_lang()).env._(
                "%(count)s contact(s) who never answered were retired.", count=len(to_retire)
            )
        )
        return True

    def _rgpd_retire(self, partners):
        """Retire contacts who never answered: archived here; rgpd_retention
        overrides this to anonymize them with its engine."""
        partners.action_archive()
