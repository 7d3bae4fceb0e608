# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import Request
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestPublicRequestWithoutCompanyEmail(HttpCase):
    """A company that has not filled in its email (a new database): the
    public request page still takes the request and mails the link, from
    OdooBot's address (found by tests/bench/bench_servers.py: the page
    answered 403 to the visitor)."""

    def test_visitor_files_a_request(self):
        self.env.company.partner_id.email = False
        self.authenticate(None, None)
        self.url_open("/rgpd/request")
        response = self.url_open(
            "/rgpd/request",
            data={
                "csrf_token": Request.csrf_token(self),
                "name": "Jane Public",
                "email": "jane.no.sender@example.com",
                "request_type": "access",
            },
        )
        self.assertEqual(response.status_code, 200)
        mail = self.env["mail.mail"].search([("email_to", "ilike", "jane.no.sender@example.com")])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_from, self.env.ref("base.partner_root").email_formatted)
