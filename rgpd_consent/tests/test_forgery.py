# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Proof that no employee can forge: each test is an attack that worked
before, tried again as the attacker would."""

import base64
import re

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.mail.tests.common import MailCommon

from .common_consent import RgpdConsentCase

TOKEN_RE = re.compile(r"/rgpd/(?:consent|withdraw)/([^\"'\s<>]+)")


@tagged("post_install", "-at_install")
class TestNoRedirectedToken(MailCommon):
    """Confirmation links exist only in what leaves for the person's own address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.purpose = cls.env["rgpd.purpose"].create(
            {
                "name": "Forgery Newsletter",
                "code": "test_forge_news",
                "description": "<p>Monthly news.</p>",
                "double_optin": True,
                "company_id": False,
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Forgery Victim", "email": "victim@example.com"}
        )
        cls.sales = new_test_user(
            cls.env,
            "rgpd_forge_sales",
            groups="rgpd_consent.group_rgpd_user,sales_team.group_sale_salesman",
            email="sales.attacker@example.com",
        )
        cls.template = cls.env.ref("rgpd_consent.mail_template_consent_request")

    def working_tokens(self, text):
        Partner = self.env["res.partner"]
        return [
            token
            for token in TOKEN_RE.findall(text or "")
            if Partner._rgpd_from_token(token, "confirm")
            or Partner._rgpd_from_token(token, "withdraw")
        ]

    def sent_to(self, address):
        return [
            m for m in self._mails if any(address in to for to in m["email_to"] + m["email_cc"])
        ]

    def test_template_redirected_to_the_sales_user(self):
        template = self.template.with_user(self.sales).with_context(
            rgpd_purpose_ids=self.purpose.ids
        )
        for email_values in (
            {"recipient_ids": [], "email_to": self.sales.email},
            {"recipient_ids": [], "email_to": self.contact.email, "email_cc": self.sales.email},
            {"recipient_ids": [], "email_to": f"{self.contact.email}, {self.sales.email}"},
        ):
            with self.subTest(email_values=email_values), self.mock_mail_gateway():
                template.send_mail(self.contact.id, email_values=email_values, force_send=True)
                for sent in self.sent_to(self.sales.email):
                    self.assertFalse(
                        self.working_tokens(sent["body"]), "a working link was redirected"
                    )
                    self.assertIn("/rgpd/link/invalid", sent["body"])
                mails = self._new_mails
                self.assertFalse(self.working_tokens(mails.body_html))
                self.assertFalse(self.working_tokens(mails.mail_message_id.body))
        self.assertFalse(self.contact.rgpd_consent_ids.filtered(lambda c: c.state == "given"))

    def test_every_link_kind_is_made_for_the_person_only(self):
        """A body written with the placeholders of each kind of link carries
        working links only in the email that goes to the person alone."""
        Partner = self.env["res.partner"]
        body = "".join(
            f'<a href="{self.contact._rgpd_link_placeholder(kind, res_id)}">{kind}</a>'
            for kind, res_id in (
                ("confirm", self.purpose.id),
                ("withdraw", self.purpose.id),
                ("preferences", self.contact.id),
            )
        )
        self.assertNotIn("/rgpd/consent/", body)

        def working(text):
            found = self.working_tokens(text)
            found += [
                token
                for token in re.findall(r"/rgpd/preferences/([^\"'\s<>]+)", text or "")
                if Partner._rgpd_from_preferences_token(token)
            ]
            return found

        # A template of the database writing the three links, sent by the
        # sales user as Odoo lets any employee send a template.
        template = (
            self.env["mail.template"]
            .create(
                {
                    "name": "Every link",
                    "model_id": self.env["ir.model"]._get_id("res.partner"),
                    "body_html": body,
                    "partner_to": "{{ object.id }}",
                }
            )
            .with_user(self.sales)
        )
        for values in (
            {"recipient_ids": [], "email_to": self.sales.email},
            {"recipient_ids": [], "email_to": self.contact.email, "email_cc": self.sales.email},
            {"email_cc": self.sales.email},
        ):
            with self.subTest(values=values), self.mock_mail_gateway():
                template.send_mail(self.contact.id, email_values=values, force_send=True)
                copies = self.sent_to(self.sales.email)
                self.assertTrue(copies)
                for sent in copies:
                    self.assertFalse(working(sent["body"]), "a working link was redirected")
                    self.assertEqual(sent["body"].count("/rgpd/link/invalid"), 3)
        with self.mock_mail_gateway():
            template.send_mail(self.contact.id, force_send=True)
        [sent] = self.sent_to(self.contact.email)
        self.assertEqual(len(working(sent["body"])), 3)

    def test_request_reaches_the_person_only(self):
        """The real double opt-in mail holds a working link in what is sent
        to the person, and none in what is stored or in the chatter."""
        with self.mock_mail_gateway():
            self.contact.with_user(self.sales).rgpd_request_consent(["test_forge_news"])
            self.env["mail.mail"].sudo().search([("res_id", "=", self.contact.id)]).send()
        [sent] = self.sent_to(self.contact.email)
        [token] = self.working_tokens(sent["body"])
        self.assertEqual(
            self.env["res.partner"]._rgpd_from_token(token, "confirm"), (self.contact, self.purpose)
        )
        messages = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.contact.id)]
        )
        self.assertTrue(messages)
        for message in messages:
            self.assertFalse(self.working_tokens(message.body))
        # A render of the template (preview) holds no token either.
        rendered = self.template.with_context(rgpd_purpose_ids=self.purpose.ids)._render_field(
            "body_html", self.contact.ids
        )[self.contact.id]
        self.assertIn("/rgpd/link/confirm/", rendered)
        self.assertFalse(self.working_tokens(rendered))
        # Even a template (or an old translation) that asks for the
        # confirmation link gets the placeholder, never a token.
        self.assertFalse(
            self.working_tokens(self.contact._rgpd_consent_url(self.purpose, "confirm"))
        )


@tagged("post_install", "-at_install")
class TestLedgerGuards(RgpdConsentCase):
    """Facts, dates, scopes and inputs: only through the ledger, only right."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, "rgpd_forge_user", groups="rgpd_consent.group_rgpd_user")
        cls.alice.rgpd_give_consent("newsletter", "phone", note="Called")
        cls.alice_consent = cls.env["rgpd.consent"].search(
            [("partner_id", "=", cls.alice.id), ("purpose_id", "=", cls.newsletter.id)]
        )

    # --- audience operators ---------------------------------------------

    def sql_audience(self, purpose_ids=None):
        """Partner ids with a valid consent (to one of `purpose_ids`), in SQL."""
        self.env.flush_all()
        query = SQL(
            """SELECT DISTINCT partner_id FROM rgpd_consent
                WHERE state = 'given' AND (date_expiry IS NULL OR date_expiry > CURRENT_DATE)
                  AND partner_id IS NOT NULL
                  AND (%s OR purpose_id = ANY(%s))""",
            purpose_ids is None,
            purpose_ids or [],
        )
        return {row[0] for row in self.env.execute_query(query)}

    def test_audience_operators_match_sql(self):
        self.bob.rgpd_give_consent("test_bo_events", "phone", note="Called")
        self.carol.rgpd_give_consent("test_bo_events", "phone", note="Called")
        self.carol.rgpd_withdraw_consent("test_bo_events", "phone", note="Called")
        Partner = self.env["res.partner"].with_context(active_test=False)
        everyone = set(Partner.search([]).ids)
        consented = self.sql_audience()
        news = self.sql_audience(self.newsletter.ids)
        self.assertIn(self.alice.id, news)
        self.assertTrue(consented and everyone - consented)
        field = "rgpd_consented_purpose_ids"
        cases = [
            ([(field, "!=", False)], consented),
            ([(field, "=", False)], everyone - consented),
            ([(field, "in", self.newsletter.ids)], news),
            ([(field, "=", self.newsletter.id)], news),
            ([(field, "not in", self.newsletter.ids)], everyone - news),
            ([(field, "!=", self.newsletter.id)], everyone - news),
            ([(field, "any", [("code", "=", "newsletter")])], news),
            ([(field, "not any", [("code", "=", "newsletter")])], everyone - news),
            ([(field, "any", [])], consented),
            ([(field, "not any", [])], everyone - consented),
        ]
        for domain, expected in cases:
            with self.subTest(domain=domain):
                self.assertEqual(set(Partner.search(domain).ids), expected)
                self.assertEqual(Partner.search_count(domain), len(expected))

    # --- facts only through the ledger ------------------------------------

    def test_facts_are_not_written(self):
        other_company = self.env["res.company"].create({"name": "Forge Other Co"})
        consent = self.alice_consent.with_user(self.user)
        for vals in (
            {"company_id": other_company.id},
            {"channel": "paper"},
            {"evidence_note": "Signed form, I promise"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                consent.write(vals)
        self.assertEqual(self.alice_consent.company_id, self.newsletter.company_id)
        self.assertEqual(self.alice_consent.channel, "phone")
        self.assertEqual(self.newsletter.company_id, self.env.company)

    # --- no future date, double opt-in by email --------------------------

    def test_no_future_date_on_any_path(self):
        with self.assertNothingWritten(self.bob), self.assertRaisesRegex(UserError, "future"):
            self.bob.rgpd_give_consent("newsletter", "phone", note="Called", date="2099-01-01")
        with self.assertNothingWritten(self.bob), self.assertRaisesRegex(UserError, "future"):
            self.env["rgpd.consent"].with_user(self.user).create(
                {
                    "partner_id": self.bob.id,
                    "purpose_id": self.newsletter.id,
                    "date_given": "2099-01-01",
                }
            )
        result = (
            self.env["rgpd.consent"]
            .with_context(default_channel="import")
            .load(
                ["partner_id/.id", "purpose_id/.id", "date_given", "evidence_note"],
                [[str(self.bob.id), str(self.newsletter.id), "2099-01-01 00:00:00", "Form 12"]],
            )
        )
        self.assertFalse(result["ids"])
        self.assertIn("future", result["messages"][0]["message"])

    def test_double_optin_by_email_asks_for_confirmation(self):
        self.newsletter.double_optin = True
        self.bob.rgpd_give_consent("newsletter", "email")
        consent = self.consent(self.bob, self.newsletter)
        self.assertEqual(consent.state, "pending")
        self.assertTrue(self.mails_to(self.bob))

    # --- read scoping ------------------------------------------------------

    def test_reads_are_scoped(self):
        other_company = self.env["res.company"].create({"name": "Forge Scope Co"})
        hidden = self.env["res.partner"].create(
            {
                "name": "Hidden Contact",
                "email": "hidden@example.com",
                "company_id": other_company.id,
            }
        )
        portal = new_test_user(self.env, "rgpd_forge_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            hidden.with_user(portal).rgpd_has_consent("newsletter")
        # Art. 30 facts are for employees.
        with self.assertRaises(AccessError):
            self.newsletter.with_user(portal).read(["security_measures"])
        self.assertEqual(self.newsletter.with_user(portal).read(["name"])[0]["name"], "Newsletter")
        # A consent in another company does not break the contact's form.
        other_purpose = (
            self.env["rgpd.purpose"]
            .with_company(other_company)
            .create(
                {
                    "name": "Other Co News",
                    "code": "test_forge_other",
                    "company_id": other_company.id,
                }
            )
        )
        self.alice.with_company(other_company)._rgpd_apply(
            other_purpose, "given", "phone", note="x"
        )
        officer_here = new_test_user(
            self.env, "rgpd_forge_officer", groups="rgpd_consent.group_rgpd_officer"
        )
        purposes = self.alice.with_user(officer_here).rgpd_consented_purpose_ids
        self.assertIn(self.newsletter, purposes)
        self.assertNotIn(other_purpose, purposes)
        purposes.mapped("display_name")
        # An evidence file the user cannot read is refused.
        secret = self.env["ir.attachment"].create(
            {
                "name": "other company scan.pdf",
                "datas": base64.b64encode(b"%PDF"),
                "res_model": "res.company",
                "res_id": other_company.id,
                "company_id": other_company.id,
            }
        )
        with self.assertNothingWritten(self.bob), self.assertRaisesRegex(UserError, "may not read"):
            self.bob.with_user(self.user).rgpd_give_consent(
                "newsletter", "paper", note="Scan", evidence_attachment_id=secret.id
            )

    # --- bad input -----------------------------------------------------------

    def test_bad_input_is_a_clear_error(self):
        give = self.bob.with_user(self.user).rgpd_give_consent
        cases = [
            (lambda: give("newsletter", "carrier_pigeon", note="x"), "Unknown channel"),
            (lambda: give("newsletter", "phone", date="not-a-date"), "not a valid date"),
            (lambda: give("newsletter", "phone", evidence_attachment_id="abc"), "by its id"),
            (
                lambda: give("newsletter", "phone", evidence_attachment_id=999999999),
                "does not exist",
            ),
            (lambda: give(["newsletter"], "phone"), "not a purpose code"),
            (lambda: give("newsletter\n", "phone"), "not a purpose code"),
            (lambda: give("n" * 5000, "phone"), "not a purpose code"),
            (lambda: give("newsletter", "phone", note="x" * 5_000_000), "too long"),
            (lambda: give("newsletter", "phone", user_agent="x" * 100_000), "too long"),
            (lambda: give("newsletter", "phone", ip_address="10.0.0.300"), "not an IP address"),
            (lambda: give("newsletter", "phone", signature="forged"), "Unknown proof"),
        ]
        for call, message in cases:
            with (
                self.subTest(message=message),
                self.assertNothingWritten(self.bob),
                self.assertRaisesRegex(UserError, message),
            ):
                call()
        Purpose = self.env["rgpd.purpose"]
        for code in ("newsletter\n", "x" * 5000, "News Letter"):
            with self.subTest(code=code[:20]), self.assertRaises(ValidationError):
                Purpose.create({"name": "Bad", "code": code, "description": "<p>t</p>"})

    # --- Art. 21 everywhere ------------------------------------------------------

    def test_art21_on_every_path(self):
        contract = self.env["rgpd.purpose"].create(
            {"name": "Orders", "code": "test_forge_orders", "lawful_basis": "contract"}
        )
        with self.assertNothingWritten(self.bob):
            for call in (
                lambda: self.bob.rgpd_give_consent("test_forge_orders", "phone", note="x"),
                lambda: self.bob.rgpd_withdraw_consent("test_forge_orders", "phone", note="x"),
                lambda: self.bob.rgpd_request_consent(["test_forge_orders"]),
                lambda: (
                    self.env["rgpd.consent.record.wizard"]
                    .create(
                        {
                            "partner_ids": [Command.set(self.bob.ids)],
                            "purpose_id": contract.id,
                            "action": "withdraw",
                            "note": "x",
                        }
                    )
                    .action_record()
                ),
            ):
                with self.assertRaises(UserError):
                    call()
        # The consent of a contract has no Withdraw button that would bypass it.
        consent = self.env["rgpd.consent"]._rgpd_create_for(self.carol, contract, "given", "phone")
        with self.assertRaises(UserError):
            consent.action_withdraw()
        self.assertEqual(consent.state, "given")

    def test_chatter_note_per_change_without_token(self):
        self.bob.rgpd_give_consent("newsletter", "phone", note="Called")
        note = self.bob.message_ids[:1]
        self.assertIn("Newsletter", note.body)
        self.assertIn("Given", note.body)
        self.assertNotIn("/rgpd/", note.body)
        event = self.last_event(self.consent(self.bob, self.newsletter))
        self.assertEqual(event.author_id, self.env.user.partner_id)
        # An import is told by its events, not by a note per contact.
        notes = self.carol.message_ids
        self.env["rgpd.consent"].with_context(default_channel="import").create(
            {
                "partner_id": self.carol.id,
                "purpose_id": self.newsletter.id,
                "date_given": "2024-01-01 10:00:00",
                "evidence_note": "Fair sheets",
            }
        )
        self.assertEqual(self.carol.message_ids, notes)
