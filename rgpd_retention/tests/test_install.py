# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    """The addon plugs into the suite: its dependency and its menu section."""

    def test_depends_on_the_previous_addon(self):
        module = self.env["ir.module.module"].search([("name", "=", "rgpd_retention")])
        self.assertEqual(module.state, "installed")
        self.assertIn("rgpd_consent", module.dependencies_id.mapped("name"))

    def test_section_under_privacy_menu_for_officers(self):
        """The policies, the map, the holds and the logs are the Officer's: a
        Privacy User would meet access errors there (models, fields, logs)."""
        section = self.env.ref("rgpd_retention.menu_rgpd_retention")
        self.assertEqual(section.parent_id, self.env.ref("rgpd_consent.menu_rgpd_root"))
        self.assertEqual(section.group_ids, self.env.ref("rgpd_consent.group_rgpd_officer"))
