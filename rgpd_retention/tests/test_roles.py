# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each path of rgpd_retention as the role that takes it: an Officer who is
not the superuser, a Privacy User with the sales rights a sales user has, a
salesperson who may edit contacts. None of them is the superuser."""

import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_retention import EMAIL, NAME, OLD_EMAIL, PHONE, PHONE_SANITIZED, RgpdRetentionCase


class RgpdRolesCase(RgpdRetentionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env, "rgpd_role_officer", groups="rgpd_consent.group_rgpd_officer"
        )
        cls.privacy_user = new_test_user(
            cls.env,
            "rgpd_role_user",
            email="privacy.user@example.net",
            groups="rgpd_consent.group_rgpd_user,sales_team.group_sale_salesman",
        )
        cls.salesperson = new_test_user(
            cls.env, "rgpd_role_sales", groups="sales_team.group_sale_salesman"
        )


@tagged("post_install", "-at_install")
class TestErasureRoles(RgpdRolesCase):
    def test_officer_erases_a_person_with_consents(self):
        partner = self.make_person()[0]
        events = self.env["rgpd.consent.event"].search([("partner_id", "=", partner.id)])
        self.assertTrue(any(events.mapped("ip_address")))
        log = partner.with_user(self.officer).rgpd_anonymize("Erasure request (Art. 17)")
        self.assertEqual((log.outcome, log.user_id), ("anonymized", self.officer))
        self.assertEqual(log.env.uid, self.officer.id, "the log comes back in the caller's env")
        self.assertTrue(partner.rgpd_anonymized)
        self.assertNotEqual(partner.name, NAME)
        for fname in ("ip_address", "user_agent", "purpose_text"):
            self.assertFalse(any(events.mapped(fname)), fname)
        self.assertEqual(self.env["rgpd.data.map"]._rgpd_scan_database([NAME, EMAIL]), [])

    def test_officer_erasure_leaves_nothing_in_calendar_sms_and_mentions(self):
        """The whole database, calendar and text messages included, holds
        nothing of the person once the Officer erased them."""
        if "sms.sms" not in self.env or "calendar.event" not in self.env:
            self.skipTest("Calendar and SMS are installed by setup (RGPD_APPS).")
        partner, _user, _lead, _contact, _attachment, event = self.make_person_everywhere()
        former = [NAME, "Quatremains", OLD_EMAIL, EMAIL, PHONE, PHONE_SANITIZED]
        Map = self.env["rgpd.data.map"]
        before = Map._rgpd_scan_database(former)
        for column in (
            "calendar_event.name",
            "calendar_event.description",
            "calendar_attendee.common_name",
            "sms_sms.number",
            "sms_sms.body",
            "phone_blacklist.number",
            "mail_message.reply_to",
            "mail_notification.sms_number",
        ):
            self.assertIn(column, before)
        partner.with_user(self.officer).rgpd_anonymize("Erasure request (Art. 17)")
        self.assertEqual(Map._rgpd_scan_database(former), [])
        self.assertEqual(event.name, f"Demo for Anonymized contact #{partner.id}")
        # The number and address stay recognisable for a person coming back,
        # as digests: a salesperson's new contact is flagged by the engine's path.
        Partner = self.env["res.partner"].with_user(self.salesperson)
        self.assertTrue(Partner.create({"name": "Z", "phone": PHONE}).rgpd_previously_erased)
        self.assertTrue(Partner.create({"name": "Z", "email": EMAIL}).rgpd_previously_erased)

    def test_officer_erases_through_the_wizard(self):
        partner = self.make_person()[0]
        wizard = (
            self.env["rgpd.anonymize.wizard"]
            .with_user(self.officer)
            .with_context(default_partner_ids=partner.ids)
            .create({})
        )
        self.assertIn("Email", wizard.line_ids.mapped("field_label"))
        action = wizard.action_confirm()
        self.assertTrue(partner.rgpd_anonymized)
        log = self.env["rgpd.retention.log"].with_user(self.officer).search(action["domain"])
        self.assertEqual(log.partner_id, partner)

    def test_other_roles_may_not_erase(self):
        partner = self.make_person()[0]
        for user in (self.privacy_user, self.salesperson):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    partner.with_user(user).rgpd_anonymize("Erasure request")
                with self.assertRaises(AccessError):
                    self.env["rgpd.anonymize.wizard"].with_user(user).create(
                        {"partner_ids": partner.ids}
                    )
        self.assertEqual(partner.name, NAME)
        self.assertFalse(partner.rgpd_anonymized)


@tagged("post_install", "-at_install")
class TestSystemFields(RgpdRolesCase):
    """The engine's flags and the Officer's hold are written by their code
    only: refused from create and write for every user, the Officer and the
    administrator included (env.su only)."""

    def test_engine_flags_refused_on_write(self):
        partner = self.env["res.partner"].create({"name": NAME, "email": EMAIL})
        admin = self.env.ref("base.user_admin")
        for user in (self.salesperson, self.privacy_user, self.officer, admin):
            for fname, value in (
                ("rgpd_anonymized", True),
                ("rgpd_anonymized_date", "2026-01-01 00:00:00"),
                ("rgpd_previously_erased", True),
                ("rgpd_keep_date", "2099-01-01 00:00:00"),
                ("rgpd_notice_date", "2026-01-01 00:00:00"),
                ("rgpd_legal_hold", True),
                ("rgpd_legal_hold_reason", "Mine"),
                ("rgpd_legal_hold_until", "2099-01-01"),
            ):
                with (
                    self.subTest(user=user.login, field=fname),
                    self.assertRaisesRegex(UserError, fname),
                ):
                    partner.with_user(user).write({"name": "Renamed", fname: value})
        self.assertEqual(partner.name, NAME)
        self.assertFalse(
            partner.rgpd_anonymized or partner.rgpd_keep_date or partner.rgpd_previously_erased
        )
        # Writing back the value a field holds changes nothing and passes.
        partner.with_user(self.salesperson).write({"rgpd_anonymized": False, "name": "Renamed"})
        self.assertEqual(partner.name, "Renamed")

    def test_engine_flags_refused_on_create(self):
        guarded = {
            "rgpd_legal_hold": True,
            "rgpd_legal_hold_reason": "Mine",
            "rgpd_anonymized": True,
            "rgpd_previously_erased": True,
            "rgpd_keep_date": "2099-01-01 00:00:00",
        }
        Partner = self.env["res.partner"]
        for user in (self.salesperson, self.privacy_user, self.officer):
            for fname, value in guarded.items():
                with (
                    self.subTest(user=user.login, field=fname),
                    self.assertRaisesRegex(UserError, fname),
                ):
                    Partner.with_user(user).create({"name": "Forged", fname: value})
            if "rgpd_restricted" in Partner._fields:
                # rgpd_dsar's field (its own message, or ours through the hook).
                with (
                    self.subTest(user=user.login, field="rgpd_restricted"),
                    self.assertRaises(UserError),
                ):
                    Partner.with_user(user).create({"name": "Forged", "rgpd_restricted": True})
        self.assertFalse(Partner.search([("name", "=", "Forged")]))
        # What a form sends for a new contact: the empty defaults.
        partner = Partner.with_user(self.salesperson).create(
            {"name": "Plain", "rgpd_legal_hold": False, "rgpd_keep_date": False}
        )
        self.assertFalse(partner.rgpd_legal_hold)

    def test_lead_flag_refused(self):
        """A lead marked anonymized is skipped by the policies: only the
        engine marks it."""
        Lead = self.env["crm.lead"]
        lead = Lead.create({"name": "Quote", "email_from": EMAIL, "user_id": False})
        for user in (self.salesperson, self.privacy_user, self.officer):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "rgpd_anonymized"):
                    lead.with_user(user).write({"rgpd_anonymized": True})
                with self.assertRaisesRegex(UserError, "rgpd_anonymized"):
                    Lead.with_user(user).create({"name": "Forged", "rgpd_anonymized": True})
        self.assertFalse(lead.rgpd_anonymized)
        lead.with_user(self.salesperson).write({"name": "Quote 2"})

    def test_mailing_contact_flag_refused(self):
        """A mailing contact of an erased person stays flagged: only the
        suppression list sets the flag, whoever adds the address."""
        partner = self.make_person()[0]
        partner.with_user(self.officer).rgpd_anonymize("Erasure request")
        marketer = new_test_user(
            self.env, "rgpd_role_marketing", groups="mass_mailing.group_mass_mailing_user"
        )
        Contact = self.env["mailing.contact"].with_user(marketer)
        contact = Contact.create({"name": "Z", "email": EMAIL})
        self.assertTrue(contact.rgpd_previously_erased)
        with self.assertRaisesRegex(UserError, "rgpd_previously_erased"):
            contact.write({"rgpd_previously_erased": False})
        with self.assertRaisesRegex(UserError, "rgpd_previously_erased"):
            Contact.create({"name": "Y", "email": "y@example.org", "rgpd_previously_erased": True})
        self.assertTrue(contact.rgpd_previously_erased)

    def test_officer_sets_and_lifts_a_hold(self):
        partner = self.make_person()[0]
        for user in (self.salesperson, self.privacy_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    partner.with_user(user).rgpd_set_legal_hold("Litigation")
                with self.assertRaises(AccessError):
                    partner.with_user(user).action_rgpd_legal_hold()
                partner.with_user(self.officer).rgpd_set_legal_hold("Litigation")
                with self.assertRaises(AccessError):
                    partner.with_user(user).action_rgpd_lift_legal_hold()
                self.assertTrue(partner.rgpd_legal_hold)
                partner.with_user(self.officer).action_rgpd_lift_legal_hold()
        action = partner.with_user(self.officer).action_rgpd_legal_hold()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.officer)
            .with_context(**action["context"])
            .create({"reason": "Litigation 2026-042", "until": "2099-12-31"})
        )
        wizard.action_confirm()
        self.assertEqual(
            (partner.rgpd_legal_hold, partner.rgpd_legal_hold_reason),
            (True, "Litigation 2026-042"),
        )
        self.assertIn("Litigation 2026-042", partner.rgpd_hold_summary)
        with self.assertRaises(UserError):
            partner.with_user(self.officer).rgpd_set_legal_hold(" ")
        log = partner.with_user(self.officer).rgpd_anonymize("Erasure request")
        self.assertEqual(log.outcome, "held")
        partner.with_user(self.officer).action_rgpd_lift_legal_hold()
        self.assertFalse(partner.rgpd_legal_hold or partner.rgpd_legal_hold_reason)
        self.assertEqual(
            partner.with_user(self.officer).rgpd_anonymize("Erasure request").outcome,
            "anonymized",
        )

    def test_administrator_merges_contacts_with_system_fields(self):
        """The merge of contacts copies every field as the user who merges
        (the administrator, not the superuser: core reads fields of the
        Access Rights group): the system fields are merged by their own
        rule, not refused."""
        Partner = self.env["res.partner"]
        held = Partner.create({"name": "Jeanne Dupuis", "email": "jeanne@example.org"})
        held.rgpd_set_legal_hold("Litigation")
        held.sudo().rgpd_keep_date = "2026-01-01 00:00:00"
        dst = Partner.create({"name": "Jeanne Dupuis", "email": "jeanne@example.org"})
        admin = self.env.ref("base.user_admin")
        wizard = self.env["base.partner.merge.automatic.wizard"].with_user(admin)
        wizard._merge((held | dst).ids, dst.with_user(admin))
        self.assertFalse(held.exists())
        self.assertEqual(
            (dst.rgpd_legal_hold, dst.rgpd_legal_hold_reason, dst.rgpd_anonymized),
            (True, "Litigation", False),
        )
        self.assertTrue(dst.rgpd_keep_date)

    def test_search_last_activity_set(self):
        partner = self.env["res.partner"].create({"name": NAME})
        Partner = self.env["res.partner"].with_user(self.privacy_user)
        self.assertIn(partner, Partner.search([("rgpd_last_activity_date", "!=", False)]))
        self.assertNotIn(partner, Partner.search([("rgpd_last_activity_date", "=", False)]))
        self.assertIn(
            partner,
            Partner.search(
                [("rgpd_last_activity_date", ">=", partner.create_date), ("id", "=", partner.id)]
            ),
        )


@tagged("post_install", "-at_install")
class TestPolicyRunRoles(RgpdRolesCase):
    def test_only_the_officer_runs_the_policies(self):
        policy = self.env["rgpd.retention.policy"].create({"name": "Idle", "duration_value": 3})
        Trigger = self.env["ir.cron.trigger"]
        cron = self.env.ref("rgpd_retention.ir_cron_retention_policies")
        before = Trigger.search_count([("cron_id", "=", cron.id)])
        for user in (self.privacy_user, self.salesperson):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                policy.with_user(user).action_run()
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), before)
        action = policy.with_user(self.officer).action_run()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), before + 1)


@tagged("post_install", "-at_install")
class TestKeepLinkRoles(RgpdRolesCase):
    """The retention notice holds a placeholder; the "keep my data" link is
    made when the mail leaves, for the contact's own address only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.env["res.partner"].create({"name": NAME, "email": EMAIL})
        cls.template = cls.env.ref("rgpd_retention.mail_template_retention_notice")

    def outgoing(self, mail_id):
        """{normalized addresses an email goes to: its body}, as the mail leaves."""
        mail = self.env["mail.mail"].browse(mail_id)
        self.assertNotIn("/rgpd/keep/", mail.body_html, "the stored mail holds no token")
        self.assertIn(f"/rgpd/link/keep/{self.contact.id}", mail.body_html)
        return {
            frozenset(email["email_to_normalized"]): email["body"]
            for email in mail._prepare_outgoing_list()
        }

    def outgoing_bodies(self, mail_id):
        return list(self.outgoing(mail_id).values())

    def test_notice_redirected_by_a_privacy_user_carries_a_dead_link(self):
        mail_id = self.template.with_user(self.privacy_user).send_mail(
            self.contact.id,
            email_values={"email_to": self.privacy_user.email, "recipient_ids": []},
        )
        [body] = self.outgoing_bodies(mail_id)
        self.assertNotIn("/rgpd/keep/", body)
        self.assertIn("/rgpd/link/invalid", body)
        # Copied to someone else, or to the contact and someone else: dead too.
        for email_values in (
            {"email_cc": self.privacy_user.email},
            {"email_to": f"{EMAIL}, {self.privacy_user.email}", "recipient_ids": []},
        ):
            with self.subTest(email_values=email_values):
                mail_id = self.template.with_user(self.privacy_user).send_mail(
                    self.contact.id, email_values=email_values
                )
                for addresses, body in self.outgoing(mail_id).items():
                    if addresses != {EMAIL}:
                        self.assertNotIn("/rgpd/keep/", body)

    def test_notice_to_the_contact_carries_a_working_link(self):
        # What the retention policy's run sends (the scheduled action).
        [body] = self.outgoing_bodies(self.template.send_mail(self.contact.id))
        token = re.search(r"/rgpd/keep/([^\"'<\s]+)", body).group(1)
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._rgpd_from_keep_token(token), self.contact)
        # Once the contact is anonymized, the link does nothing.
        self.contact.with_user(self.officer).rgpd_anonymize("Erasure request")
        self.assertIsNone(Partner._rgpd_from_keep_token(token))
        self.contact._rgpd_keep_data()
        self.assertFalse(self.contact.rgpd_keep_date)
        # And a notice mailed to an anonymized contact holds no link.
        self.assertIsNone(
            self.env["mail.mail"]._rgpd_signed_link(
                "keep", self.contact.id, self.contact, frozenset({EMAIL})
            )
        )


@tagged("post_install", "-at_install")
class TestAnonymizeWizardOnHeldContact(RgpdRolesCase):
    def test_held_contact_is_said_kept_with_nothing_to_confirm(self):
        """On a contact under a legal hold, the Officer reads that everything
        is kept: no list of cleared fields, and nothing to confirm."""
        held, free = (
            self.make_person()[0],
            self.env["res.partner"].create(
                {"name": "Free Person", "email": "free.person@example.net"}
            ),
        )
        held.with_user(self.officer).rgpd_set_legal_hold("Litigation")
        Wizard = self.env["rgpd.anonymize.wizard"].with_user(self.officer)
        wizard = Wizard.with_context(default_partner_ids=held.ids).create({})
        self.assertTrue(wizard.all_held)
        self.assertFalse(wizard.line_ids, "no field listed as cleared")
        self.assertIn("Litigation", wizard.hold_summary)
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertFalse(held.rgpd_anonymized)
        both = Wizard.with_context(default_partner_ids=(held | free).ids).create({})
        self.assertFalse(both.all_held)
        self.assertTrue(both.line_ids, "what changes for the contact not on hold")
