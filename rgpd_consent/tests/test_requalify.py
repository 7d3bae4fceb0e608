# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common_consent import PersonLinksMixin, RgpdConsentCase, RolesMixin


@tagged("post_install", "-at_install")
class TestRequalify(RolesMixin, RgpdConsentCase):
    """Ask old contacts again, from the lists the employees use: a mailing
    list (a marketing user who is a Privacy User), leads (a salesperson)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_roles()
        cls.make_marketer()

    def test_ask_from_a_mailing_list(self):
        mailing_list = self.env["mailing.list"].create(
            {
                "name": "Old newsletter list",
                "contact_ids": [
                    Command.create({"name": "Alice", "email": "alice.test@example.com"}),
                    Command.create({"name": "Only On List", "email": "only.list@example.com"}),
                ],
            }
        )
        action = mailing_list.with_user(self.marketer).action_rgpd_ask_consent()
        self.assertEqual(action["res_model"], "rgpd.consent.campaign")
        partners = self.env["res.partner"].browse(action["context"]["default_partner_ids"])
        self.assertIn(self.alice, partners)
        self.assertEqual(
            sorted(partners.mapped("email_normalized")),
            ["alice.test@example.com", "only.list@example.com"],
            "a contact is created for the list's address without one",
        )

    def test_ask_from_leads(self):
        leads = (
            self.env["crm.lead"]
            .with_user(self.salesperson)
            .create(
                [
                    {"name": "Lead with contact", "partner_id": self.bob.id},
                    {"name": "Lead without contact", "email_from": "x@example.com"},
                ]
            )
        )
        action = leads.action_rgpd_ask_consent()
        self.assertEqual(action["context"]["default_partner_ids"], self.bob.ids)


@tagged("post_install", "-at_install")
class TestCampaign(RolesMixin, PersonLinksMixin, RgpdConsentCase, HttpCase):
    """A campaign run by the Privacy User: the mails leave by the campaign's
    scheduled action (the system's path), the persons answer from the links
    of the mail (over HTTP), the Privacy User retires who never answered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_roles()

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)

    def test_campaign_results_and_retiring_the_silent(self):
        campaign = (
            self.env["rgpd.consent.campaign"]
            .with_user(self.privacy_user)
            .create(
                {
                    "name": "Re-permission",
                    "purpose_ids": [Command.set(self.newsletter.ids)],
                    "partner_ids": [Command.set((self.alice | self.bob | self.carol).ids)],
                }
            )
        )
        campaign.action_start()
        self.run_cron("rgpd_consent.ir_cron_consent_campaign")
        self.assertEqual(campaign.sent_count, 3)
        # The answers of the persons themselves, from the links of the mail.
        self.assertEqual(self.post(self.confirm_link(self.alice, self.newsletter)).status_code, 200)
        self.assertEqual(self.post(self.withdraw_link(self.bob, self.newsletter)).status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(
            (campaign.confirmed_count, campaign.refused_count, campaign.no_answer_count), (1, 1, 1)
        )
        unanswered = (
            self.env["res.partner"]
            .with_user(self.privacy_user)
            .search(campaign.action_view_unanswered()["domain"])
        )
        self.assertEqual(unanswered, self.carol)
        with self.assertRaisesRegex(UserError, "Wait 30 days"):
            campaign.action_retire_unanswered()
        # Nobody shortens the delay nor moves its start to retire the
        # silent early, nor rewrites who was reached, the Officer included.
        for user in (self.privacy_user, self.officer):
            for values in (
                {"no_answer_days": 1},
                {"date_start": fields.Datetime.now() - timedelta(days=60)},
                {"state": "draft"},
                {"sent_partner_ids": [Command.set([])]},
            ):
                with self.subTest(user=user.login, values=values), self.assertRaises(UserError):
                    campaign.with_user(user).write(values)
        with self.assertRaises(UserError):
            self.env["rgpd.consent.campaign"].with_user(self.privacy_user).create(
                {
                    "name": "Forged",
                    "purpose_ids": [Command.set(self.newsletter.ids)],
                    "state": "running",
                    "date_start": "2020-01-01 00:00:00",
                }
            )
        self.assertFalse(campaign.no_answer_due)
        # A month later (the delay is computed afresh, as on a new request).
        with freeze_time(fields.Datetime.now() + timedelta(days=31)):
            campaign.invalidate_recordset(["no_answer_due"])
            campaign.action_retire_unanswered()
        self.assertFalse(self.carol.active)
        self.assertTrue(self.alice.active and self.bob.active)
