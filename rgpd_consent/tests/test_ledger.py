# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The consent ledger, as the roles that use it: a Privacy User records and
asks, an Officer manages the purposes, the person answers from the links of
their mails (over HTTP); only the scheduled actions run as the system."""

import hashlib
from datetime import datetime, timedelta
from unittest.mock import patch
from urllib.parse import urlsplit

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import config

from .common_consent import PersonLinksMixin, RgpdConsentCase, RolesMixin


@tagged("post_install", "-at_install")
class TestLedger(RolesMixin, RgpdConsentCase):
    """The consent ledger: states, events, expiry, audience and proof, each
    act taken by the Privacy User (or the Officer) with their own rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_roles()

    def as_user(self, records):
        """`records` as the Privacy User sees and changes them."""
        return records.with_user(self.privacy_user)

    def test_give_then_withdraw(self):
        alice = self.as_user(self.alice)
        given = alice.rgpd_give_consent("newsletter", "phone", note="Called on Monday")
        consent = self.consent(self.alice, self.newsletter)
        self.assertEqual(given, consent)
        self.assertEqual(consent.state, "given")
        self.assertEqual(consent.channel, "phone")
        self.assertTrue(consent.date_given)
        self.assertFalse(consent.date_expiry, "a purpose without validity never expires")
        self.assertTrue(alice.rgpd_has_consent("newsletter"))
        self.assertEqual(
            len(consent.event_ids), 1, "a first consent has one event, no pending step"
        )
        last = self.last_event(consent)
        self.assertEqual((last.old_state, last.new_state), (False, "given"))
        self.assertEqual(last.note, "Called on Monday")
        self.assertEqual(last.user_id, self.privacy_user)
        self.assertEqual(last.author_id, self.privacy_user.partner_id)

        alice.rgpd_withdraw_consent("newsletter", "back_office", note="Wrote to us")
        self.assertEqual(consent.state, "withdrawn")
        self.assertTrue(consent.date_withdrawn)
        self.assertFalse(alice.rgpd_has_consent("newsletter"))
        last = self.last_event(consent)
        self.assertEqual(
            (last.old_state, last.new_state, last.channel), ("given", "withdrawn", "back_office")
        )

    def test_same_answer_twice_writes_one_event(self):
        alice = self.as_user(self.alice)
        alice.rgpd_give_consent("newsletter", "phone", note="First call")
        consent = self.consent(self.alice, self.newsletter)
        events = consent.event_ids
        self.assertFalse(alice.rgpd_give_consent("newsletter", "phone", note="Second call"))
        self.assertEqual(consent.event_ids, events, "giving again must not add an event")

        alice.rgpd_withdraw_consent("newsletter", "phone")
        events = consent.event_ids
        self.assertFalse(alice.rgpd_withdraw_consent("newsletter", "phone"))
        self.assertEqual(consent.event_ids, events, "withdrawing again must not add an event")

    def test_give_with_validity_sets_expiry_from_the_date_given(self):
        when = datetime(2025, 1, 15, 10, 0)
        self.as_user(self.alice).rgpd_give_consent("test_bo_yearly", "paper", date=when)
        consent = self.consent(self.alice, self.yearly)
        self.assertEqual(consent.date_given, when)
        self.assertEqual(consent.date_expiry, fields.Date.to_date("2026-01-15"))

    def test_cron_expires_past_consents_once(self):
        """The expiry is the system's path (the scheduled action); the
        consents it expires were recorded, and are read, by the Privacy User."""
        long_ago = fields.Datetime.now() - relativedelta(months=13)
        recently = fields.Datetime.now() - relativedelta(months=1)
        self.as_user(self.alice | self.dan).rgpd_give_consent(
            "test_bo_yearly", "phone", date=long_ago
        )
        self.as_user(self.bob).rgpd_give_consent("test_bo_yearly", "phone", date=recently)

        self.run_cron("rgpd_consent.ir_cron_consent_expire")

        for partner in self.alice | self.dan:
            consent = self.consent(partner, self.yearly)
            self.assertEqual(consent.state, "expired")
            expired_events = consent.event_ids.filtered(lambda e: e.new_state == "expired")
            self.assertEqual(len(expired_events), 1)
            self.assertEqual(expired_events.old_state, "given")
        self.assertEqual(self.consent(self.bob, self.yearly).state, "given")
        self.assertFalse(self.as_user(self.alice).rgpd_has_consent("test_bo_yearly"))
        self.assertTrue(self.as_user(self.bob).rgpd_has_consent("test_bo_yearly"))
        self.assertFalse(self.mails_to(self.alice), "this purpose does not ask again")

        # A second run finds nothing more to do.
        self.run_cron("rgpd_consent.ir_cron_consent_expire")
        consent = self.consent(self.alice, self.yearly)
        self.assertEqual(len(consent.event_ids.filtered(lambda e: e.new_state == "expired")), 1)

    def test_cron_asks_again_on_expiry(self):
        """The expiry and the new request are the system's path (the
        scheduled action), on consents the Privacy User recorded."""
        long_ago = fields.Datetime.now() - relativedelta(months=13)
        self.as_user(self.alice | self.dan).rgpd_give_consent(
            "test_bo_yearly_reask", "phone", date=long_ago
        )

        self.run_cron("rgpd_consent.ir_cron_consent_expire")

        consent = self.consent(self.alice, self.yearly_reask)
        self.assertEqual(consent.state, "pending", "the person is asked again")
        self.assertEqual(
            consent.event_ids.sorted("id").mapped("new_state")[-2:], ["expired", "pending"]
        )
        mail = self.mails_to(self.alice)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.body_html.count("/rgpd/link/confirm/"), 1)
        # Dan has no email: his consent expires, nobody is mailed, the cron does not fail.
        self.assertEqual(self.consent(self.dan, self.yearly_reask).state, "expired")
        self.assertFalse(self.mails_to(self.dan))

    def test_events_cannot_be_changed_or_deleted(self):
        """Not by any employee, the Officer included, nor by the code as
        superuser."""
        self.as_user(self.alice).rgpd_give_consent("newsletter", "phone", note="Called")
        consent = self.consent(self.alice, self.newsletter)
        event = self.last_event(consent)
        for events in (*(event.with_user(user) for user in self.employees), event.sudo()):
            with self.subTest(user=events.env.user.login):
                with self.assertRaises(UserError):
                    events.write({"note": "Rewritten"})
                with self.assertRaises(UserError):
                    events.unlink()
        for user in self.employees:
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    consent.with_user(user).write({"state": "withdrawn"})
                with self.assertRaises(UserError):
                    consent.with_user(user).unlink()
        self.assertEqual(event.note, "Called")
        self.assertEqual(consent.state, "given")

    def test_audience_domain(self):
        """The Privacy User records the answers and searches the audience;
        the Officer sets the validity; the expiry is the system's."""
        Partner = self.env["res.partner"]
        self.newsletter.with_user(self.officer).consent_validity_months = 12
        now = fields.Datetime.now()
        erin, fred = Partner.create(
            [
                {"name": "Erin Test", "email": "erin.test@example.com"},
                {"name": "Fred Test", "email": "fred.test@example.com"},
            ]
        )
        alice, bob, carol, dan = self.as_user(self.alice | self.bob | self.carol | self.dan)
        # Given recently: in the audience.
        alice.rgpd_give_consent("newsletter", "paper", date=now - relativedelta(months=1))
        # Pending.
        bob.rgpd_request_consent(["newsletter"])
        # Withdrawn.
        carol.rgpd_give_consent("newsletter", "phone")
        carol.rgpd_withdraw_consent("newsletter", "phone")
        # Still "given" but past its expiry date (the cron has not run yet).
        dan.rgpd_give_consent("newsletter", "phone", date=now - relativedelta(months=13))
        # Expired.
        self.as_user(erin).rgpd_give_consent(
            "newsletter", "phone", date=now - relativedelta(months=13)
        )
        # The system's path: what the expiry cron records for Erin alone.
        self.consent(erin, self.newsletter)._rgpd_record("expired", False)
        # Given, but for another purpose.
        self.as_user(fred).rgpd_give_consent("test_bo_events", "phone")

        everyone = self.alice | self.bob | self.carol | self.dan | erin | fred
        audience = self.as_user(Partner).search(
            [
                ("id", "in", everyone.ids),
                ("rgpd_consented_purpose_ids.code", "=", "newsletter"),
            ]
        )
        self.assertEqual(audience, self.alice)
        self.assertEqual(alice.rgpd_consented_purpose_ids, self.newsletter)
        self.assertFalse(dan.rgpd_consented_purpose_ids)

    def test_has_consent_by_lawful_basis(self):
        alice, bob = self.as_user(self.alice | self.bob)
        both = alice | bob
        # The purpose form is the Officer's.
        newsletter, analytics = (self.newsletter | self.analytics).with_user(self.officer)
        given_before = newsletter.consent_given_count
        alice.rgpd_give_consent("newsletter", "phone", note="Called")
        self.assertTrue(alice.rgpd_has_consent("newsletter"))
        self.assertFalse(bob.rgpd_has_consent("newsletter"), "nobody asked Bob")
        self.assertFalse(both.rgpd_has_consent("newsletter"))

        # Legitimate interest: allowed until the person objects.
        self.assertTrue(both.rgpd_has_consent("test_bo_analytics"))
        bob.rgpd_withdraw_consent("test_bo_analytics", "phone")
        self.assertFalse(bob.rgpd_has_consent("test_bo_analytics"))
        self.assertTrue(alice.rgpd_has_consent("test_bo_analytics"))
        self.assertFalse(both.rgpd_has_consent("test_bo_analytics"))

        # What the purpose form counts: consents given, objections.
        self.env.invalidate_all()
        self.assertEqual(newsletter.consent_given_count, given_before + 1)
        self.assertEqual((analytics.consent_given_count, analytics.objection_count), (0, 1))

    def test_no_objection_to_a_contract(self):
        """GDPR Art. 21: no withdrawal or objection on contract, legal
        obligation or vital interest; the processing always applies."""
        contract = (
            self.env["rgpd.purpose"]
            .with_user(self.officer)
            .create(
                {"name": "Order Management", "code": "test_bo_orders", "lawful_basis": "contract"}
            )
        )
        self.assertFalse(contract.withdrawable)
        alice = self.as_user(self.alice)
        with self.assertRaises(UserError):
            alice.rgpd_withdraw_consent("test_bo_orders", "phone", note="Wants out")
        self.assertFalse(self.env["rgpd.consent"].search([("purpose_id", "=", contract.id)]))
        self.assertTrue(alice.rgpd_has_consent("test_bo_orders"))

    def test_request_consent_sends_one_mail_with_a_link_per_purpose(self):
        asked = self.as_user(self.alice | self.bob).rgpd_request_consent(
            ["newsletter", "test_bo_events"]
        )
        self.assertEqual(len(asked), 4)
        for partner in self.alice | self.bob:
            consents = self.consent(partner, self.newsletter) | self.consent(partner, self.events)
            self.assertEqual(consents.mapped("state"), ["pending", "pending"])
            mail = self.mails_to(partner)
            self.assertEqual(len(mail), 1, "one mail per person")
            self.assertEqual(mail.body_html.count("/rgpd/link/confirm/"), 2, "one link per purpose")
            self.assertIn(partner, mail.recipient_ids)

    def test_request_consent_refuses_contacts_without_email(self):
        with (
            self.assertNothingWritten(self.alice | self.dan),
            self.assertRaisesRegex(UserError, "Dan Test"),
        ):
            self.as_user(self.alice | self.dan).rgpd_request_consent(["newsletter"])

    def test_request_consent_does_not_ask_who_said_no(self):
        carol = self.as_user(self.carol)
        carol.rgpd_give_consent("newsletter", "phone")
        carol.rgpd_withdraw_consent("newsletter", "phone")
        with self.assertNothingWritten(self.carol):
            self.assertFalse(carol.rgpd_request_consent(["newsletter"]))
        self.assertEqual(self.consent(self.carol, self.newsletter).state, "withdrawn")

    def test_double_optin_form_asks_for_confirmation(self):
        self.newsletter.with_user(self.officer).double_optin = True
        alice = self.as_user(self.alice)
        alice.rgpd_give_consent("newsletter", "form")
        self.assertEqual(self.consent(self.alice, self.newsletter).state, "pending")
        self.assertEqual(len(self.mails_to(self.alice)), 1)
        self.assertFalse(alice.rgpd_has_consent("newsletter"))

    def test_unknown_or_archived_purpose_is_refused(self):
        alice = self.as_user(self.alice)
        with self.assertNothingWritten(self.alice):
            with self.assertRaisesRegex(UserError, "no processing purpose"):
                alice.rgpd_give_consent("no_such_purpose", "phone")
            with self.assertRaisesRegex(UserError, "archived"):
                alice.rgpd_give_consent("test_bo_archived", "phone")
            with self.assertRaisesRegex(UserError, "archived"):
                alice.rgpd_request_consent(["newsletter", "test_bo_archived"])
            with self.assertRaises(UserError):
                alice.rgpd_has_consent("no_such_purpose")

    def test_unknown_proof_key_is_refused(self):
        with (
            self.assertNothingWritten(self.alice),
            self.assertRaisesRegex(UserError, "Unknown proof"),
        ):
            self.as_user(self.alice).rgpd_give_consent("newsletter", "phone", ip="203.0.113.7")


@tagged("post_install", "-at_install")
class TestProofOverHttp(RolesMixin, PersonLinksMixin, RgpdConsentCase, HttpCase):
    """The person's own act, over HTTP: the proof the page stores."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_roles()

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)

    def test_proof_is_stored(self):
        """The Privacy User asks; the person confirms from the link of the
        mail, from behind a proxy: the event keeps the address and browser
        of the person's request, and the text they agreed to."""
        user_agent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
        self.alice.with_user(self.privacy_user).rgpd_request_consent(["newsletter"])
        headers = {
            "User-Agent": user_agent,
            "X-Forwarded-For": "203.0.113.7",
            "X-Forwarded-Host": urlsplit(self.base_url()).netloc,
            "X-Forwarded-Proto": "http",
        }
        with patch.dict(config.options, {"proxy_mode": True}):
            response = self.post(self.confirm_link(self.alice, self.newsletter), headers=headers)
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        event = self.last_event(self.consent(self.alice, self.newsletter))
        self.assertEqual(event.new_state, "given")
        self.assertEqual(event.channel, "email")
        self.assertEqual(event.author_id, self.alice)
        self.assertEqual(event.ip_address, "203.0.113.7")
        self.assertEqual(event.user_agent, user_agent)
        self.assertEqual(event.purpose_text, self.newsletter.description)
        self.assertIn("monthly newsletter", event.purpose_text)
        self.assertEqual(
            event.purpose_text_sha256, hashlib.sha256(str(event.purpose_text).encode()).hexdigest()
        )
        # A later change of the text, by the Officer, does not alter the
        # proof of this consent.
        self.newsletter.with_user(self.officer).description = "<p>Daily news.</p>"
        self.assertIn("monthly newsletter", event.purpose_text)


@tagged("post_install", "-at_install")
class TestImport(RolesMixin, RgpdConsentCase):
    """The standard import (load) of consents collected elsewhere, by the
    Privacy User (README, "Who may do what": import consents)."""

    FIELDS = ("partner_id/.id", "purpose_id/.id", "channel", "date_given", "evidence_note")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_roles()
        # The importer reads dates in the user's time zone.
        cls.Consent = cls.env["rgpd.consent"].with_user(cls.privacy_user).with_context(tz="UTC")

    def test_ledger_fields_are_offered_by_the_importer(self):
        tree = (
            self.env["base_import.import"]
            .with_user(self.privacy_user)
            .get_fields_tree("rgpd.consent")
        )
        names = {field["name"] for field in tree}
        self.assertLessEqual(
            {"partner_id", "purpose_id", "state", "channel", "date_given", "evidence_note"}, names
        )

    def test_import_with_collection_date_and_evidence(self):
        result = self.Consent.load(
            self.FIELDS,
            [
                [
                    str(self.alice.id),
                    str(self.newsletter.id),
                    "import",
                    "2024-03-01 10:00:00",
                    "Fair sign-up sheets, box 12",
                ],
                [
                    str(self.bob.id),
                    str(self.yearly.id),
                    "import",
                    "2025-06-01 09:00:00",
                    "Shop form 2025-118",
                ],
            ],
        )
        self.assertFalse(
            [m for m in result["messages"] if m["type"] == "error"], result["messages"]
        )
        self.assertEqual(len(result["ids"]), 2)
        alice_consent = self.consent(self.alice, self.newsletter)
        self.assertEqual(alice_consent.state, "given")
        self.assertEqual(alice_consent.channel, "import")
        self.assertEqual(alice_consent.date_given, datetime(2024, 3, 1, 10, 0))
        event = alice_consent.event_ids
        self.assertEqual(len(event), 1)
        self.assertEqual((event.new_state, event.channel), ("given", "import"))
        self.assertEqual(event.date, datetime(2024, 3, 1, 10, 0))
        self.assertEqual(event.note, "Fair sign-up sheets, box 12")
        self.assertEqual(event.author_id, self.privacy_user.partner_id)
        self.assertEqual(
            self.consent(self.bob, self.yearly).date_expiry,
            fields.Date.to_date("2026-06-01"),
            "the validity runs from the collection date",
        )

    def test_import_of_an_explicit_state(self):
        result = self.Consent.load(
            ["partner_id/.id", "purpose_id/.id", "channel", "state", "date_given", "evidence_note"],
            [
                [
                    str(self.alice.id),
                    str(self.newsletter.id),
                    "import",
                    "withdrawn",
                    "2024-03-01 10:00:00",
                    "Unsubscribe list",
                ]
            ],
        )
        self.assertTrue(result["ids"], result["messages"])
        self.assertEqual(self.consent(self.alice, self.newsletter).state, "withdrawn")

    def test_import_menu_sets_the_import_channel(self):
        """The "Import Consents" menu opens the importer with channel import
        by default: the proof is required even without a channel column."""
        action = self.env.ref("rgpd_consent.rgpd_consent_import_action")
        Consent = self.Consent.with_context(**action.params["context"])
        result = Consent.load(
            ["partner_id/.id", "purpose_id/.id"], [[str(self.alice.id), str(self.newsletter.id)]]
        )
        self.assertFalse(result["ids"])
        result = Consent.load(
            ["partner_id/.id", "purpose_id/.id", "date_given", "evidence_note"],
            [
                [
                    str(self.alice.id),
                    str(self.newsletter.id),
                    "2024-03-01 10:00:00",
                    "CRM export 2024",
                ]
            ],
        )
        self.assertTrue(result["ids"], result["messages"])
        consent = self.consent(self.alice, self.newsletter)
        self.assertEqual((consent.channel, consent.state), ("import", "given"))

    def test_a_row_without_proof_stops_the_whole_import(self):
        for bad_row in (
            [str(self.bob.id), str(self.newsletter.id), "import", "", "Shop form 2025-118"],
            [str(self.bob.id), str(self.newsletter.id), "import", "2025-06-01 09:00:00", ""],
        ):
            with self.subTest(bad_row=bad_row), self.assertNothingWritten(self.alice | self.bob):
                result = self.Consent.load(
                    self.FIELDS,
                    [
                        [
                            str(self.alice.id),
                            str(self.newsletter.id),
                            "import",
                            "2024-03-01 10:00:00",
                            "Fair sheets",
                        ],
                        bad_row,
                    ],
                )
                self.assertFalse(result["ids"])
                errors = [m["message"] for m in result["messages"] if m["type"] == "error"]
                self.assertTrue(errors)
                self.assertIn("collection date", errors[0])

    def test_import_finds_contacts_and_names_the_bad_row(self):
        """Contacts are found by email, by their own name under a company,
        by id and by external id; each error is reported on its own row."""
        company = self.env["res.partner"].create(
            {"name": "Textiles Leroux SAS", "is_company": True}
        )
        thierry = self.env["res.partner"].create(
            {"name": "Thierry Leroux", "parent_id": company.id, "email": "t.leroux@example.com"}
        )
        self.env["ir.model.data"].create(
            {
                "module": "__import__",
                "name": "crm_contact_42",
                "model": "res.partner",
                "res_id": self.carol.id,
            }
        )
        action = self.env.ref("rgpd_consent.rgpd_consent_import_action")
        Consent = self.Consent.with_context(**action.params["context"], import_file=True)
        header = ["partner_id", "purpose_id/.id", "date_given", "evidence_note"]
        rows = [
            ["Thierry Leroux", str(self.newsletter.id), "2024-03-01 10:00:00", "Fair sheets"],
            ["ALICE.TEST@example.com", str(self.newsletter.id), "2024-03-01 10:00:00", "Fair"],
        ]
        result = Consent.load(header, rows)
        self.assertTrue(result["ids"], result["messages"])
        self.assertEqual(self.consent(thierry, self.newsletter).state, "given")
        self.assertEqual(self.consent(self.alice, self.newsletter).state, "given")
        result = Consent.load(
            ["partner_id/id", "purpose_id/.id", "date_given", "evidence_note"],
            [["crm_contact_42", str(self.newsletter.id), "2024-03-01 10:00:00", "CRM"]],
        )
        self.assertTrue(result["ids"], result["messages"])
        # Row 0 is right, row 1 is in the future, row 2 has no evidence.
        bad = [
            [str(self.bob.id), str(self.events.id), "2024-03-01 10:00:00", "Fair"],
            [str(self.bob.id), str(self.yearly.id), "2099-01-01 10:00:00", "Fair"],
            [str(self.dan.id), str(self.events.id), "2024-03-01 10:00:00", ""],
        ]
        with self.assertNothingWritten(self.bob | self.dan):
            result = Consent.load(
                ["partner_id/.id", "purpose_id/.id", "date_given", "evidence_note"], bad
            )
        self.assertFalse(result["ids"])
        errors = {
            m["rows"]["from"]: m["message"] for m in result["messages"] if m["type"] == "error"
        }
        self.assertEqual(set(errors), {1, 2}, result["messages"])
        self.assertIn("future", errors[1])
        self.assertIn("evidence", errors[2])
        [template] = self.Consent.get_import_templates()
        self.assertTrue(template["template"].endswith(".csv"))

    def test_old_import_is_not_in_the_audience(self):
        past = fields.Datetime.now() - timedelta(days=800)
        result = self.Consent.load(
            self.FIELDS,
            [
                [
                    str(self.alice.id),
                    str(self.yearly.id),
                    "import",
                    fields.Datetime.to_string(past),
                    "Old form",
                ],
            ],
        )
        self.assertTrue(result["ids"], result["messages"])
        consent = self.consent(self.alice, self.yearly)
        self.assertLess(consent.date_expiry, fields.Date.today())
        self.assertFalse(
            self.alice.with_user(self.privacy_user).rgpd_has_consent("test_bo_yearly"),
            "an old import is already expired",
        )
