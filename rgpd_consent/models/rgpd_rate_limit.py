# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta
from typing import NamedTuple

from odoo import api, fields, models, sql_db, tools
from odoo.tools import SQL

# The longest window a limit may count over: older uses are deleted.
LONGEST_WINDOW = timedelta(days=1)


class RateLimited(NamedTuple):
    """A refused use: the kind of the first limit reached (as given by the
    page, e.g. "email" or "ip") and the UTC datetime from which one more use
    will be allowed."""

    kind: str
    retry_at: datetime


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
        """Whether one more use of the page `scope` stays within `limits`
        (see `_rgpd_try`); the use is counted when allowed."""
        return not self._rgpd_try(scope, limits)

    @api.model
    def _rgpd_try(self, scope, limits):
        """Count one more use of the page `scope` if it stays within `limits`,
        a list of (kind, value, most uses, window), e.g.
        ("email", email, 3, timedelta(hours=1)), most specific first.

        Returns None when the use is allowed (and counted), else a
        `RateLimited` telling the first limit reached in the list's order
        (so that a page can say "this address" rather than "this network"
        when both are reached) and when one more use will be allowed, so that
        a page never leaves the visitor without a time to come back.

        Parallel requests agree: the count runs in a short transaction of its
        own, under a lock per key and in READ COMMITTED, so that each attempt
        sees every use committed before it (the request's own transaction is
        REPEATABLE READ: its snapshot may predate them). An attempt counts
        once allowed, even when the rest of its request fails afterwards; a
        refused attempt counts for no limit."""
        now = fields.Datetime.now()
        rows, keys = [], set()
        for position, (kind, value, most, window) in enumerate(limits):
            if window > LONGEST_WINDOW:
                raise ValueError(f"A rate limit counts over {LONGEST_WINDOW} at most.")
            if most < 1:
                raise ValueError("A rate limit allows one use at least.")
            key = self._rgpd_key(scope, kind, value or "")
            rows.append(SQL("(%s, %s, %s, %s, %s)", position, key, most, now - window, window))
            keys.add(key)
        if not rows:
            return None
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
            # A limit is reached when its window holds `most` uses already;
            # the oldest of the `most` latest ones leaves the window first.
            cr.execute(
                SQL(
                    """
                    SELECT limits.position, oldest.date + limits.span
                    FROM (VALUES %(rows)s) AS limits (position, key, most, since, span)
                    CROSS JOIN LATERAL (
                        SELECT used.date FROM rgpd_rate_limit used
                        WHERE used.key = limits.key AND used.date > limits.since
                        ORDER BY used.date DESC
                        OFFSET limits.most - 1 LIMIT 1
                    ) oldest
                    ORDER BY limits.position
                    """,
                    rows=SQL(", ").join(rows),
                )
            )
            reached = cr.fetchall()
            if reached:
                kind = limits[reached[0][0]][0]
                return RateLimited(kind, max(retry for _position, retry in reached))
            cr.execute(
                SQL(
                    "INSERT INTO rgpd_rate_limit (key, date) SELECT unnest(%s::varchar[]), %s",
                    sorted(keys),
                    now,
                )
            )
            return None

    @api.autovacuum
    def _gc_rate_limit(self):
        self.search([("date", "<=", fields.Datetime.now() - LONGEST_WINDOW)]).unlink()
