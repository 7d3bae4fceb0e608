# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import re

from odoo.http import Request
from odoo.tests import HttpCase, TransactionCase, tagged

from ..signed_links import read_signed, sign


def respellings(token):
    """Strings that decode (or nearly) to the same bytes as `token` but
    that the server never wrote: each must be refused."""
    index = next(i for i, char in enumerate(token) if char.isalpha())
    spellings = {
        "dot": token + ".",
        "tilde": token + "~",
        "double padding": token + "==",
        "padding": token + "=",
        "case flipped": token[:index] + token[index].swapcase() + token[index + 1 :],
        "truncated": token[:-1],
        "inner dot": token[:10] + "." + token[10:],
    }
    # The last character of an unpadded token may carry unused bits: another
    # character there decodes to the very same bytes.
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for char in alphabet:
        twin = token[:-1] + char
        if twin != token and base64.urlsafe_b64decode(twin + "=" * (-len(twin) % 4)) == raw:
            spellings["unused bits"] = twin
            break
    return spellings


@tagged("post_install", "-at_install")
class TestCanonicalTokens(TransactionCase):
    """`read_signed` reads only the spelling the server minted."""

    def test_respellings_are_refused(self):
        # Payloads of several lengths, so that every tail length is tried.
        for payload in (
            [1, 2],
            [10, 200],
            {"name": "Zoé", "email": "z@example.com"},
            7,
            # The longest a public request carries: 2,000 characters of emoji.
            {"name": "Ж" * 200, "description": "😀" * 2000},
        ):
            token = sign(self.env, "rgpd_test.scope", payload)
            with self.subTest(payload=str(payload)[:40]):
                self.assertEqual(read_signed(self.env, "rgpd_test.scope", token), payload)
                for label, spelling in respellings(token).items():
                    with self.subTest(label):
                        self.assertIsNone(read_signed(self.env, "rgpd_test.scope", spelling))
        for junk in (None, "", 42, ["a"], "A" * 100_000):
            with self.subTest(junk=str(junk)[:20]):
                self.assertIsNone(read_signed(self.env, "rgpd_test.scope", junk))


@tagged("post_install", "-at_install")
class TestLinkSpellings(HttpCase):
    """Every link kind, as nobody logged in: a respelt token is a dead link
    (404) that changes nothing; the token as sent still works, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.purpose = cls.env["rgpd.purpose"].create(
            {
                "name": "Spelling Letter",
                "code": "test_links_letter",
                "description": "<p>A letter about spelling.</p>",
                "offered_publicly": True,
                "company_id": False,
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "Spelling Subject", "email": "spelling.subject@example.com"}
        )

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)

    def _consent(self, partner=None):
        self.env.invalidate_all()
        return (partner or self.partner)._rgpd_consents(self.purpose)

    def _post(self, path, **data):
        return self.url_open(path, data={"csrf_token": Request.csrf_token(self), **data})

    def _assert_dead(self, route, token, partner=None):
        """Every respelling of `token` under `route` is refused and writes nothing."""
        consent = self._consent(partner)
        state, events = consent.state, consent.event_ids
        for label, spelling in respellings(token).items():
            with self.subTest(route=route, spelling=label):
                path = f"/{route}/{spelling}"
                self.assertEqual(self.url_open(path).status_code, 404)
                response = self._post(path)
                self.assertEqual(response.status_code, 404)
                self.assertIn("This link is not valid or has expired", response.text)
        consent = self._consent(partner)
        self.assertEqual((consent.state, consent.event_ids), (state, events))

    def test_confirm(self):
        self.partner.rgpd_request_consent([self.purpose.code])
        token = self.partner._rgpd_consent_token(self.purpose, "confirm")
        self._assert_dead("rgpd/consent", token)
        self.assertEqual(self._consent().state, "pending")
        self.assertEqual(self._post(f"/rgpd/consent/{token}").status_code, 200)
        consent = self._consent()
        self.assertEqual(consent.state, "given")
        events = consent.event_ids
        self.assertIn("already confirmed", self._post(f"/rgpd/consent/{token}").text)
        self.assertEqual(self._consent().event_ids, events, "once")

    def test_withdraw(self):
        self.partner.rgpd_give_consent(self.purpose.code, "back_office")
        token = self.partner._rgpd_consent_token(self.purpose, "withdraw")
        self._assert_dead("rgpd/withdraw", token)
        self.assertEqual(self._consent().state, "given")
        self.assertEqual(self._post(f"/rgpd/withdraw/{token}").status_code, 200)
        consent = self._consent()
        self.assertEqual(consent.state, "withdrawn")
        events = consent.event_ids
        self._post(f"/rgpd/withdraw/{token}")
        self.assertEqual(self._consent().event_ids, events, "once")

    def test_preferences(self):
        self.partner.rgpd_give_consent(self.purpose.code, "back_office")
        token = self.partner._rgpd_preferences_url().rsplit("/", 1)[1]
        self._assert_dead("rgpd/preferences", token)
        page = self.url_open(f"/rgpd/preferences/{token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Spelling Letter", page.text)

    def test_sign_up_confirmation(self):
        page = self.url_open(f"/rgpd/subscribe/{self.purpose.code}")
        form_token = re.search(r'name="form_token" value="([^"]+)"', page.text).group(1)
        data = {
            "name": "Zed Speller",
            "email": "zed.speller@example.com",
            "consent": "on",
            "age": "over",
        }
        # The form's own token: a respelt one is an expired form, nothing sent.
        for label, spelling in respellings(form_token).items():
            with self.subTest(form_token=label):
                response = self.url_open(
                    f"/rgpd/subscribe/{self.purpose.code}", data={**data, "form_token": spelling}
                )
                self.assertEqual(response.status_code, 400)
        self.assertFalse(
            self.env["res.partner"].search([("email_normalized", "=", "zed.speller@example.com")])
        )
        response = self.url_open(
            f"/rgpd/subscribe/{self.purpose.code}", data={**data, "form_token": form_token}
        )
        self.assertEqual(response.status_code, 200)
        self.env.ref("rgpd_consent.ir_cron_sign_up").method_direct_trigger()
        self.env.invalidate_all()
        partner = self.env["res.partner"].search(
            [("email_normalized", "=", "zed.speller@example.com")]
        )
        mail = self.env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "=", partner.id)]
        )
        [email] = mail._prepare_outgoing_list()
        token = re.search(r'href="[^"]*/rgpd/consent/([^"/?]+)"', email["body"]).group(1)
        self._assert_dead("rgpd/consent", token, partner)
        self.assertEqual(self._post(f"/rgpd/consent/{token}").status_code, 200)
        consent = self._consent(partner)
        self.assertEqual(consent.state, "given")
        events = consent.event_ids
        self._post(f"/rgpd/consent/{token}")
        self.assertEqual(self._consent(partner).event_ids, events, "once")
