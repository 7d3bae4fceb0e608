# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from .common import read_xlsx


@tagged("post_install", "-at_install")
class TestAccountabilityDemo(TransactionCase):
    """The demo shows a complete register and both kinds of breach."""

    def test_demo_register_and_breaches(self):
        company = self.env.ref("base.main_company")
        self.assertFalse(company._rgpd_identity_missing())
        complete = self.env["rgpd.purpose"].search(
            [("company_id", "in", [company.id, False]), ("register_missing", "=", False)]
        )
        self.assertGreaterEqual(len(complete), 3)
        cells = read_xlsx(self.env["rgpd.purpose"]._rgpd_register_xlsx(company))
        self.assertIn("Newsletter", {cells.get((row, 1)) for row in range(10, 20)})
        notified = self.env.ref("rgpd_dsar.breach_stolen_laptop")
        self.assertTrue(notified.date_notified)
        self.assertFalse(notified.is_late)
        recorded = self.env.ref("rgpd_dsar.breach_misdirected_email")
        self.assertFalse(recorded.date_notified)
        self.assertEqual((recorded.risk_level, recorded.state), ("none", "closed"))
