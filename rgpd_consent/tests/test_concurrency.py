# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api
from odoo.exceptions import ConcurrencyError
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, get_db_name, tagged


@tagged("post_install", "-at_install")
class TestConcurrentFirstConsent(BaseCase):
    """Two transactions record the first consent of the same person at once
    (a double click): the second one asks Odoo to retry instead of failing
    on the unique constraint. Real, separate database connections."""

    def setUp(self):
        super().setUp()
        self.db = db_connect(get_db_name())
        with self.db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"mail_create_nolog": True})
            self.partner_id = env["res.partner"].create({"name": "Double Clicker"}).id
            self.purpose_id = env["rgpd.purpose"].create({"name": "Race", "code": "test_race"}).id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.db.cursor() as cr:
            # The ledger refuses to delete proof: remove the test's rows directly.
            cr.execute("DELETE FROM rgpd_consent_event WHERE purpose_id = %s", [self.purpose_id])
            cr.execute("DELETE FROM rgpd_consent WHERE purpose_id = %s", [self.purpose_id])
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["rgpd.purpose"].browse(self.purpose_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def test_second_click_is_retried(self):
        with self.db.cursor() as late_cr:
            late = self._env(late_cr)
            late_partner = late["res.partner"].browse(self.partner_id)
            late_purpose = late["rgpd.purpose"].browse(self.purpose_id)
            # The late transaction starts before the first one commits.
            self.assertFalse(late_partner._rgpd_consents(late_purpose))
            with self.db.cursor() as first_cr:
                first = self._env(first_cr)
                first["res.partner"].browse(self.partner_id)._rgpd_apply(
                    first["rgpd.purpose"].browse(self.purpose_id), "given", "portal"
                )
            with self.assertRaises(ConcurrencyError):
                late_partner._rgpd_apply(late_purpose, "given", "portal")
            late_cr.rollback()
        # A retry, in a new transaction, finds the consent and changes nothing.
        with self.db.cursor() as retry_cr:
            retry = self._env(retry_cr)
            partner = retry["res.partner"].browse(self.partner_id)
            purpose = retry["rgpd.purpose"].browse(self.purpose_id)
            self.assertFalse(partner._rgpd_apply(purpose, "given", "portal"))
            consent = partner._rgpd_consents(purpose)
            self.assertEqual((consent.state, len(consent.event_ids)), ("given", 1))
