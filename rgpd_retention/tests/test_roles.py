# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each path of rgpd_retention as the role that takes it: an Officer who is
not the superuser, a Privacy User with the sales rights a sales user has, a
salesperson who may edit contacts. None of them is the superuser."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common_retention import EMAIL, NAME, RgpdRetentionCase


class RgpdRolesCase(RgpdRetentionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env, "rgpd_role_officer", groups="rgpd_consent.group_rgpd_officer"
        )
        cls.privacy_user = new_test_user(
            cls.env,
            "rgpd_role_user",
            groups="rgpd_consent.group_rgpd_user,sales_team.group_sale_salesman",
        )
        cls.salesperson = new_test_user(
            cls.env, "rgpd_role_sales", groups="sales_team.group_sale_salesman"
        )


@tagged("post_install", "-at_install")
class TestErasureRoles(RgpdRolesCase):
    def test_officer_erases_a_person_with_consents(self):
        partner = self.make_person()[0]
        events = self.env["rgpd.consent.event"].search([("partner_id", "=", partner.id)])
        self.assertTrue(events.ip_address)
        log = partner.with_user(self.officer).rgpd_anonymize("Erasure request (Art. 17)")
        self.assertEqual((log.outcome, log.user_id), ("anonymized", self.officer))
        self.assertEqual(log.env.uid, self.officer.id, "the log comes back in the caller's env")
        self.assertTrue(partner.rgpd_anonymized)
        self.assertNotEqual(partner.name, NAME)
        self.assertFalse(events.ip_address or events.user_agent or events.purpose_text)
        self.assertEqual(self.env["rgpd.data.map"]._rgpd_scan_database([NAME, EMAIL]), [])

    def test_officer_erases_through_the_wizard(self):
        partner = self.make_person()[0]
        wizard = (
            self.env["rgpd.anonymize.wizard"]
            .with_user(self.officer)
            .with_context(default_partner_ids=partner.ids)
            .create({})
        )
        self.assertIn("Email", wizard.line_ids.mapped("field_label"))
        action = wizard.action_confirm()
        self.assertTrue(partner.rgpd_anonymized)
        log = self.env["rgpd.retention.log"].with_user(self.officer).search(action["domain"])
        self.assertEqual(log.partner_id, partner)

    def test_other_roles_may_not_erase(self):
        partner = self.make_person()[0]
        for user in (self.privacy_user, self.salesperson):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    partner.with_user(user).rgpd_anonymize("Erasure request")
                with self.assertRaises(AccessError):
                    self.env["rgpd.anonymize.wizard"].with_user(user).create(
                        {"partner_ids": partner.ids}
                    )
        self.assertEqual(partner.name, NAME)
        self.assertFalse(partner.rgpd_anonymized)
