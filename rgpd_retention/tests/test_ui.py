# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common_retention import EMAIL, NAME


@tagged("post_install", "-at_install")
class TestAnonymizeTour(HttpCase):
    def test_anonymize_wizard_tour(self):
        """The Officer anonymizes a contact from its form through the
        confirmation wizard, in a browser."""
        partner = self.env["res.partner"].create(
            {"name": NAME, "email": EMAIL, "phone": "+33 6 41 52 63 74"}
        )
        self.env["crm.lead"].create({"name": "Quote", "email_from": EMAIL})
        self.start_tour(f"/odoo/res.partner/{partner.id}", "rgpd_anonymize_wizard", login="admin")
        self.assertTrue(partner.rgpd_anonymized)
        self.assertEqual(partner.name, f"Anonymized contact #{partner.id}")
        log = self.env["rgpd.retention.log"].search([("partner_id", "=", partner.id)])
        self.assertEqual(log.reason, "Erasure request (GDPR Art. 17)")


@tagged("post_install", "-at_install")
class TestKeepLink(HttpCase):
    """The signed link of the retention notice: GET shows, POST acts."""

    def setUp(self):
        super().setUp()
        self.partner = self.env["res.partner"].create(
            {"name": "Léonie", "email": "leonie@example.org"}
        )
        self.url = f"/rgpd/keep/{self.partner._rgpd_keep_token()}"

    def test_get_shows_a_page_and_changes_nothing(self):
        response = self.url_open(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Keep my data", response.text)
        self.assertFalse(self.partner.rgpd_keep_date)

    def test_post_keeps_the_data(self):
        self.authenticate(None, None)
        response = self.url_open(self.url, data={"csrf_token": Request.csrf_token(self)})
        self.assertEqual(response.status_code, 200)
        self.assertIn("we keep your data", response.text)
        self.partner.invalidate_recordset()
        self.assertTrue(self.partner.rgpd_keep_date)
        self.assertGreaterEqual(self.partner.rgpd_last_activity_date, self.partner.rgpd_keep_date)

    @mute_logger("odoo.http")
    def test_forged_links_and_missing_csrf(self):
        other = self.env["res.partner"].create({"name": "Other"})
        token = self.partner._rgpd_keep_token()
        purpose = self.env["rgpd.purpose"].search([], limit=1)
        # A withdrawal link of rgpd_consent: signed, but for another scope.
        other_scope = other._rgpd_consent_token(purpose, "withdraw")
        for case, url in {
            "altered": self.url[:-2] + ("AA" if not self.url.endswith("AA") else "BB"),
            "garbage": "/rgpd/keep/not-a-token",
            "other scope": f"/rgpd/keep/{other_scope}",
        }.items():
            with self.subTest(case=case):
                self.assertEqual(self.url_open(url).status_code, 404)
        self.authenticate(None, None)
        response = self.url_open(f"/rgpd/keep/{token}", data={"csrf_token": "forged"})
        self.assertEqual(response.status_code, 400)
        self.partner.invalidate_recordset()
        self.assertFalse(self.partner.rgpd_keep_date)
        self.partner.rgpd_anonymize("Erasure request")
        self.assertEqual(self.url_open(f"/rgpd/keep/{token}").status_code, 404)

    def test_post_after_anonymization_does_nothing(self):
        """A keep link followed after the contact was anonymized: a 404 page,
        no date written, nothing of the person shown."""
        self.partner.rgpd_anonymize("Erasure request")
        self.authenticate(None, None)
        response = self.url_open(self.url, data={"csrf_token": Request.csrf_token(self)})
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Léonie", response.text)
        self.partner.invalidate_recordset()
        self.assertFalse(self.partner.rgpd_keep_date)
