# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Cross-addon checks: the three addons install together as one suite."""

from odoo.tests import TransactionCase, tagged

SUITE = ("rgpd_consent", "rgpd_retention", "rgpd_dsar")


@tagged("post_install", "-at_install")
class TestSuiteInstall(TransactionCase):
    def test_three_addons_installed_in_dependency_order(self):
        modules = self.env["ir.module.module"].search([("name", "in", SUITE)])
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        by_name = {module.name: module for module in modules}
        self.assertIn("rgpd_consent", by_name["rgpd_retention"].dependencies_id.mapped("name"))
        self.assertIn("rgpd_retention", by_name["rgpd_dsar"].dependencies_id.mapped("name"))

    def test_no_forbidden_dependency(self):
        """The suite stands on mail, portal, CRM and Email Marketing only:
        its rules for Sales, Invoicing and Website apply when those are
        installed, without depending on them."""
        forbidden = {"sale", "account", "website"}
        for name in SUITE:
            module = self.env["ir.module.module"].search([("name", "=", name)])
            closure = module.upstream_dependencies(exclude_states=("uninstallable",)) | module
            self.assertFalse(forbidden & set(closure.mapped("name")), name)
