# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

CONSENT_STATES = [
    ("pending", "Pending"),
    ("given", "Given"),
    ("withdrawn", "Withdrawn"),
    ("refused", "Refused"),
    ("expired", "Expired"),
]
CHANNELS = [
    ("form", "Web Form"),
    ("portal", "Customer Portal"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("paper", "Paper"),
    ("import", "Import"),
    ("back_office", "Back Office"),
]
# Proof a caller may attach to a change of state (see _rgpd_record).
PROOF_KEYS = ("ip_address", "user_agent", "evidence_attachment_id", "note", "date")
LEDGER_FIELDS = {"state", "partner_id", "purpose_id", "date_given", "date_withdrawn", "date_expiry"}


class RgpdConsent(models.Model):
    """The current state of one (partner, purpose) pair.

    It changes only through `_rgpd_record`, which writes an append-only
    `rgpd.consent.event` for every change: the events are the proof, the
    consent is their summary.
    """

    _name = "rgpd.consent"
    _description = "Consent"
    _inherit = ["mail.thread"]
    _order = "write_date desc, id desc"
    _rec_names_search = ["partner_id", "purpose_id"]

    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="restrict"
    )
    purpose_id = fields.Many2one(
        "rgpd.purpose", required=True, index=True, ondelete="restrict"
    )
    lawful_basis = fields.Selection(related="purpose_id.lawful_basis")
    company_id = fields.Many2one(
        related="purpose_id.company_id", store=True, index=True
    )
    state = fields.Selection(
        CONSENT_STATES, required=True, default="pending", index=True, readonly=True
    )
    date_given = fields.Datetime(
        string="Given On",
        readonly=True,
        help="When the person gave consent; for an import, the collection date.",
    )
    date_withdrawn = fields.Datetime(string="Withdrawn On", readonly=True)
    date_expiry = fields.Date(
        string="Expires On",
        readonly=True,
        index=True,
        help="First day on which the consent no longer counts.",
    )
    channel = fields.Selection(CHANNELS, required=True, default="back_office")
    evidence_note = fields.Text(
        string="Evidence",
        help="Where the proof of an imported consent lies (form reference, "
        "campaign, file).",
    )
    event_ids = fields.One2many("rgpd.consent.event", "consent_id", string="History")

    _partner_purpose_uniq = models.Constraint(
        "UNIQUE (partner_id, purpose_id)",
        "A contact has one consent per purpose: change its state instead.",
    )
    # The audience search reads given consents of one purpose.
    _audience_idx = models.Index("(purpose_id, partner_id) WHERE state = 'given'")

    @api.depends("partner_id", "purpose_id")
    def _compute_display_name(self):
        for consent in self:
            consent.display_name = f"{consent.partner_id.display_name} / {consent.purpose_id.display_name}"

    @api.model_create_multi
    def create(self, vals_list):
        """Create consents and their first event.

        Rows of an import must carry the collection date and the evidence;
        a row without either stops the whole import, with nothing written.
        """
        for vals in vals_list:
            if vals.get("channel") == "import" and not (
                vals.get("date_given") and vals.get("evidence_note")
            ):
                raise ValidationError(
                    self.env._(
                        "An imported consent needs its collection date (Given On) "
                        "and its evidence: a consent that cannot be proven "
                        "cannot be imported."
                    )
                )
        # An imported consent was collected before: it is given unless said otherwise.
        states = [
            vals.pop("state", "given" if vals.get("channel") == "import" else "pending")
            for vals in vals_list
        ]
        consents = super().create(vals_list)
        groups = {}
        for consent, state in zip(consents, states, strict=True):
            key = (state, consent.channel, consent.date_given, consent.evidence_note)
            groups.setdefault(key, []).append(consent.id)
        for (state, channel, date, note), ids in groups.items():
            self.browse(ids)._rgpd_record(state, channel, created=True, date=date, note=note)
        return consents

    def write(self, vals):
        if LEDGER_FIELDS & set(vals):
            raise UserError(
                self.env._(
                    "The state of a consent changes only through its actions "
                    "(give, withdraw), so that every change is recorded."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_proven(self):
        if self.event_ids:
            raise UserError(
                self.env._(
                    "A consent with a history is proof: it cannot be deleted. "
                    "Withdraw it, or anonymize the contact."
                )
            )

    def _rgpd_record(self, new_state, channel, created=False, **proof):
        """Move these consents to `new_state` and write one event each.

        Consents already in `new_state` are left alone (no second event),
        except a given consent of a purpose with a validity, which is renewed.
        `proof` holds what the caller knows of the act: ip_address,
        user_agent, evidence_attachment_id, note and date (when it happened,
        default now). `channel` is False for automatic changes (expiry).
        Works in batch: one write per purpose, one create of events.
        """
        unknown = set(proof) - set(PROOF_KEYS)
        if unknown:
            raise UserError(self.env._("Unknown proof: %s", ", ".join(sorted(unknown))))
        when = proof.pop("date", None) or fields.Datetime.now()
        when = fields.Datetime.to_datetime(when)
        if created:
            changing = self
        else:
            changing = self.filtered(
                lambda c: c.state != new_state
                or (new_state == "given" and c.purpose_id.consent_validity_months)
            )
        if not changing:
            return changing
        old_states = {consent.id: not created and consent.state for consent in changing}
        for purpose, consents in changing.grouped("purpose_id").items():
            vals = {"state": new_state}
            if channel:
                vals["channel"] = channel
            if new_state == "given":
                months = purpose.consent_validity_months
                vals.update(
                    date_given=when,
                    date_withdrawn=False,
                    date_expiry=months and (when + relativedelta(months=months)).date(),
                )
            elif new_state == "withdrawn":
                vals["date_withdrawn"] = when
            super(RgpdConsent, consents).write(vals)
        self.env["rgpd.consent.event"]._rgpd_log(changing, old_states, new_state, channel, when, proof)
        return changing

    def action_withdraw(self):
        """Back-office withdrawal, as easy as giving."""
        self._rgpd_record("withdrawn", "back_office")

    @api.model
    def _cron_expire(self, batch_size=1000):
        """Turn consents past their expiry date into `expired`, and ask again
        where the purpose says so."""
        domain = [("state", "=", "given"), ("date_expiry", "<=", fields.Date.today())]
        remaining = self.search_count(domain)
        cron = self.env["ir.cron"]
        while remaining:
            consents = self.search(domain, limit=batch_size)
            consents._rgpd_record("expired", False)
            for purpose, expired in consents.grouped("purpose_id").items():
                reask = expired.partner_id.filtered("email")
                if purpose.reask_on_expiry and reask:
                    reask.rgpd_request_consent([purpose.code])
            remaining -= len(consents)
            if not cron._commit_progress(len(consents), remaining=remaining):
                break
