# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a French team reads of the consents: chatter lines in the company's
language whoever acted, "Objected" for an objection in the list, states in
the order of a consent's life, the lead that holds a consent."""

from odoo.tests import HttpCase, new_test_user, tagged

from .common_consent import RgpdConsentCase


@tagged("post_install", "-at_install")
class TestConsentWords(RgpdConsentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["rgpd_consent"], ["fr_FR"], overwrite=True)
        cls.env.company.partner_id.lang = "fr_FR"
        # An Officer who works in English, in a French company.
        cls.english_officer = new_test_user(
            cls.env,
            "rgpd_words_officer",
            groups="rgpd_consent.group_rgpd_officer,sales_team.group_sale_salesman",
            lang="en_US",
        )
        cls.sales = new_test_user(
            cls.env,
            "rgpd_words_sales",
            groups="rgpd_consent.group_rgpd_user,sales_team.group_sale_salesman",
        )

    def notes(self, partner):
        return partner.message_ids.mapped("body")

    def test_chatter_notes_are_in_the_company_language_whoever_acts(self):
        self.alice.with_user(self.english_officer).rgpd_give_consent(
            self.events.code, "phone", note="Called"
        )
        self.bob.with_user(self.english_officer).rgpd_withdraw_consent(
            self.analytics.code, "phone", note="Objected on the phone"
        )
        alice_notes = " ".join(self.notes(self.alice))
        self.assertIn("Confidentialité : Event Invitations : Donné (Téléphone)", alice_notes)
        self.assertNotIn("Privacy:", alice_notes)
        self.assertIn("Opposition", " ".join(self.notes(self.bob)))

    def test_a_new_text_shown_is_logged_in_the_company_language(self):
        self.events.with_user(self.english_officer).description = "<p>Our events, v2.</p>"
        body = self.events.message_ids[0].body
        self.assertIn("Texte présenté (English (US)) défini, SHA-256", body)
        self.assertNotIn("(None)", body)

    def test_the_list_says_objected_for_an_objection(self):
        self.alice.rgpd_give_consent("newsletter", "phone", note="Called")
        self.alice.rgpd_withdraw_consent("newsletter", "phone", note="Changed her mind")
        self.bob.rgpd_withdraw_consent(self.analytics.code, "phone", note="Objected")
        Consent = self.env["rgpd.consent"].with_user(self.sales)
        statuses = {
            row["purpose_id"]["display_name"]: row["status"]
            for row in Consent.web_search_read(
                [("partner_id", "in", (self.alice | self.bob).ids)],
                {"purpose_id": {"fields": {"display_name": {}}}, "status": {}},
            )["records"]
        }
        self.assertEqual(statuses[self.newsletter.display_name], "withdrawn")
        self.assertEqual(statuses[self.analytics.display_name], "objected")
        labels = dict(
            Consent.with_context(lang="fr_FR")
            ._fields["status"]
            ._description_selection(Consent.with_context(lang="fr_FR").env)
        )
        self.assertEqual(labels["objected"], "Opposition")

    def test_states_are_grouped_in_the_order_of_a_consent_s_life(self):
        self.alice.rgpd_give_consent("newsletter", "phone", note="Called")
        self.bob.rgpd_withdraw_consent(self.analytics.code, "phone", note="Objected")
        self.carol.rgpd_request_consent(["newsletter"])
        Consent = self.env["rgpd.consent"].with_user(self.sales)
        ours = [("partner_id", "in", (self.alice | self.bob | self.carol).ids)]
        expected = ["pending", "given", "objected"]
        groups = Consent._read_group(ours, ["status"], ["__count"])
        self.assertEqual([status for status, _count in groups], expected)
        # The pivot's own call.
        [sets] = Consent.formatted_read_grouping_sets(ours, [["status"]], ["__count"])
        self.assertEqual([group["status"] for group in sets], expected)

    def test_a_sales_user_sees_the_lead_holding_a_consent(self):
        lead = self.env["crm.lead"].create(
            {"name": "Lead enquiry", "contact_name": "Lead Person", "type": "lead"}
        )
        lead.rgpd_give_consent("newsletter", "phone", note="Called")
        Consent = self.env["rgpd.consent"].with_user(self.sales)
        arch = Consent.get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertIn('name="lead_id"', arch)
        [row] = Consent.web_search_read(
            [("lead_id", "=", lead.id)], {"lead_id": {"fields": {"display_name": {}}}}
        )["records"]
        self.assertEqual(row["lead_id"]["display_name"], "Lead enquiry")


@tagged("post_install", "-at_install")
class TestWithdrawalNoteWords(HttpCase):
    def test_one_click_note_is_in_the_company_language(self):
        """The mail client of an English-speaking person posts the RFC 8058
        one-click withdrawal: the event's note is for the French team."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env.company.partner_id.lang = "fr_FR"
        purpose = self.env["rgpd.purpose"].create(
            {"name": "Words Letter", "code": "test_words_letter", "company_id": False}
        )
        person = self.env["res.partner"].create(
            {"name": "English Reader", "email": "english.reader@example.com", "lang": "en_US"}
        )
        person.rgpd_give_consent(purpose.code, "phone", note="Called")
        url = person._rgpd_consent_url(purpose, "withdraw").replace(person.get_base_url(), "")
        self.authenticate(None, None)
        response = self.url_open(url, data={"List-Unsubscribe": "One-Click"})
        self.assertEqual(response.status_code, 200)
        event = person._rgpd_consents(purpose).event_ids.sorted("id")[-1]
        self.assertEqual(event.new_state, "withdrawn")
        self.assertEqual(
            event.note, "Désabonnement en un clic depuis le client de messagerie (RFC 8058)"
        )
