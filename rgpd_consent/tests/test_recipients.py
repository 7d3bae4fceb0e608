# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common_consent import RgpdConsentCase, RolesMixin


@tagged("post_install", "-at_install")
class TestRecipientRule(RolesMixin, RgpdConsentCase):
    """`rgpd.purpose._rgpd_split_recipients`: the one rule deciding who a
    mail sent for a purpose may reach. It runs for the employee who sends
    (the composer, a mailing): here the Privacy User, who also records the
    answers it reads; the Officer creates the purposes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_roles()

    def as_user(self, records):
        """`records` as the Privacy User sees and changes them."""
        return records.with_user(self.privacy_user)

    def test_consent_basis_reasons(self):
        erin = self.env["res.partner"].create({"name": "Erin Test", "email": "erin@example.com"})
        alice, bob, carol, dan, erin = self.as_user(
            self.alice | self.bob | self.carol | self.dan | erin
        )
        alice.rgpd_give_consent("test_bo_yearly", "phone", note="call")
        bob.rgpd_give_consent("test_bo_yearly", "phone", note="call")
        bob.rgpd_withdraw_consent("test_bo_yearly", "phone", note="call")
        with freeze_time(fields.Datetime.now() - timedelta(days=800)):
            carol.rgpd_give_consent("test_bo_yearly", "phone", note="call")
        # Erin was asked (pending): still no consent.
        erin.rgpd_request_consent(["test_bo_yearly"])
        self.assertEqual(self.consent(erin, self.yearly).state, "pending")
        partners = alice | bob | carol | dan | erin
        yearly = self.as_user(self.yearly)
        with self.assertQueryCount(__system__=3):
            allowed, excluded = yearly._rgpd_split_recipients(partners)
        self.assertEqual(allowed, self.alice)
        self.assertEqual(
            excluded,
            {"withdrawn": self.bob, "expired": self.carol, "no_consent": self.dan | erin},
            "the carol consent is past its expiry date even before the cron ran",
        )
        labels = self.as_user(self.env["rgpd.purpose"])._rgpd_exclusion_labels()
        # rgpd_retention and rgpd_dsar add their own reasons ("erased", "restricted").
        self.assertLessEqual({"no_consent", "withdrawn", "expired", "objected"}, set(labels))
        self.assertEqual(labels["withdrawn"], "Consent withdrawn")

    def test_other_bases(self):
        alice, bob, dan = self.as_user(self.alice | self.bob | self.dan)
        alice.rgpd_withdraw_consent("test_bo_analytics", "phone", note="objects")
        everyone = alice | bob | dan
        allowed, excluded = self.as_user(self.analytics)._rgpd_split_recipients(everyone)
        self.assertEqual(allowed, self.bob | self.dan)
        self.assertEqual(excluded, {"objected": self.alice})
        contract = (
            self.env["rgpd.purpose"]
            .with_user(self.officer)
            .create({"name": "Orders", "code": "test_bo_orders", "lawful_basis": "contract"})
        )
        self.assertEqual(self.as_user(contract)._rgpd_split_recipients(everyone), (everyone, {}))

    def test_empty_and_labels_in_french(self):
        nobody = self.as_user(self.env["res.partner"])
        self.assertEqual(
            self.as_user(self.newsletter)._rgpd_split_recipients(nobody),
            (self.env["res.partner"], {}),
        )
        self.env["res.lang"]._activate_lang("fr_FR")
        labels = (
            self.as_user(self.env["rgpd.purpose"])
            .with_context(lang="fr_FR")
            ._rgpd_exclusion_labels()
        )
        self.assertEqual(labels["no_consent"], "Aucun consentement donné")
