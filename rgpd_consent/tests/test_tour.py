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

    def test_preferences_withdraw_all_and_undo_tour(self):
        """A person without an account withdraws from every purpose from the
        link of a mail, then undoes it."""
        news, profiling = self.env["rgpd.purpose"].create(
            [
                {
                    "name": "Tour Preferences Newsletter",
                    "code": "rgpd_tour_pref_news",
                    "description": "<p>Our newsletter.</p>",
                    "company_id": False,
                },
                {
                    "name": "Tour Preferences Profiling",
                    "code": "rgpd_tour_pref_profiling",
                    "lawful_basis": "legitimate_interest",
                    "company_id": False,
                },
            ]
        )
        person = self.env["res.partner"].create(
            {"name": "No Account Person", "email": "no.account@example.com"}
        )
        person._rgpd_apply(news, "given", "phone", note="Called")
        url = person._rgpd_preferences_url().replace(person.get_base_url(), "")
        self.start_tour(url, "rgpd_preferences_withdraw_all")
        consents = person.rgpd_consent_ids
        news_consent = consents.filtered(lambda c: c.purpose_id == news)
        self.assertEqual(news_consent.state, "given", "the undo gave it back")
        self.assertEqual(
            news_consent.event_ids.sorted("id").mapped("new_state"), ["given", "withdrawn", "given"]
        )
        self.assertEqual(consents.filtered(lambda c: c.purpose_id == profiling).state, "given")
        self.assertEqual(news_consent.event_ids.sorted("id")[-1].author_id, person)


@tagged("post_install", "-at_install")
class TestBackOfficeTour(HttpCaseWithUserPortal):
    def test_sales_user_records_a_phone_consent(self):
        """From the Privacy app, a sales user records a consent given on the
        phone and finds it in the contact's Privacy tab."""
        new_test_user(
            self.env,
            "rgpd_tour_sales",
            password="rgpd_tour_sales",
            groups="rgpd_consent.group_rgpd_user,sales_team.group_sale_salesman",
        )
        self.env["rgpd.purpose"].create(
            [
                {
                    "name": "Tour Phone Newsletter",
                    "code": "rgpd_tour_phone_news",
                    "description": "<p>Our phone newsletter, once a month.</p>",
                    "sequence": 1,
                },
                {
                    "name": "Tour Phone Offers",
                    "code": "rgpd_tour_phone_offers",
                    "description": "<p>Offers.</p>",
                    "sequence": 2,
                },
            ]
        )
        caller = self.env["res.partner"].create(
            {"name": "Tour Phone Caller", "email": "tour.caller@example.com"}
        )
        self.start_tour("/odoo", "rgpd_record_phone_consent", login="rgpd_tour_sales")
        consent = caller.rgpd_consent_ids
        self.assertEqual((consent.state, consent.channel), ("given", "phone"))
        event = consent.event_ids
        self.assertEqual(event.purpose_text, "<p>Our phone newsletter, once a month.</p>")
        self.assertIn("identity checked", event.note)


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
