# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .rgpd_dsar_request import CONSENT_CHANNELS, OPEN_STATES


# One file per concern of the request (workflow, intake, export, erasure),
# each guard beside its code: the split is on purpose.
class RgpdDsarRequest(models.Model):
    """The workflow of a request: its steps, their guards, and the acts
    that carry out a restriction, an objection or a rectification."""

    _inherit = "rgpd.dsar.request"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def _rgpd_check_officer(self):
        """The acts of the Privacy Officer (see the table of README.rst):
        verify the identity, extend, refuse, cancel, carry out, close."""
        if not self.env.user.has_group("rgpd_consent.group_rgpd_officer"):
            raise AccessError(
                self.env._("Only a Privacy Officer may carry out a data-subject request.")
            )
        self.check_access("write")

    def _rgpd_check_user(self):
        """The bookkeeping steps a Privacy User may take as well (ask for the
        proof of identity, start, wait for the person, reopen): whoever may
        edit the request."""
        self.check_access("write")

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
        self._rgpd_check_user()
        self._rgpd_check_state(("new", "in_progress", "waiting_requester"))
        self._rgpd_write({"state": "identity_check"})
        self._rgpd_send("rgpd_dsar.mail_template_dsar_identity")

    def action_verify_identity(self):
        """Record that the person's identity is verified, and start the work."""
        self._rgpd_check_officer()
        self._rgpd_check_state(OPEN_STATES)
        self._rgpd_check_identified()
        for request in self:
            if not request.identity_method:
                raise UserError(self.env._("Say how the identity of the person was checked first."))
        self._rgpd_write(
            {
                "identity_verified": True,
                "identity_user_id": self.env.uid,
                "identity_date": fields.Datetime.now(),
            }
        )
        self.filtered(lambda r: r.state in ("new", "identity_check"))._rgpd_write(
            {"state": "in_progress"}
        )

    def action_start(self):
        self._rgpd_check_user()
        self._rgpd_check_state(("new", "identity_check", "waiting_requester"))
        self._rgpd_check_identified()
        self._rgpd_write({"state": "in_progress"})

    def action_wait(self):
        self._rgpd_check_user()
        self._rgpd_check_state(("in_progress",))
        self._rgpd_write({"state": "waiting_requester"})

    def action_cancel(self):
        """Open the cancellation wizard: a reason, told to the person."""
        self.ensure_one()
        self._rgpd_check_officer()
        self._rgpd_check_state(OPEN_STATES)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel the Request"),
            "res_model": "rgpd.dsar.cancel.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def _rgpd_cancel(self, reason):
        """Cancel with its reason (the person withdrew it, a duplicate...)
        and tell the person: a request is never silenced."""
        self._rgpd_check_officer()
        self._rgpd_check_state(OPEN_STATES)
        if not (reason or "").strip():
            raise UserError(self.env._("A cancellation needs its reason: the person is told it."))
        self._rgpd_write(
            {"state": "cancelled", "cancel_reason": reason, "date_closed": fields.Datetime.now()}
        )
        self._rgpd_schedule_reminders()
        self._rgpd_send("rgpd_dsar.mail_template_dsar_cancelled")

    def action_reopen(self):
        self._rgpd_check_user()
        self._rgpd_check_state(("cancelled",))
        self._rgpd_write({"state": "new", "date_closed": False, "cancel_reason": False})
        self._rgpd_schedule_reminders()

    def action_extend(self):
        """Open the extension wizard."""
        self.ensure_one()
        self._rgpd_check_officer()
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
        self._rgpd_check_officer()
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
        self._rgpd_check_officer()
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
        erasures = self.filtered(lambda r: r.request_type == "erasure" and r.erasure_log_ids)
        (self - erasures)._rgpd_send("rgpd_dsar.mail_template_dsar_done")
        # The person was erased: their name and address are not written
        # back into the chatter and the notifications by the closing mail.
        erasures._rgpd_send("rgpd_dsar.mail_template_dsar_done", keep_copy=False)

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
