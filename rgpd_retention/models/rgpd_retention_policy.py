# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import random
import time
from contextlib import closing

from dateutil.relativedelta import relativedelta
from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.sql_db import db_connect
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from odoo.addons.rgpd_consent import system_fields

from .res_partner import check_officer

_logger = logging.getLogger(__name__)

BATCH_SIZE = 500
DUE_SOON_DAYS = 30
POLICY_MODELS = ("res.partner", "crm.lead")
# The first key of the advisory locks that say who runs a policy ("RGPD").
RUN_LOCK = 0x52475044
# A batch that meets another worker's transaction (a row it changed since
# this one began) is rolled back and claimed again, as Odoo retries a request.
CONCURRENCY_TRIES = 5
# Written by the policy run only (see system_fields).
RUN_FIELDS = {"last_run_date", "last_run_log_id", "last_run_notified"}
DURATION_UNITS = [("days", "Days"), ("months", "Months"), ("years", "Years")]
ACTIONS = [("anonymize", "Anonymize"), ("archive", "Archive"), ("delete", "Delete")]


class RgpdRetentionPolicy(models.Model):
    """How long the data of a purpose is kept, and what happens to the
    records once the period is over. A daily scheduled action runs the
    active policies in batches."""

    _name = "rgpd.retention.policy"
    _description = "Retention Policy"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    purpose_id = fields.Many2one("rgpd.purpose", index=True, tracking=True)
    model_id = fields.Many2one(
        "ir.model",
        string="Applies To",
        required=True,
        ondelete="cascade",
        domain=[("model", "in", POLICY_MODELS)],
        default=lambda self: self.env["ir.model"]._get("res.partner"),
        tracking=True,
    )
    model = fields.Char(related="model_id.model", store=True, string="Model Name")
    domain = fields.Char(
        default="[]",
        tracking=True,
        help="Which records of the model the policy applies to.",
    )
    date_field_id = fields.Many2one(
        "ir.model.fields",
        string="Reference Date",
        ondelete="cascade",
        domain="[('model_id', '=', model_id), ('ttype', 'in', ('date', 'datetime')), "
        "('store', '=', True)]",
        tracking=True,
        help="The date the period runs from. Empty: the contact's last activity (contacts only).",
    )
    duration_value = fields.Integer(string="Duration", required=True, default=3, tracking=True)
    duration_unit = fields.Selection(DURATION_UNITS, required=True, default="years", tracking=True)
    action = fields.Selection(
        ACTIONS,
        required=True,
        default="anonymize",
        tracking=True,
        help="A contact that cannot be deleted (consents, invoices) is anonymized instead.",
    )
    notice_days = fields.Integer(
        string="Advance Notice (days)",
        tracking=True,
        help="This many days before, mail the person a link to keep their data "
        "(contacts with an email only). 0: no notice.",
    )
    retention_label = fields.Char(string="Retention", compute="_compute_retention_label")
    # The run figures are written once per run, by the worker that starts it
    # (under a lock the others skip); what the run did is counted from its
    # logs, so that no worker writes this row after each batch.
    last_run_date = fields.Datetime(readonly=True, copy=False, help="When the last run started.")
    last_run_log_id = fields.Integer(
        readonly=True,
        copy=False,
        help="The last retention log written before the last run started: the "
        "run's own logs come after it.",
    )
    last_run_done = fields.Integer(string="Processed", compute="_compute_last_run")
    last_run_failed = fields.Integer(string="Failed", compute="_compute_last_run")
    last_run_notified = fields.Integer(string="Notified", readonly=True, copy=False)
    due_count = fields.Integer(string="Due Today", compute="_compute_due_counts")
    due_soon_count = fields.Integer(string="Due in 30 Days", compute="_compute_due_counts")
    log_ids = fields.One2many("rgpd.retention.log", "policy_id", string="Logs")
    log_count = fields.Integer(compute="_compute_log_count")

    @api.depends("duration_value", "duration_unit", "date_field_id", "model")
    @api.depends_context("lang")
    def _compute_retention_label(self):
        units = {
            "days": self.env._("days"),
            "months": self.env._("months"),
            "years": self.env._("years"),
        }
        for policy in self:
            reference = (
                policy.date_field_id.field_description
                if policy.date_field_id
                else self.env._("the last activity")
            )
            policy.retention_label = self.env._(
                "%(value)s %(unit)s after %(reference)s",
                value=policy.duration_value,
                unit=units.get(policy.duration_unit, ""),
                reference=reference,
            )

    @api.constrains(
        "model_id", "domain", "date_field_id", "action", "duration_value", "notice_days"
    )
    def _check_policy(self):
        for policy in self:
            if policy.duration_value <= 0:
                raise ValidationError(self.env._("The retention period must be longer than zero."))
            if policy.notice_days < 0:
                raise ValidationError(self.env._("The advance notice cannot be negative."))
            if policy.model not in POLICY_MODELS or policy.model not in self.env:
                raise ValidationError(
                    self.env._("A retention policy applies to contacts or leads.")
                )
            if policy.date_field_id and policy.date_field_id.model_id != policy.model_id:
                raise ValidationError(
                    self.env._(
                        "The reference date %(field)s is not a field of %(model)s.",
                        field=policy.date_field_id.field_description,
                        model=policy.model_id.name,
                    )
                )
            if not policy.date_field_id and policy.model != "res.partner":
                raise ValidationError(
                    self.env._("Choose the reference date: only contacts have a last activity.")
                )
            policy._rgpd_domain()

    def _rgpd_domain(self):
        """The policy's own domain, or a clear error when it does not evaluate."""
        self.ensure_one()
        try:
            domain = Domain(safe_eval(self.domain or "[]"))
            domain.validate(self.env[self.model])
        except Exception as error:
            raise ValidationError(
                self.env._(
                    "The domain of the policy %(name)s is not valid: %(error)s",
                    name=self.name,
                    error=error,
                )
            ) from error
        return domain

    def _rgpd_cutoff(self, days_ahead=0):
        """Records whose reference date is before this date are due."""
        self.ensure_one()
        today = fields.Datetime.now() + relativedelta(days=days_ahead)
        return today - relativedelta(**{self.duration_unit: self.duration_value})

    def _rgpd_due_domain(self, days_ahead=0, noticed=True):
        """The records this policy processes today (or in `days_ahead` days):
        the one rule used by the cron, the preview and the counts. With an
        advance notice, a contact with an email is due only once the notice
        of this period was sent `notice_days` ago (unless `noticed` is False)."""
        self.ensure_one()
        date_field = self.date_field_id.name or "rgpd_last_activity_date"
        domain = self._rgpd_domain() & Domain(date_field, "<", self._rgpd_cutoff(days_ahead))
        if self.company_id:
            domain &= Domain("company_id", "in", [self.company_id.id, False])
        if self.action == "archive":
            domain &= Domain("active", "=", True)
        if self.model == "res.partner":
            today = fields.Date.context_today(self)
            # sudo: companies' and internal users' partners are never processed.
            companies = self.env["res.company"].sudo().with_context(active_test=False)
            domain &= (
                Domain("rgpd_anonymized", "=", False)
                & (
                    Domain("rgpd_legal_hold", "=", False)
                    | Domain("rgpd_legal_hold_until", "<", today)
                )
                & Domain("id", "not in", companies.search([("id", "!=", 0)]).partner_id.ids)
                & Domain("user_ids", "not any", [("share", "=", False)])
            )
            if self.notice_days and noticed:
                now = fields.Datetime.now()
                domain &= Domain("email", "=", False) | (
                    Domain("rgpd_notice_date", "<=", now - relativedelta(days=self.notice_days))
                    & Domain("rgpd_notice_date", ">=", self._rgpd_cutoff())
                )
        return domain

    def _rgpd_model(self):
        self.ensure_one()
        return self.env[self.model].with_context(active_test=self.action != "anonymize")

    def _compute_due_counts(self):
        for policy in self:
            if not policy.model or policy.model not in self.env:
                policy.due_count = policy.due_soon_count = 0
                continue
            # sudo: the figures count every record the policy will process,
            # as its scheduled action does (an Officer without CRM rights
            # still sees how many leads are due); counts only, no record.
            Model = policy._rgpd_model().sudo()
            policy.due_count = Model.search_count(policy._rgpd_due_domain())
            policy.due_soon_count = (
                Model.search_count(policy._rgpd_due_domain(DUE_SOON_DAYS)) - policy.due_count
            )

    def _compute_last_run(self):
        """Records processed and failed by the last run, from its logs (all
        workers together). A policy last run before the runs were stamped
        (no `last_run_log_id`) shows nothing until its next run."""
        ids = [policy_id for policy_id in self.ids if isinstance(policy_id, int)]
        counts = {}
        if ids:
            self.env["rgpd.retention.log"].flush_model(["policy_id", "outcome"])
            self.flush_model(["last_run_date", "last_run_log_id"])
            # Counts only, of the logs of these policies: read in SQL.
            counts = {
                row[0]: row[1:]
                for row in self.env.execute_query(
                    SQL(
                        """
                        SELECT p.id, count(*) FILTER (WHERE l.outcome != 'failed'),
                               count(*) FILTER (WHERE l.outcome = 'failed')
                          FROM rgpd_retention_policy p
                          JOIN rgpd_retention_log l
                            ON l.policy_id = p.id AND l.id > p.last_run_log_id
                         WHERE p.id = ANY(%s) AND p.last_run_log_id IS NOT NULL
                         GROUP BY p.id
                        """,
                        ids,
                    )
                )
            }
        for policy in self:
            policy.last_run_done, policy.last_run_failed = counts.get(policy._origin.id, (0, 0))

    @api.model_create_multi
    def create(self, vals_list):
        model = system_fields.check_create(self, vals_list, RUN_FIELDS)
        return super(RgpdRetentionPolicy, model).create(vals_list)

    def write(self, vals):
        system_fields.check_write(self, vals, RUN_FIELDS)
        return super().write(vals)

    def _compute_log_count(self):
        counts = dict(
            self.env["rgpd.retention.log"]._read_group(
                [("policy_id", "in", self.ids)], ["policy_id"], ["__count"]
            )
        )
        for policy in self:
            policy.log_count = counts.get(policy, 0)

    def action_preview(self):
        """The records this policy would process today, with the date that
        makes them due; nothing is changed."""
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Due today: %(policy)s", policy=self.name),
            "res_model": self.model,
            "view_mode": "list,form",
            "domain": self._rgpd_due_domain(),
            "context": {"active_test": self.action != "anonymize", "create": False},
        }
        if self.model == "res.partner":
            action["views"] = [
                (self.env.ref("rgpd_retention.res_partner_view_list_retention").id, "list"),
                (False, "form"),
            ]
        return action

    def action_view_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "rgpd_retention.rgpd_retention_log_action"
        )
        action["domain"] = [("policy_id", "=", self.id)]
        return action

    def action_run(self):
        """Run the active policies now, in the background (the scheduled
        action, as the system): an Officer's act, like an anonymization."""
        check_officer(
            self.env, self.env._("Only the Privacy Officer may run the retention policies.")
        )
        self.env.ref("rgpd_retention.ir_cron_retention_policies")._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._("The retention policies run in the background."),
            },
        }

    # ------------------------------------------------------------------
    # The scheduled action
    # ------------------------------------------------------------------

    @api.model
    def _cron_run(self, batch_size=BATCH_SIZE):
        """Run every active policy in batches of `batch_size`, committing
        after each batch. Several workers (Odoo processes, cron threads) may
        run it at once on one database: they share the work of each policy
        (see `_rgpd_run`)."""
        # sudo: the cron works for every company and every record.
        policies = self.sudo().search([("active", "=", True)], order="sequence, id")
        for policy in policies:
            if not policy._rgpd_run(batch_size):
                return

    def _rgpd_run(self, batch_size=BATCH_SIZE):
        """Run this policy, alone or beside other workers, and return False
        when the cron's time is up.

        The first worker to come starts the run: it sends the advance
        notices and stamps the run (its date, the last log before it), once,
        under an exclusive advisory lock; the workers that come while the run
        goes on hold the same lock shared, skip both, and join the run. Each
        batch is claimed with row locks that other workers skip, and never
        takes a record that a worker of the same run has already logged
        (done, held or failed): each record is processed once per run. A
        batch is one transaction: a worker killed in the middle leaves its
        batch untouched, and the locks go with its connection, so the next
        run takes the batch. The run's figures are counted from its logs
        (`_compute_last_run`): no worker writes the policy after a batch."""
        self.ensure_one()
        cron = self.env["ir.cron"]
        # The advisory locks live on their own connection: they outlast the
        # commits of the batches, and PostgreSQL drops them with the
        # connection when the worker dies.
        with closing(db_connect(self.env.cr.dbname).cursor()) as lock_cr:
            try:
                lock_cr.execute(SQL("SELECT pg_try_advisory_lock(%s, %s)", RUN_LOCK, self.id))
                starts = lock_cr.fetchone()[0]
                lock_cr.commit()
                if starts and not self._rgpd_start_run():
                    return True
                # Waits while a worker starting the run sends the notices.
                lock_cr.execute(SQL("SELECT pg_advisory_lock_shared(%s, %s)", RUN_LOCK, self.id))
                if starts:
                    lock_cr.execute(SQL("SELECT pg_advisory_unlock(%s, %s)", RUN_LOCK, self.id))
                lock_cr.commit()
                # A new transaction, that sees the run's stamp and what the
                # other workers did until now.
                cron._commit_progress()
                return self._rgpd_run_batches(batch_size, joins=not starts)
            finally:
                lock_cr.rollback()
                lock_cr.execute(SQL("SELECT pg_advisory_unlock_all()"))
                lock_cr.commit()

    def _rgpd_start_run(self):
        """Send the notices and stamp a new run (the worker that starts it
        only); False when the policy cannot run."""
        self.ensure_one()
        try:
            notified = self._rgpd_send_notices()
            self._rgpd_due_domain()
        except ValidationError as error:
            # A domain broken since it was saved (a field removed with its
            # app): the policy waits for the Officer, the others run.
            self.message_post(body=self.env._("Not run: %(error)s", error=str(error)))
            self.env["ir.cron"]._commit_progress()
            return False
        self.env.flush_all()
        [last_log_id] = self.env.execute_query(
            SQL("SELECT COALESCE(max(id), 0) FROM rgpd_retention_log")
        )[0]
        # sudo: the run figures are system fields, written by the run itself.
        self.sudo().write(
            {
                "last_run_date": fields.Datetime.now(),
                "last_run_log_id": last_log_id,
                "last_run_notified": notified,
            }
        )
        self.env["ir.cron"]._commit_progress()
        return True

    def _rgpd_run_batches(self, batch_size, joins=False):
        """The batches of one worker, until nothing is left to claim; False
        when the cron's time is up. `joins`: other workers run already."""
        self.ensure_one()
        cron = self.env["ir.cron"]
        try:
            # What is due is computed once per worker (the last activity of
            # every contact is one aggregate query); each batch then claims
            # among those records the ones still to process.
            due = self._rgpd_model()._search(self._rgpd_due_domain()).get_result_ids()
        except ValidationError:
            return True  # said in the chatter by the worker that started the run
        [run_log_id] = self.env.execute_query(
            SQL(
                "SELECT COALESCE(last_run_log_id, 0) FROM rgpd_retention_policy WHERE id = %s",
                self.id,
            )
        )[0]
        cron._commit_progress(remaining=len(due))
        # The worker that started the run takes the records in order; each
        # one that joins starts at its own place in the list, so that the
        # workers rarely pass over the batches that others are committing.
        start = random.choice(due) if joins and due else None
        claimed = set()
        while True:
            for attempt in range(1, CONCURRENCY_TRIES + 1):
                try:
                    batch = self._rgpd_claim(
                        batch_size, claimed, among=due, run_log_id=run_log_id, start=start
                    )
                    if batch:
                        self._rgpd_process(batch)
                        self.env.flush_all()
                    break
                except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
                    # Another worker committed a record of this batch, or a
                    # row the batch changes (a message naming two persons),
                    # since this transaction began: only this batch is lost,
                    # the previous ones are committed.
                    self.env.cr.rollback()
                    if attempt == CONCURRENCY_TRIES:
                        raise
                    _logger.info(
                        "Retention policy %s: batch met another worker (%s), claimed again",
                        self.id,
                        error.pgcode,
                    )
                    time.sleep(random.uniform(0, 0.05 * 2**attempt))
            if not batch:
                return True
            claimed |= set(batch.ids)
            if not cron._commit_progress(len(batch)):
                return False

    def _rgpd_claim(self, limit, skip=(), among=None, run_log_id=None, start=None):
        """Lock and return up to `limit` due records that no other
        transaction holds (FOR UPDATE SKIP LOCKED). With `among` (the ids
        found due at the start of the run), only the records still to
        process are checked again, not the whole due rule. With `run_log_id`
        (the last log before the run), a record that a worker of this run
        has logged is not taken again. Records are taken in the order of
        their ids, from `start` on, then from the first.

        Run it first in a transaction: as Odoo's own cron workers when they
        take a job, a worker may find a record that another one committed
        since this transaction began (SerializationFailure, not logged as
        an error); roll back and claim again."""
        self.ensure_one()
        Model = self._rgpd_model()
        if among is None:
            domain = self._rgpd_due_domain()
        else:
            # The ids as one array parameter: an IN list of 10,000 literals
            # was a tenth of a batch (quoted, then planned, at every claim).
            domain = Domain.TRUE
            if self.action == "anonymize":
                domain &= Domain("rgpd_anonymized", "=", False)
            elif self.action == "archive":
                domain &= Domain("active", "=", True)
        query = Model._search(domain, order="id")
        query.limit = limit
        record_id = SQL.identifier(Model._table, "id")
        if among is not None:
            query.add_where(SQL("%s = ANY(%s::int[])", record_id, list(among)))
        if start:
            query.order = SQL("%s < %s, %s", record_id, start, record_id)
        if skip:
            query.add_where(SQL("%s != ALL(%s)", record_id, list(skip)))
        if run_log_id is not None:
            target = (
                SQL("l.partner_ref = %s", record_id)
                if Model._name == "res.partner"
                else SQL("l.record_ref = %s || %s", f"{Model._name},", record_id)
            )
            query.add_where(
                SQL(
                    """NOT EXISTS (SELECT FROM rgpd_retention_log l
                                    WHERE l.policy_id = %s AND l.id > %s AND %s)""",
                    self.id,
                    run_log_id,
                    target,
                )
            )
        self.env.flush_all()
        self.env.cr.execute(
            SQL("%s FOR UPDATE OF %s SKIP LOCKED", query.select(), SQL.identifier(Model._table)),
            log_exceptions=False,
        )
        return Model.browse([row[0] for row in self.env.cr.fetchall()])

    def _rgpd_process(self, records):
        """Apply the policy's action to `records`: the whole batch at once,
        or one by one when the batch fails, logging and skipping the records
        that fail. Returns (processed, failed)."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self._rgpd_apply_action(records)
            return records, records.browse()
        except (UserError, ValidationError, errors.IntegrityError, errors.InternalError):
            _logger.info("Retention policy %s: batch failed, retrying one by one", self.id)
        processed = failed = records.browse()
        for record in records:
            try:
                with self.env.cr.savepoint():
                    self._rgpd_apply_action(record)
                processed |= record
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                raise  # another worker's transaction, not this record: see _rgpd_run_batches
            except Exception as error:  # noqa: BLE001 - logged with its record, then skipped
                _logger.warning("Retention policy %s failed on %s: %s", self.id, record, error)
                failed |= record
                self.env["rgpd.retention.log"].sudo().create(
                    {
                        **self._rgpd_log_target(record),
                        "policy_id": self.id,
                        "reason": self.name,
                        "outcome": "failed",
                        "error": str(error),
                    }
                )
        return processed, failed

    def _rgpd_log_target(self, record):
        if record._name == "res.partner":
            return {"partner_id": record.id, "partner_ref": record.id}
        return {"record_ref": f"{record._name},{record.id}"}

    def _rgpd_apply_action(self, records):
        """Anonymize, archive or delete `records`; a contact that cannot be
        deleted is anonymized instead, and its log says so."""
        self.ensure_one()
        # The log's reason is stored: in the company's language.
        lang_env = self.with_context(lang=self.env.company._rgpd_lang()).env
        reason = lang_env._("Retention policy: %(name)s", name=self.name)
        Log = self.env["rgpd.retention.log"].sudo()
        if self.action == "anonymize":
            if records._name == "res.partner":
                return records.rgpd_anonymize(reason, policy=self)
            return records._rgpd_anonymize_records(reason, policy=self)
        if self.action == "archive":
            records.with_context(tracking_disable=True).action_archive()
            return Log.create(
                [
                    {
                        **self._rgpd_log_target(record),
                        "policy_id": self.id,
                        "reason": reason,
                        "outcome": "archived",
                    }
                    for record in records
                ]
            )
        undeletable = records._rgpd_undeletable() if records._name == "res.partner" else {}
        deletable = records.filtered(lambda r: r.id not in undeletable)
        # The log outlives the record: it keeps its id only.
        logs_vals = [
            {
                **self._rgpd_log_target(r),
                "partner_id": False,
                "record_ref": False,
                "policy_id": self.id,
                "reason": reason,
                "outcome": "deleted",
            }
            for r in deletable
        ]
        deletable.unlink()
        logs = Log.create(logs_vals)
        for partner in records - deletable:
            logs |= partner.rgpd_anonymize(
                lang_env._(
                    "%(reason)s. Anonymized instead of deleted: %(why)s",
                    reason=reason,
                    why=undeletable[partner.id],
                ),
                policy=self,
            )
        return logs

    # ------------------------------------------------------------------
    # Advance notice
    # ------------------------------------------------------------------

    def _rgpd_send_notices(self):
        """Mail the contacts due within the notice period a link to keep
        their data, once per period (a kept contact is due again later).
        Returns how many were mailed."""
        self.ensure_one()
        if not self.notice_days or self.model != "res.partner":
            return 0
        Partner = self.env["res.partner"]
        domain = (
            self._rgpd_due_domain(self.notice_days, noticed=False)
            & Domain("email", "!=", False)
            & (
                Domain("rgpd_notice_date", "=", False)
                | Domain("rgpd_notice_date", "<", self._rgpd_cutoff())
            )
        )
        partners = Partner.search(domain)
        if not partners:
            return 0
        template = self.env.ref("rgpd_retention.mail_template_retention_notice")
        template.with_context(rgpd_policy_id=self.id).send_mail_batch(partners.ids)
        # sudo: the notice date is a system field, written by the policy run
        # (the cron, or an Officer: see action_run) that sent the notice.
        partners.sudo().with_context(tracking_disable=True).write(
            {"rgpd_notice_date": fields.Datetime.now()}
        )
        return len(partners)

    @api.model
    def _rgpd_demo_backdate(self, partner_ids, years):
        """Demo data: make these contacts created `years` ago, with no activity since."""
        self.env["res.partner"].flush_model()
        self.env.execute_query(
            SQL(
                "UPDATE res_partner SET create_date = create_date - %s * interval '1 year' "
                "WHERE id = ANY(%s)",
                years,
                partner_ids,
            )
        )
        self.env["res.partner"].invalidate_model(["create_date"])
