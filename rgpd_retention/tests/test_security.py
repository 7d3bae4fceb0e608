# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_retention import RgpdRetentionCase


@tagged("post_install", "-at_install")
class TestAccessRights(RgpdRetentionCase):
    """What each group may do with the map, the policies, the logs and the engine."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plain = new_test_user(cls.env, "rgpd_ret_plain", groups="base.group_user")
        cls.user = new_test_user(cls.env, "rgpd_ret_user", groups="rgpd_consent.group_rgpd_user")
        cls.officer = new_test_user(
            cls.env,
            "rgpd_ret_officer",
            groups="base.group_partner_manager,rgpd_consent.group_rgpd_officer",
        )
        cls.customer = cls.env["res.partner"].create({"name": "Customer", "email": "c@example.org"})
        cls.customer.rgpd_anonymize("Erasure request")
        cls.log = cls.env["rgpd.retention.log"].search([("partner_id", "=", cls.customer.id)])

    def test_plain_employee(self):
        for model in (
            "rgpd.data.map",
            "rgpd.retention.log",
            "rgpd.retention.policy",
            "rgpd.suppression",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.plain).search([])
        with self.assertRaises(AccessError):
            self.env["rgpd.anonymize.wizard"].with_user(self.plain).create(
                {"partner_ids": self.customer.ids}
            )

    def test_privacy_user_reads_map_and_policies_only(self):
        self.assertTrue(self.env["rgpd.data.map"].with_user(self.user).search([]))
        self.assertTrue(
            self.env["rgpd.retention.policy"]
            .with_user(self.user)
            .with_context(active_test=False)
            .search([])
        )
        for model in ("rgpd.retention.log", "rgpd.suppression"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.user).search([])
        with self.assertRaises(AccessError):
            self.env["rgpd.retention.policy"].with_user(self.user).create(
                {"name": "Mine", "duration_value": 1}
            )
        with self.assertRaises(AccessError):
            self.env["rgpd.data.map"].with_user(self.user).search([], limit=1).rule = "keep"
        partner = self.env["res.partner"].create({"name": "Someone"})
        with self.assertRaises(AccessError):
            partner.with_user(self.user).rgpd_anonymize("Because")
        with self.assertRaises(UserError):
            partner.with_user(self.user).write(
                {"rgpd_legal_hold": True, "rgpd_legal_hold_reason": "x"}
            )
        with self.assertRaises(AccessError):
            partner.with_user(self.user).rgpd_set_legal_hold("x")

    def test_officer(self):
        partner = self.env["res.partner"].create(
            {"name": "Someone", "email": "someone@example.org"}
        )
        partner.with_user(self.officer).rgpd_set_legal_hold("Court")
        self.assertTrue(partner.rgpd_legal_hold)
        partner.with_user(self.officer).action_rgpd_lift_legal_hold()
        Wizard = self.env["rgpd.anonymize.wizard"].with_user(self.officer)
        wizard = Wizard.with_context(default_partner_ids=partner.ids).create({})
        self.assertIn("Email", wizard.line_ids.mapped("field_label"))
        wizard.action_confirm()
        self.assertTrue(partner.rgpd_anonymized)
        self.assertTrue(
            self.env["rgpd.retention.log"]
            .with_user(self.officer)
            .search([("partner_id", "=", partner.id)])
        )

    def test_logs_are_read_only_for_everybody(self):
        for user in (self.officer, self.env.ref("base.user_admin")):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    self.log.with_user(user).write({"reason": "Rewritten"})
                with self.assertRaises(UserError):
                    self.log.with_user(user).unlink()
        with self.assertRaises(UserError):
            self.log.sudo().write({"reason": "Rewritten"})
        with self.assertRaises(UserError):
            self.log.sudo().unlink()
