# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common_consent import RgpdConsentCase


@tagged("post_install", "-at_install")
class TestRecipientRule(RgpdConsentCase):
    """`rgpd.purpose._rgpd_split_recipients`: the one rule deciding who a
    mail sent for a purpose may reach."""

    def test_consent_basis_reasons(self):
        erin = self.env["res.partner"].create({"name": "Erin Test", "email": "erin@example.com"})
        self.alice.rgpd_give_consent("test_bo_yearly", "phone", note="call")
        self.bob.rgpd_give_consent("test_bo_yearly", "phone", note="call")
        self.bob.rgpd_withdraw_consent("test_bo_yearly", "phone", note="call")
        with freeze_time(fields.Datetime.now() - timedelta(days=800)):
            self.carol.rgpd_give_consent("test_bo_yearly", "phone", note="call")
        # Erin was asked (pending): still no consent.
        self.env["rgpd.consent"]._rgpd_create_for(erin, self.yearly, "pending", "email")
        partners = self.alice | self.bob | self.carol | self.dan | erin
        with self.assertQueryCount(__system__=3):
            allowed, excluded = self.yearly._rgpd_split_recipients(partners)
        self.assertEqual(allowed, self.alice)
        self.assertEqual(
            excluded,
            {"withdrawn": self.bob, "expired": self.carol, "no_consent": self.dan | erin},
            "the carol consent is past its expiry date even before the cron ran",
        )
        labels = self.env["rgpd.purpose"]._rgpd_exclusion_labels()
        self.assertEqual(set(labels), {"no_consent", "withdrawn", "expired", "objected"})
        self.assertEqual(labels["withdrawn"], "Consent withdrawn")

    def test_other_bases(self):
        self.alice.rgpd_withdraw_consent("test_bo_analytics", "phone", note="objects")
        everyone = self.alice | self.bob | self.dan
        allowed, excluded = self.analytics._rgpd_split_recipients(everyone)
        self.assertEqual(allowed, self.bob | self.dan)
        self.assertEqual(excluded, {"objected": self.alice})
        contract = self.env["rgpd.purpose"].create(
            {"name": "Orders", "code": "test_bo_orders", "lawful_basis": "contract"}
        )
        self.assertEqual(contract._rgpd_split_recipients(everyone), (everyone, {}))

    def test_empty_and_labels_in_french(self):
        self.assertEqual(
            self.newsletter._rgpd_split_recipients(self.env["res.partner"]),
            (self.env["res.partner"], {}),
        )
        self.env["res.lang"]._activate_lang("fr_FR")
        labels = self.env["rgpd.purpose"].with_context(lang="fr_FR")._rgpd_exclusion_labels()
        self.assertEqual(labels["no_consent"], "Aucun consentement donné")
