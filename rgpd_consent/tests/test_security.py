# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPrivacyGroups(TransactionCase):
    """The suite's two access levels and its menu."""

    def test_officer_implies_user_and_admin_is_officer(self):
        officer = new_test_user(self.env, "dpo", groups="rgpd_consent.group_rgpd_officer")
        self.assertTrue(officer.has_group("rgpd_consent.group_rgpd_user"))
        self.assertTrue(
            self.env.ref("base.user_admin").has_group("rgpd_consent.group_rgpd_officer")
        )

    def test_privacy_menu_only_for_privacy_users(self):
        root = self.env.ref("rgpd_consent.menu_rgpd_root")
        sales = new_test_user(self.env, "sales_plain", groups="base.group_user")
        privacy_user = new_test_user(self.env, "sales_rgpd", groups="rgpd_consent.group_rgpd_user")
        Menu = self.env["ir.ui.menu"]
        self.assertNotIn(root.id, Menu.with_user(sales)._visible_menu_ids())
        self.assertIn(root.id, Menu.with_user(privacy_user)._visible_menu_ids())
