# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo import api, fields, models, tools

# Public request page: at most this many requests per address and per IP.
LIMIT_PER_EMAIL = (3, datetime.timedelta(days=1))
LIMIT_PER_IP = (10, datetime.timedelta(hours=1))


class RgpdDsarIntakeLog(models.Model):
    """One submission of the public request page, kept a day to rate-limit
    it per address and per IP. The address is kept as a keyed hash only:
    the log tells nothing about who asked."""

    _name = "rgpd.dsar.intake.log"
    _description = "Public Request Submission"
    _log_access = False

    email_hash = fields.Char(required=True, index=True)
    ip_address = fields.Char(required=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _rgpd_email_hash(self, email):
        # sudo: reading the database secret, nothing else.
        return tools.hmac(
            self.env(su=True), "rgpd_dsar.intake", tools.email_normalize(email) or email
        )

    @api.model
    def _rgpd_allow(self, email, ip_address):
        """Record a submission from `email` and `ip_address` and say whether
        it is within the limits (one address or one IP cannot flood the queue
        nor the mailboxes of others)."""
        now = fields.Datetime.now()
        email_hash = self._rgpd_email_hash(email)
        limits = (
            ("email_hash", email_hash, LIMIT_PER_EMAIL),
            ("ip_address", ip_address, LIMIT_PER_IP),
        )
        for field, value, (count, period) in limits:
            if self.search_count([(field, "=", value), ("date", ">=", now - period)]) >= count:
                return False
        self.create({"email_hash": email_hash, "ip_address": ip_address, "date": now})
        return True

    @api.autovacuum
    def _gc_intake_log(self):
        horizon = fields.Datetime.now() - max(LIMIT_PER_EMAIL[1], LIMIT_PER_IP[1])
        self.search([("date", "<", horizon)]).unlink()
