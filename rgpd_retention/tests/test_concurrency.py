# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, get_db_name, tagged


@tagged("post_install", "-at_install")
class TestTwoWorkers(BaseCase):
    """Two workers run the same policy at once, on two real database
    connections: each claims records the other does not hold, and no
    contact is processed twice."""

    def setUp(self):
        super().setUp()
        self.db = db_connect(get_db_name())
        with self.db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"mail_create_nolog": True})
            partners = env["res.partner"].create(
                [
                    {"name": f"Race Person {i}", "email": f"race{i}@race.example.org"}
                    for i in range(6)
                ]
            )
            env["rgpd.retention.policy"]._rgpd_demo_backdate(partners.ids, 4)
            self.partner_ids = partners.ids
            self.policy_id = (
                env["rgpd.retention.policy"]
                .create(
                    {
                        "name": "Race",
                        "domain": "[('email', 'ilike', '@race.example.org')]",
                        "duration_value": 3,
                        "active": False,
                    }
                )
                .id
            )
            self.emails = partners.mapped("email")
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # Logs refuse to be deleted through the ORM: remove the test's rows directly.
            cr.execute("DELETE FROM rgpd_retention_log WHERE policy_id = %s", [self.policy_id])
            digests = [env["rgpd.suppression"]._rgpd_digest("email", e) for e in self.emails]
            cr.execute("DELETE FROM rgpd_suppression WHERE digest = ANY(%s)", [digests])
            cr.execute("DELETE FROM rgpd_retention_policy WHERE id = %s", [self.policy_id])
            env["res.partner"].browse(self.partner_ids).unlink()

    def test_no_record_processed_twice(self):
        with self.db.cursor() as cr_a, self.db.cursor() as cr_b:
            policy_a = api.Environment(cr_a, SUPERUSER_ID, {})["rgpd.retention.policy"].browse(
                self.policy_id
            )
            policy_b = api.Environment(cr_b, SUPERUSER_ID, {})["rgpd.retention.policy"].browse(
                self.policy_id
            )
            batch_a = policy_a._rgpd_claim(4)
            batch_b = policy_b._rgpd_claim(4)
            self.assertEqual(len(batch_a), 4)
            self.assertEqual(len(batch_b), 2, "the second worker skips the rows the first holds")
            self.assertFalse(set(batch_a.ids) & set(batch_b.ids))
            policy_a._rgpd_process(batch_a)
            cr_a.commit()
            policy_b._rgpd_process(batch_b)
            cr_b.commit()
        with self.db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cr.execute(
                """SELECT partner_id, count(*) FROM rgpd_retention_log
                    WHERE policy_id = %s GROUP BY partner_id""",
                [self.policy_id],
            )
            counts = dict(cr.fetchall())
            self.assertEqual(counts, dict.fromkeys(self.partner_ids, 1))
            policy = env["rgpd.retention.policy"].browse(self.policy_id)
            self.assertFalse(policy._rgpd_claim(10), "a third run finds nothing left")
