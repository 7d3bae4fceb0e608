# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import hash_sign, mute_logger


@tagged("post_install", "-at_install")
class TestConsentRoutes(HttpCase):
    """The signed links of the mails: GET shows, POST acts, bad links change nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.purpose = cls.env["rgpd.purpose"].create(
            {
                "name": "Route Test Newsletter",
                "code": "test_web_route_news",
                "description": "<p>We send you our monthly newsletter.</p>",
                "double_optin": True,
                "company_id": False,
            }
        )
        cls.purpose_li = cls.env["rgpd.purpose"].create(
            {
                "name": "Route Test Profiling",
                "code": "test_web_route_profiling",
                "lawful_basis": "legitimate_interest",
                "company_id": False,
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "Route Subject",
                "email": "route.subject@example.com",
            }
        )
        cls.other = cls.env["res.partner"].create(
            {
                "name": "Route Other",
                "email": "route.other@example.com",
            }
        )

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)

    # helpers

    def _consent(self, partner=None, purpose=None):
        self.env.invalidate_all()
        return self.env["rgpd.consent"].search(
            [
                ("partner_id", "=", (partner or self.partner).id),
                ("purpose_id", "=", (purpose or self.purpose).id),
            ]
        )

    def _events(self, partner=None, purpose=None):
        return self._consent(partner, purpose).event_ids

    def _url(self, action, partner=None, purpose=None):
        partner = partner or self.partner
        token = partner._rgpd_consent_token(purpose or self.purpose, action)
        route = "consent" if action == "confirm" else "withdraw"
        return f"{partner.get_base_url()}/rgpd/{route}/{token}"

    def _post(self, url, **data):
        return self.url_open(url, data={"csrf_token": Request.csrf_token(self), **data})

    def _request_consent(self):
        self.partner.rgpd_request_consent([self.purpose.code])
        consent = self._consent()
        self.assertEqual(consent.state, "pending")
        return consent

    # confirm

    def test_placeholder_is_not_a_link(self):
        """The placeholder a stored mail or a preview holds, and the dead link
        of a redirected copy, answer a 404 page and change nothing."""
        consent = self._request_consent()
        events = consent.event_ids
        for path in (
            self.partner._rgpd_confirm_placeholder(self.purpose),
            "/rgpd/link/invalid",
        ):
            for method in (self.url_open, self._post):
                with self.subTest(path=path, method=method.__name__):
                    response = method(path)
                    self.assertEqual(response.status_code, 404)
                    self.assertIn("o_rgpd_link_invalid", response.text)
        self.assertEqual(self._consent().event_ids, events)

    def test_get_confirm_changes_nothing(self):
        consent = self._request_consent()
        events = consent.event_ids
        response = self.url_open(self._url("confirm"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Route Test Newsletter", response.text)
        self.assertIn("We send you our monthly newsletter.", response.text)
        self.assertIn("o_rgpd_confirm", response.text, "the page has a Confirm button")
        self.assertIn('method="post"', response.text)
        consent = self._consent()
        self.assertEqual(consent.state, "pending", "a GET (a mail scanner) must not confirm")
        self.assertEqual(consent.event_ids, events)

    def test_post_confirm_records_proof_and_replay_is_noop(self):
        self._request_consent()
        url = self._url("confirm")
        response = self.url_open(
            url,
            data={"csrf_token": Request.csrf_token(self)},
            headers={"User-Agent": "RgpdTestBrowser/1.0"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("your consent is confirmed", response.text)
        consent = self._consent()
        self.assertEqual(consent.state, "given")
        self.assertEqual(consent.channel, "email")
        event = consent.event_ids.sorted("id")[-1]
        self.assertEqual(event.new_state, "given")
        self.assertEqual(event.channel, "email")
        self.assertEqual(event.ip_address, "127.0.0.1")
        self.assertEqual(event.user_agent, "RgpdTestBrowser/1.0")
        self.assertEqual(event.purpose_text, "<p>We send you our monthly newsletter.</p>")
        self.assertTrue(self.partner.rgpd_has_consent(self.purpose.code))
        # The person acted, not "Public user": in the event and in the chatter.
        self.assertEqual(event.author_id, self.partner)
        self.assertFalse(event.user_id)
        note = self.partner.message_ids[:1]
        self.assertIn("Route Test Newsletter", note.body)
        self.assertEqual(note.author_id, self.partner)

        events = consent.event_ids
        replay = self._post(url)
        self.assertEqual(replay.status_code, 200)
        self.assertIn("already confirmed", replay.text)
        self.assertEqual(
            self._consent().event_ids, events, "a replayed link writes no second event"
        )
        # the GET page of a used link says so too, without a button
        page = self.url_open(url)
        self.assertIn("already confirmed", page.text)
        self.assertNotIn("o_rgpd_confirm", page.text)

    def test_post_confirm_without_csrf_changes_nothing(self):
        self._request_consent()
        response = self.url_open(self._url("confirm"), data={"csrf_token": "bogus"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("confirm again", response.text)
        self.assertEqual(self._consent().state, "pending")

    def test_expired_token(self):
        self._request_consent()
        events = self._events()
        # sudo env: hash_sign reads the database secret
        token = hash_sign(
            self.env(su=True),
            "rgpd_consent.confirm",
            [self.partner.id, self.purpose.id],
            expiration=datetime.datetime.now() - datetime.timedelta(days=1),
        )
        url = f"/rgpd/consent/{token}"
        for method in ("GET", "POST"):
            with self.subTest(method=method):
                response = self.url_open(url) if method == "GET" else self._post(url)
                self.assertEqual(response.status_code, 404)
                self.assertIn("This link is not valid or has expired", response.text)
                self.assertNotIn("Traceback", response.text)
        self.assertEqual(self._consent().state, "pending")
        self.assertEqual(self._events(), events)

    def test_bad_tokens(self):
        self._request_consent()
        events = self._events()
        good = self._url("confirm").rsplit("/", 1)[1]
        middle = len(good) // 2
        altered = good[:middle] + ("A" if good[middle] != "A" else "B") + good[middle + 1 :]
        withdraw_token = self._url("withdraw").rsplit("/", 1)[1]
        for label, token in [
            ("altered", altered),
            ("truncated", good[:-3]),
            ("malformed", "not-a-token"),
            ("empty payload", "AQ"),
            ("not base64", "%C3%A9t%C3%A9"),
            ("withdraw token as confirm token", withdraw_token),
        ]:
            with self.subTest(label):
                for method in ("GET", "POST"):
                    url = f"/rgpd/consent/{token}"
                    response = self.url_open(url) if method == "GET" else self._post(url)
                    self.assertEqual(response.status_code, 404)
                    self.assertIn("This link is not valid or has expired", response.text)
        self.assertEqual(self._consent().state, "pending")
        self.assertEqual(self._events(), events)

    def test_token_for_archived_purpose(self):
        self._request_consent()
        url = self._url("confirm")
        self.purpose.active = False
        response = self._post(url)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self._consent().state, "pending")

    # withdraw

    def test_withdraw_get_then_post(self):
        self.partner.rgpd_give_consent(self.purpose.code, "back_office")
        events = self._events()
        url = self._url("withdraw")
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Route Test Newsletter", page.text)
        self.assertIn("Withdraw my consent", page.text)
        self.assertEqual(self._consent().state, "given", "a GET must not withdraw")
        self.assertEqual(self._events(), events)

        response = self.url_open(
            url,
            data={"csrf_token": Request.csrf_token(self)},
            headers={"User-Agent": "RgpdTestBrowser/2.0"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your consent is withdrawn", response.text)
        consent = self._consent()
        self.assertEqual(consent.state, "withdrawn")
        event = consent.event_ids.sorted("id")[-1]
        self.assertEqual((event.new_state, event.channel), ("withdrawn", "email"))
        self.assertEqual(event.ip_address, "127.0.0.1")
        self.assertEqual(event.user_agent, "RgpdTestBrowser/2.0")
        self.assertFalse(self.partner.rgpd_has_consent(self.purpose.code))

        # idempotent: a second POST answers the same page and writes nothing
        events = consent.event_ids
        again = self._post(url)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(self._events(), events)
        self.assertIn("already withdrawn", self.url_open(url).text)

    def test_withdraw_one_click(self):
        """RFC 8058: the mail client posts List-Unsubscribe=One-Click, no session, no CSRF."""
        self.partner.rgpd_give_consent(self.purpose.code, "back_office")
        url = self._url("withdraw")
        response = self.url_open(url, data={"List-Unsubscribe": "One-Click"})
        self.assertEqual(response.status_code, 200)
        consent = self._consent()
        self.assertEqual(consent.state, "withdrawn")
        event = consent.event_ids.sorted("id")[-1]
        self.assertEqual((event.channel, event.ip_address), ("email", "127.0.0.1"))
        self.assertIn("RFC 8058", event.note)
        # again: still 200, no second event
        events = consent.event_ids
        self.assertEqual(
            self.url_open(url, data={"List-Unsubscribe": "One-Click"}).status_code, 200
        )
        self.assertEqual(self._events(), events)
        # the other contact is untouched
        self.assertFalse(self._consent(partner=self.other))

    def test_withdraw_bad_tokens(self):
        self.partner.rgpd_give_consent(self.purpose.code, "back_office")
        events = self._events()
        confirm_token = self._url("confirm").rsplit("/", 1)[1]
        good = self._url("withdraw").rsplit("/", 1)[1]
        for label, token in [
            ("confirm token as withdraw token", confirm_token),
            ("altered", good[:-2] + ("xy" if not good.endswith("xy") else "zz")),
            ("malformed", "not-a-token"),
        ]:
            with self.subTest(label):
                url = f"/rgpd/withdraw/{token}"
                for response in (
                    self.url_open(url),
                    self._post(url),
                    self.url_open(url, data={"List-Unsubscribe": "One-Click"}),
                ):
                    self.assertEqual(response.status_code, 404)
                self.assertIn("This link is not valid or has expired", self.url_open(url).text)
        self.assertEqual(self._consent().state, "given")
        self.assertEqual(self._events(), events)

    def test_withdraw_link_of_other_partner_touches_only_them(self):
        self.partner.rgpd_give_consent(self.purpose.code, "back_office")
        self.other.rgpd_give_consent(self.purpose.code, "back_office")
        self._post(self._url("withdraw", partner=self.other))
        self.assertEqual(self._consent(partner=self.other).state, "withdrawn")
        self.assertEqual(self._consent().state, "given")

    def test_objection_page(self):
        """A purpose on another lawful basis: the link records an objection."""
        url = self._url("withdraw", purpose=self.purpose_li)
        page = self.url_open(url)
        self.assertIn("Object to this use of your data", page.text)
        self.assertNotIn("Withdraw my consent", page.text)
        self.assertEqual(self._post(url).status_code, 200)
        self.assertEqual(self._consent(purpose=self.purpose_li).state, "withdrawn")
        self.assertFalse(self.partner.rgpd_has_consent(self.purpose_li.code))

    def test_no_withdraw_link_for_a_contract(self):
        contract = self.env["rgpd.purpose"].create(
            {
                "name": "Orders",
                "code": "test_web_route_orders",
                "lawful_basis": "contract",
                "company_id": False,
            }
        )
        url = self._url("withdraw", purpose=contract)
        self.assertEqual(self.url_open(url).status_code, 404)
        self.assertEqual(self._post(url).status_code, 404)
        self.assertFalse(self._consent(purpose=contract))

    def test_page_in_partner_language(self):
        """The purpose text is shown in the language of the person asked."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.partner.lang = "fr_FR"
        self.purpose.with_context(lang="fr_FR").write(
            {
                "name": "Lettre d'information",
                "description": "<p>Nous vous envoyons notre lettre mensuelle.</p>",
            }
        )
        self.partner.rgpd_request_consent([self.purpose.code])
        with mute_logger("odoo.addons.http_routing.models.ir_http"):
            page = self.url_open(self._url("confirm"))
        self.assertIn("Nous vous envoyons notre lettre mensuelle.", page.text)
        self._post(self._url("confirm"))
        event = self._consent().event_ids.sorted("id")[-1]
        self.assertEqual(event.purpose_text, "<p>Nous vous envoyons notre lettre mensuelle.</p>")
