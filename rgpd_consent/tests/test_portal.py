# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import Request
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import HttpCaseWithUserPortal


@tagged("post_install", "-at_install")
class TestPortalPrivacy(HttpCaseWithUserPortal):
    """/my/privacy: a customer sees and changes their own choices, nobody else's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Purpose = cls.env["rgpd.purpose"]
        cls.news = Purpose.create(
            {
                "name": "Portal Test Newsletter",
                "code": "test_web_portal_news",
                "description": "<p>Monthly news, by mail.</p>",
                "double_optin": True,
                "company_id": False,
            }
        )
        cls.analytics = Purpose.create(
            {
                "name": "Portal Test Analytics",
                "code": "test_web_portal_analytics",
                "description": "<p>We measure the use of our services.</p>",
                "lawful_basis": "legitimate_interest",
                "company_id": False,
            }
        )
        cls.archived = Purpose.create(
            {
                "name": "Portal Test Archived",
                "code": "test_web_portal_archived",
                "company_id": False,
                "active": False,
            }
        )
        cls.other_user = new_test_user(
            cls.env,
            "rgpd_portal_other",
            groups="base.group_portal",
            name="Other Customer",
            email="other.customer@example.com",
        )
        cls.other_partner = cls.other_user.partner_id
        cls.other_partner.rgpd_give_consent(cls.news.code, "back_office")

    def setUp(self):
        super().setUp()
        self.authenticate(self.user_portal.login, self.user_portal.login)

    def _consent(self, partner, purpose):
        self.env.invalidate_all()
        return self.env["rgpd.consent"].search(
            [("partner_id", "=", partner.id), ("purpose_id", "=", purpose.id)]
        )

    def _post(self, url, **data):
        return self.url_open(url, data={"csrf_token": Request.csrf_token(self), **data})

    def test_page_lists_purposes_and_state(self):
        self.partner_portal.rgpd_give_consent(self.news.code, "back_office")
        response = self.url_open("/my/privacy")
        self.assertEqual(response.status_code, 200)
        html = response.text
        for text in (
            "Portal Test Newsletter",
            "Monthly news, by mail.",
            "Portal Test Analytics",
            "We measure the use of our services.",
            "Consent given",
            "Legitimate interest",
        ):
            self.assertIn(text, html)
        self.assertNotIn("Portal Test Archived", html)
        self.assertIn("o_rgpd_purpose_test_web_portal_news o_rgpd_state_given", html)
        # a purpose on consent offers Withdraw; another basis offers Object
        self.assertIn(f'action="/my/privacy/{self.news.id}/withdraw"', html)
        self.assertIn(f'action="/my/privacy/{self.analytics.id}/withdraw"', html)
        self.assertIn(">Object</button>", html)
        self.assertIn("History", html)
        self.assertIn('class="breadcrumb-item active">Privacy', html)

    def test_give_and_withdraw_with_csrf(self):
        response = self._post(f"/my/privacy/{self.news.id}/give", age="over")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your choice is saved.", response.text)
        consent = self._consent(self.partner_portal, self.news)
        self.assertEqual(
            consent.state, "given", "double opt-in: a logged-in customer counts at once"
        )
        event = consent.event_ids.sorted("id")[-1]
        self.assertEqual((event.new_state, event.channel), ("given", "portal"))
        self.assertEqual(event.ip_address, "127.0.0.1")
        self.assertTrue(event.user_agent)
        self.assertEqual(event.user_id, self.user_portal)

        self._post(f"/my/privacy/{self.news.id}/withdraw")
        consent = self._consent(self.partner_portal, self.news)
        self.assertEqual(consent.state, "withdrawn")
        event = consent.event_ids.sorted("id")[-1]
        self.assertEqual(
            (event.old_state, event.new_state, event.channel), ("given", "withdrawn", "portal")
        )
        self.assertEqual(event.ip_address, "127.0.0.1")
        # withdrawing again writes nothing
        events = consent.event_ids
        self._post(f"/my/privacy/{self.news.id}/withdraw")
        self.assertEqual(self._consent(self.partner_portal, self.news).event_ids, events)

    def test_object_on_other_lawful_basis(self):
        self._post(f"/my/privacy/{self.analytics.id}/withdraw")
        self.assertEqual(self._consent(self.partner_portal, self.analytics).state, "withdrawn")
        self.assertFalse(self.partner_portal.rgpd_has_consent(self.analytics.code))
        html = self.url_open("/my/privacy").text
        self.assertIn("You objected", html)
        self.assertIn("Withdraw my objection", html)
        self._post(f"/my/privacy/{self.analytics.id}/give")
        self.assertTrue(self.partner_portal.rgpd_has_consent(self.analytics.code))

    def test_no_objection_to_a_contract(self):
        contract = self.env["rgpd.purpose"].create(
            {
                "name": "Orders",
                "code": "test_web_portal_orders",
                "lawful_basis": "contract",
                "company_id": False,
            }
        )
        html = self.url_open("/my/privacy").text
        self.assertIn(f"rgpd_purpose_{contract.id}", html)
        self.assertNotIn(f"/my/privacy/{contract.id}/withdraw", html)
        with mute_logger("odoo.http"):
            response = self._post(f"/my/privacy/{contract.id}/withdraw")
        self.assertEqual(response.status_code, 422)
        self.assertIn("cannot withdraw from it or object", response.text)
        # Nor is a consent "given" to a contract (Art. 21 on every path).
        with mute_logger("odoo.http"):
            response = self._post(f"/my/privacy/{contract.id}/give")
        self.assertEqual(response.status_code, 422)
        self.assertFalse(self._consent(self.partner_portal, contract))

    def test_post_without_csrf_is_refused(self):
        with mute_logger("odoo.http"):
            response = self.url_open(f"/my/privacy/{self.news.id}/give", data={}, method="POST")
        self.assertEqual(response.status_code, 400)
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/my/privacy/{self.news.id}/give", data={"csrf_token": "forged"}
            )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._consent(self.partner_portal, self.news))

    def test_get_does_not_act(self):
        with mute_logger("odoo.addons.http_routing.models.ir_http"):
            response = self.url_open(f"/my/privacy/{self.news.id}/give")
        self.assertEqual(response.status_code, 405)
        self.assertFalse(self._consent(self.partner_portal, self.news))

    def test_other_customer_untouched(self):
        """Whatever is posted, only the logged-in customer's own consent moves."""
        other_consent = self._consent(self.other_partner, self.news)
        other_events = other_consent.event_ids
        self._post(
            f"/my/privacy/{self.news.id}/withdraw",
            partner_id=str(self.other_partner.id),
            consent_id=str(other_consent.id),
        )
        self.assertEqual(self._consent(self.other_partner, self.news).state, "given")
        self.assertEqual(self._consent(self.other_partner, self.news).event_ids, other_events)
        self.assertEqual(self._consent(self.partner_portal, self.news).state, "withdrawn")

    def test_unknown_or_archived_purpose_is_404(self):
        unknown = self.env["rgpd.purpose"].search([], order="id desc", limit=1).id + 1000
        for purpose_id in (unknown, self.archived.id):
            for action in ("give", "withdraw"):
                with (
                    self.subTest(purpose_id=purpose_id, action=action),
                    mute_logger("odoo.addons.http_routing.models.ir_http"),
                ):
                    response = self._post(f"/my/privacy/{purpose_id}/{action}")
                    self.assertEqual(response.status_code, 404)
        self.assertFalse(self.env["rgpd.consent"].search([("purpose_id", "=", self.archived.id)]))

    def test_anonymous_redirected_to_login(self):
        self.authenticate(None, None)
        response = self.url_open("/my/privacy", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        response = self.url_open(
            f"/my/privacy/{self.news.id}/give",
            data={"csrf_token": Request.csrf_token(self), "age": "over"},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        self.assertFalse(self._consent(self.partner_portal, self.news))

    def test_home_has_privacy_card(self):
        html = self.url_open("/my").text
        self.assertIn('href="/my/privacy"', html)
        self.assertIn('data-placeholder_count="rgpd_purpose_count"', html)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["rgpd_purpose_count"]})
        self.assertGreaterEqual(counters["rgpd_purpose_count"], 2)
