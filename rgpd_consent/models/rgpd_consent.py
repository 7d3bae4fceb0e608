# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import ipaddress

from dateutil.relativedelta import relativedelta
from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import ConcurrencyError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .. import system_fields
from ..field_values import check_values

CONSENT_STATES = [
    ("pending", "Pending"),
    ("given", "Given"),
    ("withdrawn", "Withdrawn"),
    ("refused", "Refused"),
    ("expired", "Expired"),
]
# What the lists, the pivot and the filters show: the state, in the words of
# the portal and the chatter (a withdrawal from a purpose that does not rest
# on consent is an objection), in the order of a consent's life.
STATUSES = [
    ("pending", "Pending"),
    ("given", "Given"),
    ("refused", "Refused"),
    ("withdrawn", "Withdrawn"),
    ("objected", "Objected"),
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
PROOF_KEYS = (
    "ip_address",
    "user_agent",
    "evidence_attachment_id",
    "note",
    "date",
    "notice_version_id",
)
# Proof only the person's own request carries: where they acted from, the
# address the confirmation link they used was sent to, and the version of the
# information notice the page showed them. The public methods refuse them:
# an employee cannot say where the person was nor what they read.
SUBJECT_PROOF_KEYS = ("ip_address", "user_agent", "email", "notice_version_id")
# Channels the person uses alone (a web form, the portal, a link of a mail):
# only the suite's controllers record them, after checking the token or the
# session (res.partner._rgpd_subject_act). An employee records phone, paper,
# back office or import.
SUBJECT_CHANNELS = ("form", "portal", "email")
# Bounded sizes of what a caller may store in the ledger.
NOTE_MAX = 10000
USER_AGENT_MAX = 1024
# The facts of a consent: they change only with an event, through the ledger.
LEDGER_FIELDS = {
    "state",
    "status",
    "partner_id",
    "lead_id",
    "purpose_id",
    "company_id",
    "channel",
    "evidence_note",
    "date_given",
    "date_withdrawn",
    "date_expiry",
    "confirmed_email",
}
# What the ledger records of a consent, beyond whose it is and what for.
FACT_FIELDS = LEDGER_FIELDS - {"partner_id", "lead_id", "purpose_id"}
# The facts no context default may set on create (the channel is checked
# like a value).
CONTEXT_GUARDED_FIELDS = FACT_FIELDS - {"channel"}
# What an import row may set (see create): the collection of a consent
# elsewhere, with its date and evidence, recorded by the employee.
IMPORT_FIELDS = {"state", "channel", "date_given", "evidence_note"}
IMPORT_STATES = ("given", "refused", "withdrawn")
# When two consents of one person for one purpose meet (a lead's consents
# reaching an existing contact, two contacts merged), the state that protects
# the person most wins: a "no" beats a "yes".
PROTECTION_RANK = {"given": 0, "pending": 1, "expired": 2, "refused": 3, "withdrawn": 4}


class _ImportRowsToCheck(Exception):
    """A batch of imported rows holds an invalid one: not a UserError, so
    that `load()` retries row by row and reports each error on its row."""


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

    partner_id = fields.Many2one("res.partner", index=True, ondelete="restrict")
    lead_id = fields.Many2one(
        "crm.lead",
        string="Held by Lead",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
        help="A consent captured on a lead that has no contact yet: it moves "
        "to the contact, with its history, when the lead gets one.",
    )
    purpose_id = fields.Many2one("rgpd.purpose", required=True, index=True, ondelete="restrict")
    lawful_basis = fields.Selection(related="purpose_id.lawful_basis")
    company_id = fields.Many2one(related="purpose_id.company_id", store=True, index=True)
    # state and date_given are read-only in the views but not in the model,
    # so that the standard import offers them; write() refuses them anyway.
    state = fields.Selection(CONSENT_STATES, required=True, default="pending", index=True)
    status = fields.Selection(
        STATUSES,
        compute="_compute_status",
        store=True,
        index=True,
        help="The state in the person's words: a withdrawal from a purpose "
        "that does not rest on consent is an objection.",
    )
    date_given = fields.Datetime(
        string="Given On",
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
        help="Where the proof of an imported consent lies (form reference, campaign, file).",
    )
    confirmed_email = fields.Char(
        string="Confirmed Address",
        readonly=True,
        help="For a consent given from a link of a mail, the address the link "
        "was sent to: a mail for the purpose reaches the contact only at this "
        "address. Empty for a consent given with other proof (phone, paper, "
        "portal session).",
    )
    confirmed_elsewhere = fields.Boolean(
        compute="_compute_confirmed_elsewhere",
        help="Given from a link sent to an address that is no longer the "
        "contact's: mails for the purpose do not reach the contact.",
    )
    event_ids = fields.One2many("rgpd.consent.event", "consent_id", string="History")

    _partner_purpose_uniq = models.Constraint(
        "UNIQUE (partner_id, purpose_id)",
        "A contact has one consent per purpose: change its state instead.",
    )
    _lead_purpose_uniq = models.UniqueIndex(
        "(lead_id, purpose_id) WHERE partner_id IS NULL",
        "A lead has one pending consent per purpose: change its state instead.",
    )
    _holder_required = models.Constraint(
        "CHECK (partner_id IS NOT NULL OR lead_id IS NOT NULL)",
        "A consent belongs to a contact, or to a lead until the lead has a contact.",
    )
    # The audience search reads given consents of one purpose; with the
    # expiry date in the index, it reads no row of the table (an index-only
    # scan, as a many2many tag filter reads its relation table).
    _audience_idx = models.Index("(purpose_id, partner_id, date_expiry) WHERE state = 'given'")

    @api.depends("state", "purpose_id.lawful_basis")
    def _compute_status(self):
        for consent in self:
            objected = consent.state == "withdrawn" and consent.lawful_basis != "consent"
            consent.status = "objected" if objected else consent.state

    @api.model
    def _read_group_orderby(self, order, groupby_terms, query):
        """Groups of states in the order of a consent's life (pending,
        given, refused, withdrawn, objected, expired), not alphabetically:
        the pivot and the grouped list read from left to right."""
        lives = {"status": [v for v, _l in STATUSES], "state": [v for v, _l in CONSENT_STATES]}
        saved = {term: groupby_terms[term] for term in lives if term in groupby_terms}
        for term, values in lives.items():
            if term in saved:
                groupby_terms[term] = SQL(
                    "array_position(%s::varchar[], %s::varchar)", values, saved[term]
                )
        try:
            return super()._read_group_orderby(order, groupby_terms, query)
        finally:
            groupby_terms.update(saved)

    @api.depends("state", "confirmed_email", "partner_id.email_normalized")
    def _compute_confirmed_elsewhere(self):
        for consent in self:
            consent.confirmed_elsewhere = bool(
                consent.state == "given"
                and consent.confirmed_email
                and consent.confirmed_email != consent.partner_id.email_normalized
            )

    @api.depends("partner_id", "lead_id", "purpose_id")
    def _compute_display_name(self):
        for consent in self:
            holder = consent.partner_id or consent.lead_id
            consent.display_name = f"{holder.display_name} / {consent.purpose_id.display_name}"

    @api.model_create_multi
    def create(self, vals_list):
        """Create consents and their first event.

        Rows of an import must carry the collection date and the evidence;
        a row without either stops the whole import, with nothing written.
        """
        default_channel = self.env.context.get("default_channel")
        channels = [vals.get("channel", default_channel) for vals in vals_list]
        # The facts come from the values the checks below see, never from a
        # context default (default_state, default_date_given...); the channel
        # is checked like a value.
        model = system_fields.check_create(self, [], CONTEXT_GUARDED_FIELDS)
        try:
            for vals, channel in zip(vals_list, channels, strict=True):
                check_values(self, vals)
                self._rgpd_check_create_fields(vals, channel)
                self._rgpd_check_create_vals(vals, channel)
        except UserError:
            if self.env.context.get("import_file") and len(vals_list) > 1:
                # The import then loads the rows one by one, and names the
                # file's own row of each error instead of the first row.
                raise _ImportRowsToCheck() from None
            raise
        # An imported consent was collected before: it is given unless said otherwise.
        states = [
            vals.pop("state", "given" if channel == "import" else "pending")
            for vals, channel in zip(vals_list, channels, strict=True)
        ]
        consents = super(RgpdConsent, model).create(vals_list)
        groups = {}
        for consent, state in zip(consents, states, strict=True):
            key = (state, consent.channel, consent.date_given, consent.evidence_note)
            groups.setdefault(key, []).append(consent.id)
        for (state, channel, date, note), ids in groups.items():
            self.browse(ids)._rgpd_record(state, channel, created=True, date=date, note=note)
        return consents

    @api.model
    def get_import_templates(self):
        """The sample file offered by the import screen."""
        return [
            {
                "label": self.env._("Import Template for Consents"),
                "template": "/rgpd_consent/static/xls/rgpd_consent_import_template.csv",
            }
        ]

    @api.model
    def _rgpd_check_create_fields(self, vals, channel):
        """The facts of a consent are the ledger's: a direct create sets
        only who and what for (the consent starts pending), or is the import
        of a consent collected elsewhere (channel "import", with its state,
        collection date and evidence, recorded by the employee). Everything
        else is refused unless the ledger itself writes (env.su)."""
        if self.env.su:
            return
        self._rgpd_check_channel(channel or "back_office")
        allowed = IMPORT_FIELDS if channel == "import" else set()
        for field in sorted(FACT_FIELDS & set(vals)):
            if field not in allowed:
                system_fields.refuse(self, field)
        if channel == "import" and vals.get("state", "given") not in IMPORT_STATES:
            raise UserError(
                self.env._(
                    "An imported consent is given, refused or withdrawn, not %s.",
                    str(vals.get("state"))[:64],
                )
            )

    @api.model
    def _rgpd_check_create_vals(self, vals, channel):
        """What the record wizard checks, for a consent created directly or
        imported: a known channel, no date in the future, bounded evidence,
        a purpose a person may answer (Art. 21); an imported row needs its
        collection date and its evidence."""
        self._rgpd_check_channel(channel or "back_office")
        self._rgpd_check_proof(
            {"date": vals.get("date_given") or False, "note": vals.get("evidence_note") or False}
        )
        if vals.get("company_id"):
            raise UserError(self.env._("The company of a consent is the company of its purpose."))
        purpose = self.env["rgpd.purpose"].browse(vals.get("purpose_id")).exists()
        if purpose:
            purpose._rgpd_check_answerable()
            purpose._rgpd_check_active()
        if channel == "import" and not (vals.get("date_given") and vals.get("evidence_note")):
            raise ValidationError(
                self.env._(
                    "An imported consent needs its collection date (Given On) "
                    "and its evidence: a consent that cannot be proven "
                    "cannot be imported."
                )
            )

    def write(self, vals):
        # Refused even as superuser: the ledger writes these through
        # super().write() in _rgpd_record, after its checks.
        if LEDGER_FIELDS & set(vals):
            raise UserError(
                self.env._(
                    "The state, company, channel and evidence of a consent "
                    "change only through its actions (give, withdraw), so that "
                    "every change is recorded."
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

    @api.model
    def _rgpd_valid_domain(self):
        """The consents that count: given, and not past their expiry date."""
        return Domain("state", "=", "given") & (
            Domain("date_expiry", "=", False)
            | Domain("date_expiry", ">", fields.Date.context_today(self))
        )

    @api.model
    def _rgpd_create_for(self, partners, purpose, state, channel, by_subject=False, **proof):
        """Create the consents of `partners` for `purpose` directly in
        `state`, each with its first event (no pending step)."""
        if not partners:
            return self
        # The events are the history: no "created" chatter message and no
        # follower per consent, which made most of the cost of a batch.
        quiet = self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
        # A lead without contact holds its consents until it gets one.
        holder_field = "lead_id" if partners._name == "crm.lead" else "partner_id"
        vals_list = [
            {
                holder_field: partner.id,
                "purpose_id": purpose.id,
                "channel": channel or "back_office",
            }
            for partner in partners
        ]
        try:
            with self.env.cr.savepoint(flush=False):
                # The ledger's own create, past the import checks of create().
                consents = super(RgpdConsent, quiet).create(vals_list)  # pylint: disable=super-method-mismatch
        except UniqueViolation as error:
            # Another transaction created one of these consents since this
            # one began (a double click on a portal button): Odoo retries
            # the request, which then finds the consent.
            raise ConcurrencyError(str(error)) from error
        return consents._rgpd_record(state, channel, created=True, by_subject=by_subject, **proof)

    @api.model
    def _rgpd_check_channel(self, channel):
        """Refuse a channel that is not one of CHANNELS (False means an
        automatic change, such as an expiry)."""
        if channel is not False and (not isinstance(channel, str) or channel not in dict(CHANNELS)):
            raise UserError(self.env._("Unknown channel: %s", str(channel)[:64]))

    @api.model
    def _rgpd_check_proof(self, proof):
        """Refuse unknown or malformed proof with a clear error, and return
        it cleaned: `date` a datetime, never in the future;
        `evidence_attachment_id` an attachment the caller may read; `note`,
        `user_agent` and `ip_address` bounded texts."""
        unknown = set(proof) - set(PROOF_KEYS)
        if unknown:
            raise UserError(self.env._("Unknown proof: %s", ", ".join(sorted(map(str, unknown)))))
        clean = dict(proof)
        if clean.get("date"):
            try:
                when = fields.Datetime.to_datetime(clean["date"])
            except (TypeError, ValueError):
                when = None
            if not isinstance(when, datetime.datetime):
                raise UserError(self.env._("%s is not a valid date.", str(clean["date"])[:64]))
            if when > fields.Datetime.now():
                raise UserError(
                    self.env._(
                        "The date %s is in the future: a consent is recorded once given.", when
                    )
                )
            clean["date"] = when
        attachment_id = clean.get("evidence_attachment_id")
        if attachment_id:
            if isinstance(attachment_id, bool) or not isinstance(attachment_id, int):
                raise UserError(self.env._("The evidence file must be given by its id."))
            attachment = self.env["ir.attachment"].browse(attachment_id).exists()
            if not attachment or not attachment.has_access("read"):
                raise UserError(
                    self.env._(
                        "The evidence file %s does not exist or you may not read it.", attachment_id
                    )
                )
        version_id = clean.get("notice_version_id")
        if version_id and (
            isinstance(version_id, bool)
            or not isinstance(version_id, int)
            # sudo: only whether the version exists; its text is public.
            or not self.env["rgpd.notice.version"].sudo().browse(version_id).exists()
        ):
            raise UserError(
                self.env._("%s is not a version of the privacy notice.", str(version_id)[:64])
            )
        for key, limit in (("note", NOTE_MAX), ("user_agent", USER_AGENT_MAX)):
            value = clean.get(key)
            if value and not isinstance(value, str):
                raise UserError(self.env._("The %s must be a text.", key))
            if value and len(value) > limit:
                raise UserError(
                    self.env._(
                        "The %(field)s is too long (%(length)s characters, at most %(limit)s).",
                        field=key,
                        length=len(value),
                        limit=limit,
                    )
                )
        if clean.get("ip_address"):
            try:
                clean["ip_address"] = str(ipaddress.ip_address(clean["ip_address"]))
            except ValueError:
                raise UserError(
                    self.env._("%s is not an IP address.", str(clean["ip_address"])[:64])
                ) from None
        return clean

    @api.model
    def _rgpd_check_employee_act(self, channel, proof):
        """What an employee may record through the public methods (and the
        record wizard): a known channel that is not one the person uses
        alone, and no proof only the person's own request carries."""
        self._rgpd_check_channel(channel)
        if channel in SUBJECT_CHANNELS:
            channels = dict(self._fields["channel"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(channel)s is a channel the person uses alone: it is recorded "
                    "when they act themselves (link of a mail, portal, web form). "
                    "Record what they told you by phone, on paper or in the back "
                    "office, or ask for their consent by mail.",
                    channel=channels[channel],
                )
            )
        forged = sorted(set(proof) & set(SUBJECT_PROOF_KEYS))
        if forged:
            raise UserError(
                self.env._(
                    "%s: only the person's own request is recorded with it.",
                    ", ".join(forged),
                )
            )

    def _rgpd_record(self, new_state, channel, created=False, by_subject=False, **proof):
        """Move these consents to `new_state` and write one event each.

        Consents already in `new_state` are left alone (no second event),
        except a given consent of a purpose with a validity, which is renewed.
        `proof` holds what the caller knows of the act: ip_address,
        user_agent, evidence_attachment_id, note and date (when it happened,
        default now). `channel` is False for automatic changes (expiry).
        `by_subject` (only from `res.partner._rgpd_subject_act`) makes the
        person the author; `email` is then the address that confirmed.
        Works in batch: one write per purpose, one create of events.
        """
        self._rgpd_check_channel(channel)
        email = proof.pop("email", False) if by_subject else False
        proof = self._rgpd_check_proof(proof)
        when = proof.pop("date", None) or fields.Datetime.now()
        if created:
            changing = self
        else:
            changing = self.filtered(
                lambda c: (
                    c.state != new_state
                    or (new_state == "given" and c.purpose_id.consent_validity_months)
                )
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
                    confirmed_email=email or False,
                    date_given=when,
                    date_withdrawn=False,
                    date_expiry=months and (when + relativedelta(months=months)).date(),
                )
            elif new_state == "withdrawn":
                vals["date_withdrawn"] = when
            # The ledger's own write, past the guard of write().
            super(RgpdConsent, consents).write(vals)  # pylint: disable=super-method-mismatch
        if email:
            proof["email"] = email
        self.env["rgpd.consent.event"]._rgpd_log(
            changing, old_states, new_state, channel, when, proof, by_subject=by_subject
        )
        return changing

    def _rgpd_scrub(self):
        """Blank the address that confirmed these consents: used only when
        the person is anonymized (`rgpd.consent.event._rgpd_scrub`)."""
        bound = self.filtered("confirmed_email")
        # The ledger's own write, past the guard of write().
        return super(RgpdConsent, bound).write({"confirmed_email": False})  # pylint: disable=super-method-mismatch

    def action_withdraw(self):
        """Back-office withdrawal: the record wizard asks how the person said
        so (channel) and the note, as for giving. Art. 21 applies: only a
        withdrawable purpose is offered."""
        self.purpose_id.ensure_one()
        self.purpose_id._rgpd_check_answerable()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "rgpd_consent.rgpd_consent_record_wizard_action"
        )
        action["name"] = self.env._("Record a Withdrawal")
        action["context"] = {
            "default_partner_ids": self.partner_id.ids,
            "default_purpose_id": self.purpose_id.id,
            "default_action": "withdraw",
        }
        return action

    def action_open_record_wizard(self):
        """The "Record a Consent" button of the consents list (with or
        without a selection: it opens an empty wizard)."""
        return self.env["ir.actions.act_window"]._for_xml_id(
            "rgpd_consent.rgpd_consent_record_wizard_action"
        )

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
                # An archived purpose is refused by rgpd_request_consent, and
                # its code is looked up in the purpose's own company.
                if purpose.reask_on_expiry and purpose.active and reask:
                    reask.with_company(purpose.company_id).rgpd_request_consent([purpose.code])
            remaining -= len(consents)
            if not cron._commit_progress(len(consents), remaining=remaining):
                break

    def _rgpd_move_to(self, holder, note):
        """Move these consents, with all their events, to `holder`: a contact,
        or a lead without contact (merge of leads).

        Where the holder already has a consent for the same purpose, the two
        histories are joined under it and the most protective of the two
        states wins (PROTECTION_RANK), recorded as an event with the channel
        the person used and `note`; otherwise the consent itself moves. A
        move is not an act of the person: it writes no event of its own (a
        "Given -> Given" line without channel told nothing), the moved
        events keep the lead they were captured on, and `note` (in the
        company's language) goes to the holder's chatter. No consent is
        doubled, no event is lost.
        """
        if not self:
            return self
        holder_field = "lead_id" if holder._name == "crm.lead" else "partner_id"
        holder_domain = Domain(holder_field, "=", holder.id)
        if holder_field == "lead_id":
            holder_domain &= Domain("partner_id", "=", False)
        targets = {
            consent.purpose_id: consent
            for consent in self.search(
                holder_domain & Domain("purpose_id", "in", self.purpose_id.ids)
            )
        }
        now = fields.Datetime.now()
        moved = False
        for consent in self - self.browse([t.id for t in targets.values()]):
            moved = True
            target = targets.get(consent.purpose_id)
            if not target:
                # The ledger's own write: a change of holder, not of state.
                super(RgpdConsent, consent).write(  # pylint: disable=super-method-mismatch
                    {
                        "partner_id": holder.id if holder_field == "partner_id" else False,
                        "lead_id": holder.id if holder_field == "lead_id" else False,
                    }
                )
                consent.event_ids._rgpd_move(consent)
                targets[consent.purpose_id] = consent
                continue
            when = max(consent.event_ids.mapped("date"), default=now)
            state, channel = consent.state, consent.channel
            consent.event_ids._rgpd_move(target)
            # Its events now belong to the target: the emptied consent goes.
            consent.invalidate_recordset(["event_ids"])
            consent.unlink()
            if PROTECTION_RANK[state] > PROTECTION_RANK[target.state]:
                target._rgpd_record(state, channel, date=when, note=note)
        if moved and note:
            # sudo: the note goes on the holder whose consents were moved by
            # an act the caller was allowed to make (conversion, merge).
            holder.sudo()._message_log(body=note)
        return self.browse([t.id for t in targets.values()])
