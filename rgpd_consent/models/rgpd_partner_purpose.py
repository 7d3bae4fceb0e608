# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from .rgpd_consent import CHANNELS, CONSENT_STATES
from .rgpd_purpose import LAWFUL_BASES

# Purpose ids stay below this bound in the row id (partner * bound + purpose).
ROW_ID_FACTOR = 1_000_000


class RgpdPartnerPurpose(models.Model):
    """One row per contact and active purpose, asked or not: the contact's
    Privacy tab, with what may be done on each row. Read-only, built on
    the ledger; every action goes through the ledger's own paths."""

    _name = "rgpd.partner.purpose"
    _description = "Privacy Overview"
    _auto = False
    _order = "sequence, purpose_id"
    # Flushed before each read, so that the rows show what was just written.
    _depends = {
        "res.partner": ["company_id", "email_normalized"],
        "rgpd.purpose": ["active", "company_id", "lawful_basis", "sequence"],
        "rgpd.consent": [
            "partner_id",
            "purpose_id",
            "state",
            "channel",
            "date_given",
            "date_withdrawn",
            "date_expiry",
            "confirmed_email",
        ],
    }

    partner_id = fields.Many2one("res.partner", readonly=True)
    purpose_id = fields.Many2one("rgpd.purpose", readonly=True)
    sequence = fields.Integer(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    consent_id = fields.Many2one("rgpd.consent", readonly=True)
    lawful_basis = fields.Selection(LAWFUL_BASES, readonly=True)
    withdrawable = fields.Boolean(related="purpose_id.withdrawable")
    # The words of the portal: on another basis than consent, the purpose
    # applies unless the person objected.
    state = fields.Selection(
        [
            ("never", "Never Asked"),
            *CONSENT_STATES,
            ("applies", "Applies"),
            ("objected", "Objected"),
        ],
        string="Status",
        readonly=True,
    )
    channel = fields.Selection(CHANNELS, readonly=True)
    date_given = fields.Datetime(string="Given On", readonly=True)
    date_withdrawn = fields.Datetime(string="Withdrawn On", readonly=True)
    date_expiry = fields.Date(string="Expires On", readonly=True)
    confirmed_email = fields.Char(string="Confirmed Address", readonly=True)
    confirmed_elsewhere = fields.Boolean(
        readonly=True,
        help="Given from a link sent to an address that is no longer the "
        "contact's: mails for the purpose do not reach the contact.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT partner.id::bigint * %(factor)s + purpose.id AS id,
                   partner.id AS partner_id,
                   purpose.id AS purpose_id,
                   purpose.sequence AS sequence,
                   purpose.company_id AS company_id,
                   purpose.lawful_basis AS lawful_basis,
                   consent.id AS consent_id,
                   CASE WHEN purpose.lawful_basis = 'consent' THEN COALESCE(consent.state, 'never')
                        WHEN consent.state = 'withdrawn' THEN 'objected'
                        ELSE 'applies' END AS state,
                   consent.channel AS channel,
                   consent.date_given AS date_given,
                   consent.date_withdrawn AS date_withdrawn,
                   consent.date_expiry AS date_expiry,
                   consent.confirmed_email AS confirmed_email,
                   COALESCE(consent.state = 'given' AND consent.confirmed_email IS NOT NULL
                            AND consent.confirmed_email IS DISTINCT FROM partner.email_normalized,
                            FALSE) AS confirmed_elsewhere
              FROM res_partner partner
              JOIN rgpd_purpose purpose ON purpose.active
                   AND (purpose.company_id IS NULL OR partner.company_id IS NULL
                        OR purpose.company_id = partner.company_id)
         LEFT JOIN rgpd_consent consent
                ON consent.partner_id = partner.id AND consent.purpose_id = purpose.id
            """,
            factor=ROW_ID_FACTOR,
        )

    def _rgpd_wizard(self, action, **defaults):
        self.ensure_one()
        result = self.env["ir.actions.act_window"]._for_xml_id(
            "rgpd_consent.rgpd_consent_record_wizard_action"
        )
        result["context"] = {
            "default_partner_ids": self.partner_id.ids,
            "default_purpose_id": self.purpose_id.id,
            "default_action": action,
            **defaults,
        }
        return result

    def action_record_phone(self):
        """Record a consent given on the phone for this purpose."""
        return self._rgpd_wizard("give", default_channel="phone")

    def action_withdraw(self):
        """Record a withdrawal (or an objection), with its channel and note."""
        self.purpose_id._rgpd_check_answerable()
        return self._rgpd_wizard("withdraw")

    def action_send_confirmation(self):
        """Send the double opt-in mail for this purpose."""
        self.ensure_one()
        asked = self.partner_id.rgpd_request_consent([self.purpose_id.code])
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("The confirmation mail is on its way.")
                if asked
                else self.env._("Nothing sent: this contact already answered."),
                "type": "success" if asked else "warning",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
