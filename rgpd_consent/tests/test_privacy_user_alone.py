# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The consent paths of the README's sales user, tried as the users who take
them: a Privacy User alone (no CRM rights at all) and camille, the demo's
sales user (Privacy / User and Sales / own documents, nothing more)."""

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common_consent import RgpdConsentCase


@tagged("post_install", "-at_install")
class TestPrivacyUserAlone(RgpdConsentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alone = new_test_user(cls.env, "rgpd_alone", groups="rgpd_consent.group_rgpd_user")
        cls.env["res.partner"].flush_model()

    def test_the_user_has_no_crm_rights(self):
        """The premise: she may not read a single lead."""
        self.assertFalse(self.env["crm.lead"].with_user(self.alone).has_access("read"))

    def test_records_a_consent_from_the_privacy_app(self):
        """The "Record a Consent" button of the consents list opens the
        wizard; she picks the contact and records a phone consent."""
        action = self.env["rgpd.consent"].with_user(self.alone).action_open_record_wizard()
        self.assertEqual(action["res_model"], "rgpd.consent.record.wizard")
        form = Form(self.env["rgpd.consent.record.wizard"].with_user(self.alone))
        form.partner_ids.add(self.alice)
        form.purpose_id = self.newsletter
        form.note = "Called at 10:05, identity checked, agreed to the newsletter."
        wizard = form.save()
        wizard.action_record()
        consent = self.consent(self.alice, self.newsletter)
        self.assertEqual((consent.state, consent.channel), ("given", "phone"))
        self.assertEqual(consent.event_ids.user_id, self.alone)

    def test_the_row_by_phone_opens_the_wizard_with_its_purpose(self):
        """From a contact's Privacy tab, "By Phone" on the row of a purpose
        opens the wizard on that purpose and that contact."""
        row = (
            self.env["rgpd.partner.purpose"]
            .with_user(self.alone)
            .search([("partner_id", "=", self.alice.id), ("purpose_id", "=", self.newsletter.id)])
        )
        self.assertEqual(row.state, "never")
        action = row.action_record_phone()
        form = Form(
            self.env["rgpd.consent.record.wizard"]
            .with_user(self.alone)
            .with_context(**action["context"])
        )
        self.assertEqual(form.purpose_id, self.newsletter)
        self.assertEqual(form.partner_ids[:], self.alice)
        self.assertEqual(form.channel, "phone")
        self.assertIn("monthly newsletter", form.purpose_text)
        form.note = "She called back and agreed."
        form.save().action_record()
        self.assertEqual(self.consent(self.alice, self.newsletter).state, "given")

    def test_the_contact_form_and_consents_list_open_without_crm_rights(self):
        """The contact's form (with its Privacy tab) and the consents list
        load for her; the lead column is a sales user's only."""
        Form(self.alice.with_user(self.alone))
        Consent = self.env["rgpd.consent"].with_user(self.alone)
        arch = Consent.get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertNotIn('name="lead_id"', arch)
        self.alice.rgpd_give_consent("newsletter", "phone", note="Called")
        spec = {"partner_id": {"fields": {"display_name": {}}}, "status": {}}
        [row] = Consent.web_search_read([("partner_id", "=", self.alice.id)], spec)["records"]
        self.assertEqual(row["status"], "given")

    def test_she_cannot_slip_a_lead_into_the_wizard(self):
        """The leads of the wizard are a sales user's field."""
        lead = self.env["crm.lead"].create({"name": "Someone's lead", "type": "lead"})
        with self.assertRaises(AccessError):
            self.env["rgpd.consent.record.wizard"].with_user(self.alone).create(
                {"lead_ids": [lead.id], "purpose_id": self.newsletter.id, "note": "x"}
            )


@tagged("post_install", "-at_install")
class TestDemoSalesUser(RgpdConsentCase):
    """camille, as the demo makes her (the test database holds the demo)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.camille = cls.env.ref("rgpd_consent.user_camille")

    def test_camille_is_a_sales_user_with_privacy_user(self):
        camille = self.camille
        self.assertTrue(camille.has_group("rgpd_consent.group_rgpd_user"))
        self.assertTrue(camille.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(camille.has_group("rgpd_consent.group_rgpd_officer"))
        self.assertFalse(camille.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertFalse(camille.has_group("base.group_system"))

    def test_the_demo_has_english_for_the_administrator(self):
        """A database made in French (setup/start) had French only: nobody
        could switch to English, the README's administrator included."""
        self.assertTrue(self.env.ref("base.lang_en").active)
        self.assertEqual(self.env.ref("base.user_admin").lang, "en_US")
        if self.env.ref("base.lang_fr").active:
            self.assertEqual(self.camille.lang, "fr_FR")
            self.assertEqual(self.env.ref("rgpd_consent.user_client").lang, "fr_FR")

    def test_camille_records_a_phone_consent_on_her_lead(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.camille)
            .create(
                {
                    "name": "Appel entrant",
                    "contact_name": "Paul Prospect",
                    "email_from": "paul.prospect@example.com",
                    "type": "lead",
                    "user_id": self.camille.id,
                }
            )
        )
        action = lead.action_rgpd_record_consent()
        form = Form(
            self.env["rgpd.consent.record.wizard"]
            .with_user(self.camille)
            .with_context(**action["context"])
        )
        self.assertEqual(form.lead_ids[:], lead)
        form.purpose_id = self.newsletter
        form.note = "Rappelé, accepte la newsletter."
        form.save().action_record()
        consent = lead._rgpd_consents(self.newsletter)
        self.assertEqual((consent.state, consent.channel), ("given", "phone"))
        self.assertEqual(consent.event_ids.user_id, self.camille)
