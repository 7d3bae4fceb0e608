# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The days of the sales user and of the portal customer, in French, in
Chromium: each tour fails on an access error, an English word where French
is expected, a wizard opened without its purpose, a pending consent shown
as "off" or an undo that reads "Annuler"."""

from odoo.tests import tagged

from odoo.addons.base.tests.common import HttpCaseWithUserPortal


def speak_french(env):
    """French as the demo has it: active, with the terms of the screens the
    tours cross (the code's own terms are read from the .po files)."""
    env["res.lang"]._activate_lang("fr_FR")
    env["ir.module.module"]._load_module_terms(
        ["portal", "rgpd_consent"], ["fr_FR"], overwrite=True
    )
    # A French company writes its stored notes in French (res.company._rgpd_lang).
    env.company.partner_id.lang = "fr_FR"


@tagged("post_install", "-at_install")
class TestFrenchSalesDay(HttpCaseWithUserPortal):
    def test_sales_user_records_phone_consents_and_sends_a_confirmation(self):
        speak_french(self.env)
        # camille, the demo's sales user, as the French demo has her.
        seller = self.env.ref("rgpd_consent.user_camille")
        seller.lang = "fr_FR"
        # Privacy / User and Sales, nothing more.
        self.assertFalse(seller.has_group("rgpd_consent.group_rgpd_officer"))
        self.assertFalse(seller.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertFalse(seller.has_group("base.group_erp_manager"))
        Purpose = self.env["rgpd.purpose"]
        letter, offers, events = Purpose.create(
            [
                {"name": "Lettre Tour", "code": "rgpd_fr_tour_letter", "sequence": 1},
                {"name": "Offres Tour", "code": "rgpd_fr_tour_offers", "sequence": 2},
                {
                    "name": "Événements Tour : salons et journées portes ouvertes",
                    "code": "rgpd_fr_tour_events",
                    "sequence": 3,
                },
            ]
        )
        for purpose, text in (
            (letter, "<p>Notre lettre mensuelle.</p>"),
            (offers, "<p>Nos offres.</p>"),
            (events, "<p>Nos invitations.</p>"),
        ):
            purpose.with_context(lang="fr_FR").description = text
        caller = self.env["res.partner"].create(
            {"name": "Appelant Tour", "email": "appelant.tour@example.com", "lang": "fr_FR"}
        )
        self.start_tour("/odoo", "rgpd_sales_day_fr", login="camille")

        by_purpose = {c.purpose_id: c for c in caller.rgpd_consent_ids}
        for purpose in (letter, offers):
            consent = by_purpose[purpose]
            self.assertEqual((consent.state, consent.channel), ("given", "phone"))
            self.assertEqual(consent.event_ids.user_id, seller)
        self.assertEqual(
            by_purpose[letter].event_ids.purpose_text, "<p>Notre lettre mensuelle.</p>"
        )
        self.assertIn("accepte les offres", by_purpose[offers].event_ids.note)
        self.assertEqual(by_purpose[events].state, "pending")
        # The confirmation went to the caller, in French.
        mail = self.env["mail.mail"].search([("recipient_ids", "in", caller.ids)])
        self.assertEqual(len(mail), 1)
        self.assertIn("/rgpd/link/confirm/", mail.body_html)
        self.assertIn("Bonjour", mail.body_html)
        # The chatter says it in French, for every reader.
        notes = caller.message_ids.mapped("body")
        self.assertTrue(
            any("Confidentialité : Lettre Tour : Donné (Téléphone)" in n for n in notes)
        )
        self.assertFalse(any("Privacy:" in n for n in notes))


@tagged("post_install", "-at_install")
class TestFrenchPortalDay(HttpCaseWithUserPortal):
    def test_portal_customer_uses_my_privacy_and_the_preference_centre(self):
        speak_french(self.env)
        self.partner_portal.lang = "fr_FR"
        other = self.env["res.company"].create({"name": "Autre Boutique SAS"})
        Purpose = self.env["rgpd.purpose"]
        letter, offers, events = Purpose.create(
            [
                {"name": "Lettre Portail", "code": "rgpd_fr_letter", "company_id": False},
                {"name": "Offres Portail", "code": "rgpd_fr_offers", "company_id": False},
                {"name": "Événements Portail", "code": "rgpd_fr_events", "company_id": False},
            ]
        )
        foreign = Purpose.with_company(other).create(
            {
                "name": "Lettre d'une autre boutique",
                "code": "rgpd_fr_foreign",
                "company_id": other.id,
            }
        )
        person = self.partner_portal
        person.rgpd_give_consent(letter.code, "phone", note="Appel")
        self.start_tour("/my/privacy", "rgpd_portal_privacy_fr", login=self.user_portal.login)
        self.assertEqual(person._rgpd_consents(letter).state, "withdrawn")
        self.assertEqual(person._rgpd_consents(offers).state, "given")
        self.assertEqual(person._rgpd_consents(offers).event_ids.channel, "portal")

        # A mail asked for the events; the person opens the preference
        # centre from a mail of the main company.
        person.rgpd_request_consent([events.code])
        self.assertEqual(person._rgpd_consents(events).state, "pending")
        url = person._rgpd_preferences_url(company=self.env.company)
        url = url.replace(person.get_base_url(), "")
        page = self.url_open(url).text
        self.assertNotIn(foreign.name, page, "another company's purposes are not shown")
        self.start_tour(url, "rgpd_preferences_fr", login=self.user_portal.login)
        consent = person._rgpd_consents(events)
        self.assertEqual(consent.state, "given")
        self.assertEqual(
            consent.event_ids.sorted("id").mapped("new_state"),
            ["pending", "given", "withdrawn", "given"],
        )
        self.assertEqual(consent.event_ids.sorted("id")[-1].author_id, person)
        self.assertEqual(consent.confirmed_email, person.email_normalized)
