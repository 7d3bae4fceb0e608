# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import re

from odoo.http import Request
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import mute_logger

from .common_consent import RgpdConsentCase


@tagged("post_install", "-at_install")
class TestScreens(RgpdConsentCase):
    """The back-office screens users expect."""

    def test_privacy_tab_lists_every_active_purpose(self):
        self.alice.rgpd_give_consent("newsletter", "phone", note="Called")
        # A new contact's one2many starts empty in the cache: read it afresh,
        # as the form does.
        self.alice.invalidate_recordset(["rgpd_overview_ids"])
        rows = self.alice.rgpd_overview_ids
        by_purpose = {row.purpose_id: row.state for row in rows}
        self.assertEqual(by_purpose[self.newsletter], "given")
        self.assertEqual(by_purpose[self.events], "never", "never asked is listed too")
        self.assertNotIn(self.archived, by_purpose)
        row = rows.filtered(lambda r: r.purpose_id == self.events)
        action = row.action_record_phone()
        self.assertEqual(action["context"]["default_purpose_id"], self.events.id)
        self.assertEqual(action["context"]["default_channel"], "phone")
        row.action_send_confirmation()
        self.assertEqual(self.consent(self.alice, self.events).state, "pending")
        self.assertTrue(self.mails_to(self.alice))

    def test_smart_button_counts_consents_that_count(self):
        self.alice.rgpd_give_consent("newsletter", "phone", note="Called")
        self.alice.rgpd_give_consent("test_bo_events", "phone", note="Called")
        self.alice.rgpd_withdraw_consent("test_bo_events", "phone", note="Called")
        self.assertEqual(self.alice.rgpd_consent_count, 1)

    def test_wizard_shows_the_text_and_offers_consent_purposes(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.bob.lang = "fr_FR"
        self.newsletter.with_context(lang="fr_FR").description = "<p>Notre lettre mensuelle.</p>"
        wizard = Form(
            self.env["rgpd.consent.record.wizard"].with_context(default_partner_ids=self.bob.ids)
        )
        self.assertNotIn(self.analytics, wizard.allowed_purpose_ids)
        wizard.purpose_id = self.newsletter
        self.assertEqual(wizard.purpose_text, "<p>Notre lettre mensuelle.</p>")
        wizard.action = "withdraw"
        self.assertIn(self.analytics, wizard.allowed_purpose_ids)
        self.assertEqual(
            self.env["rgpd.consent"].action_open_record_wizard()["res_model"],
            "rgpd.consent.record.wizard",
        )

    def test_purpose_form_proposes_code_and_logs_text(self):
        form = Form(self.env["rgpd.purpose"])
        form.name = "Lettre d'information été"
        self.assertEqual(form.code, "lettre_d_information_ete")
        form.description = "<p>Version 1</p>"
        purpose = form.save()
        purpose.description = "<p>Version 2</p>"
        digest = hashlib.sha256(b"<p>Version 2</p>").hexdigest()
        self.assertIn(digest, purpose.message_ids[0].body)
        self.assertIn("Version 2", purpose.message_ids[0].body)

    def test_settings_give_the_defaults_and_the_sender(self):
        settings = self.env["res.config.settings"].create(
            {
                "rgpd_consent_validity_months": 24,
                "rgpd_double_optin_default": True,
                "rgpd_consent_mail_from": "privacy@example.com",
            }
        )
        settings.execute()
        purpose = self.env["rgpd.purpose"].create(
            {"name": "From Settings", "code": "test_scr_settings", "description": "<p>x</p>"}
        )
        self.assertEqual((purpose.consent_validity_months, purpose.double_optin), (24, True))
        self.bob.rgpd_request_consent(["test_scr_settings"])
        self.assertEqual(self.mails_to(self.bob).email_from, "privacy@example.com")


@tagged("post_install", "-at_install")
class TestPreferenceCentre(HttpCase):
    """/rgpd/preferences/<token>: every purpose as a switch, without login."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.news, cls.profiling, cls.orders = cls.env["rgpd.purpose"].create(
            [
                {"name": "Pref News", "code": "test_pref_news", "company_id": False},
                {
                    "name": "Pref Profiling",
                    "code": "test_pref_profiling",
                    "lawful_basis": "legitimate_interest",
                    "company_id": False,
                },
                {
                    "name": "Pref Orders",
                    "code": "test_pref_orders",
                    "lawful_basis": "contract",
                    "company_id": False,
                },
            ]
        )
        cls.person = cls.env["res.partner"].create(
            {"name": "Pref Person", "email": "pref@example.com"}
        )
        cls.person._rgpd_apply(cls.news, "given", "phone", note="Called")

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)
        self.url = self.person._rgpd_preferences_url()

    def post(self, **data):
        return self.url_open(self.url, data={"csrf_token": Request.csrf_token(self), **data})

    def states(self):
        self.env.invalidate_all()
        return {c.purpose_id: c.state for c in self.person.rgpd_consent_ids}

    def test_get_shows_and_changes_nothing(self):
        before = self.states()
        page = self.url_open(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Pref News", page.text)
        self.assertIn("Withdraw from all", page.text)
        self.assertNotIn("/my/privacy", page.text, "no account to go to")
        self.assertEqual(self.states(), before)

    def test_bad_or_other_token(self):
        with mute_logger("odoo.http"):
            for token in ("abc", self.url.rsplit("/", 1)[1][:-2] + "xx"):
                self.assertEqual(self.url_open(f"/rgpd/preferences/{token}").status_code, 404)
        with mute_logger("odoo.http"):
            response = self.url_open(self.url, data={"action": "withdraw_all"})
        self.assertEqual(response.status_code, 400, "no CSRF token, nothing done")
        self.assertEqual(self.states()[self.news], "given")

    def switched_on(self):
        inputs = re.findall(r'<input[^>]*name="purpose_ids"[^>]*>', self.url_open(self.url).text)
        return [re.search(r'value="(\d+)"', i).group(1) for i in inputs if "checked" in i]

    def test_switches_withdraw_all_and_undo(self):
        on = self.switched_on()
        self.assertIn(str(self.news.id), on)
        self.assertIn(str(self.profiling.id), on, "no objection yet")
        self.post(action="save", purpose_ids=on)
        self.assertEqual(self.states(), {self.news: "given"}, "unchanged switches write nothing")
        self.post(action="save", purpose_ids=[i for i in on if i != str(self.profiling.id)])
        self.assertEqual(self.states()[self.profiling], "withdrawn", "switched off: objection")
        response = self.post(action="withdraw_all")
        self.assertIn("o_rgpd_undo", response.text)
        self.assertEqual(self.states()[self.news], "withdrawn")
        self.assertNotIn(self.orders, self.states(), "a contract is not withdrawable")
        events = self.person.rgpd_consent_ids.event_ids.sorted("id")
        self.assertEqual(events[-1].author_id, self.person)
        self.assertEqual(events[-1].channel, "email")
        self.post(action="undo", undo_ids=[str(self.news.id)])
        self.assertEqual(self.states()[self.news], "given")
        self.assertEqual(self.states()[self.profiling], "withdrawn", "only what was undone")

    def test_footer_of_purpose_mails_links_the_preference_centre(self):
        template = self.env["mail.template"].create(
            {
                "name": "Pref news",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "subject": "News",
                "body_html": "<p>News</p>",
                "partner_to": "{{ object.id }}",
                "rgpd_purpose_id": self.news.id,
            }
        )
        mail = self.env["mail.mail"].browse(template.send_mail(self.person.id))
        [email] = mail._prepare_outgoing_list()
        self.assertIn(self.url, email["body"])
        self.assertNotIn("/rgpd/preferences/", mail.body_html)
