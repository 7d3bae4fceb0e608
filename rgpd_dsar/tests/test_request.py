# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_dsar import RgpdDsarCase


@tagged("post_install", "-at_install")
class TestRequestWorkflow(RgpdDsarCase):
    """A request's life: intake, deadline, identity, extension, refusal, answer."""

    def test_a_request_needs_a_way_to_identify_the_person(self):
        with self.assertRaises(ValidationError):
            self.Request.create({"request_type": "access", "requester_name": "Someone"})
        request = self.Request.create(
            {"request_type": "access", "requester_email": "x@example.com"}
        )
        self.assertTrue(request.name.startswith("DSAR/"))
        with self.assertRaises(UserError):
            request.action_start()

    def test_intake_deadline_acknowledgement_and_reminders(self):
        request = self.make_request(date_received=self.days_ago(3))
        company = request.company_id
        self.assertEqual(request.date_deadline, company._rgpd_legal_deadline(self.days_ago(3)))
        self.assertEqual(request.requester_email, self.alice.email)
        mail = self.last_mail(request)
        self.assertIn(request.name, mail.subject)
        self.assertEqual(mail.partner_ids, self.alice)
        reminders = request.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("rgpd_dsar.mail_activity_type_dsar_deadline")
            )
        )
        self.assertEqual(
            reminders.mapped("date_deadline"),
            [request.date_deadline - datetime.timedelta(days=7)],
            "one reminder per request, a week before the deadline",
        )
        self.assertEqual(reminders.user_id, self.officer)
        self.assertFalse(reminders.summary, "no English title stored: the type's name is shown")

    def test_a_request_is_not_received_in_the_future(self):
        with self.assertRaises(ValidationError):
            self.make_request(date_received=datetime.date(2099, 1, 1))

    def test_identity_check(self):
        request = self.make_request()
        request.action_ask_identity()
        self.assertEqual(request.state, "identity_check")
        self.assertIn("identity", self.last_mail(request).subject)
        with self.assertRaises(UserError):
            request.action_verify_identity()  # how it was checked is missing
        self.verified(request)
        self.assertTrue(request.identity_verified)
        self.assertEqual(request.state, "in_progress")

    def test_extension(self):
        request = self.make_request(date_received=self.days_ago(10))
        with self.assertRaises(UserError):
            request._rgpd_extend(3, "Too many systems")
        with self.assertRaises(UserError):
            request._rgpd_extend(1, "  ")
        request._rgpd_extend(2, "Ten years of orders in three systems")
        self.assertEqual(request.extension_months, 2)
        self.assertEqual(request.extension_date, self.days_ago(0))
        self.assertEqual(
            request.date_deadline,
            request.company_id._rgpd_legal_deadline(self.days_ago(10), months=3),
        )
        self.assertIn("Ten years of orders", self.last_mail(request).body)
        reminders = request.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("rgpd_dsar.mail_activity_type_dsar_deadline")
            )
        )
        self.assertEqual(
            reminders.mapped("date_deadline"),
            [request.date_deadline - datetime.timedelta(days=7)],
        )
        with self.assertRaises(UserError):
            request._rgpd_extend(1, "Once more")

    def test_no_extension_after_the_first_month(self):
        request = self.make_request(date_received=self.days_ago(40))
        with self.assertRaises(UserError):
            request._rgpd_extend(1, "Late")
        self.assertEqual(request.extension_months, 0)

    def test_refusal_needs_a_reason_and_tells_of_the_cnil(self):
        request = self.make_request()
        wizard = self.env["rgpd.dsar.refuse.wizard"].with_user(self.officer)
        with self.assertRaises(UserError):
            request._rgpd_refuse("")
        self.assertEqual(request.state, "new")
        wizard.create({"request_id": request.id, "reason": "Manifestly excessive"}).action_confirm()
        self.assertEqual(request.state, "refused")
        body = self.last_mail(request).body
        self.assertIn("Manifestly excessive", body)
        self.assertIn("CNIL", body)
        self.assertFalse(request.activity_ids, "a closed request reminds no one")
        with self.assertRaises(UserError):
            request.partner_id = self.bob
        with self.assertRaises(UserError):
            request.unlink()

    def test_the_workflow_fields_change_only_through_the_buttons(self):
        request = self.make_request()
        attachment = self.env["ir.attachment"].create({"name": "other.zip", "raw": b"PK"})
        for vals in (
            {"state": "done"},
            {"identity_verified": True},
            {"export_attachment_id": attachment.id},
            {"extension_months": 2, "extension_reason": "x"},
            {"date_processed": "2026-01-01 00:00:00"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                request.with_user(self.officer).write(vals)
        self.assertEqual((request.state, request.identity_verified), ("new", False))
        self.assertFalse(request.export_attachment_id)

    def test_a_sales_user_cannot_refuse_nor_answer(self):
        request = self.make_request().with_user(self.seller)
        with self.assertRaises(AccessError):
            request._rgpd_refuse("No")
        with self.assertRaises(AccessError):
            request.action_done()

    def test_answer_only_once_carried_out(self):
        request = self.verified(self.make_request("restriction"))
        with self.assertRaises(UserError):
            request.action_done()

    def test_restriction_end_to_end(self):
        request = self.verified(self.make_request("restriction"))
        request.action_restrict()
        self.assertTrue(self.alice.rgpd_restricted)
        self.assertTrue(self.alice.rgpd_restricted_date)
        self.assertIn(request.name, self.alice.rgpd_restricted_reason)
        request.action_done()
        self.assertEqual(request.state, "done")
        self.assertIn(request.name, self.last_mail(request).subject)
        self.alice.with_user(self.officer).action_rgpd_lift_restriction()
        self.assertFalse(self.alice.rgpd_restricted)

    def test_only_officers_restrict(self):
        with self.assertRaises(UserError):
            self.alice.with_user(self.seller).write({"rgpd_restricted": True})
        with self.assertRaises(UserError):
            self.alice.with_user(self.officer).write({"rgpd_restricted": True})
        with self.assertRaises(AccessError):
            self.alice.with_user(self.seller)._rgpd_restrict("no reason")
        self.assertFalse(self.alice.rgpd_restricted)

    def test_objection_end_to_end(self):
        Purpose = self.env["rgpd.purpose"]
        letters = Purpose.create({"name": "Letters", "code": "test_dsar_letters"})
        profiling = Purpose.create(
            {
                "name": "Profiling",
                "code": "test_dsar_profiling",
                "lawful_basis": "legitimate_interest",
            }
        )
        billing = Purpose.create(
            {"name": "Billing", "code": "test_dsar_billing", "lawful_basis": "contract"}
        )
        self.alice.rgpd_give_consent("test_dsar_letters", "back_office")
        self.assertTrue(self.alice.rgpd_has_consent("test_dsar_letters"))
        self.assertTrue(self.alice.rgpd_has_consent("test_dsar_profiling"))
        request = self.verified(self.make_request("objection"))
        request.action_object()
        self.assertFalse(self.alice.rgpd_has_consent("test_dsar_letters"))
        self.assertFalse(self.alice.rgpd_has_consent("test_dsar_profiling"))
        self.assertTrue(
            self.alice.rgpd_has_consent("test_dsar_billing"), "no objection to a contract"
        )
        events = self.env["rgpd.consent.event"].search(
            [("partner_id", "=", self.alice.id), ("purpose_id", "in", (letters | profiling).ids)]
        )
        self.assertTrue(
            all(request.name in (e.note or "") for e in events if e.new_state == "withdrawn")
        )
        self.assertFalse(
            self.env["rgpd.consent"].search(
                [("partner_id", "=", self.alice.id), ("purpose_id", "=", billing.id)]
            )
        )
        request.action_done()
        self.assertEqual(request.state, "done")

    def test_rectification_end_to_end(self):
        request = self.verified(self.make_request("rectification", description="My email changed"))
        Wizard = (
            self.env["rgpd.dsar.rectify.wizard"]
            .with_user(self.officer)
            .with_context(default_request_id=request.id)
        )
        wizard = Wizard.create({})
        self.assertEqual(wizard.email, "alice.dsar@example.com")
        with self.assertRaises(UserError):
            wizard.action_confirm()
        wizard.email = "alice.new@example.com"
        wizard.action_confirm()
        self.assertEqual(self.alice.email, "alice.new@example.com")
        note = self.alice.message_ids[:1]
        self.assertIn("alice.new@example.com", note.body)
        self.assertIn(request.name, note.body)
        request.action_done()
        self.assertEqual(self.last_mail(request).partner_ids, self.alice)

    def test_overdue_cron_notifies_the_officers_once(self):
        late = self.make_request(date_received=self.days_ago(70))
        on_time = self.make_request(partner=self.bob)
        self.assertTrue(late.is_overdue)
        self.assertIn(late, self.Request.search([("is_overdue", "=", True)]))
        self.assertNotIn(on_time, self.Request.search([("is_overdue", "=", True)]))
        self.run_cron("rgpd_dsar.ir_cron_dsar_overdue")
        notes = late.message_ids.filtered(lambda m: self.officer.partner_id in m.partner_ids)
        self.assertEqual(len(notes), 1)
        self.assertTrue(late.overdue_notified)
        self.assertFalse(on_time.overdue_notified)
        self.run_cron("rgpd_dsar.ir_cron_dsar_overdue")
        notes = late.message_ids.filtered(lambda m: self.officer.partner_id in m.partner_ids)
        self.assertEqual(len(notes), 1, "notified once")

    def test_cancel_and_reopen(self):
        request = self.make_request()
        request._rgpd_cancel("Withdrawn by phone")
        self.assertEqual(request.state, "cancelled")
        self.assertIn("Withdrawn by phone", self.last_mail(request).body)
        self.assertFalse(request.activity_ids)
        request.action_reopen()
        self.assertEqual(request.state, "new")
        self.assertTrue(request.activity_ids)


@tagged("post_install", "-at_install")
class TestRequestAccess(RgpdDsarCase):
    """Who sees which request."""

    def test_partner_smart_button_and_open_requests(self):
        done = self.verified(self.make_request("restriction"))
        done.action_restrict()
        done.action_done()
        open_request = self.make_request("access")
        partner = self.alice.with_user(self.seller)
        self.assertEqual(partner.rgpd_dsar_count, 2)
        self.assertEqual(partner.rgpd_dsar_open_ids, open_request)

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other DSAR Company"})
        request = self.env["rgpd.dsar.request"].create(
            {"request_type": "access", "partner_id": self.bob.id, "company_id": other.id}
        )
        self.assertFalse(self.Request.search([("id", "=", request.id)]))


@tagged("post_install", "-at_install")
class TestRequestMailbox(RgpdDsarCase):
    """A mail to the request alias opens a request."""

    def test_incoming_mail_opens_a_request_to_verify(self):
        request = self.env["rgpd.dsar.request"].message_new(
            {
                "email_from": "Alice Dsar <Alice.Dsar@example.com>",
                "subject": "My data",
                "body": "<p>Please send me all my data.</p>",
            }
        )
        self.assertTrue(request.name.startswith("DSAR/"))
        self.assertEqual(request.partner_id, self.alice)
        self.assertEqual(request.requester_email, "alice.dsar@example.com")
        self.assertEqual((request.channel, request.state), ("email", "new"))
        self.assertFalse(request.identity_verified, "a sender's address can be forged")
        self.assertIn("Please send me all my data.", request.description)
        self.assertEqual(
            self.env.ref("rgpd_dsar.mail_alias_dsar_request").alias_model_id.model,
            "rgpd.dsar.request",
        )


@tagged("post_install", "-at_install")
class TestRestrictionRecipients(RgpdDsarCase):
    """A restricted contact is left out of every mail sent for a purpose."""

    def test_restricted_left_out_by_the_recipient_rule(self):
        Purpose = self.env["rgpd.purpose"]
        letters = Purpose.create({"name": "Letters", "code": "test_dsar_rule_letters"})
        billing = Purpose.create(
            {"name": "Billing", "code": "test_dsar_rule_billing", "lawful_basis": "contract"}
        )
        (self.alice | self.bob).rgpd_give_consent("test_dsar_rule_letters", "back_office")
        self.alice.with_user(self.officer)._rgpd_restrict("Contests the accuracy")
        partners = self.alice | self.bob
        allowed, excluded = letters._rgpd_split_recipients(partners)
        self.assertEqual(allowed, self.bob)
        self.assertEqual(excluded, {"restricted": self.alice})
        allowed, excluded = billing._rgpd_split_recipients(partners)
        self.assertEqual((allowed, excluded), (self.bob, {"restricted": self.alice}))
        carol = self.env["res.partner"].create({"name": "Carol Dsar"})
        carol.with_user(self.officer)._rgpd_restrict("Objects")
        allowed, excluded = letters._rgpd_split_recipients(partners | carol)
        self.assertEqual(excluded, {"restricted": self.alice | carol}, "listed once")
        self.assertIn("restricted", Purpose._rgpd_exclusion_labels())
        self.alice.with_user(self.officer).action_rgpd_lift_restriction()
        self.assertEqual(letters._rgpd_split_recipients(partners)[0], partners)


@tagged("post_install", "-at_install")
class TestRequestMailsInFrench(RgpdDsarCase):
    """The person reads the mails in their language."""

    def test_acknowledgement_and_refusal_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["rgpd_dsar"], ["fr_FR"], overwrite=True)
        self.alice.lang = "fr_FR"
        request = self.make_request("erasure")
        self.assertEqual(request.lang, "fr_FR")
        mail = self.last_mail(request)
        self.assertIn("nous avons reçu votre demande", mail.subject)
        self.assertIn("Bonjour Alice Dsar", mail.body)
        self.assertIn("(Effacement, art. 17)", mail.body, "not (Effacement (art. 17))")
        request._rgpd_refuse("Factures à conserver")
        mail = self.last_mail(request)
        self.assertIn("autorité de contrôle", mail.body)
        self.assertIn("CNIL", mail.body)
        english = self.make_request("access", partner=self.bob)
        self.assertIn("we received your request", self.last_mail(english).subject)
