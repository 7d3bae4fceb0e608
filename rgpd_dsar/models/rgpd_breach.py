# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain

# Art. 33(1): notify the authority within 72 hours of becoming aware.
NOTIFICATION_HOURS = 72
# Officers are reminded this long before the deadline.
REMINDER_HOURS = 24
# A date typed in the form may run a little ahead of the server's clock.
CLOCK_SKEW = timedelta(minutes=5)
RISK_LEVELS = [
    ("none", "No Risk"),
    ("risk", "Risk"),
    ("high", "High Risk"),
]


class RgpdBreach(models.Model):
    """A personal data breach (GDPR Art. 33 and 34).

    Every breach is recorded, notified or not (Art. 33(5)). The notification
    deadline is the moment of awareness plus 72 hours, computed on UTC
    datetimes so that a change of daylight saving time moves nothing.
    """

    _name = "rgpd.breach"
    _description = "Personal Data Breach"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_aware desc, id desc"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", tracking=True
    )
    title = fields.Char(string="Summary", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")],
        required=True,
        default="open",
        tracking=True,
        index=True,
    )
    date_aware = fields.Datetime(
        string="Aware Since",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        help="When the company became aware of the breach: the 72-hour clock starts here.",
    )
    date_occurred = fields.Datetime(
        string="Occurred On", tracking=True, help="When the breach happened, if known."
    )
    nature_confidentiality = fields.Boolean(
        string="Confidentiality", help="Data disclosed to, or accessed by, someone not entitled."
    )
    nature_integrity = fields.Boolean(string="Integrity", help="Data altered without permission.")
    nature_availability = fields.Boolean(string="Availability", help="Data lost or destroyed.")
    nature = fields.Char(compute="_compute_nature")
    description = fields.Html(help="What happened, how it was found, its cause.")
    subject_categories = fields.Text(string="Categories of Persons")
    subject_count = fields.Integer(string="Persons Concerned (approx.)")
    record_categories = fields.Text(string="Categories of Records")
    record_count = fields.Integer(string="Records Concerned (approx.)")
    consequences = fields.Text(string="Likely Consequences")
    measures = fields.Text(string="Measures Taken or Proposed")
    risk_level = fields.Selection(
        RISK_LEVELS,
        required=True,
        default="risk",
        tracking=True,
        help="No risk: recorded but not notified. Risk: notify the authority within "
        "72 hours. High risk: also tell the persons (Art. 34).",
    )
    date_deadline = fields.Datetime(
        string="Notification Deadline",
        compute="_compute_date_deadline",
        store=True,
        index=True,
        help="Aware since + 72 hours (Art. 33(1)).",
    )
    hours_left = fields.Float(
        compute="_compute_countdown", help="Hours until the notification deadline."
    )
    countdown = fields.Char(compute="_compute_countdown")
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_countdown",
        search="_search_is_overdue",
        help="The deadline has passed and a breach with a risk is not notified.",
    )
    date_notified = fields.Datetime(string="Notified On", tracking=True, copy=False)
    authority_reference = fields.Char(string="Authority's Reference", tracking=True, copy=False)
    late_reason = fields.Text(
        string="Reason for Late or No Notification",
        help="Required when a breach with a risk is notified after 72 hours or not at all.",
    )
    is_late = fields.Boolean(string="Notified Late", compute="_compute_is_late", store=True)
    partner_ids = fields.Many2many(
        "res.partner", string="Persons Concerned", help="Who receives the Art. 34 notice."
    )
    subject_advice = fields.Text(
        string="Advice to the Persons",
        help="What the persons should do, e.g. change their password; quoted in the notice.",
    )
    subjects_informed = fields.Boolean(string="Persons Told", tracking=True, copy=False)
    date_subjects_informed = fields.Datetime(string="Persons Told On", tracking=True, copy=False)
    reminder_sent = fields.Boolean(copy=False, readonly=True)
    authority = fields.Char(related="company_id.rgpd_authority")
    authority_url = fields.Char(related="company_id.rgpd_authority_breach_url")

    _counts_positive = models.Constraint(
        "CHECK (subject_count >= 0 AND record_count >= 0)",
        "The numbers of persons and records concerned cannot be negative.",
    )

    def _creation_message(self):
        # One sentence in the company's language: the chatter line is stored.
        self.ensure_one()
        lang = self.company_id._rgpd_lang()
        return self.with_context(lang=lang).env._("Personal data breach recorded")

    @api.depends("nature_confidentiality", "nature_integrity", "nature_availability")
    def _compute_nature(self):
        for breach in self:
            breach.nature = ", ".join(
                breach._fields[name].get_description(self.env)["string"]
                for name in ("nature_confidentiality", "nature_integrity", "nature_availability")
                if breach[name]
            )

    @api.depends("date_aware")
    def _compute_date_deadline(self):
        for breach in self:
            # Datetimes are naive UTC: 72 hours later is 72 real hours, DST or not.
            breach.date_deadline = breach.date_aware and breach.date_aware + timedelta(
                hours=NOTIFICATION_HOURS
            )

    @api.depends("date_deadline", "date_notified", "risk_level", "state")
    def _compute_countdown(self):
        now = fields.Datetime.now()
        for breach in self:
            pending = breach._rgpd_notification_pending()
            left = (breach.date_deadline - now).total_seconds() / 3600 if pending else 0.0
            breach.hours_left = left
            breach.is_overdue = pending and left < 0
            if not pending:
                breach.countdown = (
                    self.env._("Notified")
                    if breach.date_notified
                    else self.env._("No notification")
                )
            elif left >= 0:
                breach.countdown = self.env._("%s h left", int(left))
            else:
                breach.countdown = self.env._("Overdue by %s h", int(-left) or 1)

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = self._rgpd_pending_domain() & Domain("date_deadline", "<", fields.Datetime.now())
        # "= True" and "!= False" ask for the overdue breaches.
        return domain if (operator == "in") == (True in value) else ~domain

    @api.depends("date_deadline", "date_notified")
    def _compute_is_late(self):
        for breach in self:
            breach.is_late = bool(
                breach.date_notified and breach.date_notified > breach.date_deadline
            )

    def _rgpd_notification_pending(self):
        """The breach awaits its notification to the authority."""
        self.ensure_one()
        return self.state == "open" and self.risk_level != "none" and not self.date_notified

    @api.model
    def _rgpd_pending_domain(self):
        return Domain(
            [("state", "=", "open"), ("risk_level", "!=", "none"), ("date_notified", "=", False)]
        )

    @api.constrains("date_aware", "date_occurred", "date_notified", "date_subjects_informed")
    def _check_dates(self):
        latest = fields.Datetime.now() + CLOCK_SKEW
        for breach in self:
            if breach.date_aware > latest:
                raise ValidationError(
                    self.env._(
                        "A breach cannot be known before it happens: "
                        "the awareness date is in the future."
                    )
                )
            if breach.date_occurred and breach.date_occurred > breach.date_aware:
                raise ValidationError(
                    self.env._(
                        "The breach cannot have occurred after the company became aware of it."
                    )
                )
            for name in ("date_notified", "date_subjects_informed"):
                date = breach[name]
                if date and not breach.date_aware <= date <= latest:
                    raise ValidationError(
                        self.env._(
                            "%(field)s must lie between the awareness date and now.",
                            field=breach._fields[name].get_description(self.env)["string"],
                        )
                    )

    @api.constrains("date_notified", "date_aware", "late_reason", "risk_level", "state")
    def _check_late_reason(self):
        for breach in self:
            if breach.risk_level == "none" or (breach.late_reason or "").strip():
                continue
            if breach.is_late:
                raise ValidationError(
                    self.env._(
                        "Breach %s was notified more than 72 hours after the company became "
                        "aware of it: give the reason for the delay (Art. 33(1)).",
                        breach.name,
                    )
                )
            if breach.state == "closed" and not breach.date_notified:
                raise ValidationError(
                    self.env._(
                        "Breach %s carries a risk and was not notified to the authority: "
                        "give the reason before closing it.",
                        breach.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("rgpd.breach") or "/"
        breaches = super().create(vals_list)
        breaches._rgpd_alert_officers(reminder=False)
        return breaches

    def _rgpd_officers(self):
        """The active internal Officers of the breach's company."""
        self.ensure_one()
        return self.env["res.users"].search(
            [
                ("all_group_ids", "in", self.env.ref("rgpd_consent.group_rgpd_officer").id),
                ("share", "=", False),
                ("company_ids", "in", self.company_id.id),
            ]
        )

    def _rgpd_alert_officers(self, reminder):
        """Give each Officer an activity and a mail: on creation, then
        REMINDER_HOURS before the deadline (`reminder`)."""
        template = self.env.ref(
            "rgpd_dsar.mail_template_breach_reminder"
            if reminder
            else "rgpd_dsar.mail_template_breach_alert"
        )
        now = fields.Datetime.now()
        for breach in self:
            officers = breach._rgpd_officers()
            breach.message_subscribe(partner_ids=officers.partner_id.ids)
            pending = breach._rgpd_notification_pending()
            if pending:
                summary = self.env._("Notify the authority of breach %s", breach.name)
                for officer in officers:
                    breach.activity_schedule(
                        "mail.mail_activity_data_todo",
                        date_deadline=fields.Date.context_today(breach, breach.date_deadline),
                        summary=summary,
                        user_id=officer.id,
                    )
            for lang, lang_officers in officers.grouped("lang").items():
                template.with_context(lang=lang).send_mail(
                    breach.id,
                    email_values={"recipient_ids": [Command.set(lang_officers.partner_id.ids)]},
                )
            if reminder or (
                pending and breach.date_deadline - now <= timedelta(hours=REMINDER_HOURS)
            ):
                breach.reminder_sent = True

    @api.model
    def _cron_remind(self):
        """Remind the Officers of the breaches whose deadline is within
        REMINDER_HOURS, once per breach, in batches."""
        domain = self._rgpd_pending_domain() & Domain(
            [
                ("reminder_sent", "=", False),
                ("date_deadline", "<=", fields.Datetime.now() + timedelta(hours=REMINDER_HOURS)),
            ]
        )
        while breaches := self.search(domain, limit=50):
            breaches._rgpd_alert_officers(reminder=True)
            if not self.env["ir.cron"]._commit_progress(
                len(breaches), remaining=self.search_count(domain)
            ):
                break

    def action_close(self):
        self.state = "closed"

    def action_reopen(self):
        self.state = "open"

    def action_notify_subjects(self):
        """Mail the Art. 34 notice to the persons concerned, each in their
        language, and record when they were told."""
        template = self.env.ref("rgpd_dsar.mail_template_breach_notice")
        for breach in self:
            if not breach.partner_ids:
                raise UserError(
                    self.env._(
                        "Add the persons concerned by breach %s before telling them.", breach.name
                    )
                )
            recipients = breach.partner_ids.filtered("email")
            if not recipients:
                raise UserError(
                    self.env._(
                        "None of the persons concerned by breach %s has an email address.",
                        breach.name,
                    )
                )
            template.with_context(rgpd_breach_id=breach.id).send_mail_batch(recipients.ids)
            breach.write(
                {"subjects_informed": True, "date_subjects_informed": fields.Datetime.now()}
            )
            body = self.env._("Art. 34 notice mailed to %s persons.", len(recipients))
            skipped = breach.partner_ids - recipients
            if skipped:
                body += " " + self.env._(
                    "Without an email address, to be told another way: %s.",
                    ", ".join(skipped.mapped("display_name")),
                )
            breach.message_post(body=body)
        return True
