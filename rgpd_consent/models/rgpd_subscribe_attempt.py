# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import hmac
from datetime import timedelta

from odoo import api, fields, models

# Sign-ups allowed per hour from one address, and to one email address.
MAX_PER_IP = 10
MAX_PER_EMAIL = 3
WINDOW = timedelta(hours=1)


class RgpdSubscribeAttempt(models.Model):
    """One sign-up on the public page, kept an hour for its rate limit.

    It stores keyed digests of the IP address and the email, not the
    values themselves: the proof of a sign-up is its consent event."""

    _name = "rgpd.subscribe.attempt"
    _description = "Public Sign-up Attempt"
    _log_access = False

    key = fields.Char(required=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _rgpd_key(self, kind, value):
        # sudo: reading the database secret, nothing else.
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        return hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()

    @api.model
    def _rgpd_allow(self, ip_address, email):
        """Count this sign-up and tell whether it stays within the limits
        (per IP address and per email address, over the last hour)."""
        keys = {
            self._rgpd_key("ip", ip_address or ""): MAX_PER_IP,
            self._rgpd_key("email", email): MAX_PER_EMAIL,
        }
        since = fields.Datetime.now() - WINDOW
        counts = dict(
            self._read_group(
                [("key", "in", list(keys)), ("date", ">", since)], ["key"], ["__count"]
            )
        )
        self.create([{"key": key} for key in keys])
        return all(counts.get(key, 0) < limit for key, limit in keys.items())

    @api.autovacuum
    def _gc_attempts(self):
        self.search([("date", "<=", fields.Datetime.now() - WINDOW)]).unlink()
