# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCompanyIdentity(TransactionCase):
    def test_defaults_and_settings(self):
        company = self.env["res.company"].create({"name": "New Co"})
        self.assertEqual(company.rgpd_authority, "CNIL")
        self.assertEqual(company.rgpd_authority_url, "https://www.cnil.fr")
        settings = self.env["res.config.settings"].with_company(company).create({})
        settings.rgpd_dpo_name = "Paul Durand"
        settings.execute()
        self.assertEqual(company.rgpd_dpo_name, "Paul Durand")

    def test_missing_identity_says_what_to_fill_in(self):
        company = self.env["res.company"].create({"name": "Empty Co", "rgpd_authority": False})
        with self.assertRaisesRegex(
            UserError,
            "Street.*City.*Representative.*Data Protection Officer.*"
            "Supervisory Authority.*DPO Email or Phone",
        ):
            company._rgpd_check_identity()
        company.write(
            {
                "street": "1 rue de la Paix",
                "city": "Paris",
                "rgpd_representative": "Jane Martin",
                "rgpd_dpo_name": "Paul Durand",
                "rgpd_dpo_phone": "+33 1 23 45 67 89",
                "rgpd_authority": "CNIL",
            }
        )
        company._rgpd_check_identity()
