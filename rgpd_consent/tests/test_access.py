# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_consent import RgpdConsentCase


@tagged("post_install", "-at_install")
class TestAccess(RgpdConsentCase):
    """What each group may do with purposes, consents and their history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plain = new_test_user(cls.env, "rgpd_acl_plain", groups="base.group_user")
        cls.user = new_test_user(cls.env, "rgpd_acl_user", groups="rgpd_consent.group_rgpd_user")
        cls.officer = new_test_user(
            cls.env, "rgpd_acl_officer", groups="rgpd_consent.group_rgpd_officer"
        )
        cls.alice.rgpd_give_consent("newsletter", "phone", note="Called")
        cls.alice_consent = cls.env["rgpd.consent"].search(
            [("partner_id", "=", cls.alice.id), ("purpose_id", "=", cls.newsletter.id)]
        )

    def test_plain_user_sees_nothing(self):
        for model in (
            "rgpd.consent",
            "rgpd.consent.event",
            "rgpd.consent.campaign",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.plain).search([])
        with self.assertRaises(AccessError):
            self.alice.with_user(self.plain).rgpd_give_consent("newsletter", "phone", note="Called")
        with self.assertRaises(AccessError):
            self.env["rgpd.consent.record.wizard"].with_user(self.plain).create(
                {
                    "partner_ids": [Command.set(self.bob.ids)],
                    "purpose_id": self.newsletter.id,
                    "note": "Called",
                }
            )

    def test_any_employee_may_check_the_audience(self):
        """Whoever mails contacts may check who consented, without reading
        the consents: the purposes (shown to every customer) and the answer."""
        audience = [("rgpd_consented_purpose_ids.code", "=", "newsletter")]
        Partner = self.env["res.partner"]
        self.assertIn(self.alice, Partner.with_user(self.plain).search(audience))
        self.assertEqual(
            Partner.with_user(self.plain).search_count(audience),
            Partner.with_user(self.officer).search_count(audience),
        )
        self.assertTrue(self.alice.with_user(self.plain).rgpd_has_consent("newsletter"))
        self.assertFalse(self.bob.with_user(self.plain).rgpd_has_consent("newsletter"))
        self.assertEqual(
            self.env["rgpd.purpose"].with_user(self.plain).search([("code", "=", "newsletter")]),
            self.newsletter,
        )

    def test_privacy_user_reads_and_records_with_proof(self):
        Consent = self.env["rgpd.consent"].with_user(self.user)
        self.assertIn(self.alice_consent, Consent.search([]))
        self.assertEqual(self.last_event(self.alice_consent.with_user(self.user)).note, "Called")

        self.bob.with_user(self.user).rgpd_give_consent(
            "newsletter", "phone", note="Bob called back"
        )
        consent = self.consent(self.bob, self.newsletter)
        self.assertEqual(consent.state, "given")
        self.assertEqual(
            self.last_event(consent).user_id, self.user, "the event names who recorded it"
        )
        self.assertEqual(self.last_event(consent).note, "Bob called back")

        # The Withdraw button asks how and why, as the wizard does.
        action = self.alice_consent.with_user(self.user).action_withdraw()
        wizard = (
            self.env["rgpd.consent.record.wizard"]
            .with_user(self.user)
            .with_context(**action["context"])
            .create({"channel": "phone", "note": "Alice called to withdraw"})
        )
        self.assertEqual(wizard.action, "withdraw")
        wizard.action_record()
        self.assertEqual(self.alice_consent.state, "withdrawn")
        self.assertEqual(self.last_event(self.alice_consent).note, "Alice called to withdraw")

    def test_privacy_user_cannot_manage_purposes(self):
        Purpose = self.env["rgpd.purpose"].with_user(self.user)
        self.assertIn(self.newsletter, Purpose.search([]))
        with self.assertRaises(AccessError):
            self.newsletter.with_user(self.user).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            Purpose.create({"name": "Profiling", "code": "test_acl_profiling"})
        with self.assertRaises(AccessError):
            self.events.with_user(self.user).unlink()
        self.assertEqual(self.newsletter.name, "Newsletter")

    def test_nobody_changes_the_history(self):
        event = self.last_event(self.alice_consent)
        for user in (self.user, self.officer):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    event.with_user(user).write({"note": "Rewritten"})
                with self.assertRaises(UserError):
                    event.with_user(user).unlink()
                with self.assertRaises(AccessError, msg="events come only from the ledger"):
                    self.env["rgpd.consent.event"].with_user(user).create(
                        {
                            "consent_id": self.alice_consent.id,
                            "partner_id": self.alice.id,
                            "purpose_id": self.alice_consent.purpose_id.id,
                            "new_state": "withdrawn",
                        }
                    )
                with self.assertRaises(UserError):
                    self.alice_consent.with_user(user).write(
                        {"state": "given", "date_given": False}
                    )
                with self.assertRaises(UserError):
                    self.alice_consent.with_user(user).unlink()
        self.assertEqual(event.note, "Called")

    def test_officer_manages_purposes(self):
        Purpose = self.env["rgpd.purpose"].with_user(self.officer)
        purpose = Purpose.create({"name": "Profiling", "code": "test_acl_profiling"})
        purpose.write({"consent_validity_months": 24, "data_categories": "Purchase history"})
        purpose.action_archive()
        self.assertFalse(purpose.active)
        purpose.unlink()
        self.assertFalse(purpose.exists())

    def test_other_company_consents_are_invisible(self):
        company_a = self.env.company
        company_b = self.env["res.company"].create({"name": "RGPD Company B"})
        self.env["rgpd.purpose"].create(
            {
                "name": "Newsletter B",
                "code": "test_acl_news_b",
                "company_id": company_b.id,
            }
        )
        zoe = self.env["res.partner"].create(
            {"name": "Zoe B", "email": "zoe@example.com", "company_id": company_b.id}
        )
        zoe.with_company(company_b).rgpd_give_consent("test_acl_news_b", "phone", note="Called")
        consent_b = self.env["rgpd.consent"].search([("partner_id", "=", zoe.id)])
        self.assertEqual(consent_b.company_id, company_b)

        self.officer.write({"company_ids": [Command.link(company_b.id)]})
        for user in (self.user, self.officer):
            with self.subTest(user=user.login):
                Consent = (
                    self.env["rgpd.consent"]
                    .with_user(user)
                    .with_context(allowed_company_ids=company_a.ids)
                )
                self.assertNotIn(consent_b, Consent.search([]))
                with self.assertRaises(AccessError):
                    consent_b.with_user(user).with_context(allowed_company_ids=company_a.ids).read(
                        ["state"]
                    )
                Event = (
                    self.env["rgpd.consent.event"]
                    .with_user(user)
                    .with_context(allowed_company_ids=company_a.ids)
                )
                self.assertFalse(Event.search([("partner_id", "=", zoe.id)]))
        # Once company B is enabled, the officer sees it.
        Consent = (
            self.env["rgpd.consent"]
            .with_user(self.officer)
            .with_context(allowed_company_ids=(company_a | company_b).ids)
        )
        self.assertIn(consent_b, Consent.search([]))
