# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.mail.tests.common import MailCommon


@tagged("post_install", "-at_install")
class TestRestrictedLeftOutOfMails(MailCommon):
    """A contact under restriction (Art. 18) receives no mail sent for a
    purpose, even with a valid consent: the composer says so."""

    def test_composer_mass_mode_leaves_out_the_restricted_contact(self):
        purpose = self.env["rgpd.purpose"].create(
            {"name": "Restricted Test News", "code": "test_dsar_restricted_news"}
        )
        free, restricted = self.env["res.partner"].create(
            [
                {"name": "Free Reader", "email": "free.reader@example.com"},
                {"name": "Restricted Reader", "email": "restricted.reader@example.com"},
            ]
        )
        (free | restricted)._rgpd_apply(purpose, "given", "phone", note="Call")
        officer = new_test_user(
            self.env,
            login="dsar_mail_officer",
            groups="base.group_user,rgpd_consent.group_rgpd_officer",
        )
        restricted.with_user(officer)._rgpd_restrict("Contests the accuracy of the data")
        template = self.env["mail.template"].create(
            {
                "name": "News issue",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "subject": "Our news",
                "body_html": "<p>Hello, here is the news.</p>",
                "partner_to": "{{ object.id }}",
                "rgpd_purpose_id": purpose.id,
            }
        )
        composer = Form(
            self.env["mail.compose.message"].with_context(
                default_model="res.partner",
                default_res_ids=(free | restricted).ids,
                default_template_id=template.id,
                default_composition_mode="mass_mail",
            )
        ).save()
        self.assertEqual(
            composer.rgpd_excluded_summary,
            "Processing restricted (GDPR Art. 18): Restricted Reader",
        )
        with self.mock_mail_gateway():
            composer._action_send_mail()
        sent_to = str([mail["email_to"] for mail in self._mails])
        self.assertIn(free.email, sent_to)
        self.assertNotIn(restricted.email, sent_to)
