# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.tools import SQL, email_normalize, hmac

SCOPE = "rgpd_retention.suppression"


class RgpdSuppression(models.Model):
    """The emails and phone numbers of erased persons, each kept only as an
    HMAC-SHA256 keyed with the database secret: enough to recognise the
    person if they come back, never enough to read who they were."""

    _name = "rgpd.suppression"
    _description = "Suppression List Entry"
    _order = "id desc"

    digest = fields.Char(required=True, readonly=True, index=True)
    kind = fields.Selection([("email", "Email"), ("phone", "Phone")], required=True, readonly=True)
    create_date = fields.Datetime(string="Erased On", readonly=True)

    _digest_uniq = models.Constraint(
        "UNIQUE (digest)", "This value is already on the suppression list."
    )

    @api.model
    def _rgpd_phone_key(self, phone):
        """A phone number reduced to its digits (and leading +)."""
        digits = re.sub(r"[^\d+]", "", phone or "")
        return digits if len(digits.lstrip("+")) >= 6 else ""

    @api.model
    def _rgpd_digest(self, kind, value):
        """The keyed digest of an email or phone, or "" when there is none."""
        key = email_normalize(value or "") if kind == "email" else self._rgpd_phone_key(value)
        # sudo: reading the database secret, nothing else.
        return key and hmac(self.env(su=True), f"{SCOPE}.{kind}", key)

    @api.model
    def _rgpd_add(self, emails=(), phones=()):
        """Put these emails and phones on the list (set-based, idempotent)."""
        rows = {(self._rgpd_digest("email", v), "email") for v in emails}
        rows |= {(self._rgpd_digest("phone", v), "phone") for v in phones}
        rows = [row for row in rows if row[0]]
        if not rows:
            return
        self.env.execute_query(
            SQL(
                """
                INSERT INTO rgpd_suppression
                       (digest, kind, create_date, create_uid, write_date, write_uid)
                SELECT d, k, now() AT TIME ZONE 'UTC', %s, now() AT TIME ZONE 'UTC', %s
                  FROM unnest(%s::varchar[], %s::varchar[]) AS v(d, k)
                ON CONFLICT (digest) DO NOTHING
                """,
                self.env.uid,
                self.env.uid,
                [row[0] for row in rows],
                [row[1] for row in rows],
            )
        )

    @api.model
    def _rgpd_listed(self, emails=(), phones=()):
        """The digests among these emails and phones that are on the list."""
        digests = {self._rgpd_digest("email", v) for v in emails} | {
            self._rgpd_digest("phone", v) for v in phones
        }
        digests.discard("")
        if not digests:
            return set()
        # sudo: whether a value is listed is asked for any new contact.
        return set(self.sudo().search([("digest", "in", list(digests))]).mapped("digest"))
