# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .common import IDENTITY, read_xlsx


class RegisterCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Register Co", **IDENTITY})
        cls.officer = new_test_user(
            cls.env,
            "rgpd_register_officer",
            groups="rgpd_consent.group_rgpd_officer",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        Purpose = cls.env["rgpd.purpose"]
        cls.map_entries = cls.env["rgpd.data.map"].search(
            [("model", "=", "res.partner"), ("field_name", "in", ("name", "email"))]
        )
        cls.newsletter = Purpose.create(
            {
                "name": "Newsletter",
                "code": "reg_newsletter",
                "company_id": cls.company.id,
                "lawful_basis": "consent",
                "description": "<p>Our monthly <b>news</b>.</p>",
                "subject_categories": "Customers, prospects",
                "data_categories": "Identity, email",
                "recipients": "Marketing team",
                "transfer_outside_eu": True,
                "transfer_safeguards": "Standard contractual clauses",
                "security_measures": "Access restricted to marketing",
                "rgpd_data_map_ids": [Command.set(cls.map_entries.ids)],
            }
        )
        cls.policy = cls.env["rgpd.retention.policy"].create(
            {
                "name": "Newsletter readers",
                "purpose_id": cls.newsletter.id,
                "company_id": cls.company.id,
                "model_id": cls.env.ref("base.model_res_partner").id,
                "domain": "[('id', '=', 0)]",
                "duration_value": 2,
                "duration_unit": "years",
                "action": "anonymize",
            }
        )
        cls.billing = Purpose.create(
            {
                "name": "Billing",
                "code": "reg_billing",
                "company_id": cls.company.id,
                "lawful_basis": "legal_obligation",
                "data_categories": "Identity, invoices",
            }
        )
        cls.archived = Purpose.create(
            {"name": "Old Survey", "code": "reg_old", "company_id": cls.company.id, "active": False}
        )
        cls.foreign = Purpose.create(
            {
                "name": "Elsewhere",
                "code": "reg_elsewhere",
                "company_id": cls.env.ref("base.main_company").id,
            }
        )


@tagged("post_install", "-at_install")
class TestRegister(RegisterCase):
    def test_rows_are_read_from_the_purposes(self):
        rows = self.env["rgpd.purpose"]._rgpd_register_rows(self.company)
        names = [row["name"] for row in rows]
        self.assertIn("Newsletter", names)
        self.assertIn("Billing", names)
        self.assertNotIn("Old Survey", names, "archived purposes are no processing activity")
        self.assertNotIn("Elsewhere", names, "another company's purpose is not in this register")
        row = next(row for row in rows if row["name"] == "Newsletter")
        self.assertEqual(row["description"], "Our monthly *news*.")
        self.assertEqual(row["lawful_basis"], "Consent (Art. 6(1)(a))")
        self.assertEqual(
            (row["transfer"], row["transfer_safeguards"]), ("Yes", "Standard contractual clauses")
        )

    def test_register_check_lists_what_each_purpose_misses(self):
        self.assertFalse(self.newsletter.register_missing)
        self.assertEqual(
            self.billing.register_missing,
            "Categories of Data Subjects, Personal Data Used, Recipients, "
            "Retention Policies, Security Measures",
        )
        Purpose = self.env["rgpd.purpose"]
        incomplete = Purpose.search(
            [("register_missing", "!=", False), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(incomplete, self.billing)
        complete = Purpose.search(
            [("register_missing", "=", False), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(complete, self.newsletter)
        self.billing.write(
            {
                "subject_categories": "Customers",
                "recipients": "Accountant",
                "security_measures": "Backups",
                "rgpd_data_map_ids": [Command.set(self.map_entries[:1].ids)],
            }
        )
        self.assertEqual(self.billing.register_missing, "Retention Policies")
        self.policy.copy({"purpose_id": self.billing.id, "name": "Invoices"})
        self.assertFalse(self.billing.register_missing)

    def test_xlsx_laid_out_like_the_cnil_template(self):
        Purpose = self.env["rgpd.purpose"].with_user(self.officer)
        cells = read_xlsx(Purpose._rgpd_register_xlsx(self.company))
        self.assertEqual(cells[0, 0], "Record of Processing Activities (GDPR Art. 30)")
        identity = {cells[row, 0]: cells.get((row, 2)) for row in range(2, 8)}
        self.assertEqual(identity["Controller"], "Register Co")
        self.assertEqual(identity["Address"], "12 rue des Lilas, 75011, Paris")
        self.assertEqual(identity["Data Protection Officer"], "Paul Durand")
        self.assertEqual(identity["DPO Contact"], "dpo@example.com")
        self.assertEqual(identity["Supervisory Authority"], "CNIL")
        header_row = 9
        headers = [cells[header_row, col] for col in range(14)]
        self.assertEqual(headers[:3], ["Ref.", "Processing Activity", "Purpose of the Processing"])
        rows = {
            cells[row, 1]: {headers[col]: cells.get((row, col), "") for col in range(len(headers))}
            for row in range(header_row + 1, header_row + 10)
            if (row, 1) in cells
        }
        self.assertEqual(
            set(rows), {"Newsletter", "Billing"}, "one row per active processing activity"
        )
        newsletter = rows["Newsletter"]
        self.assertEqual(newsletter["Lawful Basis"], "Consent (Art. 6(1)(a))")
        self.assertEqual(newsletter["Categories of Data Subjects"], "Customers, prospects")
        self.assertEqual(newsletter["Recipients"], "Marketing team")
        self.assertEqual(len(self.map_entries), 2)
        self.assertEqual(
            newsletter["Personal Data Used (Map)"].splitlines(),
            self.map_entries.mapped("display_name"),
        )
        self.assertEqual(newsletter["Transfers Outside the EU"], "Yes")
        self.assertEqual(newsletter["Safeguards for the Transfers"], "Standard contractual clauses")
        self.assertEqual(
            newsletter["Retention Periods"], "Newsletter readers: 2 years after the last activity"
        )
        self.assertEqual(rows["Billing"]["Lawful Basis"], "Legal obligation (Art. 6(1)(c))")
        self.assertEqual(rows["Billing"]["Retention Periods"], "")

    def test_xlsx_and_pdf_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["rgpd_dsar", "rgpd_consent"], ["fr_FR"], overwrite=True
        )
        Purpose = self.env["rgpd.purpose"].with_user(self.officer).with_context(lang="fr_FR")
        cells = read_xlsx(Purpose._rgpd_register_xlsx(self.company))
        self.assertEqual(cells[0, 0], "Registre des activités de traitement (RGPD art. 30)")
        self.assertEqual(cells[9, 1], "Activité de traitement")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            .with_context(lang="fr_FR")
            ._render_qweb_html("rgpd_dsar.report_rgpd_register", self.company.ids)[0]
            .decode()
        )
        self.assertIn("Registre des activités de traitement", html)
        self.assertIn("Paul Durand", html)
        self.assertIn("Newsletter", html)
        self.assertNotIn("Old Survey", html)

    def test_no_register_without_the_controller_identity(self):
        self.company.write({"rgpd_dpo_name": False, "rgpd_representative": False})
        Purpose = self.env["rgpd.purpose"].with_user(self.officer).with_company(self.company)
        for action in (Purpose.action_print_register, Purpose.action_export_register):
            with (
                self.subTest(action=action.__name__),
                self.assertRaisesRegex(UserError, "Representative.*Data Protection Officer"),
            ):
                action()
        with self.assertRaisesRegex(UserError, "incomplete"):
            self.env["ir.actions.report"]._render_qweb_html(
                "rgpd_dsar.report_rgpd_register", self.company.ids
            )

    def test_print_and_export_actions(self):
        Purpose = self.env["rgpd.purpose"].with_user(self.officer).with_company(self.company)
        action = Purpose.action_print_register()
        self.assertEqual(action["report_name"], "rgpd_dsar.report_rgpd_register")
        self.assertEqual(action["context"]["active_ids"], self.company.ids)
        action = Purpose.action_export_register()
        self.assertEqual(action["url"], f"/rgpd_dsar/register.xlsx?company_id={self.company.id}")


@tagged("post_install", "-at_install")
class TestRegisterRoute(HttpCase):
    def test_only_officers_of_the_company_download_it(self):
        company = self.env.company
        company.write(IDENTITY)
        new_test_user(
            self.env,
            "rgpd_reg_officer",
            password="rgpd_reg_officer",
            groups="rgpd_consent.group_rgpd_officer",
        )
        new_test_user(
            self.env,
            "rgpd_reg_sales",
            password="rgpd_reg_sales",
            groups="rgpd_consent.group_rgpd_user",
        )
        other = self.env["res.company"].create({"name": "Not Mine", **IDENTITY})
        self.authenticate("rgpd_reg_officer", "rgpd_reg_officer")
        response = self.url_open(f"/rgpd_dsar/register.xlsx?company_id={company.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Record%20of%20Processing%20Activities", response.headers["Content-Disposition"]
        )
        self.assertEqual(read_xlsx(response.content)[2, 2], company.name)
        for company_id in (other.id, "abc"):
            with self.subTest(company_id=company_id):
                response = self.url_open(f"/rgpd_dsar/register.xlsx?company_id={company_id}")
                self.assertEqual(response.status_code, 404)
        company.rgpd_dpo_name = False
        response = self.url_open(f"/rgpd_dsar/register.xlsx?company_id={company.id}")
        self.assertEqual(response.status_code, 422)
        self.assertIn("Data Protection Officer", response.text)
        self.authenticate("rgpd_reg_sales", "rgpd_reg_sales")
        response = self.url_open(f"/rgpd_dsar/register.xlsx?company_id={company.id}")
        self.assertEqual(response.status_code, 403)
