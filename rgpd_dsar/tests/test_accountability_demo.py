# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import read_xlsx
from .common_dsar import RgpdDsarCase


@tagged("post_install", "-at_install")
class TestAccountabilityDemo(RgpdDsarCase):
    """The demo shows a complete register and both kinds of breach, to the
    Privacy Officer (not the superuser) who reads, prints and exports them."""

    def test_demo_register_and_breaches(self):
        company = self.env.ref("base.main_company").with_user(self.officer)
        self.assertFalse(company._rgpd_identity_missing())
        Purpose = self.env["rgpd.purpose"].with_user(self.officer).with_company(company)
        complete = Purpose.search(
            [("company_id", "in", [company.id, False]), ("register_missing", "=", False)]
        )
        self.assertGreaterEqual(len(complete), 3)
        cells = read_xlsx(Purpose._rgpd_register_xlsx(company))
        self.assertIn("Newsletter", {cells.get((row, 1)) for row in range(10, 20)})
        notified = self.env.ref("rgpd_dsar.breach_stolen_laptop").with_user(self.officer)
        self.assertTrue(notified.date_notified)
        self.assertFalse(notified.is_late)
        recorded = self.env.ref("rgpd_dsar.breach_misdirected_email").with_user(self.officer)
        self.assertFalse(recorded.date_notified)
        self.assertEqual((recorded.risk_level, recorded.state), ("none", "closed"))
