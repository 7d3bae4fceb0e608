# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the person reads at the bottom of a mail sent for a purpose: one
unsubscribe link, the suite's footer inside the mail's layout, and a
preference centre of the mail's company only, where a pending consent is
shown as pending."""

import re

from odoo.tests import Form, HttpCase, new_test_user, tagged

from odoo.addons.mail.tests.common import MailCommon

from .common_consent import PRIVACY_USER_GROUPS

BODY = '<p>Hello, our news.</p><p><a href="/unsubscribe_from_list">Unsubscribe</a></p>'


@tagged("post_install", "-at_install")
class TestMailFooter(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.purpose = cls.env["rgpd.purpose"].create(
            {
                "name": "Footer Letter",
                "code": "test_footer_letter",
                "description": "<p>Our letter.</p>",
                "company_id": False,
            }
        )
        cls.person = cls.env["res.partner"].create(
            {"name": "Footer Reader", "email": "footer.reader@example.com"}
        )
        cls.person.rgpd_give_consent(cls.purpose.code, "phone", note="Called")
        cls.sales = new_test_user(cls.env, "rgpd_footer_sales", groups=PRIVACY_USER_GROUPS)
        cls.marketer = new_test_user(
            cls.env,
            "rgpd_footer_marketer",
            groups="mass_mailing.group_mass_mailing_user,sales_team.group_sale_salesman_all_leads",
        )

    def test_mass_mailing_has_one_unsubscribe_link_and_the_footer_above_it(self):
        mailing = (
            self.env["mailing.mailing"]
            .with_user(self.marketer)
            .create(
                {
                    "subject": "Footer mailing",
                    "body_html": BODY,
                    "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "mailing_domain": str([("id", "=", self.person.id)]),
                    "rgpd_purpose_id": self.purpose.id,
                    "keep_archives": True,
                }
            )
        )
        mailing.action_send_mail()
        [email] = mailing.mailing_trace_ids.mail_mail_id._prepare_outgoing_list()
        body = email["body"]
        self.assertEqual(body.count("Unsubscribe"), 1, "Odoo's own link, and no second one")
        self.assertNotIn("/rgpd/withdraw/", body)
        self.assertNotIn("Withdraw my consent", body)
        self.assertIn("You receive this email for: Footer Letter.", body)
        self.assertLess(body.index("o_rgpd_withdraw_footer"), body.index("confirm_unsubscribe"))
        self.assertLess(body.index("Hello, our news."), body.index("o_rgpd_withdraw_footer"))
        # The mail client's one-click unsubscribe still withdraws.
        self.assertIn("/rgpd/withdraw/", email["headers"]["List-Unsubscribe"])

    def test_notification_footer_sits_under_the_message_inside_the_layout(self):
        """Sent from the chatter by a sales user: the footer follows the
        message, before the company's footer of Odoo's layout."""
        template = self.env["mail.template"].create(
            {
                "name": "Footer news",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "subject": "Our news",
                "body_html": "<p>Here is the news of the month.</p>",
                "partner_to": "{{ object.id }}",
                "rgpd_purpose_id": self.purpose.id,
            }
        )
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.sales)
            .with_context(
                default_model="res.partner",
                default_res_ids=self.person.ids,
                default_template_id=template.id,
                default_composition_mode="comment",
            )
        ).save()
        with self.mock_mail_gateway():
            composer._action_send_mail()
        [sent] = [m for m in self._mails if "footer.reader@example.com" in m["email_to"][0]]
        body = sent["body"]
        # The last one: the first is the preview line of Odoo's layout.
        news = body.rindex("Here is the news of the month.")
        footer = body.index("o_rgpd_withdraw_footer")
        self.assertLess(news, footer)
        self.assertEqual(body.count("/rgpd/withdraw/"), 1)
        # Right under the message, inside the layout's content block: not
        # after the layout, where the mail client shows it apart.
        self.assertEqual(body.index("</p>", news) + len("</p>"), body.rindex("<div", 0, footer))
        self.assertLess(footer, body.rindex("</div>", 0, body.index("</body>")) - len("</div>"))


@tagged("post_install", "-at_install")
class TestPreferenceCentreCompany(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main = cls.env.company
        cls.other = cls.env["res.company"].create({"name": "Other Shop SAS"})
        Purpose = cls.env["rgpd.purpose"]
        cls.main_news = Purpose.create(
            {"name": "Main Shop Letter", "code": "test_pref_main", "company_id": cls.main.id}
        )
        cls.other_news = Purpose.with_company(cls.other).create(
            {
                "name": "Other Shop Letter",
                "code": "test_pref_other",
                "description": "<p>The other shop's letter.</p>",
                "company_id": cls.other.id,
            }
        )
        cls.person = cls.env["res.partner"].create(
            {"name": "Two Shops Customer", "email": "two.shops@example.com", "company_id": False}
        )

    def page(self, company):
        url = self.person._rgpd_preferences_url(company=company)
        response = self.url_open(url.replace(self.person.get_base_url(), ""))
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_a_mail_of_the_other_company_shows_its_purposes_only(self):
        page = self.page(self.other)
        self.assertIn("Other Shop Letter", page)
        self.assertNotIn("Main Shop Letter", page)
        page = self.page(self.main)
        self.assertIn("Main Shop Letter", page)
        self.assertNotIn("Other Shop Letter", page)

    def test_the_footer_of_a_mail_links_to_its_company_centre(self):
        """A mail sent for the other shop's purpose: its "Manage my
        preferences" opens the other shop's purposes, not the main one's."""
        self.person.rgpd_give_consent(self.other_news.code, "phone", note="Called")
        template = self.env["mail.template"].create(
            {
                "name": "Other shop news",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "subject": "News",
                "body_html": "<p>News of the other shop.</p>",
                "partner_to": "{{ object.id }}",
                "rgpd_purpose_id": self.other_news.id,
            }
        )
        mail = self.env["mail.mail"].browse(template.send_mail(self.person.id))
        [email] = mail._prepare_outgoing_list()
        link = re.search(r'href="([^"]*/rgpd/preferences/[^"]+)"', email["body"]).group(1)
        page = self.url_open(link.replace(self.person.get_base_url(), "")).text
        self.assertIn("Other Shop Letter", page)
        self.assertNotIn("Main Shop Letter", page)

    def test_a_pending_consent_is_shown_as_pending_not_off(self):
        self.person.with_company(self.other).rgpd_request_consent([self.other_news.code])
        self.assertEqual(self.person._rgpd_consents(self.other_news).state, "pending")
        page = self.page(self.other)
        row = re.search(r'o_rgpd_pref_test_pref_other".*?</div>\s*</div>', page, re.DOTALL).group(0)
        self.assertIn("Awaiting your confirmation", row)
        self.assertNotIn("checked", row)
