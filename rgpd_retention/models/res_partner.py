# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, hmac

PSEUDONYM = "Anonymized contact #"
ANONYMIZED_LOGIN = "anonymized-user-%s"
# Code de commerce L123-22: accounting documents are kept 10 years.
INVOICE_RETENTION_YEARS = 10
INVOICE_TYPES = ("out_invoice", "out_refund", "in_invoice", "in_refund")
HOLD_FIELDS = {"rgpd_legal_hold", "rgpd_legal_hold_reason", "rgpd_legal_hold_until"}
# What the engine changes through the ORM, for its side effects: users
# (archived, login freed), attachments (their files), consent events (the
# ledger's own scrub).
ORM_MODELS = ("ir.attachment", "rgpd.consent.event")
ORM_FIELDS = {("res.users", "login")}
# Channels where the person acts themself.
SELF_SERVICE_CHANNELS = ("portal", "form")


class ResPartner(models.Model):
    _inherit = "res.partner"

    rgpd_anonymized = fields.Boolean(string="Anonymized", readonly=True, copy=False, index=True)
    rgpd_anonymized_date = fields.Datetime(string="Anonymized On", readonly=True, copy=False)
    rgpd_legal_hold = fields.Boolean(
        string="Legal Hold",
        copy=False,
        tracking=True,
        help="Keep this contact's data whatever the retention policies say "
        "(litigation, legal obligation). Only the Privacy Officer sets it.",
    )
    rgpd_legal_hold_reason = fields.Char(string="Hold Reason", copy=False, tracking=True)
    rgpd_legal_hold_until = fields.Date(
        string="Hold Until",
        copy=False,
        tracking=True,
        help="Empty: until the Officer lifts the hold.",
    )
    rgpd_hold_summary = fields.Char(
        string="Why Kept",
        compute="_compute_rgpd_hold_summary",
        help="The legal hold, or the accounting documents, that keep this contact's data.",
    )
    rgpd_previously_erased = fields.Boolean(
        string="Previously Erased",
        readonly=True,
        copy=False,
        index=True,
        help="A person with this email or phone was erased before: they are "
        "not asked for consent again until they give it themself.",
    )

    # ------------------------------------------------------------------
    # Legal holds
    # ------------------------------------------------------------------

    def _rgpd_manual_hold(self):
        """The partners of this recordset under a legal hold set by the Officer."""
        today = fields.Date.context_today(self)
        return self.filtered(
            lambda p: (
                p.rgpd_legal_hold
                and (not p.rgpd_legal_hold_until or p.rgpd_legal_hold_until >= today)
            )
        )

    def _rgpd_invoice_hold(self):
        """{partner id: (date until which the name and address are kept, number
        of documents)} for these partners (and child contacts) named on posted
        invoices or credit notes younger than their legal retention period."""
        if "account.move" not in self.env or not self:
            return {}
        Move = self.env["account.move"]
        Move.flush_model(
            ["partner_id", "commercial_partner_id", "state", "move_type", "invoice_date"]
        )
        limit = fields.Date.context_today(self) - relativedelta(years=INVOICE_RETENTION_YEARS)
        tree = self.env["rgpd.data.map"]._rgpd_tree(self.ids)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT t.root, max(m.invoice_date), count(DISTINCT m.id)
                  FROM unnest(%s::int[], %s::int[]) AS t(id, root)
                  JOIN account_move m ON t.id IN (m.partner_id, m.commercial_partner_id)
                 WHERE m.state = 'posted' AND m.move_type IN %s AND m.invoice_date >= %s
                 GROUP BY t.root
                """,
                list(tree),
                list(tree.values()),
                INVOICE_TYPES,
                limit,
            )
        )
        return {
            pid: (date + relativedelta(years=INVOICE_RETENTION_YEARS), count)
            for pid, date, count in rows
        }

    @api.depends("rgpd_legal_hold", "rgpd_legal_hold_reason", "rgpd_legal_hold_until")
    def _compute_rgpd_hold_summary(self):
        manual = self._rgpd_manual_hold()
        invoices = self._origin._rgpd_invoice_hold() if self._origin else {}
        for partner in self:
            parts = []
            if partner in manual:
                until = partner.rgpd_legal_hold_until
                parts.append(
                    self.env._(
                        "Legal hold until %(date)s: %(reason)s",
                        date=until,
                        reason=partner.rgpd_legal_hold_reason or "",
                    )
                    if until
                    else self.env._(
                        "Legal hold: %(reason)s", reason=partner.rgpd_legal_hold_reason or ""
                    )
                )
            if partner._origin.id in invoices:
                until, count = invoices[partner._origin.id]
                parts.append(
                    self.env._(
                        "Name and address kept until %(date)s for %(count)s posted invoices "
                        "or credit notes "
                        "(accounting documents are kept 10 years).",
                        date=until,
                        count=count,
                    )
                )
            partner.rgpd_hold_summary = " ".join(parts)

    # ------------------------------------------------------------------
    # Suppression list
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners._rgpd_flag_previously_erased()
        return partners

    def write(self, vals):
        if HOLD_FIELDS & set(vals) and not self.env.user.has_group(
            "rgpd_consent.group_rgpd_officer"
        ):
            raise AccessError(self.env._("Only the Privacy Officer may set or lift a legal hold."))
        result = super().write(vals)
        if {"email", "phone"} & set(vals):
            self._rgpd_flag_previously_erased()
        return result

    def _rgpd_flag_previously_erased(self):
        """Flag the partners whose email or phone is on the suppression list."""
        Suppression = self.env["rgpd.suppression"]
        candidates = self.filtered(lambda p: (p.email or p.phone) and not p.rgpd_anonymized)
        if not candidates:
            return
        listed = Suppression._rgpd_listed(
            candidates.mapped("email"),
            candidates.mapped("phone_sanitized") + candidates.mapped("phone"),
        )
        if not listed:
            return
        flagged = candidates.filtered(
            lambda p: (
                {
                    Suppression._rgpd_digest("email", p.email),
                    Suppression._rgpd_digest("phone", p.phone_sanitized),
                    Suppression._rgpd_digest("phone", p.phone),
                }
                & listed
            )
        )
        flagged.filtered(
            lambda p: not p.rgpd_previously_erased
        ).sudo().rgpd_previously_erased = True

    # ------------------------------------------------------------------
    # The anonymization engine
    # ------------------------------------------------------------------

    def _rgpd_check_erasable(self, members):
        """Refuse the partners that must never be anonymized: the current
        user's, a company's, an internal user's."""
        # sudo: which partners belong to companies and internal users is
        # needed to refuse them; nothing is returned to the caller.
        companies = (
            self.env["res.company"].sudo().with_context(active_test=False).search([("id", "!=", 0)])
        )
        internal = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("share", "=", False)])
        )
        protected = members & (
            self.env.user.partner_id | companies.partner_id | internal.partner_id
        )
        if protected:
            raise UserError(
                self.env._(
                    "These contacts belong to the current user, a company or an internal user, "
                    "and cannot be anonymized: %s. Archive the user first, or remove the contact "
                    "from the company.",
                    ", ".join(protected.mapped("display_name")),
                )
            )

    def rgpd_anonymize(self, reason, policy=None, origin=None):
        """Anonymize these partners and their child contacts everywhere the
        personal-data map finds their data, and return the
        `rgpd.retention.log` written, one per partner.

        Set-based SQL for the bulk (no tracking values), the ORM for what has
        side effects (users archived with their login freed, attachments and
        their files, consent events through the ledger). Partners already
        anonymized are left alone; partners under a legal hold are skipped
        (and logged); partners on recent invoices keep their name and
        address only."""
        if not (self.env.su or self.env.user.has_group("rgpd_consent.group_rgpd_officer")):
            raise AccessError(self.env._("Only the Privacy Officer may anonymize contacts."))
        if not (reason or "").strip():
            raise UserError(self.env._("Say why these contacts are anonymized."))
        Log = self.env["rgpd.retention.log"]
        partners = self.with_context(active_test=False).filtered(lambda p: not p.rgpd_anonymized)
        if not partners:
            return Log
        Map = self.env["rgpd.data.map"]
        roots = Map._rgpd_identities(partners)[0]
        members = self.browse(list(roots)).with_context(active_test=False)
        self._rgpd_check_erasable(members)
        log_vals = {
            "reason": reason,
            "policy_id": policy.id if policy else False,
            "origin_ref": f"{origin._name},{origin.id}" if origin else False,
        }
        held = partners._rgpd_manual_hold()
        logs_vals = [
            {
                **log_vals,
                "partner_id": partner.id,
                "partner_ref": partner.id,
                "outcome": "held",
                "kept_summary": partner.rgpd_hold_summary,
            }
            for partner in held
        ]
        partners -= held
        if partners:
            logs_vals += partners._rgpd_erase(log_vals)
        # sudo: the log is written only by the engine, for an anonymization
        # the caller was allowed to run; nobody may create one directly.
        return Log.sudo().create(logs_vals)

    def _rgpd_erase(self, log_vals):
        """The engine's work on partners that are not on hold: returns the
        values of their logs."""
        Map = self.env["rgpd.data.map"]
        roots, emails = Map._rgpd_identities(self)
        members = self.browse(list(roots)).with_context(active_test=False)
        invoice_hold = self._rgpd_invoice_hold()
        matches = Map._rgpd_match(self)
        # The suppression list, before the values are gone.
        self.env["rgpd.suppression"]._rgpd_add(
            emails=list(emails), phones=members.mapped("phone") + members.mapped("phone_sanitized")
        )
        self.env.flush_all()
        counts = defaultdict(lambda: defaultdict(set))
        kept = defaultdict(lambda: defaultdict(set))
        deletes = defaultdict(set)
        orm = defaultdict(dict)
        updates = defaultdict(lambda: defaultdict(list))
        for entry, records in matches.items():
            if entry.rule == "keep":
                for record_id, root in records.items():
                    kept[root][entry.model_id.name].add(record_id)
                continue
            for record_id, root in records.items():
                if entry.keep_on_hold and root in invoice_hold:
                    kept[root][entry.model_id.name].add(record_id)
                    continue
                counts[root][entry.model_id.name].add(record_id)
            if entry.rule == "delete":
                deletes[entry.model].update(
                    rid
                    for rid, root in records.items()
                    if not (entry.keep_on_hold and root in invoice_hold)
                )
            elif entry.model in ORM_MODELS or (entry.model, entry.field_name) in ORM_FIELDS:
                orm[entry.model].update(records)
            else:
                held = entry.keep_on_hold and invoice_hold
                targets = {
                    rid: root
                    for rid, root in records.items()
                    if not (held and root in invoice_hold)
                }
                updates[(entry.model, entry._rgpd_link_key())][entry].extend(targets.items())
        for (model, _key), by_entry in updates.items():
            self._rgpd_sql_update(model, by_entry)
        # The partners themselves: archived, marked.
        now = fields.Datetime.now()
        self.env.execute_query(
            SQL(
                """UPDATE res_partner
                      SET active = FALSE, rgpd_anonymized = TRUE, rgpd_anonymized_date = %s,
                          rgpd_previously_erased = FALSE
                    WHERE id = ANY(%s)""",
                now,
                members.ids,
            )
        )
        for model, ids in deletes.items():
            if model in ORM_MODELS:
                continue
            self.env.execute_query(
                SQL(
                    "DELETE FROM %s WHERE id = ANY(%s)",
                    SQL.identifier(self.env[model]._table),
                    list(ids),
                )
            )
        self.env.invalidate_all()
        self._rgpd_erase_orm(deletes, orm)
        # Stored fields computed from what changed (display names on other
        # documents...) follow, without tracking.
        self.env.flush_all()
        logs = []
        for partner in self:
            summary = []
            if partner.id in invoice_hold:
                until, count = invoice_hold[partner.id]
                summary.append(
                    self.env._(
                        "Name and address kept until %(date)s: %(count)s posted invoices "
                        "or credit notes "
                        "(Code de commerce L123-22, GDPR Art. 17(3)(b)).",
                        date=until,
                        count=count,
                    )
                )
            for model_name, ids in sorted(kept[partner.id].items()):
                summary.append(
                    self.env._("%(model)s: %(count)s kept", model=model_name, count=len(ids))
                )
            logs.append(
                {
                    **log_vals,
                    "partner_id": partner.id,
                    "partner_ref": partner.id,
                    "outcome": "partial" if partner.id in invoice_hold else "anonymized",
                    "counts": {name: len(ids) for name, ids in counts[partner.id].items()},
                    "kept_summary": "\n".join(summary),
                }
            )
        return logs

    def _rgpd_sql_update(self, model, by_entry):
        """One UPDATE per link of a model: pseudonyms, hashes and cleared
        fields of the records found (partners take their own id)."""
        Model = self.env[model]
        table = SQL.identifier(Model._table)
        by_targets = defaultdict(list)
        for entry, targets in by_entry.items():
            by_targets[tuple(sorted(targets))].append(entry)
        # sudo: reading the database secret, the key of the hashes.
        salt = hmac(self.env(su=True), "rgpd_retention.hash", "salt")
        for targets, entries in by_targets.items():
            if not targets:
                continue
            assignments = []
            for entry in entries:
                column = SQL.identifier(entry.field_name)
                if entry.rule == "pseudonym":
                    number = SQL("t.id") if model == "res.partner" else SQL("m.root")
                    assignments.append(SQL("%s = %s || %s", column, PSEUDONYM, number))
                elif entry.rule == "hash":
                    assignments.append(
                        SQL(
                            "%s = encode(sha256(convert_to(%s || t.%s, 'UTF8')), 'hex')",
                            column,
                            salt,
                            column,
                        )
                    )
                else:
                    assignments.append(SQL("%s = NULL", column))
            self.env.execute_query(
                SQL(
                    """UPDATE %s t SET %s FROM unnest(%s::int[], %s::int[]) AS m(id, root)
                        WHERE t.id = m.id""",
                    table,
                    SQL(", ").join(assignments),
                    [target[0] for target in targets],
                    [target[1] for target in targets],
                )
            )

    def _rgpd_erase_orm(self, deletes, orm):
        """The changes made through the ORM for their side effects."""
        quiet = {"active_test": False, "tracking_disable": True, "mail_notrack": True}
        # Users: archived, their login freed for somebody else.
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(**quiet)
            .browse(list(orm["res.users"]))
            .exists()
        )
        for user in users:
            user.write({"login": ANONYMIZED_LOGIN % user.id, "active": False})
        # Attachments: the ORM marks their files for the garbage collector.
        self.env["ir.attachment"].sudo().browse(list(deletes["ir.attachment"])).exists().unlink()
        # Consent events: the ledger blanks the personal parts of the proof.
        self.env["rgpd.consent.event"].browse(
            list(orm["rgpd.consent.event"])
        ).exists()._rgpd_scrub()

    # ------------------------------------------------------------------
    # Consent of a person erased before
    # ------------------------------------------------------------------

    def rgpd_request_consent(self, purpose_codes):
        """Contacts flagged as previously erased are not asked: the person
        asked to be forgotten, so only they can come back (portal, form)."""
        flagged = self.filtered("rgpd_previously_erased")
        if flagged and flagged == self:
            raise UserError(
                self.env._(
                    "These contacts have the email or phone of a person who was erased "
                    "before: they are not asked for consent until they give it "
                    "themself (portal, web form): %s",
                    ", ".join(flagged.mapped("display_name")),
                )
            )
        return super(ResPartner, self - flagged).rgpd_request_consent(purpose_codes)

    def rgpd_give_consent(self, purpose_code, channel, **proof):
        """A person who gives consent themself lifts the previously-erased flag."""
        if channel in SELF_SERVICE_CHANNELS:
            self.filtered("rgpd_previously_erased").sudo().rgpd_previously_erased = False
        return super().rgpd_give_consent(purpose_code, channel, **proof)
