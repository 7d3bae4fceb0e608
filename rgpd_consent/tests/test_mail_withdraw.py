# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import MailCommon

from .common_consent import RolesMixin


@tagged("post_install", "-at_install")
class TestMailWithdrawLink(RolesMixin, MailCommon):
    """Every mail sent for a purpose carries the recipient's withdrawal link
    and the one-click headers, made at send time only. The Privacy User
    sends (a template, the composer) and records the answers; the Officer
    creates purposes; the link is read as the public visitor the page
    serves. Templates are fixtures, made as the superuser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_roles()
        cls.purpose = cls.env["rgpd.purpose"].create(
            {
                "name": "Mail Test Newsletter",
                "code": "test_web_mail_news",
                "company_id": False,
            }
        )
        cls.purpose_li = cls.env["rgpd.purpose"].create(
            {
                "name": "Mail Test Offers",
                "code": "test_web_mail_offers",
                "lawful_basis": "legitimate_interest",
                "company_id": False,
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "Mail Subject",
                "email": "mail.subject@example.com",
            }
        )
        cls.partner_2 = cls.env["res.partner"].create(
            {
                "name": "Mail Subject Two",
                "email": "mail.subject2@example.com",
            }
        )
        # Both consented (they said so on the phone): a mail for the purpose may reach them.
        (cls.partner | cls.partner_2).with_user(cls.privacy_user).rgpd_give_consent(
            cls.purpose.code, "phone", note="Call"
        )
        cls.template = cls.env["mail.template"].create(
            {
                "name": "Newsletter issue",
                "model_id": cls.env["ir.model"]._get_id("res.partner"),
                "subject": "Our news",
                "body_html": '<p>Hello <t t-out="object.name"/>, here is the news.</p>',
                "partner_to": "{{ object.id }}",
                "rgpd_purpose_id": cls.purpose.id,
            }
        )

    def as_user(self, records):
        """`records` as the Privacy User sees and sends them."""
        return records.with_user(self.privacy_user)

    def compose(self, **context):
        """The composer, opened by the Privacy User (as from the chatter or a list)."""
        return Form(
            self.env["mail.compose.message"]
            .with_user(self.privacy_user)
            .with_context(default_model="res.partner", **context)
        )

    def _withdraw_url(self, partner, purpose=None):
        return partner._rgpd_consent_url(purpose or self.purpose, "withdraw")

    def _token(self, partner, purpose=None):
        return self._withdraw_url(partner, purpose).rsplit("/", 1)[1]

    def _sent_to(self, partner):
        sent = [m for m in self._mails if any(partner.email in to for to in m["email_to"])]
        self.assertEqual(len(sent), 1, f"one email to {partner.email}")
        return sent[0]

    def assertWithdrawLink(self, sent, partner, purpose=None):
        url = self._withdraw_url(partner, purpose)
        self.assertIn(url, sent["body"])
        self.assertIn(url, sent["body_alternative"])
        self.assertEqual(sent["headers"]["List-Unsubscribe"], f"<{url}>")
        self.assertEqual(sent["headers"]["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")

    def test_template_send_mail(self):
        with self.mock_mail_gateway():
            self.as_user(self.template).send_mail(self.partner.id, force_send=True)
        mail = self._new_mails
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.rgpd_purpose_id, self.purpose)
        sent = self._sent_to(self.partner)
        self.assertWithdrawLink(sent, self.partner)
        self.assertIn("Withdraw my consent", sent["body"])
        self.assertIn("Mail Test Newsletter", sent["body"])
        # the token is never stored: neither in the mail nor in its message
        token = self._token(self.partner)
        self.assertNotIn(token, mail.body_html or "")
        self.assertNotIn(token, mail.mail_message_id.body or "")
        self.assertNotIn(token, mail.headers or "")
        # the link works: it names this partner and purpose, for the page's
        # visitor (the public user)
        self.assertEqual(
            self.env["res.partner"].with_user(self.user_public)._rgpd_from_token(token, "withdraw"),
            (self.partner, self.purpose),
        )

    def test_template_without_purpose(self):
        template = self.template.copy({"rgpd_purpose_id": False})
        with self.mock_mail_gateway():
            self.as_user(template).send_mail(self.partner.id, force_send=True)
        sent = self._sent_to(self.partner)
        self.assertNotIn("/rgpd/withdraw/", sent["body"])
        self.assertNotIn("List-Unsubscribe", sent["headers"])

    def test_each_recipient_gets_own_link(self):
        """One mail, two recipient partners: two emails, each with its own
        token; the shared headers are not mixed up. The mail queue's path:
        the system makes the emails of a queued mail."""
        mail = (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": "Two recipients",
                    "body_html": "<p>Hello both.</p>",
                    "email_from": "company@example.com",
                    "recipient_ids": [(6, 0, (self.partner | self.partner_2).ids)],
                    "rgpd_purpose_id": self.purpose.id,
                }
            )
        )
        email_list = mail._prepare_outgoing_list()
        self.assertEqual(len(email_list), 2)
        by_partner = {values["partner_id"]: values for values in email_list}
        for partner in (self.partner, self.partner_2):
            values = by_partner[partner]
            url = self._withdraw_url(partner)
            self.assertIn(url, values["body"])
            self.assertEqual(values["headers"]["List-Unsubscribe"], f"<{url}>")
        self.assertNotEqual(self._token(self.partner), self._token(self.partner_2))
        self.assertNotIn("/rgpd/withdraw/", mail.body_html)

    def test_objection_wording(self):
        template = self.template.copy({"rgpd_purpose_id": self.purpose_li.id})
        with self.mock_mail_gateway():
            self.as_user(template).send_mail(self.partner.id, force_send=True)
        sent = self._sent_to(self.partner)
        self.assertWithdrawLink(sent, self.partner, self.purpose_li)
        self.assertIn("Object to this use of my data", sent["body"])

    def test_no_link_for_a_contract(self):
        contract = (
            self.env["rgpd.purpose"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Orders",
                    "code": "test_web_mail_orders",
                    "lawful_basis": "contract",
                    "company_id": False,
                }
            )
        )
        template = self.template.copy({"rgpd_purpose_id": contract.id})
        with self.mock_mail_gateway():
            self.as_user(template).send_mail(self.partner.id, force_send=True)
        sent = self._sent_to(self.partner)
        self.assertNotIn("/rgpd/withdraw/", sent["body"])
        self.assertNotIn("List-Unsubscribe", sent["headers"])

    def test_composer_comment_mode(self):
        """Sending the template from the chatter: the message is posted, the
        notification email carries the link, the chatter does not."""
        composer = self.compose(
            default_res_ids=self.partner.ids,
            default_template_id=self.template.id,
            default_composition_mode="comment",
        ).save()
        self.assertEqual(composer.rgpd_purpose_id, self.purpose)
        with self.mock_mail_gateway():
            _mails, messages = composer._action_send_mail()
        self.assertEqual(len(messages), 1)
        sent = self._sent_to(self.partner)
        self.assertWithdrawLink(sent, self.partner)
        token = self._token(self.partner)
        self.assertNotIn(token, messages.body)
        self.assertTrue(all(token not in (m.body_html or "") for m in self._new_mails))
        self.assertEqual(self._new_mails.rgpd_purpose_id, self.purpose)

    def test_composer_mass_mail_mode(self):
        composer = self.compose(
            default_res_ids=(self.partner | self.partner_2).ids,
            default_template_id=self.template.id,
            default_composition_mode="mass_mail",
        ).save()
        self.assertEqual(composer.rgpd_purpose_id, self.purpose)
        with self.mock_mail_gateway():
            mails, _messages = composer._action_send_mail()
        self.assertEqual(mails.rgpd_purpose_id, self.purpose)
        for partner in (self.partner, self.partner_2):
            self.assertWithdrawLink(self._sent_to(partner), partner)

    def test_composer_purpose_removed(self):
        """The user may remove the purpose on the composer: no link then."""
        composer = self.compose(
            default_res_ids=self.partner.ids,
            default_template_id=self.template.id,
            default_composition_mode="mass_mail",
        )
        composer.rgpd_purpose_id = self.env["rgpd.purpose"]
        composer = composer.save()
        with self.mock_mail_gateway():
            composer._action_send_mail()
        self.assertNotIn("List-Unsubscribe", self._sent_to(self.partner)["headers"])

    def _withdrawn_partner(self):
        partner = self.env["res.partner"].create(
            {"name": "Mail Subject Withdrawn", "email": "withdrawn.subject@example.com"}
        )
        self.as_user(partner).rgpd_give_consent(self.purpose.code, "phone", note="Call")
        self.as_user(partner).rgpd_withdraw_consent(self.purpose.code, "phone", note="Call")
        return partner

    def test_composer_leaves_out_who_withdrew_and_says_so(self):
        """Comment mode: the person who withdrew is named before sending,
        with the reason, and gets no email; the others do."""
        withdrawn = self._withdrawn_partner()
        composer = self.compose(
            default_res_ids=self.partner.ids,
            default_composition_mode="comment",
            default_partner_ids=(self.partner | withdrawn).ids,
        )
        self.assertFalse(composer.rgpd_excluded_summary)
        composer.rgpd_purpose_id = self.purpose
        self.assertEqual(
            composer.rgpd_excluded_summary, "Consent withdrawn: Mail Subject Withdrawn"
        )
        composer.body = "<p>News</p>"
        composer = composer.save()
        with self.mock_mail_gateway():
            composer._action_send_mail()
        self.assertWithdrawLink(self._sent_to(self.partner), self.partner)
        self.assertFalse([m for m in self._mails if withdrawn.email in str(m["email_to"])])

    def test_composer_mass_mode_cancels_who_may_not_be_reached(self):
        withdrawn = self._withdrawn_partner()
        never_asked = self.env["res.partner"].create(
            {"name": "Never Asked", "email": "never.asked@example.com"}
        )
        composer = self.compose(
            default_res_ids=(self.partner | withdrawn | never_asked).ids,
            default_template_id=self.template.id,
            default_composition_mode="mass_mail",
        ).save()
        self.assertEqual(
            composer.rgpd_excluded_summary,
            "Consent withdrawn: Mail Subject Withdrawn\nNo consent given: Never Asked",
        )
        with self.mock_mail_gateway():
            composer._action_send_mail()
        self.assertWithdrawLink(self._sent_to(self.partner), self.partner)
        sent_to = str([m["email_to"] for m in self._mails])
        self.assertNotIn(withdrawn.email, sent_to)
        self.assertNotIn(never_asked.email, sent_to)

    def test_template_send_mail_is_gated_too(self):
        """The last gate: even a template sent from code does not reach a
        person who withdrew; the mail is cancelled as opted out."""
        withdrawn = self._withdrawn_partner()
        template = self.as_user(self.template)
        with self.mock_mail_gateway():
            template.send_mail(withdrawn.id, force_send=True)
        self.assertFalse(self._mails)
        mail = self._new_mails
        self.assertEqual((mail.state, mail.failure_type), ("cancel", "mail_optout"))
        # Written to the contact's address and another one: only the other goes.
        with self.mock_mail_gateway():
            template.send_mail(
                withdrawn.id,
                email_values={
                    "recipient_ids": [],
                    "email_to": f"{withdrawn.email}, boss@example.com",
                },
                force_send=True,
            )
        sent_to = str([m["email_to"] for m in self._mails])
        self.assertIn("boss@example.com", sent_to)
        self.assertNotIn(withdrawn.email, sent_to)
