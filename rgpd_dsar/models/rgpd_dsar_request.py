# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import datetime
import hashlib
import io
import json
import zipfile

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import html2plaintext

from odoo.addons.rgpd_consent.signed_links import read_signed, read_signed_ids, sign

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
# Stands for the signed link in a stored mail; replaced when the mail leaves.
EXPORT_LINK_MARKER = "/rgpd/export/__rgpd_export_link__"
# Reminders to the responsible, this many days before the deadline.
REMINDER_DAYS = (7, 2)
# Once answered or exported, who the request is about can no longer change.
# Written by the workflow's methods only (see write()).
WORKFLOW_FIELDS = {
    "state",
    "identity_verified",
    "date_processed",
    "date_closed",
    "export_attachment_id",
    "export_download_count",
    "erasure_log_ids",
    "erasure_residue",
    "erasure_scanned_values",
    "erasure_kept",
    "extension_months",
    "extension_reason",
    "extension_date",
    "refusal_reason",
    "intake_key",
    "overdue_notified",
}
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
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
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
    export_download_count = fields.Integer(string="Downloads", readonly=True, copy=False)
    erasure_log_ids = fields.Many2many(
        "rgpd.retention.log",
        string="Anonymization Log",
        readonly=True,
        copy=False,
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
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    color = fields.Integer(compute="_compute_days_left")
    intake_key = fields.Char(
        copy=False,
        readonly=True,
        help="Digest of the confirmation link a public request came from: a link "
        "confirms one request only.",
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
    @api.depends_context("tz")
    def _compute_days_left(self):
        today = fields.Date.context_today(self)
        for request in self:
            is_open = request.state in OPEN_STATES and request.date_deadline
            request.days_left = is_open and (request.date_deadline - today).days
            request.is_overdue = bool(is_open) and request.days_left < 0
            # Kanban colours: red overdue, orange within 7 days, green otherwise.
            if not is_open:
                request.color = 0
            elif request.days_left < 0:
                request.color = 1
            elif request.days_left <= 7:
                request.color = 2
            else:
                request.color = 10

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
        for vals in vals_list:
            partner = self.env["res.partner"].browse(vals.get("partner_id"))
            if not (partner or vals.get("requester_email")):
                raise ValidationError(
                    self.env._(
                        "A request needs the contact it is about or the requester's email "
                        "address: without either, the person cannot be identified nor answered."
                    )
                )
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("rgpd.dsar.request", sequence_date=vals.get("date_received"))
                    or "/"
                )
            vals.setdefault("requester_name", partner.name)
            vals.setdefault("requester_email", partner.email)
        requests = super().create(vals_list)
        requests._rgpd_schedule_reminders()
        if not self.env.context.get("rgpd_dsar_no_mail"):
            requests._rgpd_send("rgpd_dsar.mail_template_dsar_acknowledgement")
        return requests

    def write(self, vals):  # pylint: disable=method-required-super
        if WORKFLOW_FIELDS & set(vals):
            raise UserError(
                self.env._(
                    "The state, the identity check, the deadline's extension and the answer "
                    "of a request change only through its buttons, so that each step is "
                    "recorded and the person is told."
                )
            )
        return self._rgpd_write(vals)

    def _rgpd_write(self, vals):
        """The workflow's own write, past the guard of write()."""
        frozen = FROZEN_FIELDS & set(vals)
        if frozen:
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
        result = super().write(vals)  # pylint: disable=super-method-mismatch
        if {"user_id", "date_received", "company_id"} & set(vals):
            self._rgpd_schedule_reminders()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_answered(self):
        if any(request.state in ("done", "refused") for request in self):
            raise UserError(
                self.env._("An answered request is the proof of the answer: it cannot be deleted.")
            )

    def _track_subtype(self, init_values):
        if "state" in init_values and self.state in ("done", "refused"):
            return self.env.ref("rgpd_dsar.mt_dsar_closed")
        return super()._track_subtype(init_values)

    # ------------------------------------------------------------------
    # Mails and reminders
    # ------------------------------------------------------------------

    def _rgpd_send(self, template_xmlid):
        """Post the mail `template_xmlid` in each request's chatter, in the
        person's language, to the contact or (before one is known) to the
        requester's address: the chatter then proves when the person was told."""
        template = self.env.ref(template_xmlid)
        for request in self:
            # An erased contact keeps no address: answer the one the request came from.
            partner = request.partner_id.filtered(lambda p: p.email and not p.rgpd_anonymized)
            if not (partner or request.requester_email):
                continue
            rendered = {
                field: template._render_field(field, request.ids, compute_lang=True)[request.id]
                for field in ("subject", "body_html", "email_from")
            }
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
        """Remind the responsible 7 and 2 days before the deadline (one
        activity each, moved with the deadline); none on a closed request."""
        activity_type = self.env.ref("rgpd_dsar.mail_activity_type_dsar_deadline")
        self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).unlink()
        today = fields.Date.context_today(self)
        for request in self.filtered(lambda r: r.state in OPEN_STATES and r.date_deadline):
            dates = sorted(
                {
                    max(today, request.date_deadline - datetime.timedelta(days=n))
                    for n in REMINDER_DAYS
                }
            )
            for date in dates:
                request.activity_schedule(
                    act_type_xmlid="rgpd_dsar.mail_activity_type_dsar_deadline",
                    date_deadline=date,
                    summary=self.env._("Answer due on %s", request.date_deadline),
                    user_id=(request.user_id or self.env.user).id,
                )

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
                request.message_post(
                    body=self.env._(
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
    # Workflow
    # ------------------------------------------------------------------

    def _rgpd_check_officer(self):
        if not self.env.user.has_group("rgpd_consent.group_rgpd_officer"):
            raise AccessError(
                self.env._("Only a Privacy Officer may carry out a data-subject request.")
            )

    def _rgpd_check_state(self, allowed):
        for request in self:
            if request.state not in allowed:
                raise UserError(
                    self.env._(
                        "Request %(name)s is %(state)s: this action is not possible now.",
                        name=request.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            request.state
                        ],
                    )
                )

    def _rgpd_check_identified(self):
        for request in self:
            if not request.partner_id:
                raise UserError(
                    self.env._(
                        "Request %s is not linked to a contact yet: find or create the "
                        "contact it is about first.",
                        request.name,
                    )
                )

    def action_ask_identity(self):
        """Ask the person to prove who they are (GDPR Art. 12(6))."""
        self._rgpd_check_state(("new", "in_progress", "waiting_requester"))
        self._rgpd_write({"state": "identity_check"})
        self._rgpd_send("rgpd_dsar.mail_template_dsar_identity")

    def action_verify_identity(self):
        """Record that the person's identity is verified, and start the work."""
        self._rgpd_check_state(OPEN_STATES)
        self._rgpd_check_identified()
        for request in self:
            if not request.identity_method:
                raise UserError(self.env._("Say how the identity of the person was checked first."))
        self._rgpd_write({"identity_verified": True})
        self.filtered(lambda r: r.state in ("new", "identity_check"))._rgpd_write(
            {"state": "in_progress"}
        )

    def action_start(self):
        self._rgpd_check_state(("new", "identity_check", "waiting_requester"))
        self._rgpd_check_identified()
        self._rgpd_write({"state": "in_progress"})

    def action_wait(self):
        self._rgpd_check_state(("in_progress",))
        self._rgpd_write({"state": "waiting_requester"})

    def action_cancel(self):
        self._rgpd_check_state(OPEN_STATES)
        self._rgpd_write({"state": "cancelled", "date_closed": fields.Datetime.now()})
        self._rgpd_schedule_reminders()

    def action_reopen(self):
        self._rgpd_check_state(("cancelled",))
        self._rgpd_write({"state": "new", "date_closed": False})
        self._rgpd_schedule_reminders()

    def action_extend(self):
        """Open the extension wizard."""
        self.ensure_one()
        self._rgpd_check_state(OPEN_STATES)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Extend the Deadline"),
            "res_model": "rgpd.dsar.extend.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def _rgpd_extend(self, months, reason):
        """Extend the deadline by `months` (at most 2 in all, GDPR Art. 12(3))
        and tell the person now, with the reasons."""
        self.ensure_one()
        self._rgpd_check_state(OPEN_STATES)
        total = self.extension_months + months
        if months < 1 or total > 2:
            raise UserError(
                self.env._(
                    "The deadline may be extended by two further months at most "
                    "(already extended by %(done)s).",
                    done=self.extension_months,
                )
            )
        today = fields.Date.context_today(self)
        if today > self.date_first_deadline:
            raise UserError(
                self.env._(
                    "The first month ended on %s: it is too late to extend the deadline.",
                    self.date_first_deadline,
                )
            )
        if not (reason or "").strip():
            raise UserError(
                self.env._("Give the reasons of the extension: the person is told them.")
            )
        self._rgpd_write(
            {"extension_months": total, "extension_reason": reason, "extension_date": today}
        )
        self._rgpd_schedule_reminders()
        self._rgpd_send("rgpd_dsar.mail_template_dsar_extension")

    def action_refuse(self):
        """Open the refusal wizard."""
        self.ensure_one()
        self._rgpd_check_state(OPEN_STATES)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse the Request"),
            "res_model": "rgpd.dsar.refuse.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def _rgpd_refuse(self, reason):
        """Refuse with its reason; the mail tells the person of the right to
        complain to the supervisory authority (GDPR Art. 12(4))."""
        self._rgpd_check_officer()
        self._rgpd_check_state(OPEN_STATES)
        if not (reason or "").strip():
            raise UserError(self.env._("A refusal needs its reason: the person is told it."))
        self._rgpd_write(
            {"state": "refused", "refusal_reason": reason, "date_closed": fields.Datetime.now()}
        )
        self._rgpd_schedule_reminders()
        self._rgpd_send("rgpd_dsar.mail_template_dsar_refused")

    def action_done(self):
        """Close the request as answered and send the answer (with the
        export link for an access or portability request)."""
        self._rgpd_check_officer()
        self._rgpd_check_state(("in_progress", "waiting_requester"))
        for request in self:
            if not request.date_processed:
                raise UserError(
                    self.env._(
                        "Request %s has not been carried out yet: use the button of its "
                        "type (export, rectify, erase, restrict, object) first.",
                        request.name,
                    )
                )
        self._rgpd_write({"state": "done", "date_closed": fields.Datetime.now()})
        self._rgpd_schedule_reminders()
        self._rgpd_send("rgpd_dsar.mail_template_dsar_done")

    def _rgpd_check_processable(self, request_types):
        self._rgpd_check_officer()
        self._rgpd_check_state(("in_progress", "waiting_requester"))
        self._rgpd_check_identified()
        for request in self:
            if request.request_type not in request_types:
                raise UserError(
                    self.env._(
                        "Request %(name)s is a request of %(type)s.",
                        name=request.name,
                        type=request._rgpd_type_label(),
                    )
                )
            if not request.identity_verified:
                raise UserError(
                    self.env._(
                        "The identity of the person of request %s is not verified: "
                        "verify it before acting on their data.",
                        request.name,
                    )
                )

    def action_restrict(self):
        """Restriction (Art. 18): flag the contact so that nothing processes it."""
        self._rgpd_check_processable(("restriction",))
        for request in self:
            request.partner_id._rgpd_restrict(
                self.env._("Request %s", request.name), origin=request
            )
        self._rgpd_write({"date_processed": fields.Datetime.now()})

    def action_object(self):
        """Objection (Art. 21): withdraw every consent and object to every
        purpose on legitimate interest or public task, through the ledger."""
        self._rgpd_check_processable(("objection",))
        for request in self:
            partner = request.partner_id
            # sudo: the Officer acts for the person on every purpose of the
            # request's company and the shared ones, whoever created them.
            purposes = (
                self.env["rgpd.purpose"]
                .sudo()
                .search([("company_id", "in", [request.company_id.id, False])])
                .filtered("withdrawable")
            )
            consented = partner.rgpd_consent_ids.filtered(
                lambda c: c.state in ("given", "pending")
            ).purpose_id
            targets = purposes.filtered(lambda p: p.lawful_basis != "consent") | (
                purposes & consented
            )
            note = self.env._("Objection, request %s", request.name)
            for purpose in targets:
                partner._rgpd_apply(
                    purpose, "withdrawn", CONSENT_CHANNELS[request.channel], note=note
                )
            request.message_post(
                body=self.env._(
                    "Objection recorded on %(count)s purposes: %(names)s",
                    count=len(targets),
                    names=", ".join(targets.mapped("name")) or "-",
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        self._rgpd_write({"date_processed": fields.Datetime.now()})

    def action_rectify(self):
        """Open the rectification wizard on the contact's details."""
        self.ensure_one()
        self._rgpd_check_processable(("rectification",))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Rectify the Contact"),
            "res_model": "rgpd.dsar.rectify.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def action_view_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Helpers of the mails and pages
    # ------------------------------------------------------------------

    def _rgpd_type_label(self):
        self.ensure_one()
        return dict(self._fields["request_type"]._description_selection(self.env))[
            self.request_type
        ]

    def _rgpd_authority(self):
        """(name, url) of the supervisory authority the person may complain to."""
        self.ensure_one()
        company = self.company_id
        # The company's own authority when the register addon filled it in.
        name = company["rgpd_authority"] if "rgpd_authority" in company._fields else False
        url = company["rgpd_authority_url"] if "rgpd_authority_url" in company._fields else False
        return (name or "CNIL", url or "https://www.cnil.fr/fr/plaintes")

    # ------------------------------------------------------------------
    # Signed download links
    # ------------------------------------------------------------------

    def _rgpd_export_token(self):
        """Signed token of this request's export, valid 7 days."""
        self.ensure_one()
        return sign(
            self.env,
            "rgpd_dsar.export",
            [self.id, self.export_attachment_id.id],
            datetime.timedelta(days=EXPORT_LINK_DAYS),
        )

    def _rgpd_export_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/rgpd/export/{self._rgpd_export_token()}"

    def _rgpd_export_mail_url(self):
        """What a mail shows in place of the signed link: the mail queue
        replaces it when the mail leaves (see mail.mail), so that the link
        never sits in the chatter."""
        self.ensure_one()
        return f"{self.get_base_url()}{EXPORT_LINK_MARKER}"

    @api.model
    def _rgpd_from_export_token(self, token):
        """The request (sudo'ed) a valid export token was signed for, whose
        export is still the one signed; None otherwise."""
        values = read_signed_ids(self.env, "rgpd_dsar.export", token, 2)
        if not values:
            return None
        # sudo: the signature proves the link was made for this request's export.
        request = self.sudo().browse(values[0]).exists()
        if not request or not request._rgpd_export_available():
            return None
        if request.export_attachment_id.id != values[1]:
            return None
        return request

    def _rgpd_export_available(self):
        """Whether the person may download the export: once the answer is sent."""
        self.ensure_one()
        return self.state == "done" and bool(self.export_attachment_id)

    def _rgpd_log_download(self, via, ip_address):
        """Log a download of the export in the request's chatter."""
        self.ensure_one()
        labels = {
            "portal": self.env._("from the customer portal"),
            "link": self.env._("from the signed link of the mail"),
        }
        self._rgpd_write({"export_download_count": self.export_download_count + 1})
        self.message_post(
            body=self.env._(
                "Export downloaded %(via)s (IP address %(ip)s).",
                via=labels[via],
                ip=ip_address or "-",
            ),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------
    # Intake: portal, public page, mail alias
    # ------------------------------------------------------------------

    @api.model
    def _rgpd_match_partner(self, email, company):
        """The one contact of `company` (or shared) with this address, if
        exactly one has it; several or none give no contact (the Officer
        links the request by hand)."""
        normalized = tools.email_normalize(email or "")
        if not normalized:
            return self.env["res.partner"]
        # sudo: matching an address to a contact for the Officer's queue;
        # nothing of the contact is shown to the requester.
        partners = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("email_normalized", "=", normalized),
                    ("company_id", "in", [company.id, False]),
                ],
                limit=2,
            )
        )
        return partners if len(partners) == 1 else self.env["res.partner"]

    @api.model
    def _rgpd_create_from_portal(self, partner, request_type, description):
        """A request filed by a logged-in customer: their identity is known."""
        if request_type not in dict(REQUEST_TYPES):
            raise UserError(self.env._("Choose the type of your request."))
        # sudo: portal customers cannot create requests; the partner is the
        # caller's own (taken from the session by the controller).
        return self.sudo().create(
            {
                "partner_id": partner.id,
                "requester_name": partner.name,
                "requester_email": partner.email,
                "lang": partner.lang,
                "request_type": request_type,
                "description": (description or "").strip()[:INTAKE_MESSAGE_MAX] or False,
                "channel": "portal",
                "identity_verified": True,
                "identity_method": "account",
                "company_id": (partner.company_id or self.env.company).id,
            }
        )

    @api.model
    def _rgpd_intake_token(self, values):
        """Signed link data of a public request awaiting its address's
        confirmation: nothing is stored until the person confirms."""
        return sign(self.env, "rgpd_dsar.intake", values, datetime.timedelta(days=INTAKE_LINK_DAYS))

    @api.model
    def _rgpd_from_intake_token(self, token):
        """The request values a valid confirmation token carries, or None."""
        values = read_signed(self.env, "rgpd_dsar.intake", token)
        keys = {"name", "email", "request_type", "description", "lang", "company_id"}
        if not (isinstance(values, dict) and set(values) == keys):
            return None
        if values["request_type"] not in dict(REQUEST_TYPES):
            return None
        return values

    @api.model
    def _rgpd_send_intake_confirmation(self, name, email, token):
        """Mail the confirmation link of a public request to `email`, in the
        language of the page. No contact is created or looked up."""
        base_url = self.get_base_url()
        body = self.env["ir.qweb"]._render(
            "rgpd_dsar.mail_body_intake_confirm",
            {
                "name": name,
                "url": f"{base_url}/rgpd/request/confirm/{token}",
                "company": self.env.company,
                "days": INTAKE_LINK_DAYS,
            },
        )
        # sudo: the public page sends this one mail to the address typed in.
        self.env["mail.mail"].sudo().create(
            {
                "subject": self.env._("%s: confirm your request", self.env.company.name),
                "email_from": self.env.company.email_formatted
                or self.env.ref("base.partner_root").email_formatted,
                "email_to": tools.formataddr((name, email)),
                "body_html": body,
                "auto_delete": True,
            }
        )

    @api.model
    def _rgpd_intake_key(self, token):
        return hashlib.sha256(token.encode()).hexdigest()

    @api.model
    def _rgpd_create_from_intake(self, token, values):
        """Queue the public request of a confirmed confirmation link; the
        same link twice gives the request already made."""
        key = self._rgpd_intake_key(token)
        # sudo: the public confirms through the signed link; the request it
        # makes is read back for this link only.
        Request = self.sudo()
        existing = Request.search([("intake_key", "=", key)])
        if existing:
            return existing
        company = self.env["res.company"].sudo().browse(values["company_id"]).exists()
        company = company or self.env.company
        partner = self._rgpd_match_partner(values["email"], company)
        return Request.create(
            {
                "partner_id": partner.id,
                "requester_name": values["name"],
                "requester_email": values["email"],
                "lang": values["lang"],
                "request_type": values["request_type"],
                "description": values["description"] or False,
                "channel": "web_form",
                # The link reached the address: the person controls it.
                "identity_verified": bool(partner),
                "identity_method": partner and "email_link",
                "company_id": company.id,
                "intake_key": key,
            }
        )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to the request mailbox opens a request. A sender's address
        can be forged, so its identity is left to be verified."""
        email = tools.email_normalize(msg_dict.get("email_from") or "") or False
        name = tools.parse_contact_from_email(msg_dict.get("email_from") or "")[0]
        company = self.env["res.company"].browse((custom_values or {}).get("company_id"))
        company = company or self.env.company
        partner = self._rgpd_match_partner(email, company)
        values = {
            "requester_name": name or email,
            "requester_email": email,
            "partner_id": partner.id,
            "request_type": "access",
            "channel": "email",
            "description": tools.html2plaintext(msg_dict.get("body") or "")[:INTAKE_MESSAGE_MAX]
            or msg_dict.get("subject"),
            **(custom_values or {}),
            # The sequence names the request, not the mail's subject.
            "name": "/",
        }
        return super().message_new(msg_dict, custom_values=values)

    # ------------------------------------------------------------------
    # Access and portability (Art. 15 and 20): the export
    # ------------------------------------------------------------------

    def _rgpd_export_data(self):
        """Everything the personal-data map finds about the request's contact,
        model by model: {"models": [{"model", "model_name", "fields":
        {name: label}, "records": [{name: value}]}], ...}, values as JSON
        types, in the person's language."""
        self.ensure_one()
        partner = self.partner_id
        found = self.env["rgpd.data.map"]._rgpd_find(partner)
        by_model = {}
        for entry, records in found.items():
            group = by_model.setdefault(
                entry.model,
                {"entry": entry, "fields": {}, "records": records.browse()},
            )
            group["fields"].setdefault(entry.field_name, entry.field_id)
            group["records"] |= records
        models_data = []
        for model, group in sorted(by_model.items()):
            records = group["records"].with_context(lang=self.lang, active_test=False)
            fields_map = records._fields
            names = [name for name in group["fields"] if name in fields_map]
            labels = {
                name: fields_map[name].get_description(records.env)["string"] for name in names
            }
            rows = []
            for record in records.sorted("id"):
                row = {"id": record.id, "display_name": record.display_name}
                row.update(
                    (name, self._rgpd_json_value(record, fields_map[name])) for name in names
                )
                rows.append(row)
            models_data.append(
                {
                    "model": model,
                    "model_name": self.env["ir.model"]
                    ._get(model)
                    .with_context(lang=self.lang)
                    .name,
                    "fields": {"id": "ID", "display_name": self.env._("Name"), **labels},
                    "records": rows,
                }
            )
        return {
            "request": self.name,
            "generated_on": fields.Datetime.now().isoformat(),
            "company": self.company_id.name,
            "data_subject": partner.display_name,
            "models": models_data,
        }

    @api.model
    def _rgpd_json_value(self, record, field):
        """One field of one record as a JSON value a person can read."""
        value = record[field.name]
        if field.type == "many2one":
            return value.display_name or None
        if field.type in ("one2many", "many2many"):
            return value.mapped("display_name")
        if field.type in ("date", "datetime"):
            return value.isoformat() if value else None
        if field.type == "binary":
            return value.decode() if isinstance(value, bytes) else value or None
        if field.type == "selection" and value:
            return dict(field._description_selection(record.env)).get(value, value)
        if field.type == "html":
            return html2plaintext(value) if value else None
        if value is False and field.type != "boolean":
            return None
        return value

    @api.model
    def _rgpd_csv(self, model_data):
        """One model's records as CSV, UTF-8 with a BOM so that spreadsheets
        read the accents."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        names = list(model_data["fields"])
        writer.writerow([model_data["fields"][name] for name in names])
        for row in model_data["records"]:
            writer.writerow(
                [
                    json.dumps(row[name], ensure_ascii=False)
                    if isinstance(row[name], (list, dict))
                    else ("" if row[name] is None else row[name])
                    for name in names
                ]
            )
        return buffer.getvalue().encode("utf-8-sig")

    def _rgpd_export_zip(self, data):
        """The ZIP the person receives: the JSON, one CSV per model, the PDF."""
        self.ensure_one()
        pdf, _report_type = (
            self.env["ir.actions.report"]
            .with_context(lang=self.lang)
            ._render_qweb_pdf(
                "rgpd_dsar.action_report_dsar_export", self.ids, data={"rgpd_export": data}
            )
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "personal_data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str)
            )
            for model_data in data["models"]:
                archive.writestr(f"csv/{model_data['model']}.csv", self._rgpd_csv(model_data))
            archive.writestr("personal_data.pdf", pdf)
        return buffer.getvalue()

    def action_generate_export(self):
        """Gather the contact's personal data and attach it to the request as
        one ZIP (JSON, CSV per model, readable PDF with the Art. 15
        information). A new export replaces the previous one."""
        self._rgpd_check_processable(("access", "portability"))
        for request in self:
            data = request._rgpd_export_data()
            if not data["models"]:
                raise UserError(
                    self.env._(
                        "The personal-data map finds no data about %s: nothing to export. "
                        "Answer the person that you hold no data about them.",
                        request.partner_id.display_name,
                    )
                )
            content = request._rgpd_export_zip(data)
            old = request.export_attachment_id
            # sudo: the export is the request's own file; Officers may not
            # hold the rights of every model its data came from.
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": f"{request.name.replace('/', '-')}-personal-data.zip",
                        "raw": content,
                        "mimetype": "application/zip",
                        "res_model": request._name,
                        "res_id": request.id,
                    }
                )
            )
            request._rgpd_write(
                {
                    "export_attachment_id": attachment.id,
                    "date_processed": fields.Datetime.now(),
                }
            )
            old.sudo().unlink()
            count = sum(len(model["records"]) for model in data["models"])
            request.message_post(
                body=self.env._(
                    "Export generated: %(count)s records from %(models)s models.",
                    count=count,
                    models=len(data["models"]),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _rgpd_export_report_values(self, data):
        """What the readable PDF shows besides the data (GDPR Art. 15(1)):
        purposes, lawful bases, consents and their history, categories of
        data, recipients, retention periods, source, rights."""
        self.ensure_one()
        partner = self.partner_id
        # sudo: the purposes, consents and policies concerning the person are
        # what Art. 15 requires to give them.
        purposes = (
            self.env["rgpd.purpose"]
            .sudo()
            .with_context(lang=self.lang, active_test=False)
            .search([("company_id", "in", [self.company_id.id, False])])
        )
        consents = (
            self.env["rgpd.consent"]
            .sudo()
            .with_context(lang=self.lang)
            .search([("partner_id", "=", partner.id)])
        )
        purposes = purposes.filtered("active") | consents.purpose_id
        found = self.env["rgpd.data.map"]._rgpd_find(partner)
        category_labels = dict(
            self.env["rgpd.data.map"]
            ._fields["category"]
            ._description_selection(self.with_context(lang=self.lang).env)
        )
        categories = sorted({category_labels[entry.category] for entry in found})
        channels = sorted(set(consents.event_ids.mapped("channel")) - {False})
        channel_labels = dict(
            self.env["rgpd.consent"]
            ._fields["channel"]
            ._description_selection(self.with_context(lang=self.lang).env)
        )
        return {
            "dsar": self.with_context(lang=self.lang),
            "partner": partner,
            "export": data,
            "purposes": purposes,
            "consents": consents,
            "consent_by_purpose": {consent.purpose_id.id: consent for consent in consents},
            "lawful_bases": dict(
                purposes._fields["lawful_basis"]._description_selection(
                    self.with_context(lang=self.lang).env
                )
            ),
            "consent_states": dict(
                consents._fields["state"]._description_selection(
                    self.with_context(lang=self.lang).env
                )
            ),
            "categories": categories,
            "sources": [channel_labels[channel] for channel in channels],
            "authority": self._rgpd_authority(),
        }

    # ------------------------------------------------------------------
    # Erasure (Art. 17) and its certificate
    # ------------------------------------------------------------------

    def action_erase(self):
        """Anonymize the contact through the retention engine, then search
        every text column of the database for the person's former name,
        email and phone, and record where something remains (tables and
        columns, never the values) and what was kept, and why."""
        self._rgpd_check_processable(("erasure",))
        Map = self.env["rgpd.data.map"]
        for request in self:
            partner = request.partner_id.with_context(active_test=False)
            people = partner | partner.child_ids
            former = sorted(
                {
                    value.strip()
                    for person in people
                    # The phone also as stored for searches (+33611223344).
                    for value in (person.name, person.email, person.phone, person.phone_sanitized)
                    if value and len(value.strip()) >= 3
                }
            )
            logs = partner.rgpd_anonymize(
                self.env._("Erasure request %s (GDPR Art. 17)", request.name), origin=request
            )
            if logs and all(log.outcome == "held" for log in logs):
                # A legal hold set by the Officer keeps everything: nothing
                # was erased, the request is to be refused with that reason.
                request._rgpd_write({"erasure_log_ids": [fields.Command.set(logs.ids)]})
                request.message_post(
                    body=self.env._(
                        "Nothing was erased: the contact is under a legal hold (%s). "
                        "Refuse the request with this reason, or lift the hold first.",
                        partner.rgpd_hold_summary or "-",
                    ),
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
                continue
            residue = Map._rgpd_scan_database(former)
            kept = "\n".join(log.kept_summary for log in logs if log.kept_summary)
            request._rgpd_write(
                {
                    "erasure_log_ids": [fields.Command.set(logs.ids)],
                    "erasure_residue": "\n".join(residue),
                    "erasure_scanned_values": len(former),
                    "erasure_kept": kept,
                    "date_processed": fields.Datetime.now(),
                }
            )
            request.message_post(
                body=self.env._(
                    "Erasure done: %(values)s former values searched in every text column of "
                    "the database; found in %(count)s columns.",
                    values=len(former),
                    count=len(residue),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return True
