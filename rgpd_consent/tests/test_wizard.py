# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common_consent import RgpdConsentCase

SCAN = b"%PDF-1.4 signed consent form"


@tagged("post_install", "-at_install")
class TestRecordWizard(RgpdConsentCase):
    """Recording a consent given by phone or on paper."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, "rgpd_wiz_user", groups="rgpd_consent.group_rgpd_user")

    def wizard(self, **values):
        return (
            self.env["rgpd.consent.record.wizard"]
            .with_user(self.user)
            .create(
                {
                    "partner_ids": [Command.set(self.alice.ids)],
                    "purpose_id": self.newsletter.id,
                    **values,
                }
            )
        )

    def test_paper_requires_the_signed_form(self):
        wizard = self.wizard(channel="paper", note="Signed at the shop")
        with self.assertNothingWritten(self.alice), self.assertRaisesRegex(UserError, "scan"):
            wizard.action_record()

    def test_phone_requires_a_note(self):
        wizard = self.wizard(channel="phone")
        with self.assertNothingWritten(self.alice), self.assertRaisesRegex(UserError, "call"):
            wizard.action_record()

    def test_date_cannot_be_in_the_future(self):
        wizard = self.wizard(
            channel="phone", note="Called", date=fields.Datetime.now() + timedelta(days=2)
        )
        with self.assertNothingWritten(self.alice), self.assertRaisesRegex(UserError, "future"):
            wizard.action_record()

    def test_paper_consent_keeps_the_scan_as_proof(self):
        signed_on = datetime(2025, 11, 3, 15, 30)
        self.wizard(
            channel="paper",
            date=signed_on,
            evidence_file=base64.b64encode(SCAN),
            evidence_filename="alice-consent.pdf",
        ).action_record()

        consent = self.consent(self.alice, self.newsletter)
        self.assertEqual(consent.state, "given")
        self.assertEqual(consent.channel, "paper")
        self.assertEqual(consent.date_given, signed_on)
        event = self.last_event(consent)
        self.assertEqual(
            (event.new_state, event.channel, event.date), ("given", "paper", signed_on)
        )
        self.assertEqual(event.user_id, self.user)
        attachment = event.evidence_attachment_id
        self.assertEqual(attachment.name, "alice-consent.pdf")
        self.assertEqual(attachment.raw, SCAN)
        self.assertEqual((attachment.res_model, attachment.res_id), ("rgpd.consent", consent.id))

    def test_phone_withdrawal_for_several_contacts(self):
        (self.alice | self.bob).rgpd_give_consent("newsletter", "form")
        self.wizard(
            partner_ids=[Command.set((self.alice | self.bob).ids)],
            action="withdraw",
            channel="phone",
            note="Both asked to stop the newsletter",
        ).action_record()
        for partner in self.alice | self.bob:
            consent = self.consent(partner, self.newsletter)
            self.assertEqual(consent.state, "withdrawn")
            self.assertEqual(self.last_event(consent).note, "Both asked to stop the newsletter")
            self.assertEqual(self.last_event(consent).channel, "phone")

    def test_partner_form_buttons_open_the_wizard_for_the_contact(self):
        form = Form(
            self.env["rgpd.consent.record.wizard"]
            .with_user(self.user)
            .with_context(default_partner_ids=self.alice.ids, default_channel="paper")
        )
        self.assertEqual(form.channel, "paper")
        self.assertEqual(list(form.partner_ids), [self.alice])
        self.assertEqual(self.alice.with_user(self.user).rgpd_consent_count, 0)
        self.alice.rgpd_give_consent("newsletter", "form")
        self.alice.invalidate_recordset(["rgpd_consent_count"])
        self.assertEqual(self.alice.with_user(self.user).rgpd_consent_count, 1)
        action = self.alice.with_user(self.user).action_view_rgpd_consents()
        self.assertEqual(
            self.env["rgpd.consent"].search(action["domain"]),
            self.consent(self.alice, self.newsletter),
        )


@tagged("post_install", "-at_install")
class TestCampaign(RgpdConsentCase):
    """Asking many contacts for their consent, in batches, from a cron."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env, "rgpd_campaign_user", groups="rgpd_consent.group_rgpd_user"
        )
        cls.contacts = cls.env["res.partner"].create(
            [
                {"name": f"Campaign Contact {i}", "email": f"campaign{i}@example.com"}
                for i in range(5)
            ]
        )
        cls.no_email = cls.env["res.partner"].create(
            [
                {"name": "Campaign No Email 1"},
                {"name": "Campaign No Email 2"},
            ]
        )
        cls.cron = cls.env.ref("rgpd_consent.ir_cron_consent_campaign")
        # Small batches, to see more than one.
        cls.cron.code = "model._cron_send(batch_size=2)"

    def new_campaign(self):
        action = (
            self.env.ref("rgpd_consent.action_partner_ask_consent")
            .with_user(self.user)
            .with_context(
                active_model="res.partner", active_ids=(self.contacts | self.no_email).ids
            )
            .run()
        )
        self.assertEqual(action["res_model"], "rgpd.consent.campaign")
        form = Form(
            self.env["rgpd.consent.campaign"].with_user(self.user).with_context(**action["context"])
        )
        form.purpose_ids.add(self.newsletter)
        form.purpose_ids.add(self.events)
        # Reported before anything is sent.
        self.assertEqual(form.no_email_count, 2)
        self.assertEqual(form.target_count, 5)
        return form.save()

    def test_contacts_without_email_are_reported(self):
        campaign = self.new_campaign()
        self.assertEqual(
            campaign.partner_ids, self.contacts | self.no_email, "nobody silently dropped"
        )
        self.assertEqual(campaign.no_email_partner_ids, self.no_email)
        self.assertEqual((campaign.to_send_count, campaign.sent_count), (5, 0))

    def test_cron_sends_every_batch(self):
        campaign = self.new_campaign()
        campaign.action_start()
        self.assertEqual(campaign.state, "running")
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)]),
            "the cron is triggered",
        )

        self.run_cron("rgpd_consent.ir_cron_consent_campaign")

        self.assertEqual(campaign.state, "done")
        self.assertEqual((campaign.sent_count, campaign.to_send_count), (5, 0))
        self.assertEqual(campaign.sent_partner_ids, self.contacts)
        for partner in self.contacts:
            mail = self.mails_to(partner)
            self.assertEqual(len(mail), 1)
            self.assertEqual(mail.body_html.count("/rgpd/link/confirm/"), 2)
            self.assertEqual(self.consent(partner, self.newsletter).state, "pending")
            self.assertEqual(self.consent(partner, self.events).state, "pending")
        for partner in self.no_email:
            self.assertFalse(self.mails_to(partner))
            self.assertFalse(self.env["rgpd.consent"].search([("partner_id", "=", partner.id)]))

    def test_cron_resumes_after_a_crash(self):
        campaign = self.new_campaign()
        campaign.action_start()
        Partner = self.registry["res.partner"]
        request_consent = Partner.rgpd_request_consent
        calls = []

        def crash_after_first_batch(partners, codes):
            calls.append(partners)
            if len(calls) > 1:
                raise RuntimeError("mail server down")
            return request_consent(partners, codes)

        with (
            patch.object(Partner, "rgpd_request_consent", crash_after_first_batch),
            mute_logger("odoo.addons.base.models.ir_cron"),
        ):
            self.run_cron("rgpd_consent.ir_cron_consent_campaign")
        self.assertEqual(campaign.state, "running")
        self.assertEqual(
            (campaign.sent_count, campaign.to_send_count), (2, 3), "the first batch is kept"
        )
        self.assertEqual(campaign.sent_partner_ids, calls[0])

        self.run_cron("rgpd_consent.ir_cron_consent_campaign")
        self.assertEqual(campaign.state, "done")
        self.assertEqual(campaign.sent_partner_ids, self.contacts)
        for partner in self.contacts:
            self.assertEqual(len(self.mails_to(partner)), 1, "nobody is mailed twice")

    def test_archived_purpose_stops_the_campaign_with_a_reason(self):
        campaign = self.new_campaign()
        campaign.action_start()
        self.events.active = False
        self.run_cron("rgpd_consent.ir_cron_consent_campaign")
        self.assertEqual(campaign.state, "draft")
        self.assertTrue(
            any("archived" in message.body for message in campaign.message_ids),
            "the reason is in the chatter",
        )
        self.assertEqual(campaign.sent_count, 0)
        for partner in self.contacts:
            self.assertFalse(self.mails_to(partner))

    def test_start_without_anyone_to_ask_is_refused(self):
        campaign = (
            self.env["rgpd.consent.campaign"]
            .with_user(self.user)
            .create(
                {
                    "name": "Nobody to ask",
                    "purpose_ids": [Command.set(self.newsletter.ids)],
                    "partner_ids": [Command.set(self.no_email.ids)],
                }
            )
        )
        with self.assertRaisesRegex(UserError, "nobody left to ask"):
            campaign.action_start()
        self.assertEqual(campaign.state, "draft")

    def test_campaign_figures_are_true(self):
        """Five contacts: one already consented, one withdrew, one refused,
        one has no email: one mail leaves, and the campaign says so."""
        given, withdrawn, refused, to_ask = self.contacts[:4]
        given.rgpd_give_consent("newsletter", "phone", note="Called")
        withdrawn.rgpd_give_consent("newsletter", "phone", note="Called")
        withdrawn.rgpd_withdraw_consent("newsletter", "phone", note="Called")
        self.env["rgpd.consent"]._rgpd_create_for(refused, self.newsletter, "refused", "phone")
        chosen = given | withdrawn | refused | to_ask | self.no_email[:1]
        campaign = (
            self.env["rgpd.consent.campaign"]
            .with_user(self.user)
            .create(
                {
                    "name": "True figures",
                    "purpose_ids": [Command.set(self.newsletter.ids)],
                    "partner_ids": [Command.set(chosen.ids)],
                }
            )
        )
        self.assertEqual((campaign.target_count, campaign.to_send_count), (1, 1))
        self.assertEqual(campaign.skipped_count, 4)
        campaign.action_start()
        self.run_cron("rgpd_consent.ir_cron_consent_campaign")
        self.assertEqual(campaign.state, "done")
        self.assertEqual((campaign.sent_count, campaign.target_count), (1, 1))
        self.assertEqual(campaign.sent_partner_ids, to_ask)
        self.assertEqual(campaign.skipped_partner_ids, chosen - to_ask)
        self.assertEqual(
            campaign.skipped_summary, "1 no email address, 1 already consented, 2 said no before"
        )
        self.assertEqual(len(self.mails_to(to_ask)), 1)
        self.assertEqual(
            (campaign.confirmed_count, campaign.refused_count, campaign.no_answer_count), (0, 0, 1)
        )
        to_ask._rgpd_apply(self.newsletter, "given", "email")
        campaign.invalidate_recordset()
        self.assertEqual(
            (campaign.confirmed_count, campaign.refused_count, campaign.no_answer_count), (1, 0, 0)
        )
