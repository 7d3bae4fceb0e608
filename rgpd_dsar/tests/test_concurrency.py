# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestConcurrentConfirmation(BaseCase):
    """One confirmation link posted twice at once (a double click, a mail
    scanner and the person): one request. Real, separate connections."""

    def setUp(self):
        super().setUp()
        self.db = db_connect(get_db_name())
        with self.db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.pending_id = (
                env["rgpd.dsar.request"]
                ._rgpd_intake_pending(
                    {
                        "name": "Rachel Race",
                        "email": "rachel.race@example.com",
                        "request_type": "erasure",
                        "company_id": env.company.id,
                    }
                )
                .id
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["rgpd.dsar.request"].search(
                [("requester_email", "=", "rachel.race@example.com")]
            ).unlink()
            env["rgpd.dsar.intake"].browse(self.pending_id).unlink()

    def _confirm(self, cr):
        env = api.Environment(cr, SUPERUSER_ID, {})
        pending = env["rgpd.dsar.intake"].browse(self.pending_id)
        return env["rgpd.dsar.request"]._rgpd_create_from_intake(pending)

    def test_second_confirmation_is_retried_and_finds_the_request(self):
        with self.db.cursor() as late_cr:
            late = api.Environment(late_cr, SUPERUSER_ID, {})
            # The late transaction starts before the first one commits.
            self.assertFalse(late["rgpd.dsar.intake"].browse(self.pending_id).request_id)
            with self.db.cursor() as first_cr:
                request_id = self._confirm(first_cr).id
            with mute_logger("odoo.sql_db"), self.assertRaises(SerializationFailure):
                self._confirm(late_cr)
            late_cr.rollback()
        # Odoo retries the late one in a new transaction: the same request.
        with self.db.cursor() as retry_cr:
            self.assertEqual(self._confirm(retry_cr).id, request_id)
            env = api.Environment(retry_cr, SUPERUSER_ID, {})
            self.assertEqual(
                env["rgpd.dsar.request"].search_count(
                    [("requester_email", "=", "rachel.race@example.com")]
                ),
                1,
            )
