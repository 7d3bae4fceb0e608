# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common_retention import (
    EMAIL,
    NAME,
    OLD_EMAIL,
    PHONE,
    PHONE_SANITIZED,
    STREET,
    RgpdRetentionCase,
)

FORMER_VALUES = [NAME, "Quatremains", OLD_EMAIL, EMAIL, PHONE, PHONE_SANITIZED]


@tagged("post_install", "-at_install")
class TestAnonymize(RgpdRetentionCase):
    def test_whole_database_holds_no_former_value(self):
        """After the engine, no text, varchar, json or jsonb column of any
        table holds the person's former name, emails or phone."""
        partner, user, lead, contact, attachment = self.make_person()
        Map = self.env["rgpd.data.map"]
        before = Map._rgpd_scan_database(FORMER_VALUES)
        # The scenario put the person everywhere a company would.
        for column in (
            "res_partner.name",
            "res_users.login",
            "mail_message.body",
            "mail_tracking_value.old_value_char",
            "crm_lead.email_from",
            "mailing_contact.email",
            "ir_attachment.index_content",
        ):
            self.assertIn(column, before)
        last_tracking = self.env["mail.tracking.value"].search([], order="id desc", limit=1).id
        log = partner.rgpd_anonymize("Erasure request (Art. 17)")

        self.assertEqual(Map._rgpd_scan_database(FORMER_VALUES), [])
        self.assertEqual(len(log), 1)
        self.assertEqual((log.partner_id, log.outcome), (partner, "anonymized"))
        self.assertTrue(partner.rgpd_anonymized)
        self.assertFalse(partner.active)
        self.assertEqual(partner.name, f"Anonymized contact #{partner.id}")
        self.assertFalse(user.active)
        self.assertFalse(attachment.exists())
        self.assertFalse(contact.exists())
        self.assertEqual(lead.name, f"Anonymized contact #{partner.id}")
        self.assertGreater(log.counts["Contact"], 0)
        self.assertFalse(
            self.env["mail.tracking.value"].search([("id", ">", last_tracking)]),
            "the engine's writes create no tracking value",
        )
        # The fact of the consent, its date and its digest stay as proof.
        events = self.env["rgpd.consent.event"].search([("partner_id", "=", partner.id)])
        self.assertEqual(len(events), 2)
        for event in events:
            self.assertTrue(event.purpose_text_sha256)
            self.assertFalse(
                event.ip_address or event.user_agent or event.purpose_text or event.email
            )
        # The address that confirmed by email goes too.
        self.assertFalse(any(partner.rgpd_consent_ids.mapped("confirmed_email")))
        # The login is free for somebody else.
        other = new_test_user(self.env, login=EMAIL, groups="base.group_portal")
        self.assertEqual(other.login, EMAIL)

    def test_second_run_changes_nothing(self):
        partner = self.make_person()[0]
        partner.rgpd_anonymize("Erasure request")
        snapshot = partner.read(["name", "email", "street", "rgpd_anonymized_date"])
        logs = self.env["rgpd.retention.log"].search_count([])
        self.assertFalse(partner.rgpd_anonymize("Erasure request"))
        self.assertEqual(
            partner.read(["name", "email", "street", "rgpd_anonymized_date"]), snapshot
        )
        self.assertEqual(self.env["rgpd.retention.log"].search_count([]), logs)

    def test_preview_changes_nothing(self):
        partner, user, lead, *_rest = self.make_person()
        preview = self.env["rgpd.data.map"]._rgpd_preview(partner)
        found = {(line["model"], line["field"]): line["count"] for line in preview}
        self.assertEqual(found[("res.partner", "email")], 1)
        self.assertEqual(found[("crm.lead", "email_from")], 1)
        self.assertEqual(found[("res.users", "login")], 1)
        self.assertGreaterEqual(found[("mail.message", "body")], 2)
        self.assertEqual(
            set(preview[0]), {"model", "model_name", "field", "field_label", "count", "rule"}
        )
        self.env.invalidate_all()
        self.assertEqual((partner.name, partner.email, lead.email_normalized), (NAME, EMAIL, EMAIL))
        self.assertTrue(user.active)
        found_records = self.env["rgpd.data.map"]._rgpd_find(partner)
        self.assertIn(lead, [r for records in found_records.values() for r in records])

    def test_many_partners_in_one_call(self):
        people = [
            self.make_person(
                f"Person {i} Bulkname",
                f"bulk{i}@example.org",
                f"old{i}@example.org",
                f"+33 6 00 00 00 {i:02d}",
            )[0]
            for i in range(3)
        ]
        partners = people[0] | people[1] | people[2]
        logs = partners.rgpd_anonymize("Retention period over")
        self.assertEqual(logs.partner_id, partners)
        self.assertEqual(
            self.env["rgpd.data.map"]._rgpd_scan_database(["Bulkname", "bulk1@example.org"]), []
        )

    def test_refusals(self):
        company_partner = self.env.company.partner_id
        internal = new_test_user(self.env, login="rgpd_internal", groups="base.group_user")
        for partner in (self.env.user.partner_id, company_partner, internal.partner_id):
            with self.subTest(partner=partner.name), self.assertRaises(UserError):
                partner.rgpd_anonymize("Erasure request")
            self.assertFalse(partner.rgpd_anonymized)
        customer = self.make_person()[0]
        with self.assertRaises(UserError):
            (customer | company_partner).rgpd_anonymize("Erasure request")
        with self.assertRaises(UserError):
            customer.rgpd_anonymize(" ")
        self.assertEqual(customer.name, NAME)

    def test_officer_only(self):
        customer = self.make_person()[0]
        user = new_test_user(
            self.env, login="rgpd_sales", groups="base.group_user,rgpd_consent.group_rgpd_user"
        )
        with self.assertRaises(AccessError):
            customer.with_user(user).rgpd_anonymize("Erasure request")
        with self.assertRaises(UserError):
            customer.with_user(user).rgpd_legal_hold = True
        with self.assertRaises(AccessError):
            customer.with_user(user).rgpd_set_legal_hold("Mine")
        self.assertEqual(customer.street, STREET)


@tagged("post_install", "-at_install")
class TestLegalHold(RgpdRetentionCase):
    def test_manual_hold_skips(self):
        partner = self.make_person()[0]
        partner.write({"rgpd_legal_hold": True, "rgpd_legal_hold_reason": "Litigation 2026-042"})
        log = partner.rgpd_anonymize("Retention period over")
        self.assertEqual(log.outcome, "held")
        self.assertIn("Litigation 2026-042", log.kept_summary)
        self.assertEqual((partner.name, partner.email), (NAME, EMAIL))

    def test_expired_hold_no_longer_applies(self):
        partner = self.make_person()[0]
        partner.write({"rgpd_legal_hold": True, "rgpd_legal_hold_until": "2020-01-01"})
        self.assertEqual(partner.rgpd_anonymize("Retention period over").outcome, "anonymized")

    def test_recent_invoice_keeps_name_and_address(self):
        partner = self.make_person()[0]
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_line_ids": [
                    Command.create({"name": "Consulting", "quantity": 1, "price_unit": 100})
                ],
            }
        )
        invoice.action_post()
        self.assertIn("posted invoices", partner.rgpd_hold_summary)
        log = partner.rgpd_anonymize("Erasure request")
        self.assertEqual(log.outcome, "partial")
        self.assertIn("L123-22", log.kept_summary)
        self.assertEqual((partner.name, partner.street, partner.city), (NAME, STREET, "Nantes"))
        self.assertFalse(partner.email or partner.phone)
        self.assertEqual(invoice.partner_id, partner)
        self.assertEqual(invoice.invoice_partner_display_name, NAME)
        leftovers = self.env["rgpd.data.map"]._rgpd_scan_database(
            [EMAIL, OLD_EMAIL, PHONE_SANITIZED]
        )
        self.assertEqual(leftovers, [])

    def test_old_invoice_does_not_hold(self):
        partner = self.make_person()[0]
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": "2014-03-01",
                "date": "2014-03-01",
                "invoice_line_ids": [
                    Command.create({"name": "Consulting", "quantity": 1, "price_unit": 100})
                ],
            }
        )
        invoice.action_post()
        self.assertEqual(partner.rgpd_anonymize("Retention period over").outcome, "anonymized")
        self.assertEqual(invoice.invoice_partner_display_name, f"Anonymized contact #{partner.id}")


@tagged("post_install", "-at_install")
class TestSuppression(RgpdRetentionCase):
    def test_erased_person_coming_back_is_flagged(self):
        partner = self.make_person()[0]
        partner.rgpd_anonymize("Erasure request")
        digests = self.env["rgpd.suppression"].search([])
        self.assertFalse(any(EMAIL in d.digest or "zephyrine" in d.digest for d in digests))
        again = self.env["res.partner"].create({"name": "Z. Q.", "email": EMAIL.upper()})
        by_phone = self.env["res.partner"].create({"name": "Z.", "phone": PHONE})
        stranger = self.env["res.partner"].create(
            {"name": "Someone", "email": "someone@example.org"}
        )
        self.assertTrue(again.rgpd_previously_erased)
        self.assertTrue(by_phone.rgpd_previously_erased)
        self.assertFalse(stranger.rgpd_previously_erased)
        contact = self.env["mailing.contact"].create({"name": "Z", "email": OLD_EMAIL})
        self.assertTrue(contact.rgpd_previously_erased)
        campaign = self.env["rgpd.consent.campaign"].create(
            {
                "name": "Re-permission",
                "purpose_ids": self.purpose.ids,
                "partner_ids": (again | stranger).ids,
            }
        )
        self.assertEqual(campaign.erased_count, 1)
        self.assertEqual(campaign._rgpd_partners_to_ask(), stranger)
        self.purpose.double_optin = True
        with self.assertRaisesRegex(UserError, "erased"):
            again.rgpd_request_consent([self.purpose.code])
        # Given by the person themself: the flag goes.
        again._rgpd_subject_act(self.purpose, "given", "portal", ip_address="203.0.113.9")
        self.assertFalse(again.rgpd_previously_erased)

    def test_recipient_rule_leaves_erased_out(self):
        partner = self.make_person()[0]
        partner.rgpd_anonymize("Erasure request")
        again = self.env["res.partner"].create({"name": "Z. Q.", "email": EMAIL})
        analytics = self.env["rgpd.purpose"].create(
            {
                "name": "Analytics",
                "code": "test_ret_analytics",
                "lawful_basis": "legitimate_interest",
            }
        )
        allowed, excluded = analytics._rgpd_split_recipients(again)
        self.assertFalse(allowed)
        self.assertEqual(excluded, {"erased": again})
        self.assertIn("erased", self.env["rgpd.purpose"]._rgpd_exclusion_labels())


@tagged("post_install", "-at_install")
class TestClosingMail(MockEmail, RgpdRetentionCase):
    def test_closing_mail_leaves_no_copy(self):
        """The mail telling the person their erasure is done leaves, and
        neither it, its message nor a notification keeps their name or
        address."""
        partner = self.make_person()[0]
        partner.rgpd_anonymize("Erasure request (Art. 17)")
        self.assertEqual(self.env["rgpd.data.map"]._rgpd_scan_database(FORMER_VALUES), [])
        with self.mock_mail_gateway(mail_unlink_sent=True):
            sent = self.env["mail.mail"]._rgpd_send_without_copy(
                f'"{NAME}" <{EMAIL}>',
                f"{NAME}: your data was erased",
                f"<p>Dear {NAME}, your data was erased as you asked ({EMAIL}).</p>",
            )
        self.assertTrue(sent)
        [mail] = self._mails
        self.assertIn(EMAIL, mail["email_to"][0])
        self.assertEqual(self.env["rgpd.data.map"]._rgpd_scan_database(FORMER_VALUES), [])
