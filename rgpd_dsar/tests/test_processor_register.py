# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

import openpyxl

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import IDENTITY
from .test_register import RegisterCase


@tagged("post_install", "-at_install")
class TestProcessorRegister(RegisterCase):
    """The register of the processing the company carries out for its
    customers (Art. 30(2)), kept by the Officer (not the superuser)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = new_test_user(
            cls.env,
            "rgpd_proc_seller",
            groups="base.group_user,rgpd_consent.group_rgpd_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Boulangerie Martin",
                "is_company": True,
                "street": "3 place du Marché",
                "zip": "69001",
                "city": "Lyon",
                "email": "contact@boulangerie.example",
            }
        )
        cls.Activity = (
            cls.env["rgpd.processor.activity"].with_user(cls.officer).with_company(cls.company)
        )
        cls.hosting = cls.Activity.create(
            {
                "name": "Hosting of the customer file",
                "controller_id": cls.customer.id,
                "controller_dpo": "Marie Martin, dpo@boulangerie.example",
                "description": "Hosting and backups of the bakery's customer file",
                "sub_processors": "OVH (hosting, France)",
                "security_measures": "Encrypted backups, two-factor authentication",
                "contract_ref": "DPA-2026-01",
            }
        )
        cls.newsletters = cls.Activity.create(
            {
                "name": "Sending of newsletters",
                "controller_id": cls.customer.id,
                "transfer_outside_eu": True,
                "transfer_safeguards": "United States: standard contractual clauses",
            }
        )

    def test_register_rows_and_check(self):
        rows = self.Activity._rgpd_register_rows(self.company)
        self.assertEqual([row["name"] for row in rows], [self.hosting.name, self.newsletters.name])
        hosting = rows[0]
        self.assertEqual(hosting["controller"], "Boulangerie Martin")
        self.assertEqual(
            hosting["controller_contact"],
            "3 place du Marché, 69001, Lyon, contact@boulangerie.example",
        )
        self.assertEqual(hosting["transfer"], "No")
        self.assertEqual(rows[1]["transfer"], "Yes")
        self.assertFalse(self.hosting.register_missing)
        self.assertEqual(
            self.newsletters.register_missing, "Processing Carried Out, Security Measures"
        )
        check = self.Activity.search([("register_missing", "!=", False)])
        self.assertEqual(check, self.newsletters)
        with self.assertRaisesRegex(ValidationError, "say where and under which safeguards"):
            self.newsletters.transfer_safeguards = False

    def test_xlsx_summary_and_a_sheet_per_processing(self):
        content = self.Activity._rgpd_register_xlsx(self.company)
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(
            workbook.sheetnames,
            ["Register", "S01 Hosting of the customer fil", "S02 Sending of newsletters"],
        )
        summary = workbook["Register"]
        self.assertEqual(
            summary["A1"].value,
            "Record of Processing Carried Out as a Processor (GDPR Art. 30(2))",
        )
        self.assertEqual((summary["A3"].value, summary["C3"].value), ("Processor", "Register Co"))
        headers = [cell.value for cell in summary[10]]
        self.assertEqual(headers[:3], ["Ref.", "Controller", "Controller's Contact Details"])
        self.assertEqual(
            [summary.cell(row, 6).value for row in (11, 12)],
            [self.hosting.name, self.newsletters.name],
        )
        sheet = workbook["S02 Sending of newsletters"]
        card = {
            sheet.cell(row, 1).value: sheet.cell(row, 2).value
            for row in range(4, sheet.max_row + 1)
            if sheet.cell(row, 1).value
        }
        self.assertEqual(card["Controller"], "Boulangerie Martin")
        self.assertEqual(card["Transfers Outside the EU"], "Yes")
        self.assertEqual(
            card["Transfers and Their Safeguards"], "United States: standard contractual clauses"
        )

    def test_printed_beside_the_controllers_register(self):
        html = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            ._render_qweb_html("rgpd_dsar.report_rgpd_processor_register", self.company.ids)[0]
            .decode()
        )
        self.assertIn("Record of Processing Carried Out as a Processor", html)
        self.assertIn("Boulangerie Martin", html)
        self.assertIn("OVH (hosting, France)", html)
        action = self.Activity.action_print_register()
        self.assertEqual(action["report_name"], "rgpd_dsar.report_rgpd_processor_register")
        action = self.Activity.action_export_register()
        self.assertEqual(
            action["url"], f"/rgpd_dsar/register.xlsx?company_id={self.company.id}&processor=1"
        )
        figures = (
            self.env["rgpd.dashboard"]
            .with_user(self.officer)
            .with_company(self.company)
            .get_data()["register"]["figures"]
        )
        figure = next(f for f in figures if f["label"] == "Processing carried out for customers")
        self.assertEqual(figure["count"], 2)

    def test_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["rgpd_dsar", "rgpd_consent"], ["fr_FR"], overwrite=True
        )
        Activity = self.Activity.with_context(lang="fr_FR")
        workbook = openpyxl.load_workbook(io.BytesIO(Activity._rgpd_register_xlsx(self.company)))
        summary = workbook.worksheets[0]
        self.assertEqual(
            summary["A1"].value,
            "Registre des traitements effectués en tant que sous-traitant (RGPD art. 30(2))",
        )
        self.assertEqual(summary["A3"].value, "Sous-traitant")
        self.assertEqual(summary["B10"].value, "Responsable du traitement")

    def test_privacy_user_has_no_access(self):
        Activity = self.env["rgpd.processor.activity"].with_user(self.seller)
        with self.assertRaises(AccessError):
            Activity.search([])
        with self.assertRaises(AccessError):
            self.hosting.with_user(self.seller).read(["name"])
        with self.assertRaises(AccessError):
            Activity.create({"name": "Mine", "controller_id": self.customer.id})
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.seller)._render_qweb_html(
                "rgpd_dsar.report_rgpd_processor_register", self.company.ids
            )


@tagged("post_install", "-at_install")
class TestProcessorRegisterRoute(HttpCase):
    def test_only_the_officer_downloads_it(self):
        company = self.env.company
        company.write(IDENTITY)
        new_test_user(
            self.env,
            "rgpd_proc_officer",
            password="rgpd_proc_officer",
            groups="rgpd_consent.group_rgpd_officer",
        )
        new_test_user(
            self.env,
            "rgpd_proc_sales",
            password="rgpd_proc_sales",
            groups="rgpd_consent.group_rgpd_user",
        )
        customer = self.env["res.partner"].create({"name": "Client Route", "is_company": True})
        self.env["rgpd.processor.activity"].create(
            {"name": "Payroll", "controller_id": customer.id, "company_id": company.id}
        )
        self.authenticate("rgpd_proc_officer", "rgpd_proc_officer")
        response = self.url_open(f"/rgpd_dsar/register.xlsx?company_id={company.id}&processor=1")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Processor%20Register", response.headers["Content-Disposition"])
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertIn("S01 Payroll", workbook.sheetnames)
        self.authenticate("rgpd_proc_sales", "rgpd_proc_sales")
        response = self.url_open(f"/rgpd_dsar/register.xlsx?company_id={company.id}&processor=1")
        self.assertEqual(response.status_code, 403)
