# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import hmac as hmac_lib
import re

from odoo import api, fields, models
from odoo.tools import SQL, email_normalize

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
    def _rgpd_digest(self, kind, value, normalized=False, secret=None):
        """The keyed digest of an email or phone, or "" when there is none:
        HMAC-SHA256 keyed with the database secret, one scope per kind."""
        if kind == "email":
            key = (value or "").lower() if normalized else email_normalize(value or "")
        else:
            key = self._rgpd_phone_key(value)
        if not key:
            return ""
        if secret is None:
            # sudo: reading the database secret, nothing else.
            secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        # The same digest as odoo.tools.hmac, without reading the secret
        # again for every value of a batch.
        return hmac_lib.new(
            secret.encode(), repr((f"{SCOPE}.{kind}", key)).encode(), hashlib.sha256
        ).hexdigest()

    @api.model
    def _rgpd_add(self, emails=(), phones=(), normalized_emails=False):
        """Put these emails and phones on the list (set-based, idempotent)."""
        # sudo: reading the database secret, nothing else.
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        rows = {(self._rgpd_digest("email", v, normalized_emails, secret), "email") for v in emails}
        rows |= {(self._rgpd_digest("phone", v, secret=secret), "phone") for v in phones}
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
