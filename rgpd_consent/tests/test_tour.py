# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.base.tests.common import HttpCaseWithUserPortal


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCaseWithUserPortal):
    def test_portal_withdraw_tour(self):
        """A customer withdraws a given consent from /my/privacy in a browser."""
        purpose = self.env["rgpd.purpose"].create(
            {
                "name": "Tour Newsletter",
                "code": "rgpd_tour_newsletter",
                "description": "<p>Our newsletter, once a month.</p>",
                "company_id": False,
            }
        )
        self.partner_portal.rgpd_give_consent(purpose.code, "back_office")
        self.start_tour("/my/privacy", "rgpd_portal_withdraw", login=self.user_portal.login)
        consent = self.env["rgpd.consent"].search(
            [("partner_id", "=", self.partner_portal.id), ("purpose_id", "=", purpose.id)]
        )
        self.assertEqual(consent.state, "withdrawn")
        event = consent.event_ids.sorted("id")[-1]
        self.assertEqual(
            (event.old_state, event.new_state, event.channel), ("given", "withdrawn", "portal")
        )
        self.assertEqual(event.ip_address, "127.0.0.1")
        self.assertIn("Chrome", event.user_agent or "")
