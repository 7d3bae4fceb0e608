# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import format_datetime


# One file per concern of the request (workflow, intake, export, erasure),
# each guard beside its code: the split is on purpose.
class RgpdDsarRequest(models.Model):
    """Erasure (Art. 17): the anonymization and its certificate."""

    _inherit = "rgpd.dsar.request"  # pylint: disable=consider-merging-classes-inherited

    erasure_residue_display = fields.Text(
        string="Still Found In",
        compute="_compute_erasure_residue_display",
        help="Where one of the person's former values still appears after the erasure, "
        "named as in the application (never the value).",
    )

    def _compute_erasure_residue_display(self):
        for request in self:
            request.erasure_residue_display = "\n".join(request._rgpd_residue_labels())

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
            # The answer must still reach the person once their contact is
            # erased: the address is kept for it, outside the data the
            # engine erases, and cleared once the answer is sent.
            answer_email = partner.email or request.requester_email
            former = sorted(
                {
                    value.strip()
                    for person in people
                    # The phone also as stored for searches (+33611223344).
                    for value in (person.name, person.email, person.phone, person.phone_sanitized)
                    if value and len(value.strip()) >= 3
                }
            )
            # sudo: the Officer's role and the verified identity were checked
            # above (_rgpd_check_processable); the engine writes what no user
            # writes (the consent ledger's proof, other users' records). The
            # log keeps the Officer as its author (env.uid is unchanged).
            logs = partner.sudo().rgpd_anonymize(
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
            # The reminder of the request was titled with the person's name
            # (mail.activity.res_name): made again under the new name.
            request.invalidate_recordset(["display_name"])
            request._rgpd_schedule_reminders()
            residue = Map._rgpd_scan_database(
                former, ignore=request._rgpd_erasure_others(people, former)
            )
            kept = "\n".join(log.kept_summary for log in logs if log.kept_summary)
            request._rgpd_write(
                {
                    "erasure_answer_email": answer_email,
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

    def _rgpd_erasure_certificate(self):
        """The erasure certificate in plain words, in the reader's language:
        {date, user, erased: [(kind of record, count)], kept: [lines],
        residue: ["Model: Field"]}."""
        self.ensure_one()
        # sudo: the log is the Officer's (the report is printed by the Officer).
        logs = self.sudo().erasure_log_ids
        erased = {}
        for log in logs:
            for label, count in (log.counts or {}).items():
                erased[label] = erased.get(label, 0) + count
        user = self.identity_user_id if not logs else logs[:1].user_id
        kept = [line for line in (self.erasure_kept or "").splitlines() if line.strip()]
        kept_kinds = {line.split(":")[0] for line in kept}
        # sudo: the data map says why each kind of record is kept.
        entries = self.env["rgpd.data.map"].sudo().search([("rule", "=", "keep")])
        notes = sorted(
            {
                self.env._("%(kind)s: %(why)s", kind=entry.model_id.name, why=entry.note)
                for entry in entries
                if entry.note and entry.model_id.name in kept_kinds
            }
        )
        if self.erasure_answer_email:
            kept.append(
                self.env._(
                    "The email address the request came from, until the answer is sent; "
                    "then it is cleared."
                )
            )
        return {
            "date": self.date_processed and format_datetime(self.env, self.date_processed),
            "user": user.name or "",
            "erased": sorted(erased.items()),
            "kept": kept + notes,
            "residue": self._rgpd_residue_labels(),
        }

    def _rgpd_residue_labels(self):
        """The columns of `erasure_residue` ("table.column") as a reader
        names them: "Contact: Phone", in the reader's language."""
        self.ensure_one()
        tables = {}
        for model in self.env.registry.values():
            if not model._abstract and model._auto and model._table not in tables:
                tables[model._table] = model._name
        labels = []
        for line in (self.erasure_residue or "").splitlines():
            table, _dot, column = line.strip().partition(".")
            model_name = tables.get(table)
            if not model_name:
                labels.append(self.env._("Technical table %s", table))
                continue
            model = self.env[model_name]
            field = model._fields.get(column)
            field_label = field._description_string(self.env) if field else column
            # sudo: the description of the model, in the reader's language.
            model_label = self.env["ir.model"].sudo()._get(model_name).name or model_name
            labels.append(self.env._("%(model)s: %(field)s", model=model_label, field=field_label))
        return sorted(set(labels))

    def action_print_erasure_certificate(self):
        self.ensure_one()
        self._rgpd_check_officer()
        return self.env.ref("rgpd_dsar.action_report_dsar_erasure").report_action(self)

    def _rgpd_erasure_others(self, people, former):
        """{table: ids} of the rows the residue scan skips: the other
        contacts that share one of the person's values by chance (a company
        switchboard, a family phone) and are not the person (another name
        and another address). Their row is their data, not a leftover."""
        # sudo: only which other contacts share a value is read, to leave
        # their rows out of the proof; nothing of them is shown.
        others = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("id", "not in", people.ids),
                    "|",
                    ("phone", "in", former),
                    ("phone_sanitized", "in", former),
                ]
            )
        )
        lowered = {value.lower() for value in former}
        others = others.filtered(
            lambda p: (
                (p.name or "").strip().lower() not in lowered
                and (p.email_normalized or "") not in lowered
            )
        )
        # The request itself keeps who asked, as the proof of the answer
        # (the data map's "keep" rule, told under "kept, and why").
        ignore = {"rgpd_dsar_request": self.ids}
        if others:
            ignore["res_partner"] = others.ids
        return ignore
