# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user, tagged

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


@tagged("post_install", "-at_install")
class TestLeadTour(HttpCaseWithUserPortal):
    def test_lead_phone_consent_tour(self):
        """A sales user opens a lead, records a consent given on the phone
        and sees the badge."""
        purpose = self.env["rgpd.purpose"].create(
            {
                "name": "Tour Lead Newsletter",
                "code": "rgpd_tour_lead_newsletter",
                "description": "<p>Our newsletter, once a month.</p>",
                "company_id": False,
            }
        )
        salesman = new_test_user(
            self.env,
            "rgpd_tour_sales",
            groups="sales_team.group_sale_salesman,rgpd_consent.group_rgpd_user",
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour enquiry",
                "contact_name": "Tour Prospect",
                "email_from": "tour.prospect@example.com",
                "type": "lead",
                "user_id": salesman.id,
            }
        )
        self.start_tour(
            f"/odoo/crm.lead/{lead.id}", "rgpd_lead_phone_consent", login=salesman.login
        )
        consent = lead._rgpd_consents(purpose)
        self.assertEqual((consent.state, consent.channel), ("given", "phone"))
        self.assertEqual(consent.event_ids.user_id, salesman)
        self.assertIn("agreed to receive the newsletter", consent.event_ids.note)
