# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every path of the ledger as the role that takes it: a Privacy User, a
salesperson, an Officer (none of them the superuser), a portal person, or
nobody logged in. The person's voice comes only from the person."""

import datetime
from functools import partial

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.http import Request
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common_consent import RgpdConsentCase, RolesMixin


@tagged("post_install", "-at_install")
class TestEmployeeActs(RolesMixin, RgpdConsentCase):
    """The public methods, the create of a consent and the record wizard
    record what an employee heard, authored by the employee; nothing an
    employee passes (a context key, a channel, an IP, a date) makes it the
    person's own act."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_roles()

    def test_context_key_grants_no_voice(self):
        past = fields.Datetime.now() - datetime.timedelta(days=3)
        for user in self.employees:
            bob = self.bob.with_user(user).with_context(rgpd_subject_acts=True)
            for channel in ("portal", "email", "form"):
                calls = (
                    partial(
                        bob.rgpd_give_consent,
                        "newsletter",
                        channel,
                        ip_address="203.0.113.66",
                        user_agent="Forged/1.0",
                        date=past,
                    ),
                    partial(bob.rgpd_give_consent, "newsletter", channel),
                    partial(bob.rgpd_withdraw_consent, "newsletter", channel),
                )
                for call in calls:
                    with (
                        self.subTest(user=user.login, channel=channel),
                        self.assertNothingWritten(self.bob),
                        self.assertRaises(UserError),
                    ):
                        call()

    def test_employee_act_is_the_employee_s(self):
        for user, partner in zip(self.employees, (self.alice, self.bob, self.carol), strict=True):
            with self.subTest(user=user.login):
                partner.with_user(user).with_context(rgpd_subject_acts=True).rgpd_give_consent(
                    "newsletter", "phone", note="Called on Monday"
                )
                event = self.last_event(self.consent(partner, self.newsletter))
                self.assertEqual(event.author_id, user.partner_id)
                self.assertEqual(event.user_id, user)
                self.assertFalse(event.ip_address or event.user_agent or event.email)
                note = partner.message_ids[:1]
                self.assertEqual(note.author_id, user.partner_id)

    def test_no_ip_user_agent_or_future_date_from_the_caller(self):
        give = self.bob.with_user(self.privacy_user).rgpd_give_consent
        for proof, message in (
            ({"ip_address": "203.0.113.66"}, "own request"),
            ({"user_agent": "Forged/1.0"}, "own request"),
            ({"email": "bob.test@example.com"}, "own request"),
            ({"date": "2099-01-01"}, "future"),
            ({"date": datetime.datetime(2099, 1, 1)}, "future"),
        ):
            with (
                self.subTest(proof=proof),
                self.assertNothingWritten(self.bob),
                self.assertRaisesRegex(UserError, message),
            ):
                give("newsletter", "phone", note="Called", **proof)

    def test_create_refuses_the_facts_of_a_consent(self):
        Consent = self.env["rgpd.consent"]
        base = {"partner_id": self.bob.id, "purpose_id": self.newsletter.id}
        forged = [
            {"state": "given", "channel": "email"},
            {"state": "given"},
            {"channel": "portal"},
            {"channel": "form", "state": "given", "date_given": "2026-01-01 10:00:00"},
            {"channel": "phone", "state": "given"},
            {"date_withdrawn": "2026-01-01 10:00:00"},
            {"date_expiry": "2099-01-01"},
            {"confirmed_email": "bob.test@example.com"},
            {"evidence_note": "Forged"},
            {
                "channel": "import",
                "state": "pending",
                "date_given": "2026-01-01",
                "evidence_note": "x",
            },
        ]
        for user in self.employees:
            for vals in forged:
                with (
                    self.subTest(user=user.login, vals=vals),
                    self.assertNothingWritten(self.bob),
                    self.assertRaises(UserError),
                ):
                    Consent.with_user(user).create({**base, **vals})
        # A plain create starts pending, by the employee; an import keeps
        # its evidence and is authored by the employee.
        consent = Consent.with_user(self.privacy_user).create(base)
        self.assertEqual((consent.state, consent.channel), ("pending", "back_office"))
        self.assertEqual(self.last_event(consent).author_id, self.privacy_user.partner_id)
        imported = Consent.with_user(self.officer).create(
            {
                "partner_id": self.carol.id,
                "purpose_id": self.newsletter.id,
                "channel": "import",
                "date_given": "2025-01-01 10:00:00",
                "evidence_note": "Fair sheets",
            }
        )
        self.assertEqual(imported.state, "given")
        self.assertEqual(self.last_event(imported).author_id, self.officer.partner_id)
        # write refuses them too, whoever asks.
        for user in self.employees:
            for vals in ({"state": "given"}, {"channel": "email"}, {"confirmed_email": "x@y.z"}):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    consent.with_user(user).write(vals)
        self.assertEqual(consent.state, "pending")

    def test_wizard_records_employee_acts_only(self):
        Wizard = self.env["rgpd.consent.record.wizard"].with_user(self.privacy_user)
        base = {
            "partner_ids": [Command.set(self.bob.ids)],
            "purpose_id": self.newsletter.id,
            "note": "Called",
        }
        for vals in (
            {"channel": "portal"},
            {"channel": "email"},
            {"channel": ["phone"]},
            {"action": "resurrect"},
            {"date": "2026-02-30 10:00:00"},
        ):
            with (
                self.subTest(vals=vals),
                self.assertNothingWritten(self.bob),
                self.assertRaises(UserError),
            ):
                Wizard.create({**base, **vals}).action_record()
        Wizard.create({**base, "channel": "phone"}).action_record()
        event = self.last_event(self.consent(self.bob, self.newsletter))
        self.assertEqual((event.channel, event.author_id), ("phone", self.privacy_user.partner_id))

    def test_privacy_tab_warns_when_the_address_changes(self):
        # The person confirmed from the link sent to their address.
        self.alice._rgpd_subject_act(
            self.newsletter, "given", "email", email=self.alice.email_normalized
        )
        form = Form(self.alice.with_user(self.privacy_user))
        self.assertFalse(form.rgpd_confirmed_elsewhere)
        form.email = "alice.new@example.com"
        self.assertTrue(form.rgpd_confirmed_elsewhere, "the warning shows as the address is typed")
        form.save()
        [row] = self.alice.with_user(self.privacy_user).rgpd_overview_ids.filtered(
            lambda r: r.purpose_id == self.newsletter
        )
        self.assertEqual(
            (row.confirmed_email, row.confirmed_elsewhere), ("alice.test@example.com", True)
        )
        self.assertFalse(self.newsletter._rgpd_split_recipients(self.alice)[0])

    def test_bad_values_are_clear_errors(self):
        give = self.bob.with_user(self.privacy_user).rgpd_give_consent
        withdraw = self.bob.with_user(self.privacy_user).rgpd_withdraw_consent
        for call, message in (
            (lambda: give("newsletter", ["phone"]), "Unknown channel"),
            (lambda: give("newsletter", {"phone": 1}), "Unknown channel"),
            (lambda: withdraw("newsletter", ["phone"]), "Unknown channel"),
            (lambda: give("newsletter", "carrier_pigeon"), "Unknown channel"),
            (lambda: give("newsletter", "phone", date="2026-02-30"), "not a valid date"),
            (lambda: give("newsletter", "phone", date="2026-02-30 10:00:00"), "not a valid date"),
            (
                lambda: (
                    self.env["rgpd.consent"]
                    .with_user(self.privacy_user)
                    .create(
                        {
                            "partner_id": self.bob.id,
                            "purpose_id": self.newsletter.id,
                            "channel": "import",
                            "state": "maybe",
                            "date_given": "2025-01-01",
                            "evidence_note": "x",
                        }
                    )
                ),
                "maybe is not a valid State",
            ),
            (
                lambda: (
                    self.env["rgpd.consent"]
                    .with_user(self.privacy_user)
                    .create(
                        {
                            "partner_id": self.bob.id,
                            "purpose_id": self.newsletter.id,
                            "channel": "import",
                            "date_given": "2026-02-30",
                            "evidence_note": "x",
                        }
                    )
                ),
                "not a valid date",
            ),
            (
                lambda: (
                    self.env["rgpd.purpose"]
                    .with_user(self.officer)
                    .create({"name": "Bad Basis", "code": "test_role_bad", "lawful_basis": "whim"})
                ),
                "whim is not a valid",
            ),
            (
                lambda: self.newsletter.with_user(self.officer).write({"lawful_basis": ["x"]}),
                "is not a valid",
            ),
        ):
            with (
                self.subTest(message=message),
                self.assertNothingWritten(self.bob),
                self.assertRaisesRegex(UserError, message),
            ):
                call()


@tagged("post_install", "-at_install")
class TestLeadDoubleOptin(RolesMixin, RgpdConsentCase):
    """A lead follows the contacts' double opt-in rule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_roles()
        cls.newsletter.double_optin = True
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Lead without contact",
                "email_from": "lead.person@example.com",
                "user_id": cls.salesperson.id,
            }
        )
        cls.lead_with_contact = cls.env["crm.lead"].create(
            {"name": "Lead of Bob", "partner_id": cls.bob.id, "user_id": cls.salesperson.id}
        )

    def lead_consents(self, lead):
        return self.env["rgpd.consent"].search([("lead_id", "=", lead.id)])

    def test_lead_email_consent_needs_the_confirmation(self):
        lead = self.lead.with_user(self.salesperson)
        for channel in ("email", "form"):
            with self.subTest(channel=channel), self.assertRaisesRegex(UserError, "confirmation"):
                lead.rgpd_give_consent("newsletter", channel)
        self.assertFalse(self.lead_consents(self.lead))
        # With a contact: the contact is asked, nothing is given yet.
        self.lead_with_contact.with_user(self.salesperson).rgpd_give_consent("newsletter", "email")
        consent = self.consent(self.bob, self.newsletter)
        self.assertEqual(consent.state, "pending")
        self.assertTrue(self.mails_to(self.bob))
        self.assertFalse(self.lead_with_contact.rgpd_consented_purpose_ids)

    def test_lead_refuses_the_person_s_channels(self):
        self.newsletter.double_optin = False
        lead = self.lead.with_user(self.salesperson)
        for channel in ("email", "form", "portal"):
            with self.subTest(channel=channel), self.assertRaises(UserError):
                lead.rgpd_give_consent("newsletter", channel)
        with self.assertRaises(UserError):
            lead.rgpd_withdraw_consent("newsletter", "portal")
        self.assertFalse(self.lead_consents(self.lead))
        lead.rgpd_give_consent("newsletter", "phone", note="Called")
        self.assertEqual(self.lead_consents(self.lead).state, "given")


@tagged("post_install", "-at_install")
class TestPurposesOfAContactWithoutCompany(RgpdConsentCase):
    def test_contact_without_company_sees_its_request_company_only(self):
        other = self.env["res.company"].create({"name": "Other Roles Co"})
        foreign = (
            self.env["rgpd.purpose"]
            .with_company(other)
            .create(
                {"name": "Other Co Offers", "code": "test_role_foreign", "company_id": other.id}
            )
        )
        signed_up = self.env["res.partner"].create(
            {"name": "Public Sign-up", "email": "signup@example.com", "company_id": False}
        )
        offered = signed_up._rgpd_preference_purposes()
        self.assertIn(self.newsletter, offered)
        self.assertNotIn(foreign, offered)
        self.assertIn(foreign, signed_up.with_company(other)._rgpd_preference_purposes())


@tagged("post_install", "-at_install")
class TestPersonsVoiceOverHttp(RolesMixin, HttpCase):
    """The person's own acts over HTTP, and the attacks on them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_roles()
        cls.purpose = cls.env["rgpd.purpose"].create(
            {
                "name": "Roles Newsletter",
                "code": "test_role_news",
                "description": "<p>Our news.</p>",
                "double_optin": True,
                "company_id": False,
            }
        )
        cls.victim = cls.env["res.partner"].create(
            {"name": "Roles Victim", "email": "victim.roles@example.com"}
        )

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)

    def consent(self, partner=None):
        self.env.invalidate_all()
        return self.env["rgpd.consent"].search(
            [("partner_id", "=", (partner or self.victim).id), ("purpose_id", "=", self.purpose.id)]
        )

    def sent_link(self, partner=None):
        """The confirmation link as the mail carries it when it leaves for
        the contact's address (mail.mail._rgpd_fill_confirm_links)."""
        partner = (partner or self.victim).sudo()
        token = partner._rgpd_consent_token(self.purpose, "confirm")
        return f"{partner.get_base_url()}/rgpd/consent/{token}"

    def post(self, url, **data):
        return self.url_open(url, data={"csrf_token": Request.csrf_token(self), **data})

    def test_email_swap_does_not_reach_the_original_address(self):
        """A salesperson sets the contact's email to his own, asks for
        consent, confirms from his inbox and sets the email back: the
        consent holds for his address only."""
        victim = self.victim.with_user(self.salesperson)
        victim.email = self.salesperson.email
        victim.rgpd_request_consent([self.purpose.code])
        link = self.sent_link()
        self.assertEqual(self.post(link).status_code, 200)
        self.assertEqual(self.consent().state, "given")
        victim.email = "victim.roles@example.com"

        consent = self.consent()
        self.assertEqual(consent.confirmed_email, "sales.attacker@example.com")
        self.assertEqual(consent.event_ids.sorted("id")[-1].email, "sales.attacker@example.com")
        allowed, excluded = self.purpose._rgpd_split_recipients(self.victim)
        self.assertFalse(allowed, "the consent must not reach the original address")
        self.assertEqual(excluded, {"address_changed": self.victim})
        self.assertTrue(self.victim.with_user(self.officer).rgpd_confirmed_elsewhere)
        lead = self.env["crm.lead"].create(
            {"name": "Lead of the victim", "partner_id": self.victim.id, "user_id": self.officer.id}
        )
        self.assertTrue(lead.with_user(self.officer).rgpd_confirmed_elsewhere)
        [lead_consent] = lead.with_user(self.officer).rgpd_consent_ids
        self.assertEqual(
            (lead_consent.confirmed_email, lead_consent.confirmed_elsewhere),
            ("sales.attacker@example.com", True),
        )
        overview = self.env["rgpd.partner.purpose"].search(
            [("partner_id", "=", self.victim.id), ("purpose_id", "=", self.purpose.id)]
        )
        self.assertEqual(
            (overview.confirmed_email, overview.confirmed_elsewhere),
            ("sales.attacker@example.com", True),
        )
        # The link of the old address no longer confirms anything.
        self.assertEqual(self.url_open(link).status_code, 404)
        # The contact's own address confirms for itself.
        self.consent().sudo().with_context(tracking_disable=True)._rgpd_record("pending", "email")
        self.assertEqual(self.post(self.sent_link()).status_code, 200)
        self.assertEqual(self.purpose._rgpd_split_recipients(self.victim)[0], self.victim)
        self.assertFalse(self.victim.with_user(self.officer).rgpd_confirmed_elsewhere)

    def test_link_for_an_address_that_is_no_longer_the_contact_s(self):
        self.victim.rgpd_request_consent([self.purpose.code])
        link = self.sent_link()
        self.victim.with_user(self.salesperson).email = "someone.else@example.com"
        self.assertEqual(self.post(link).status_code, 404)
        self.assertEqual(self.consent().state, "pending")

    def test_confirmation_after_a_withdrawal_is_refused(self):
        self.victim.rgpd_request_consent([self.purpose.code])
        link = self.sent_link()
        self.assertEqual(self.post(link).status_code, 200)
        self.assertEqual(self.consent().state, "given")
        # The person withdraws in the preference centre.
        preferences = self.victim.sudo()._rgpd_preferences_url()
        self.assertEqual(self.post(preferences, action="withdraw_all").status_code, 200)
        self.assertEqual(self.consent().state, "withdrawn")
        # The old confirmation link, POSTed again, gives nothing back.
        self.assertEqual(self.post(link).status_code, 404)
        self.assertEqual(self.consent().state, "withdrawn")
        # Nor after a withdrawal by the withdrawal link.
        self.consent().sudo()._rgpd_record("given", "phone", note="Called")
        withdraw = self.victim.sudo()._rgpd_consent_url(self.purpose, "withdraw")
        self.assertEqual(self.post(withdraw).status_code, 200)
        self.assertEqual(self.consent().state, "withdrawn")
        self.assertEqual(self.post(link).status_code, 404)
        self.assertEqual(self.consent().state, "withdrawn")
        # A link made after the withdrawal works.
        self.env.cr.execute(
            "UPDATE rgpd_consent_event SET date = date - interval '1 minute', "
            "create_date = create_date - interval '1 minute' WHERE partner_id = %s",
            [self.victim.id],
        )
        self.assertEqual(self.post(self.sent_link()).status_code, 200)
        self.assertEqual(self.consent().state, "given")

    def test_preference_link_expires(self):
        with freeze_time(fields.Datetime.now() - datetime.timedelta(days=181)):
            old = self.victim.sudo()._rgpd_preferences_url()
        self.assertEqual(self.url_open(old).status_code, 404)
        recent = self.victim.sudo()._rgpd_preferences_url()
        self.assertEqual(self.url_open(recent).status_code, 200)
        # A preference link for an address that is no longer the contact's.
        self.victim.with_user(self.salesperson).email = "someone.else@example.com"
        self.assertEqual(self.url_open(recent).status_code, 404)

    def test_preference_centre_of_a_public_sign_up_shows_its_company_only(self):
        other = self.env["res.company"].create({"name": "Other Prefs Co"})
        self.env["rgpd.purpose"].with_company(other).create(
            {"name": "Foreign Offers", "code": "test_role_prefs_foreign", "company_id": other.id}
        )
        self.assertFalse(self.victim.company_id)
        page = self.url_open(self.victim.sudo()._rgpd_preferences_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("Roles Newsletter", page.text)
        self.assertNotIn("Foreign Offers", page.text)

    def test_portal_person_acts_for_themself_only(self):
        portal = new_test_user(
            self.env,
            "rgpd_role_portal",
            groups="base.group_portal",
            email="portal.role@example.com",
        )
        self.authenticate(portal.login, portal.login)
        response = self.post(f"/my/privacy/{self.purpose.id}/give", age="over")
        self.assertEqual(response.status_code, 200)
        consent = self.consent(portal.partner_id)
        self.assertEqual((consent.state, consent.channel), ("given", "portal"))
        event = consent.event_ids.sorted("id")[-1]
        self.assertEqual(event.author_id, portal.partner_id)
        self.assertEqual(event.ip_address, "127.0.0.1")
        # A session is not an address: the consent is not bound to one.
        self.assertFalse(consent.confirmed_email)
        self.assertEqual(
            self.purpose._rgpd_split_recipients(portal.partner_id)[0], portal.partner_id
        )
