# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Behind a reverse proxy (README, "Running in production").

The IP address a consent event keeps as proof, and the address the public
pages count their limits by, are the client's only when Odoo runs with
``proxy_mode`` and the proxy sets ``X-Forwarded-Host``; Odoo then trusts one
hop of ``X-Forwarded-For``, the address the proxy saw. Without
``proxy_mode``, a forwarded header is ignored: whoever sends one cannot
choose the address written in the proof."""

import re
from unittest.mock import patch
from urllib.parse import urlsplit

from odoo.tests import HttpCase, tagged
from odoo.tools import config

from ..models import rgpd_sign_up
from .common_consent import PersonLinksMixin, RgpdConsentCase, RolesMixin

PROXY_SAW = "203.0.113.7"
# What a client may write in its own X-Forwarded-For: the proxy appends the
# address it saw after it.
FORGED = "198.51.100.66"
# Odoo's own test server: the address a request comes from without a proxy.
DIRECT = "127.0.0.1"


@tagged("post_install", "-at_install")
class TestProxyMode(RolesMixin, PersonLinksMixin, RgpdConsentCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_roles()
        cls.public_letter = cls.env["rgpd.purpose"].create(
            {
                "name": "Proxy Test Letter",
                "code": "test_proxy_letter",
                "description": "<p>Our letter, behind a proxy.</p>",
                "offered_publicly": True,
                "company_id": False,
            }
        )

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)

    def proxy_headers(self, client=PROXY_SAW, host=True):
        """The headers a reverse proxy adds (nginx's
        ``$proxy_add_x_forwarded_for`` appends the address it saw)."""
        headers = {"X-Forwarded-For": f"{FORGED}, {client}", "X-Forwarded-Proto": "http"}
        if host:
            headers["X-Forwarded-Host"] = urlsplit(self.base_url()).netloc
        return headers

    def confirm_from(self, partner, headers, proxy_mode):
        """The person confirms from the link of the mail; returns the IP
        address the consent event keeps."""
        partner.with_user(self.privacy_user).rgpd_request_consent(["newsletter"])
        link = self.confirm_link(partner, self.newsletter)
        with patch.dict(config.options, {"proxy_mode": proxy_mode}):
            response = self.post(link, headers=headers)
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        event = self.last_event(self.consent(partner, self.newsletter))
        self.assertEqual(event.new_state, "given")
        return event.ip_address

    def test_behind_a_proxy_the_proof_is_the_clients_address(self):
        """With proxy_mode, the event keeps the address the proxy saw, not
        the one the client wrote itself."""
        self.assertEqual(self.confirm_from(self.alice, self.proxy_headers(), True), PROXY_SAW)

    def test_without_proxy_mode_a_forwarded_header_is_ignored(self):
        self.assertEqual(self.confirm_from(self.alice, self.proxy_headers(), False), DIRECT)

    def test_a_proxy_must_forward_the_host(self):
        """Odoo reads the forwarded headers only when X-Forwarded-Host is
        there: a proxy that does not set it leaves the proxy's own address
        in the proof (the README's nginx example sets it)."""
        headers = self.proxy_headers(host=False)
        self.assertEqual(self.confirm_from(self.alice, headers, True), DIRECT)

    def sign_up(self, email, headers, proxy_mode):
        url = f"/rgpd/subscribe/{self.public_letter.code}"
        page = self.url_open(url)
        form_token = re.search(r'name="form_token" value="([^"]+)"', page.text).group(1)
        data = {
            "form_token": form_token,
            "name": "Proxy Visitor",
            "email": email,
            "consent": "on",
            "age": "over",
        }
        with patch.dict(config.options, {"proxy_mode": proxy_mode}):
            return self.url_open(url, data=data, headers=headers).status_code

    def test_page_limits_count_each_client_behind_the_proxy(self):
        """Behind the proxy, one client reaching the sign-up page's limit per
        address does not stop the next client (they would all share the
        proxy's address otherwise); the queued sign-up keeps the client's
        address as its proof."""
        flooder = self.proxy_headers(client="203.0.113.20")
        answers = [
            self.sign_up(f"proxy.flood{i}@example.com", flooder, True)
            for i in range(rgpd_sign_up.SIGN_UPS_PER_IP + 1)
        ]
        self.assertEqual(answers[:-1], [200] * rgpd_sign_up.SIGN_UPS_PER_IP)
        self.assertEqual(answers[-1], 429, "the flooding client is stopped")
        other = self.proxy_headers(client="203.0.113.21")
        self.assertEqual(self.sign_up("proxy.other@example.com", other, True), 200)
        queued = self.env["rgpd.sign.up"].search([("email", "=", "proxy.other@example.com")])
        self.assertEqual(queued.ip_address, "203.0.113.21")

    def test_without_proxy_mode_a_forwarded_header_does_not_escape_the_limit(self):
        """A client that writes a new X-Forwarded-For for each sign-up to a
        server without proxy_mode is still counted by its own address."""
        answers = [
            self.sign_up(
                f"proxy.direct{i}@example.com",
                self.proxy_headers(client=f"203.0.113.{30 + i}"),
                False,
            )
            for i in range(rgpd_sign_up.SIGN_UPS_PER_IP + 1)
        ]
        self.assertEqual(answers[-1], 429)
        queued = self.env["rgpd.sign.up"].search([("email", "=", "proxy.direct0@example.com")])
        self.assertEqual(queued.ip_address, DIRECT)
