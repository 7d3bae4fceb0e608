# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .rgpd_consent import CHANNELS, CONSENT_STATES

# A change of more contacts at once (a bulk consent) is told by its events
# only: a chatter note per contact tripled its cost (5,000 contacts: 5 to
# 9 s without notes, 16 to 19 s with them, 2 CPUs under load).
CHATTER_NOTE_MAX = 1000
# The only fields the anonymization of a person may blank (rgpd_retention).
SCRUBBABLE_FIELDS = ("ip_address", "user_agent", "purpose_text", "email")


class RgpdConsentEvent(models.Model):
    """One change of a consent, with its proof (GDPR Art. 7(1)).

    Append-only: nobody writes or deletes an event, the administrator
    included; only `_rgpd_scrub` blanks the personal parts of the proof when
    the person is erased.
    """

    _name = "rgpd.consent.event"
    _description = "Consent Event"
    _order = "date desc, id desc"
    _log_access = True

    consent_id = fields.Many2one(
        "rgpd.consent", required=True, index=True, ondelete="restrict", readonly=True
    )
    partner_id = fields.Many2one("res.partner", index=True, readonly=True)
    lead_id = fields.Many2one(
        "crm.lead", string="Captured on Lead", index="btree_not_null", readonly=True
    )
    purpose_id = fields.Many2one("rgpd.purpose", required=True, readonly=True)
    company_id = fields.Many2one("res.company", index=True, readonly=True)
    old_state = fields.Selection(CONSENT_STATES, string="From", readonly=True)
    new_state = fields.Selection(CONSENT_STATES, string="To", required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    channel = fields.Selection(CHANNELS, readonly=True)
    ip_address = fields.Char(string="IP Address", readonly=True)
    user_agent = fields.Char(readonly=True)
    email = fields.Char(
        string="Confirmed Address",
        readonly=True,
        help="The address the link the person used was sent to: their consent "
        "by email holds for this address only.",
    )
    user_id = fields.Many2one(
        "res.users", string="Recorded By", readonly=True, default=lambda self: self.env.user
    )
    author_id = fields.Many2one(
        "res.partner",
        readonly=True,
        help="Who acted: the person themselves for a link or the portal, "
        "else the employee who recorded it; empty for an automatic change.",
    )
    purpose_text = fields.Html(string="Text Shown", readonly=True, sanitize=False)
    purpose_text_sha256 = fields.Char(string="Text SHA-256", readonly=True)
    evidence_attachment_id = fields.Many2one("ir.attachment", string="Evidence File", readonly=True)
    note = fields.Text(string="Evidence", readonly=True)
    notice_version_id = fields.Many2one(
        "rgpd.notice.version",
        string="Privacy Notice Shown",
        readonly=True,
        ondelete="restrict",
        help="The version of the information notice the page showed the person when they acted.",
    )

    @api.depends("consent_id", "new_state")
    def _compute_display_name(self):
        # Without it, the breadcrumb of an event read "rgpd.consent.event,42".
        states = dict(self._fields["new_state"]._description_selection(self.env))
        for event in self:
            event.display_name = (
                f"{event.consent_id.display_name}: {states.get(event.new_state, '')}"
            )

    @api.model
    def _rgpd_log(self, consents, old_states, new_state, channel, when, proof, by_subject=False):
        """Write one event per consent, each with a copy of the purpose text
        in the person's language and its SHA-256. `by_subject`: the person
        acted (a link, the portal), as only `res.partner._rgpd_subject_act`
        says, after its controller checked the token or the session."""
        texts = {}
        vals_list = []
        # sudo'ed callers keep the real user in env.uid; the public user
        # records nothing of its own.
        user = self.env.user
        user_vals = {"user_id": False} if user._is_public() else {}
        for consent in consents:
            partner, purpose = consent.partner_id, consent.purpose_id
            lang = partner.lang if partner else consent.lead_id.lang_code
            key = (purpose.id, lang)
            if key not in texts:
                text = purpose.with_context(lang=lang).description or ""
                texts[key] = (text, purpose._rgpd_text_digest(text))
            text, digest = texts[key]
            vals_list.append(
                {
                    "consent_id": consent.id,
                    "partner_id": partner.id,
                    "lead_id": consent.lead_id.id,
                    "purpose_id": purpose.id,
                    "company_id": purpose.company_id.id,
                    "old_state": old_states.get(consent.id) or False,
                    "new_state": new_state,
                    "date": when,
                    "channel": channel,
                    "purpose_text": text,
                    "purpose_text_sha256": digest,
                    "author_id": (
                        partner.id if by_subject else (channel and user.partner_id.id) or False
                    ),
                    **user_vals,
                    **proof,
                }
            )
        # sudo: events are written only here, for a change of state the
        # caller was allowed to make; nobody may create one directly (no ACL
        # grants it), and user_id keeps the real author.
        events = self.sudo().create(vals_list)
        # Imports and automatic changes (expiry) have their events, not notes.
        noted = events.filtered(lambda e: e.channel and e.channel != "import")
        if len(noted.partner_id) <= CHATTER_NOTE_MAX:
            noted._rgpd_note_in_chatter(by_subject=by_subject)
        return events

    def _rgpd_note_in_chatter(self, by_subject=False):
        """One short note per change in the contact's chatter: purpose, new
        state (an objection is called so), channel. A note is stored once
        for every reader: it is written in the company's language
        (`res.company._rgpd_lang`), not in the language of whoever acted
        (an English administrator, a person on the portal). Never a link."""
        env = self.with_context(lang=self.env.company._rgpd_lang()).env
        states = dict(self._fields["new_state"]._description_selection(env))
        channels = dict(self._fields["channel"]._description_selection(env))
        bodies = {}
        for event in self:
            if event.purpose_id.lawful_basis == "consent" or event.new_state != "withdrawn":
                state = states.get(event.new_state, "")
            else:
                state = env._("Objection")
            line = env._(
                "Privacy: %(purpose)s: %(state)s (%(channel)s)",
                purpose=event.purpose_id.with_env(env).name,
                state=state,
                channel=channels.get(event.channel) or env._("automatic"),
            )
            bodies.setdefault(event.partner_id.id, []).append(line)
        # sudo: the note goes on contacts whose consent the caller changed.
        partners = self.env["res.partner"].sudo().browse(bodies)
        bodies = {pid: Markup("<br/>").join(lines) for pid, lines in bodies.items()}
        if by_subject:
            # The person acted (link, portal): the note is theirs.
            for partner in partners:
                partner._message_log_batch(
                    bodies={partner.id: bodies[partner.id]}, author_id=partner.id
                )
        else:
            partners._message_log_batch(bodies=bodies)

    def write(self, vals):  # pylint: disable=method-required-super
        # Generic tools (the merge of contacts) write on an empty search result.
        if not self:
            return True
        raise UserError(self.env._("Consent events are proof: they cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_proof(self):
        raise UserError(self.env._("Consent events are proof: they cannot be deleted."))

    def _rgpd_scrub(self):
        """Blank the IP address, user agent, address and text copy of these
        events, and the address that confirmed their consents: used only
        when the person is anonymized (the fact of the consent, its date and
        its digest remain)."""
        self.consent_id._rgpd_scrub()
        # The ledger's own write, past the refusal above.
        return super().write(dict.fromkeys(SCRUBBABLE_FIELDS, False))  # pylint: disable=super-method-mismatch

    def _rgpd_move(self, consent):
        """Attach these events to `consent` and its contact: used only when a
        lead's consent reaches its contact or two contacts are merged
        (`rgpd.consent._rgpd_move_to`); what happened, when and its proof
        remain as they were."""
        # The ledger's own write, past the refusal above.
        return super().write(  # pylint: disable=super-method-mismatch
            {"consent_id": consent.id, "partner_id": consent.partner_id.id}
        )
