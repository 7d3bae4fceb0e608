# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models, tools

# The longest window a limit may count over: older uses are deleted.
LONGEST_WINDOW = timedelta(days=1)


class RgpdRateLimit(models.Model):
    """One use of a public page of the suite (the sign-up page of
    rgpd_consent, the request page of rgpd_dsar), kept for the page's rate
    limits. It stores keyed digests of the email and IP address, never the
    values: the use itself is proven elsewhere (a consent event, a request)."""

    _name = "rgpd.rate.limit"
    _description = "Public Page Use"
    _log_access = False

    key = fields.Char(required=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _rgpd_key(self, scope, kind, value):
        # sudo: reading the database secret, nothing else.
        return tools.hmac(self.env(su=True), f"rgpd.rate_limit.{scope}", f"{kind}:{value}")

    @api.model
    def _rgpd_allow(self, scope, limits):
        """Whether one more use of the page `scope` stays within `limits`,
        a list of (kind, value, most uses, window), e.g.
        ("email", email, 3, timedelta(hours=1)); the use is counted when allowed."""
        now = fields.Datetime.now()
        keyed = []
        for kind, value, most, window in limits:
            if window > LONGEST_WINDOW:
                raise ValueError(f"A rate limit counts over {LONGEST_WINDOW} at most.")
            key = self._rgpd_key(scope, kind, value or "")
            if self.search_count([("key", "=", key), ("date", ">", now - window)]) >= most:
                return False
            keyed.append(key)
        self.create([{"key": key, "date": now} for key in keyed])
        return True

    @api.autovacuum
    def _gc_rate_limit(self):
        self.search([("date", "<=", fields.Datetime.now() - LONGEST_WINDOW)]).unlink()
