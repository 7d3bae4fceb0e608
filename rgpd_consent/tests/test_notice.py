# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import re

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.http import Request
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import HttpCaseWithUserPortal

from .common_consent import RolesMixin


class NoticeMixin(RolesMixin):
    @classmethod
    def make_notice_purposes(cls):
        cls.make_roles()
        cls.company = cls.env.company
        Purpose = cls.env["rgpd.purpose"].with_user(cls.officer)
        cls.letter = Purpose.create(
            {
                "name": "Notice Test Letter",
                "code": "test_notice_letter",
                "description": "<p>Our letter about new products, twice a month.</p>",
                "lawful_basis": "consent",
                "offered_publicly": True,
                "provision_requirement": "voluntary",
                "company_id": False,
            }
        )
        cls.analytics = Purpose.create(
            {
                "name": "Notice Test Analytics",
                "code": "test_notice_analytics",
                "description": "<p>We measure how our site is used.</p>",
                "lawful_basis": "legitimate_interest",
                "legitimate_interest": "Improving our services from how they are used.",
                "provision_requirement": "contract",
                "provision_consequence": "Without it we cannot run your account.",
                "company_id": False,
            }
        )

    def versions(self, lang="en_US"):
        return self.env["rgpd.notice.version"].search(
            [("company_id", "=", self.company.id), ("lang", "=", lang)]
        )


@tagged("post_install", "-at_install")
class TestNoticePage(NoticeMixin, HttpCaseWithUserPortal):
    """The public information notice, read by a visitor, a customer of the
    portal and printed by the Officer; its versions are proof."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_notice_purposes()

    def test_visitor_reads_the_notice_and_its_version_is_kept(self):
        self.authenticate(None, None)
        before = self.versions()
        page = self.url_open("/privacy")
        self.assertEqual(page.status_code, 200)
        html = page.text
        for text in (
            "Notice Test Letter",
            "Our letter about new products",
            "Consent (Art. 6(1)(a))",
            "You may withdraw it at any time",
            "Notice Test Analytics",
            "Legitimate interest pursued",
            "Improving our services from how they are used.",
            "Needed for the contract. Without it we cannot run your account.",
            "Your right to object",
            "None: no decision about you is taken by a machine alone.",
            'href="/my/privacy"',
            self.company.name,
        ):
            self.assertIn(text, html)
        version = self.versions() - before
        self.assertEqual(len(version), 1, "the text shown is kept as a version")
        self.assertEqual(version.sha256, hashlib.sha256(version.content.encode()).hexdigest())
        self.assertIn(version.sha256, html, "the page says which version it shows")
        self.assertIn("Notice Test Letter", version.content)
        # Read again, unchanged: the same version.
        self.url_open(f"/privacy/{self.company.id}")
        self.assertEqual(self.versions() - before, version)

    def test_new_version_when_a_purpose_changes(self):
        self.authenticate(None, None)
        self.url_open("/privacy")
        first = self.versions()[:1]
        self.letter.with_user(self.officer).description = "<p>Our letter, now every week.</p>"
        page = self.url_open("/privacy")
        self.assertIn("Our letter, now every week.", page.text)
        latest = self.versions()[:1]
        self.assertNotEqual(latest, first)
        self.assertNotEqual(latest.sha256, first.sha256)
        self.assertIn("twice a month", first.content, "the former version keeps its text")
        self.assertIn(latest.sha256, page.text)

    def test_visitor_reads_the_notice_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        # The addons of the suite that are installed add their own facts.
        installed = self.env["ir.module.module"].search(
            [("name", "like", "rgpd_%"), ("state", "=", "installed")]
        )
        installed._load_module_terms(installed.mapped("name"), ["fr_FR"], overwrite=True)
        self.letter.with_context(lang="fr_FR").write(
            {"name": "Lettre de test", "description": "<p>Notre lettre, deux fois par mois.</p>"}
        )
        self.authenticate(None, None)
        # The language chooser of the page, or a French browser's first visit.
        page = self.url_open("/fr/privacy")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Lettre de test", page.text)
        self.assertIn("Notre lettre, deux fois par mois.", page.text)
        for text in (
            '<h1 class="h2 mb-1">Notice d\'information</h1>',
            "Qui est responsable de vos données",
            "Consentement (art. 6.1.a)",
            "Votre consentement",
            "Aucune : aucune décision vous concernant n&#39;est prise par une machine seule.",
            "Vos droits et comment les exercer",
            "Si vous avez moins de 15 ans",
        ):
            self.assertIn(text, page.text)
        for text in ("Your rights", "Lawful basis", "Who is responsible", "Automated decisions"):
            self.assertNotIn(text, page.text)
        self.assertEqual(len(self.versions("fr_FR")), 1)

    def test_unknown_company_is_a_clean_404(self):
        self.authenticate(None, None)
        unknown = self.env["res.company"].search([], order="id desc", limit=1).id + 1000
        with mute_logger("odoo.addons.http_routing.models.ir_http"):
            for url in (f"/privacy/{unknown}", f"/privacy/{unknown}/notice.pdf"):
                with self.subTest(url=url):
                    response = self.url_open(url)
                    self.assertEqual(response.status_code, 404)
                    self.assertIn("This privacy notice does not exist", response.text)

    def test_visitor_downloads_the_pdf(self):
        self.authenticate(None, None)
        response = self.url_open(f"/privacy/{self.company.id}/notice.pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("privacy-notice-en_US.pdf", response.headers["Content-Disposition"])

    def test_officer_prints_a_version(self):
        self.authenticate(None, None)
        self.url_open("/privacy")
        version = self.versions()[:1].with_user(self.officer)
        action = version.action_print()
        self.assertEqual(action["report_name"], "rgpd_consent.report_rgpd_notice")
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            ._render_qweb_html("rgpd_consent.action_report_rgpd_notice", version.ids)
        )
        html = html.decode()
        self.assertIn("Notice Test Letter", html)
        self.assertIn(version.sha256, html)

    def test_officer_publishes_before_anyone_reads_it(self):
        before = self.versions()
        action = self.env["rgpd.notice.version"].with_user(self.officer).action_publish()
        self.assertEqual(action["res_model"], "rgpd.notice.version")
        published = self.versions() - before
        self.assertEqual(len(published[:1]), 1)
        self.assertIn("Notice Test Letter", published[:1].content)
        with self.assertRaises(AccessError):
            self.env["rgpd.notice.version"].with_user(self.privacy_user).action_publish()

    def test_versions_are_proof(self):
        self.authenticate(None, None)
        self.url_open("/privacy")
        version = self.versions()[:1]
        for user in (self.officer, self.privacy_user):
            with self.subTest(user=user.login):
                mine = version.with_user(user)
                self.assertTrue(mine.content, "employees of the Privacy groups read them")
                with self.assertRaisesRegex(UserError, "cannot be changed"):
                    mine.write({"content": "<p>Nothing</p>"})
                with self.assertRaises(AccessError):
                    mine.unlink()
                with self.assertRaises(AccessError):
                    self.env["rgpd.notice.version"].with_user(user).create(
                        {"company_id": self.company.id, "lang": "en_US", "sha256": "x"}
                    )
        # Nobody, the administrator included.
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            version.unlink()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            version.write({"sha256": "0" * 64})

    def test_purpose_mail_footer_links_to_the_notice(self):
        partner = self.env["res.partner"].create({"name": "Footer", "email": "f@example.com"})
        footer = self.env["mail.mail"]._rgpd_withdraw_footer(partner, self.letter, "/x")
        self.assertIn(f'href="{self.company._rgpd_notice_url()}"', footer)
        self.assertIn("Privacy notice", footer)

    def test_portal_customer_is_linked_to_the_notice(self):
        self.authenticate(self.user_portal.login, self.user_portal.login)
        html = self.url_open("/my/privacy").text
        self.assertIn(f'href="/privacy/{self.user_portal.company_id.id}"', html)
        page = self.url_open("/privacy")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Notice Test Letter", page.text)


@tagged("post_install", "-at_install")
class TestNoticeSignUp(NoticeMixin, HttpCaseWithUserPortal):
    """The sign-up's event points at the notice the person saw; a person
    under the age of digital consent is refused and nothing is kept."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_notice_purposes()
        cls.url = f"/rgpd/subscribe/{cls.letter.code}"

    def open_form(self):
        page = self.url_open(self.url)
        self.assertEqual(page.status_code, 200)
        return page, {
            name: re.search(rf'name="{name}" value="([^"]+)"', page.text).group(1)
            for name in ("form_token", "notice_token")
        }

    def process_queue(self):
        self.env.ref("rgpd_consent.ir_cron_sign_up").method_direct_trigger()
        self.env.invalidate_all()

    def partner_of(self, email):
        return self.env["res.partner"].search([("email_normalized", "=", email)])

    def test_sign_up_event_points_at_the_version_shown(self):
        self.authenticate(None, None)
        page, tokens = self.open_form()
        self.assertIn(f'href="/privacy/{self.company.id}"', page.text)
        shown = self.versions()[:1]
        self.assertTrue(shown)
        # The Officer changes the purpose while the form is open; the next
        # reader of the notice gets a new version.
        self.analytics.with_user(self.officer).legitimate_interest = "Knowing our audience."
        self.url_open("/privacy")
        self.assertNotEqual(self.versions()[:1], shown)
        response = self.url_open(
            self.url,
            data={
                **tokens,
                "name": "Nina Notice",
                "email": "nina.notice@example.com",
                "consent": "on",
                "age": "over",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.process_queue()
        consent = self.partner_of("nina.notice@example.com")._rgpd_consents(self.letter)
        self.assertEqual(consent.event_ids.notice_version_id, shown)

    def test_a_minor_is_refused_and_nothing_is_kept(self):
        self.authenticate(None, None)
        page, tokens = self.open_form()
        self.assertIn("Are you 15 or older?", page.text)
        data = {**tokens, "name": "Young One", "email": "young.one@example.com", "consent": "on"}
        response = self.url_open(self.url, data={**data, "age": "under"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("We have not recorded anything", response.text)
        self.assertIn("Below 15, the law asks that a parent", response.text)
        # No answer: asked again, nothing sent.
        response = self.url_open(self.url, data=data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("Please tell us whether you are 15 or older: nothing", response.text)
        self.assertFalse(self.env["rgpd.sign.up"].search([("purpose_id", "=", self.letter.id)]))
        self.process_queue()
        self.assertFalse(self.partner_of("young.one@example.com"))

    def test_company_sets_another_age(self):
        self.company.rgpd_minimum_age = 13
        self.authenticate(None, None)
        page, _tokens = self.open_form()
        self.assertIn("Are you 13 or older?", page.text)
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.company.rgpd_minimum_age = 10
            self.company.flush_recordset()

    def test_portal_customer_under_age_gives_no_consent(self):
        self.authenticate(self.user_portal.login, self.user_portal.login)
        url = f"/my/privacy/{self.letter.id}/give"
        csrf = Request.csrf_token(self)
        page = self.url_open(url, data={"csrf_token": csrf, "age": "under"})
        self.assertEqual(page.status_code, 200)
        self.assertIn("Nothing was recorded: below 15", page.text)
        page = self.url_open(url, data={"csrf_token": csrf})
        self.assertIn(
            "Please tell us whether you are 15 or older: nothing was recorded.", page.text
        )
        self.env.invalidate_all()
        self.assertFalse(self.partner_portal._rgpd_consents(self.letter))
        self.url_open(url, data={"csrf_token": csrf, "age": "over"})
        self.env.invalidate_all()
        self.assertEqual(self.partner_portal._rgpd_consents(self.letter).state, "given")
        # Lifting an objection is not a consent: no age asked.
        self.url_open(f"/my/privacy/{self.analytics.id}/withdraw", data={"csrf_token": csrf})
        self.env.invalidate_all()
        self.assertEqual(self.partner_portal._rgpd_consents(self.analytics).state, "withdrawn")
        self.url_open(f"/my/privacy/{self.analytics.id}/give", data={"csrf_token": csrf})
        self.env.invalidate_all()
        self.assertEqual(self.partner_portal._rgpd_consents(self.analytics).state, "given")

    def test_portal_customer_answers_the_age_in_the_browser(self):
        self.start_tour("/my/privacy", "rgpd_portal_age", login=self.user_portal.login)
        self.env.invalidate_all()
        consent = self.partner_portal._rgpd_consents(self.letter)
        self.assertEqual(consent.state, "given")
        self.assertEqual(len(consent.event_ids), 1, "the 'no' left no trace")

    def test_an_employee_cannot_say_which_notice_the_person_read(self):
        self.authenticate(None, None)
        self.url_open("/privacy")
        version = self.versions()[:1]
        partner = self.env["res.partner"].create({"name": "Phoned", "email": "ph@example.com"})
        with self.assertRaisesRegex(UserError, "only the person's own request"):
            partner.with_user(self.privacy_user).rgpd_give_consent(
                self.letter.code, "phone", notice_version_id=version.id
            )


@tagged("post_install", "-at_install")
class TestNoticeCheck(NoticeMixin, HttpCaseWithUserPortal):
    """The Officer sees what a purpose lacks for the notice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_notice_purposes()

    def test_missing_facts_listed_then_gone(self):
        purpose = (
            self.env["rgpd.purpose"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Notice Check Scoring",
                    "code": "test_notice_check",
                    "lawful_basis": "legitimate_interest",
                    "automated_decision": True,
                    "company_id": False,
                }
            )
        )
        missing = purpose._rgpd_notice_missing()
        for label in (
            "Text Shown",
            "Legitimate Interest Pursued",
            "Giving the Data Is",
            "Logic of the Automated Decision",
        ):
            self.assertIn(label, missing)
        self.assertIn("Legitimate Interest Pursued", purpose.notice_missing)
        Purpose = self.env["rgpd.purpose"].with_user(self.officer)
        self.assertIn(purpose, Purpose.search([("notice_missing", "!=", False)]))
        self.assertNotIn(purpose, Purpose.search([("notice_missing", "=", False)]))
        purpose.write(
            {
                "description": "<p>We score leads.</p>",
                "legitimate_interest": "Calling the most interested first.",
                "provision_requirement": "statutory",
                "automated_decision_logic": "A score from the pages read; no legal effect.",
            }
        )
        missing = purpose._rgpd_notice_missing()
        self.assertIn("If the Data Is Not Given", missing, "required by law: say what follows")
        for label in ("Text Shown", "Legitimate Interest Pursued", "Giving the Data Is"):
            self.assertNotIn(label, missing)
        purpose.provision_consequence = "We could not answer the tax authority."
        self.assertNotIn("If the Data Is Not Given", purpose._rgpd_notice_missing())
        # With rgpd_dsar and rgpd_retention, the register's facts count too.
        self.assertEqual(
            purpose in Purpose.search([("notice_missing", "=", False)]),
            not purpose._rgpd_notice_missing(),
        )
