# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import re

from babel import dates as babel_dates
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools.misc import babel_locale_parse

from odoo.addons.rgpd_consent import system_fields
from odoo.addons.rgpd_consent.field_values import check_values
from odoo.addons.rgpd_consent.models.res_partner import LINK_PLACEHOLDER

REQUEST_TYPES = [
    ("access", "Access (Art. 15)"),
    ("rectification", "Rectification (Art. 16)"),
    ("erasure", "Erasure (Art. 17)"),
    ("restriction", "Restriction (Art. 18)"),
    ("portability", "Portability (Art. 20)"),
    ("objection", "Objection (Art. 21)"),
]
CHANNELS = [
    ("portal", "Customer Portal"),
    ("web_form", "Web Form"),
    ("email", "Email"),
    ("letter", "Letter"),
    ("phone", "Phone"),
]
STATES = [
    ("new", "New"),
    ("identity_check", "Identity Check"),
    ("in_progress", "In Progress"),
    ("waiting_requester", "Waiting for Requester"),
    ("done", "Done"),
    ("refused", "Refused"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("new", "identity_check", "in_progress", "waiting_requester")
CLOSED_STATES = ("done", "refused", "cancelled")
IDENTITY_METHODS = [
    ("account", "Logged in to their account"),
    ("email_link", "Confirmed from the contact's email address"),
    ("document", "Identity document checked"),
    ("known_contact", "Known contact (phone call back, signature)"),
    ("other", "Other"),
]
# The channel of a request, as the consent ledger names it.
CONSENT_CHANNELS = {
    "portal": "portal",
    "web_form": "form",
    "email": "email",
    "letter": "paper",
    "phone": "phone",
}
# The signed download link of an export is valid this long.
EXPORT_LINK_DAYS = 7
# The confirmation link of the public request page is valid this long.
INTAKE_LINK_DAYS = 2
# Longest message the public page accepts (it travels in the signed link).
INTAKE_MESSAGE_MAX = 2000
# One reminder to the responsible, this many days before the deadline (one
# activity per request: its title is the activity type's, translated for
# whoever reads it).
REMINDER_DAYS = 7
# Written only by the suite's code (the workflow's methods, after their role
# check, through sudo()): refused in create() and write() unless env.su.
SYSTEM_FIELDS = frozenset(
    {
        "state",
        "identity_verified",
        "identity_user_id",
        "identity_date",
        "date_deadline",
        "date_first_deadline",
        "date_processed",
        "date_closed",
        "export_attachment_id",
        "export_checksum",
        "export_file",
        "export_download_count",
        "erasure_log_ids",
        "erasure_residue",
        "erasure_scanned_values",
        "erasure_kept",
        "erasure_answer_email",
        "extension_months",
        "extension_reason",
        "extension_date",
        "refusal_reason",
        "cancel_reason",
        "intake_key",
        "overdue_notified",
    }
)
# How the identity was checked: the proof of the check, frozen once verified.
IDENTITY_PROOF_FIELDS = frozenset({"identity_method", "identity_note"})
# A request may be recorded at most this long after it was received (a
# letter opened late); later, even the extended deadline is past.
DATE_RECEIVED_MAX_AGE_MONTHS = 3
# Once answered or exported, who the request is about can no longer change.
FROZEN_FIELDS = {"partner_id", "requester_email", "company_id", "request_type", "date_received"}


class RgpdDsarRequest(models.Model):
    """A data-subject request (GDPR Art. 15 to 21) and its legal deadline
    (Art. 12(3)), from its receipt to the answer sent to the person."""

    _name = "rgpd.dsar.request"
    _description = "Data-Subject Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_deadline, id desc"
    _rec_names_search = ["name", "requester_name", "requester_email", "partner_id"]
    _mail_post_access = "read"

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Data Subject",
        index=True,
        tracking=True,
        ondelete="restrict",
        help="The contact the request is about; it may stay empty until the person is identified.",
    )
    requester_name = fields.Char(tracking=True)
    requester_email = fields.Char(tracking=True)
    lang = fields.Selection(
        "_rgpd_lang_selection",
        string="Language",
        compute="_compute_lang",
        store=True,
        readonly=False,
        help="The language of the mails sent to the person.",
    )
    request_type = fields.Selection(REQUEST_TYPES, string="Type", required=True, tracking=True)
    channel = fields.Selection(CHANNELS, required=True, default="email", tracking=True)
    description = fields.Text(string="Request", help="What the person asks, in their words.")
    date_received = fields.Date(
        string="Received On",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="The day the request reached the company: the deadline runs from it.",
    )
    date_deadline = fields.Date(
        string="Deadline",
        compute="_compute_date_deadline",
        store=True,
        index=True,
        tracking=True,
        help="One month after receipt (plus the extension), moved to the next working day.",
    )
    date_first_deadline = fields.Date(
        string="First Deadline",
        compute="_compute_date_deadline",
        store=True,
        help="One month after receipt: the last day to answer or to tell of an extension.",
    )
    extension_months = fields.Integer(
        string="Extension (months)", readonly=True, tracking=True, copy=False
    )
    extension_reason = fields.Text(readonly=True, copy=False)
    extension_date = fields.Date(
        string="Extension Notified On",
        readonly=True,
        copy=False,
        help="The day the person was told of the extension and its reasons.",
    )
    days_left = fields.Integer(compute="_compute_days_left")
    deadline_label = fields.Char(
        string="Deadline and Days Left",
        compute="_compute_days_left",
        help="The deadline's date and the days left (or late), in the reader's language.",
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_days_left", search="_search_is_overdue"
    )
    overdue_notified = fields.Boolean(copy=False, readonly=True)
    state = fields.Selection(
        STATES,
        required=True,
        default="new",
        tracking=True,
        index=True,
        copy=False,
        group_expand=True,
    )
    refusal_reason = fields.Text(readonly=True, copy=False, tracking=True)
    cancel_reason = fields.Text(
        readonly=True,
        copy=False,
        tracking=True,
        help="Why the request was cancelled: the person is told it.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        default=lambda self: self.env.user if not self.env.user.share else False,
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref("rgpd_consent.group_rgpd_user").id)
        ],
    )
    identity_verified = fields.Boolean(readonly=True, tracking=True, copy=False)
    identity_method = fields.Selection(
        IDENTITY_METHODS, string="Identity Checked By", tracking=True, copy=False
    )
    identity_note = fields.Char(copy=False)
    identity_user_id = fields.Many2one(
        "res.users",
        string="Identity Verified By",
        readonly=True,
        copy=False,
        help="The Officer who verified the identity (empty when the portal session or "
        "the confirmed link proved it).",
    )
    identity_date = fields.Datetime(string="Identity Verified On", readonly=True, copy=False)
    response_summary = fields.Html(
        string="Response",
        copy=False,
        help="The answer given to the person, sent with the closing mail.",
    )
    date_processed = fields.Datetime(
        string="Processed On",
        readonly=True,
        copy=False,
        help="When the request was carried out (export made, data erased, restriction set...).",
    )
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    export_attachment_id = fields.Many2one(
        "ir.attachment", string="Export", readonly=True, copy=False, ondelete="set null"
    )
    export_checksum = fields.Char(
        readonly=True,
        copy=False,
        groups="rgpd_consent.group_rgpd_officer",
        help="Checksum of the export file when it was made: the download routes serve "
        "that file only.",
    )
    export_file = fields.Binary(
        attachment=True,
        readonly=True,
        copy=False,
        groups="rgpd_consent.group_rgpd_officer",
        help="The export itself: readable by the Privacy Officer and, through the portal "
        "or the signed link, by the person only.",
    )
    export_download_count = fields.Integer(string="Downloads", readonly=True, copy=False)
    erasure_log_ids = fields.Many2many(
        "rgpd.retention.log",
        string="Anonymization Log",
        readonly=True,
        copy=False,
        groups="rgpd_consent.group_rgpd_officer",
        help="What the anonymization engine did for this request.",
    )
    erasure_residue = fields.Text(
        string="Found After Erasure",
        readonly=True,
        copy=False,
        help="The tables and columns of the database where the person's former name, "
        "email or phone still appear after the erasure (never the values).",
    )
    erasure_scanned_values = fields.Integer(
        string="Values Searched",
        readonly=True,
        copy=False,
        help="How many former values (name, email, phone) the whole database was searched for.",
    )
    erasure_kept = fields.Text(
        string="Kept, and Why",
        readonly=True,
        copy=False,
        help="What the law requires to keep, and why (legal holds, invoices).",
    )
    erasure_answer_email = fields.Char(
        string="Answer Address",
        readonly=True,
        copy=False,
        groups="rgpd_consent.group_rgpd_officer",
        help="After an erasure, the address the answer goes to, kept until it is sent "
        "and then cleared.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    color = fields.Integer(compute="_compute_days_left")
    intake_key = fields.Char(
        copy=False,
        readonly=True,
        help="The pending public request this request was confirmed from: its "
        "confirmation link makes one request only.",
    )

    _extension_range = models.Constraint(
        "CHECK (extension_months BETWEEN 0 AND 2)",
        "An extension is of one or two months (GDPR Art. 12(3)).",
    )
    _intake_key_uniq = models.UniqueIndex(
        "(intake_key) WHERE intake_key IS NOT NULL",
        "This confirmation link was already used.",
    )
    _open_deadline_idx = models.Index(
        "(date_deadline) WHERE state IN "
        "('new', 'identity_check', 'in_progress', 'waiting_requester')"
    )

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------

    @api.model
    def _rgpd_lang_selection(self):
        return self.env["res.lang"].get_installed()

    @api.depends("partner_id")
    def _compute_lang(self):
        for request in self:
            request.lang = (
                request.partner_id.lang or request.lang or self.env.context.get("lang") or "en_US"
            )

    @api.depends("date_received", "extension_months", "company_id")
    def _compute_date_deadline(self):
        for request in self:
            if not request.date_received:
                request.date_deadline = request.date_first_deadline = False
                continue
            company = request.company_id or self.env.company
            request.date_first_deadline = company._rgpd_legal_deadline(request.date_received)
            request.date_deadline = company._rgpd_legal_deadline(
                request.date_received, months=1 + request.extension_months
            )

    @api.depends("date_deadline", "state")
    @api.depends_context("tz", "lang")
    def _compute_days_left(self):
        today = fields.Date.context_today(self)
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        for request in self:
            is_open = request.state in OPEN_STATES and request.date_deadline
            request.days_left = is_open and (request.date_deadline - today).days
            request.is_overdue = bool(is_open) and request.days_left < 0
            request.deadline_label = request._rgpd_deadline_label(today, lang)
            # Kanban colours: red overdue, orange within 7 days, green otherwise.
            if not is_open:
                request.color = 0
            elif request.days_left < 0:
                request.color = 1
            elif request.days_left <= 7:
                request.color = 2
            else:
                request.color = 10

    def _rgpd_deadline_label(self, today, lang):
        """ "4 janv. 2027, dans 32 j": the date and, while the request is
        open, the days left or late, in the reader's language."""
        if not self.date_deadline:
            return False
        date = babel_dates.format_date(
            self.date_deadline, format="medium", locale=babel_locale_parse(lang.code)
        )
        if self.state not in OPEN_STATES:
            return date
        days = (self.date_deadline - today).days
        if days > 0:
            return self.env._("%(date)s, in %(days)s d", date=date, days=days)
        if days == 0:
            return self.env._("%(date)s, today", date=date)
        return self.env._("%(date)s, %(days)s d late", date=date, days=-days)

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        overdue = Domain("state", "in", OPEN_STATES) & Domain(
            "date_deadline", "<", fields.Date.context_today(self)
        )
        return overdue if (operator == "=") == value else ~overdue

    @api.constrains("date_received")
    def _check_date_received(self):
        today = fields.Date.context_today(self)
        for request in self:
            if request.date_received > today:
                raise ValidationError(
                    self.env._(
                        "A request cannot be received in the future (%s).", request.date_received
                    )
                )

    @api.constrains("extension_months", "extension_reason", "extension_date")
    def _check_extension(self):
        for request in self.filtered("extension_months"):
            if not (request.extension_reason or "").strip():
                raise ValidationError(
                    self.env._("An extension needs its reasons: the person must be told them.")
                )
            if not request.extension_date or request.extension_date > request.date_first_deadline:
                raise ValidationError(
                    self.env._(
                        "The deadline can be extended only before the first month ends "
                        "(%(date)s), and the person must be told then.",
                        date=request.date_first_deadline,
                    )
                )

    @api.constrains("state", "refusal_reason")
    def _check_refusal_reason(self):
        for request in self.filtered(lambda r: r.state == "refused"):
            if not (request.refusal_reason or "").strip():
                raise ValidationError(self.env._("A refusal needs its reason."))

    @api.depends("name", "partner_id", "requester_name")
    def _compute_display_name(self):
        for request in self:
            who = request.partner_id.name or request.requester_name or request.requester_email
            request.display_name = f"{request.name} - {who}" if who else request.name

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # No value nor context default of a system field from the caller.
        model = system_fields.check_create(self, vals_list, SYSTEM_FIELDS)
        for vals in vals_list:
            check_values(self, vals)
            partner = self.env["res.partner"].browse(vals.get("partner_id"))
            if not (partner or vals.get("requester_email")):
                raise ValidationError(
                    self.env._(
                        "A request needs the contact it is about or the requester's email "
                        "address: without either, the person cannot be identified nor answered."
                    )
                )
            if vals.get("name", "/") in ("/", self.env._("New"), "New"):
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("rgpd.dsar.request", sequence_date=vals.get("date_received"))
                    or "/"
                )
            vals.setdefault("requester_name", partner.name)
            vals.setdefault("requester_email", partner.email)
        requests = super(RgpdDsarRequest, model).create(vals_list)
        if not self.env.su:
            oldest = fields.Date.context_today(self) - relativedelta(
                months=DATE_RECEIVED_MAX_AGE_MONTHS
            )
            for request in requests:
                if request.date_received < oldest:
                    raise ValidationError(
                        self.env._(
                            "A request received before %(date)s is past even its extended "
                            "deadline: record it with the day it is entered, and say in its "
                            "description when it arrived.",
                            date=oldest,
                        )
                    )
        requests._rgpd_schedule_reminders()
        if not self.env.context.get("rgpd_dsar_no_mail"):
            requests._rgpd_send("rgpd_dsar.mail_template_dsar_acknowledgement")
        return requests

    def write(self, vals):
        system_fields.check_write(self, vals, SYSTEM_FIELDS)
        if not self.env.su:
            if "date_received" in vals:
                raise UserError(
                    self.env._(
                        "The day a request was received starts its legal deadline: it "
                        "cannot be changed afterwards."
                    )
                )
            if IDENTITY_PROOF_FIELDS & set(vals) and any(self.mapped("identity_verified")):
                raise UserError(
                    self.env._(
                        "The identity of the person is verified: how it was checked is the "
                        "proof of that check and can no longer change."
                    )
                )
        check_values(self, vals)
        if FROZEN_FIELDS & set(vals):
            locked = self.filtered(
                lambda r: r.state in ("done", "refused") or r.export_attachment_id
            )
            if locked:
                raise UserError(
                    self.env._(
                        "Request %s is answered or its export is made: who it is about "
                        "can no longer change. Open a new request instead.",
                        locked[0].name,
                    )
                )
        result = super().write(vals)
        if {"user_id", "date_received", "company_id"} & set(vals):
            self._rgpd_schedule_reminders()
        return result

    def _rgpd_write(self, vals):
        """The workflow's own write of its system fields. Only the workflow's
        methods call it, each after checking the caller's role."""
        # sudo: past the guard of write() on the system fields; the caller
        # (a workflow method) checked the role that may take this step.
        return self.sudo().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_answered(self):
        if any(request.state in ("done", "refused") for request in self):
            raise UserError(
                self.env._("An answered request is the proof of the answer: it cannot be deleted.")
            )

    def _web_read_group_format(self, groupby, aggregates, groups):
        # The kanban by status folds the closed columns, as CRM folds "Won".
        result = super()._web_read_group_format(groupby, aggregates, groups)
        if groupby and groupby[0] == "state":
            for group in result:
                group["__fold"] = group.get("state") in CLOSED_STATES
        return result

    def _creation_message(self):
        # Odoo's "%s created" put the model's name in the masculine and,
        # read before the model's translation, in English ("Data-Subject
        # Request créé"): one sentence, in the company's language, as the
        # chatter line is stored.
        self.ensure_one()
        lang = self.company_id._rgpd_lang()
        return self.with_context(lang=lang).env._("Data-subject request created")

    def _track_subtype(self, init_values):
        if "state" in init_values and self.state in ("done", "refused"):
            return self.env.ref("rgpd_dsar.mt_dsar_closed")
        return super()._track_subtype(init_values)

    # ------------------------------------------------------------------
    # Mails and reminders
    # ------------------------------------------------------------------

    def _rgpd_send(self, template_xmlid, keep_copy=True):
        """Post the mail `template_xmlid` in each request's chatter, in the
        person's language, to the contact or (before one is known) to the
        requester's address: the chatter then proves when the person was told.
        Without `keep_copy` (the answer to an erasure), the mail leaves with
        no copy of it kept (neither in the chatter nor, once sent, in the
        queue): the chatter only says it was sent."""
        template = self.env.ref(template_xmlid)
        for request in self:
            # An erased contact keeps no address: answer the one the request came from.
            partner = request.partner_id.filtered(lambda p: p.email and not p.rgpd_anonymized)
            # sudo: whether an address was kept for the answer of an erasure.
            kept_email = not keep_copy and request.sudo().erasure_answer_email
            if not (partner or request.requester_email or kept_email):
                continue
            rendered = {
                field: template._render_field(field, request.ids, compute_lang=True)[request.id]
                for field in ("subject", "body_html", "email_from")
            }
            if not keep_copy:
                # sudo: the address kept for this answer is the Officer's
                # field; the caller (action_done) checked the Officer's role.
                request_sudo = request.sudo()
                self.env["mail.mail"]._rgpd_send_without_copy(
                    request_sudo.erasure_answer_email
                    or partner.email_formatted
                    or request.requester_email,
                    rendered["subject"],
                    rendered["body_html"],
                    email_from=rendered["email_from"],
                )
                # Sent: the address kept for the answer is not kept any longer.
                request._rgpd_write({"erasure_answer_email": False})
                request.message_post(
                    body=self.env._(
                        "The answer was mailed to the person; after an erasure, no copy "
                        "of it is kept."
                    ),
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
                continue
            request.message_post(
                body=rendered["body_html"],
                subject=rendered["subject"],
                email_from=rendered["email_from"] or None,
                partner_ids=partner.ids,
                outgoing_email_to=False if partner else request.requester_email,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                email_layout_xmlid="mail.mail_notification_light",
            )

    def _rgpd_schedule_reminders(self):
        """Remind the responsible a week before the deadline: one activity
        per request, moved with the deadline; none on a closed request. The
        activity stores no summary: its title is the activity type's name,
        which Odoo shows in the reader's language, and its due date says when."""
        activity_type = self.env.ref("rgpd_dsar.mail_activity_type_dsar_deadline")
        self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).unlink()
        today = fields.Date.context_today(self)
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = [
            {
                "activity_type_id": activity_type.id,
                "res_model_id": model_id,
                "res_id": request.id,
                "date_deadline": max(
                    today, request.date_deadline - datetime.timedelta(days=REMINDER_DAYS)
                ),
                "summary": False,
                "user_id": (request.user_id or self.env.user).id,
            }
            for request in self.filtered(lambda r: r.state in OPEN_STATES and r.date_deadline)
        ]
        if vals_list:
            self.env["mail.activity"].create(vals_list)

    @api.model
    def _cron_flag_overdue(self, batch_size=500):
        """Daily: tell the Privacy Officers of each request that passed its
        deadline unanswered, once per request."""
        domain = Domain("is_overdue", "=", True) & Domain("overdue_notified", "=", False)
        officers = self.env.ref("rgpd_consent.group_rgpd_officer").all_user_ids.filtered(
            lambda u: u.active and not u.share
        )
        cron = self.env["ir.cron"]
        remaining = self.search_count(domain)
        while remaining:
            requests = self.search(domain, limit=batch_size)
            for request in requests:
                # The scheduled action has no reader: the note is stored in
                # the company's language.
                lang = request.company_id._rgpd_lang()
                request.message_post(
                    body=request.with_context(lang=lang).env._(
                        "This request passed its deadline (%(date)s) without an answer: "
                        "answer it now or the company breaches GDPR Art. 12(3).",
                        date=request.date_deadline,
                    ),
                    partner_ids=officers.partner_id.ids,
                    message_type="notification",
                    subtype_xmlid="mail.mt_comment",
                )
            requests._rgpd_write({"overdue_notified": True})
            remaining -= len(requests)
            if not cron._commit_progress(len(requests), remaining=remaining):
                break

    # ------------------------------------------------------------------
    # Helpers of the mails and pages
    # ------------------------------------------------------------------

    @api.model
    def _rgpd_link_placeholder(self, kind, res_id):
        """A link of `kind` ("export", "intake") about record `res_id` as a
        stored mail holds it: no token; `mail.mail._rgpd_signed_link` makes
        the signed link when the mail leaves, for the person's own address
        only (the format of `res.partner._rgpd_link_placeholder`)."""
        return f"{self.get_base_url()}{LINK_PLACEHOLDER}{kind}/{int(res_id)}"

    def _rgpd_type_label(self):
        """The type as a sentence holds it, often within brackets already:
        "Access, Art. 15" ("(Access (Art. 15))" read badly)."""
        self.ensure_one()
        label = dict(self._fields["request_type"]._description_selection(self.env))[
            self.request_type
        ]
        return re.sub(r"\s*\((.*)\)\s*$", r", \1", label)

    def _rgpd_authority(self):
        """(name, url) of the supervisory authority the person may complain to."""
        self.ensure_one()
        company = self.company_id
        # The company's own authority when the register addon filled it in.
        name = company["rgpd_authority"] if "rgpd_authority" in company._fields else False
        url = company["rgpd_authority_url"] if "rgpd_authority_url" in company._fields else False
        return (name or "CNIL", url or "https://www.cnil.fr/fr/plaintes")
