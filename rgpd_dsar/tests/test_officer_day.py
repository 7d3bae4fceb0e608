# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Officer's day as the Officer (not the superuser) sees it: identity
verified on the phone, the erasure's answer reaching the person, a
certificate in plain words, deadlines as a date and days left."""

import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from .common_dsar import RgpdDsarCase


def french(env, *modules):
    env["res.lang"]._activate_lang("fr_FR")
    env["ir.module.module"]._load_module_terms(list(modules), ["fr_FR"], overwrite=True)


@tagged("post_install", "-at_install")
class TestOfficerDay(RgpdDsarCase, MockEmail):
    def test_identity_verified_on_the_phone_from_new(self):
        """No detour through "Ask for Identity": verified from New, the
        request is in progress and the export can be made."""
        self.assertFalse(self.officer._is_superuser() or self.officer._is_admin())
        request = self.make_request("access", channel="phone")
        self.assertEqual(request.state, "new")
        with self.assertRaises(UserError):
            request.action_generate_export()  # identity not verified yet
        request.identity_method = "known_contact"
        request.identity_note = "Called back on the number of the contact"
        request.action_verify_identity()
        self.assertEqual(
            (request.state, request.identity_verified, request.identity_user_id),
            ("in_progress", True, self.officer),
        )
        request.action_generate_export()
        self.assertTrue(request.export_attachment_id)

    def test_a_privacy_user_cannot_verify_an_identity(self):
        request = self.make_request("access").with_user(self.seller)
        request.identity_method = "known_contact"
        with self.assertRaises(Exception):  # noqa: B017 - AccessError, the role's limit
            request.action_verify_identity()
        self.assertFalse(request.identity_verified)

    def test_the_identity_button_is_the_officers(self):
        """The Privacy User files and follows requests; the button that
        verifies an identity is not on her screen, it is on the Officer's."""

        def form_arch(user):
            views = self.Request.with_user(user).get_views([(False, "form")])
            return views["views"]["form"]["arch"]

        self.assertIn('name="action_verify_identity"', form_arch(self.officer))
        self.assertNotIn('name="action_verify_identity"', form_arch(self.seller))
        self.assertNotIn('name="action_erase"', form_arch(self.seller))

    def test_new_request_reads_new_until_saved(self):
        form_default = self.Request.default_get(["name"])["name"]
        self.assertEqual(form_default, "New")
        french(self.env, "rgpd_dsar")
        self.officer.lang = "fr_FR"
        self.assertEqual(
            self.Request.with_context(lang="fr_FR").default_get(["name"])["name"], "Nouvelle"
        )
        request = self.Request.with_context(lang="fr_FR").create(
            {"partner_id": self.alice.id, "request_type": "access", "name": "Nouvelle"}
        )
        self.assertTrue(request.name.startswith("DSAR/"), "the reference is given on saving")

    def test_erasure_answer_reaches_the_person_then_the_address_goes(self):
        alice_email = self.alice.email
        # Another contact who shares Alice's phone (the same switchboard).
        self.env["res.partner"].create(
            {"name": "Switchboard Person", "email": "other@example.com", "phone": self.alice.phone}
        )
        request = self.verified(self.make_request("erasure", channel="phone"))
        request.action_erase()
        self.assertTrue(self.alice.rgpd_anonymized)
        self.assertFalse(
            request.erasure_residue,
            "neither the other contact's identical phone nor the request's own reminder "
            "counts as what is left of the person",
        )
        with self.mock_mail_gateway():
            request.action_done()
        self.assertEqual(request.state, "done")
        self.assertEqual(len(self._mails), 1, "the person is told")
        self.assertIn(alice_email, self._mails[0]["email_to"][0])
        self.assertIn(request.name, self._mails[0]["subject"])
        self.assertFalse(request.sudo().erasure_answer_email, "sent, then not kept")
        self.assertNotIn(alice_email, str(request.message_ids.mapped("body")))

    def test_certificate_in_plain_words(self):
        invoice_partner = self.alice
        request = self.verified(self.make_request("erasure", partner=invoice_partner))
        request.action_erase()
        html = str(
            self.env["ir.actions.report"]
            .with_user(self.officer)
            ._render_qweb_html("rgpd_dsar.report_dsar_erasure", request.ids)[0]
        )
        self.assertIn("Erasure certificate", html)
        self.assertIn("What was erased", html)
        self.assertIn("What was kept, and why", html)
        self.assertIn("Olivia Officer", html, "by whom")
        self.assertIn("None of them was found any more", html)
        self.assertNotIn("res_partner", html, "no table name")
        self.assertNotIn("Alice", html, "no former value")
        self.assertNotIn(self.alice.email or "alice.dsar", html)
        action = request.action_print_erasure_certificate()
        self.assertEqual(action["report_name"], "rgpd_dsar.report_dsar_erasure")
        with self.assertRaises(Exception):  # noqa: B017 - AccessError for a Privacy User
            request.with_user(self.seller).action_print_erasure_certificate()

    def test_residue_named_as_in_the_application(self):
        request = self.verified(self.make_request("erasure"))
        request.action_erase()
        request.sudo().erasure_residue = "res_partner.phone\nmail_message.body"
        self.assertEqual(
            request.erasure_residue_display.splitlines(), ["Contact: Phone", "Message: Contents"]
        )

    def test_deadline_date_and_days_left_also_after_extension(self):
        french(self.env, "rgpd_dsar")
        self.officer.lang = "fr_FR"
        request = self.make_request("access", date_received=self.days_ago(10))
        today = datetime.date.today()
        left = (request.date_deadline - today).days
        fr = request.with_context(lang="fr_FR")
        self.assertIn(f"dans {left} j", fr.deadline_label)
        self.assertIn(str(request.date_deadline.year), fr.deadline_label)
        before = fr.deadline_label
        request._rgpd_extend(1, "Trois logiciels à interroger")
        fr.invalidate_recordset(["deadline_label"])
        self.assertNotEqual(fr.deadline_label, before, "an extension moves the date shown")
        self.assertIn(f"dans {(request.date_deadline - today).days} j", fr.deadline_label)
        late = self.make_request("access", date_received=self.days_ago(60))
        self.assertIn("j de retard", late.with_context(lang="fr_FR").deadline_label)

    def test_one_reminder_titled_in_the_readers_language(self):
        french(self.env, "rgpd_dsar")
        request = self.make_request("access")
        self.assertEqual(len(request.activity_ids), 1)
        activity = request.activity_ids.with_context(lang="fr_FR")
        self.assertFalse(activity.summary)
        self.assertEqual(activity.display_name, "Répondre à la demande")
        request.activity_ids.invalidate_recordset(["display_name"])
        self.assertEqual(
            request.activity_ids.with_context(lang="en_US").display_name, "Answer the Request"
        )

    def test_closed_columns_folded(self):
        groups = self.Request.web_read_group(
            [], ["state"], ["__count"], auto_unfold=True, unfold_read_specification={"name": {}}
        )["groups"]
        folded = {group["state"]: "__records" not in group for group in groups}
        self.assertTrue(folded["done"] and folded["cancelled"] and folded["refused"])
        self.assertFalse(folded["new"])
