# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models, sql_db, tools
from odoo.tools import SQL

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
        ("email", email, 3, timedelta(hours=1)); the use is counted when allowed.

        Parallel requests agree: the count runs in a short transaction of its
        own, under a lock per key and in READ COMMITTED, so that each attempt
        sees every use committed before it (the request's own transaction is
        REPEATABLE READ: its snapshot may predate them). An attempt counts
        once allowed, even when the rest of its request fails afterwards."""
        now = fields.Datetime.now()
        rows, keys = [], set()
        for kind, value, most, window in limits:
            if window > LONGEST_WINDOW:
                raise ValueError(f"A rate limit counts over {LONGEST_WINDOW} at most.")
            key = self._rgpd_key(scope, kind, value or "")
            rows.append(SQL("(%s, %s, %s)", key, most, now - window))
            keys.add(key)
        if not rows:
            return True
        with self.env.registry.cursor() as cr:
            # A new cursor has run nothing yet: each statement may take a
            # fresh snapshot. (In the test server, the cursor is the test's
            # own transaction, which sees everything already.)
            if isinstance(cr, sql_db.Cursor):
                cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
            # In one order, so that two pages locking two keys never deadlock;
            # released at the commit below.
            for key in sorted(keys):
                cr.execute(
                    SQL(
                        "SELECT pg_advisory_xact_lock(hashtext('rgpd.rate.limit'), hashtext(%s))",
                        key,
                    )
                )
            cr.execute(
                SQL(
                    """
                    WITH limits (key, most, since) AS (VALUES %(rows)s)
                    INSERT INTO rgpd_rate_limit (key, date)
                    SELECT limits.key, %(now)s FROM limits
                    WHERE NOT EXISTS (
                        SELECT FROM limits reached
                        WHERE (
                            SELECT COUNT(*) FROM rgpd_rate_limit used
                            WHERE used.key = reached.key AND used.date > reached.since
                        ) >= reached.most
                    )
                    RETURNING id
                    """,
                    rows=SQL(", ").join(rows),
                    now=now,
                )
            )
            return bool(cr.fetchall())

    @api.autovacuum
    def _gc_rate_limit(self):
        self.search([("date", "<=", fields.Datetime.now() - LONGEST_WINDOW)]).unlink()
