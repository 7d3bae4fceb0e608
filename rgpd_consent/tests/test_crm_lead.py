# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import hashlib

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL

from .common_consent import RgpdConsentCase


@tagged("post_install", "-at_install")
class TestCrmLeadConsent(RgpdConsentCase):
    """Consent where sales work: on leads, with or without contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            "rgpd_lead_sales",
            groups="sales_team.group_sale_salesman_all_leads,rgpd_consent.group_rgpd_user",
        )
        # Sales without the Privacy group: converting a lead must still work.
        cls.plain_salesman = new_test_user(
            cls.env, "rgpd_lead_plain_sales", groups="sales_team.group_sale_salesman_all_leads"
        )
        Lead = cls.env["crm.lead"]
        cls.lead = Lead.create(
            {
                "name": "Website enquiry",
                "contact_name": "Eve Lead",
                "email_from": "eve.lead@example.com",
                "type": "lead",
            }
        )
        cls.lead_of_alice = Lead.create(
            {"name": "Alice wants a quote", "partner_id": cls.alice.id, "type": "opportunity"}
        )

    def record(self, leads, purpose, action="give", note="Called, agreed on the phone."):
        return (
            self.env["rgpd.consent.record.wizard"]
            .with_user(self.salesman)
            .with_context(default_lead_ids=leads.ids)
            .create(
                {
                    "purpose_id": purpose.id,
                    "channel": "phone",
                    "action": action,
                    "note": note,
                }
            )
            .action_record()
        )

    def lead_consents(self, lead):
        return self.env["rgpd.consent"].search(
            [("lead_id", "=", lead.id), ("partner_id", "=", False)]
        )

    def convert(self, lead, action, partner=None, user=None):
        wizard = Form(
            self.env["crm.lead2opportunity.partner"]
            .with_user(user or self.salesman)
            .with_context(active_model="crm.lead", active_id=lead.id, active_ids=lead.ids)
        )
        wizard.name = "convert"
        wizard.action = action
        if partner:
            wizard.partner_id = partner
        wizard.save().action_apply()

    def test_phone_consent_on_a_lead_without_contact_is_held_with_proof(self):
        self.record(self.lead, self.newsletter)
        consent = self.lead_consents(self.lead)
        self.assertEqual((consent.state, consent.channel), ("given", "phone"))
        event = consent.event_ids
        self.assertEqual(len(event), 1)
        self.assertEqual(event.lead_id, self.lead)
        self.assertEqual(event.user_id, self.salesman)
        self.assertEqual(event.note, "Called, agreed on the phone.")
        self.assertEqual(
            event.purpose_text_sha256,
            hashlib.sha256(str(self.newsletter.description).encode()).hexdigest(),
        )
        self.assertEqual(self.lead.rgpd_consented_purpose_ids, self.newsletter)
        self.assertEqual(self.lead.with_user(self.salesman).rgpd_consent_ids, consent)

    def test_consent_on_a_lead_with_contact_goes_to_the_contact(self):
        self.record(self.lead_of_alice, self.newsletter)
        self.assertEqual(self.consent(self.alice, self.newsletter).state, "given")
        self.assertFalse(self.lead_consents(self.lead_of_alice))
        self.assertEqual(self.lead_of_alice.rgpd_consented_purpose_ids, self.newsletter)

    def test_consented_to_filter_finds_leads_with_and_without_contact(self):
        self.record(self.lead, self.newsletter)
        self.record(self.lead_of_alice, self.newsletter)
        other = self.env["crm.lead"].create({"name": "No consent", "partner_id": self.bob.id})
        Lead = self.env["crm.lead"].with_user(self.salesman)
        found = Lead.search([("rgpd_consented_purpose_ids", "in", self.newsletter.ids)])
        self.assertIn(self.lead, found)
        self.assertIn(self.lead_of_alice, found)
        self.assertNotIn(other, found)
        by_name = Lead.search([("rgpd_consented_purpose_ids", "ilike", "Newsletter")])
        self.assertEqual(
            by_name & (self.lead | self.lead_of_alice | other), self.lead | self.lead_of_alice
        )
        # A withdrawn consent no longer counts.
        self.record(self.lead, self.newsletter, action="withdraw")
        found = Lead.search([("rgpd_consented_purpose_ids", "in", self.newsletter.ids)])
        self.assertNotIn(self.lead, found)

    def test_lead_audience_operators_match_sql(self):
        """`!= False` finds the consented leads only, `= False` the others."""
        self.record(self.lead, self.newsletter)
        self.record(self.lead_of_alice, self.newsletter)
        Lead = self.env["crm.lead"].with_context(active_test=False)
        everyone = set(Lead.search([]).ids)
        self.env.flush_all()
        consented = {
            lead_id
            for (lead_id,) in self.env.execute_query(
                SQL(
                    """SELECT l.id FROM crm_lead l JOIN rgpd_consent c
                        ON c.state = 'given'
                       AND (c.date_expiry IS NULL OR c.date_expiry > CURRENT_DATE)
                       AND (c.partner_id = l.partner_id
                            OR (c.partner_id IS NULL AND c.lead_id = l.id))"""
                )
            )
        }
        self.assertIn(self.lead.id, consented)
        self.assertTrue(everyone - consented)
        field = "rgpd_consented_purpose_ids"
        for domain, expected in (
            ([(field, "!=", False)], consented),
            ([(field, "=", False)], everyone - consented),
            ([(field, "any", [])], consented),
            ([(field, "not any", [])], everyone - consented),
        ):
            with self.subTest(domain=domain):
                self.assertEqual(set(Lead.search(domain).ids), expected)

    def test_conversion_creating_the_contact_moves_the_consents(self):
        self.record(self.lead, self.newsletter)
        self.record(self.lead, self.events)
        held = self.lead_consents(self.lead)
        events_before = held.event_ids
        # A salesperson outside the Privacy group converts the lead.
        self.convert(self.lead, "create", user=self.plain_salesman)
        contact = self.lead.partner_id
        self.assertTrue(contact)
        self.assertFalse(self.lead_consents(self.lead))
        moved = contact.rgpd_consent_ids
        self.assertEqual(moved, held, "the same consents move: none lost, none doubled")
        self.assertEqual(set(moved.mapped("state")), {"given"})
        self.assertLessEqual(events_before, moved.event_ids, "the history moves with them")
        self.assertEqual(moved.event_ids.partner_id, contact)
        # A move is no act of the person: no "Given -> Given" event without a
        # channel; the events keep the lead they were captured on, and the
        # contact's chatter says where the consents come from.
        self.assertFalse(moved.event_ids - events_before)
        self.assertEqual(moved.event_ids.lead_id, self.lead)
        notes = contact.message_ids.filtered(lambda m: "moved to its contact" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertEqual(contact.rgpd_consented_purpose_ids, self.newsletter | self.events)

    def test_conversion_to_a_contact_who_withdrew_keeps_the_withdrawal(self):
        self.bob.rgpd_withdraw_consent("newsletter", "back_office")
        bob_consent = self.consent(self.bob, self.newsletter)
        bob_events = bob_consent.event_ids
        self.record(self.lead, self.newsletter)
        lead_events = self.lead_consents(self.lead).event_ids
        self.convert(self.lead, "exist", partner=self.bob)
        self.assertEqual(self.bob.rgpd_consent_ids, bob_consent, "one consent per purpose")
        self.assertEqual(bob_consent.state, "withdrawn", "the most protective state wins")
        self.assertLessEqual(bob_events | lead_events, bob_consent.event_ids, "both histories kept")
        self.assertFalse(self.lead_consents(self.lead))

    def test_conversion_lead_withdrawal_beats_the_contact_consent(self):
        self.carol.rgpd_give_consent("newsletter", "back_office")
        self.record(self.lead, self.newsletter, action="withdraw", note="Said no on the phone.")
        self.convert(self.lead, "exist", partner=self.carol)
        consent = self.consent(self.carol, self.newsletter)
        self.assertEqual(consent.state, "withdrawn")
        last = self.last_event(consent)
        self.assertEqual((last.old_state, last.new_state), ("given", "withdrawn"))
        self.assertIn("moved to its contact", last.note)
        self.assertFalse(self.carol.rgpd_has_consent("newsletter"))

    def test_merging_leads_keeps_their_consents(self):
        twin = self.env["crm.lead"].create(
            {"name": "Same person", "email_from": "eve.lead@example.com", "type": "lead"}
        )
        self.record(self.lead, self.newsletter)
        self.record(twin, self.events)
        merged = (self.lead | twin).merge_opportunity(auto_unlink=True)
        survivor = self.lead_consents(merged)
        self.assertEqual(survivor.purpose_id, self.newsletter | self.events)

    def test_a_lead_holding_consents_cannot_be_deleted(self):
        self.record(self.lead, self.newsletter)
        with self.assertRaisesRegex(UserError, "holds consents"):
            self.lead.unlink()

    def test_no_redirect_of_a_lead_consent(self):
        self.record(self.lead, self.newsletter)
        consent = self.lead_consents(self.lead).with_user(self.salesman)
        for field, value in (("lead_id", self.lead_of_alice.id), ("partner_id", self.bob.id)):
            with self.subTest(field=field), self.assertRaises(UserError):
                consent.write({field: value})

    def test_merging_contacts_with_conflicting_consents(self):
        self.alice.rgpd_give_consent("newsletter", "back_office")
        self.bob.rgpd_withdraw_consent("newsletter", "back_office")
        self.bob.rgpd_give_consent("test_bo_events", "back_office")
        alice_events = self.consent(self.alice, self.newsletter).event_ids
        bob_events = self.consent(self.bob, self.newsletter).event_ids
        self.env["base.partner.merge.automatic.wizard"].create(
            {
                "dst_partner_id": self.alice.id,
                "partner_ids": [Command.set((self.alice | self.bob).ids)],
            }
        ).action_merge()
        consent = self.consent(self.alice, self.newsletter)
        self.assertEqual(consent.state, "withdrawn", "the most protective state wins")
        self.assertLessEqual(alice_events | bob_events, consent.event_ids)
        self.assertEqual(self.consent(self.alice, self.events).state, "given")
        self.assertEqual(len(self.alice.rgpd_consent_ids), 2)

    def test_paper_form_on_a_lead(self):
        self.env["rgpd.consent.record.wizard"].with_user(self.salesman).with_context(
            default_lead_ids=self.lead.ids
        ).create(
            {
                "purpose_id": self.newsletter.id,
                "channel": "paper",
                "evidence_file": base64.b64encode(b"%PDF-1.4 form"),
                "evidence_filename": "form.pdf",
            }
        ).action_record()
        consent = self.lead_consents(self.lead)
        attachment = consent.event_ids.evidence_attachment_id
        self.assertEqual((attachment.res_model, attachment.res_id), ("rgpd.consent", consent.id))
