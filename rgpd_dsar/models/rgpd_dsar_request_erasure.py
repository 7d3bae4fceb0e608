# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


# One file per concern of the request (workflow, intake, export, erasure),
# each guard beside its code: the split is on purpose.
class RgpdDsarRequest(models.Model):
    """Erasure (Art. 17): the anonymization and its certificate."""

    _inherit = "rgpd.dsar.request"  # pylint: disable=consider-merging-classes-inherited

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
