# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .test_register import RegisterCase

PDF = base64.b64encode(b"%PDF-1.4 impact assessment").decode()


@tagged("post_install", "-at_install")
class TestImpactAssessment(RegisterCase):
    """The Officer (not the superuser) flags, attaches and reviews impact
    assessments; the Privacy User reads the flag, never the assessment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = new_test_user(
            cls.env,
            "rgpd_dpia_seller",
            groups="base.group_user,rgpd_consent.group_rgpd_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.Purpose = cls.env["rgpd.purpose"].with_user(cls.officer).with_company(cls.company)
        cls.scoring = cls.Purpose.create(
            {
                "name": "Customer scoring",
                "code": "dpia_scoring",
                "company_id": cls.company.id,
                "lawful_basis": "legitimate_interest",
                "dpia_evaluation": True,
            }
        )
        cls.today = fields.Date.context_today(cls.env.user)

    def attach(self, purpose, **values):
        purpose.write(
            {
                "dpia_document": PDF,
                "dpia_filename": "pia.pdf",
                "dpia_date": self.today - timedelta(days=30),
                "dpia_conclusion": "measures",
                "dpia_review_date": self.today + timedelta(days=335),
                **values,
            }
        )

    def dashboard_figure(self, label):
        data = self.env["rgpd.dashboard"].with_user(self.officer).with_company(self.company)
        figures = data.get_data()["register"]["figures"]
        return next(figure for figure in figures if figure["label"] == label)

    def test_two_criteria_or_a_listed_processing_require_one(self):
        self.assertFalse(self.scoring.dpia_required, "one criterion alone is not enough")
        self.assertEqual(self.scoring.dpia_state, "not_required")
        self.scoring.dpia_large_scale = True
        self.assertEqual(self.scoring.dpia_criteria_count, 2)
        self.assertTrue(self.scoring.dpia_required)
        self.assertEqual(self.scoring.dpia_state, "missing")
        geo = self.Purpose.create(
            {
                "name": "Delivery tracking",
                "code": "dpia_geo",
                "company_id": self.company.id,
                "dpia_listed_type": "location_large_scale",
            }
        )
        self.assertEqual(geo.dpia_criteria_count, 0)
        self.assertTrue(geo.dpia_required, "a processing on the CNIL's list always needs one")
        filtered = self.Purpose.search(
            [("dpia_required", "=", True), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(filtered, self.scoring | geo)

    def test_register_check_and_dashboard_show_missing_then_due(self):
        self.scoring.dpia_vulnerable = True
        self.assertIn("Impact Assessment", self.scoring.register_missing)
        check = self.Purpose.search(
            [("register_missing", "!=", False), ("company_id", "=", self.company.id)]
        )
        self.assertIn(self.scoring, check)
        missing = self.dashboard_figure("Impact assessments missing")
        self.assertEqual(self.Purpose.search(missing["domain"]), self.scoring)
        self.assertEqual(missing["count"], 1)

        # The Officer attaches the assessment: nothing is missing any more.
        self.scoring.write(
            {
                "subject_categories": "Customers",
                "data_categories": "Orders",
                "recipients": "Sales team",
                "security_measures": "Access rights",
                "rgpd_data_map_ids": [(6, 0, self.map_entries.ids)],
            }
        )
        self.policy.copy({"purpose_id": self.scoring.id, "name": "Scores"})
        self.attach(self.scoring)
        self.assertEqual(self.scoring.dpia_state, "done")
        self.assertFalse(self.scoring.register_missing)
        complete = self.Purpose.search(
            [("register_missing", "=", False), ("company_id", "=", self.company.id)]
        )
        self.assertIn(self.scoring, complete)
        self.assertEqual(self.dashboard_figure("Impact assessments missing")["count"], 0)

        # Its review date comes: the register check and the dashboard say so.
        self.scoring.write(
            {
                "dpia_date": self.today - timedelta(days=400),
                "dpia_review_date": self.today,
            }
        )
        self.assertEqual(self.scoring.dpia_state, "review")
        self.assertEqual(self.scoring.register_missing, "Review of the Impact Assessment")
        due = self.dashboard_figure("Impact assessments due for review")
        self.assertEqual(due["count"], 1)
        self.assertEqual(self.Purpose.search(due["domain"]), self.scoring)

    def test_the_flag_is_the_suites_reading_of_the_criteria(self):
        with self.assertRaisesRegex(UserError, "Impact Assessment Required"):
            self.scoring.write({"dpia_required": True})
        with self.assertRaisesRegex(UserError, "Impact Assessment Required"):
            self.Purpose.create({"name": "Forced", "code": "dpia_forced", "dpia_required": True})
        self.scoring.dpia_sensitive = True
        with self.assertRaisesRegex(UserError, "Impact Assessment Required"):
            self.scoring.write({"dpia_required": False})
        self.assertTrue(self.scoring.dpia_required)

    def test_review_after_the_assessment(self):
        self.scoring.dpia_sensitive = True
        with self.assertRaisesRegex(ValidationError, "must come after the assessment"):
            self.attach(self.scoring, dpia_review_date=self.today - timedelta(days=60))

    def test_privacy_user_sees_the_flag_not_the_assessment(self):
        # A record is tracked once the transaction that created it is over.
        self.env.cr.precommit.run()
        self.scoring.dpia_sensitive = True
        self.attach(self.scoring)
        purpose = self.scoring.with_user(self.seller)
        self.assertTrue(purpose.dpia_required)
        self.assertEqual(purpose.dpia_state, "done")
        for fname in ("dpia_document", "dpia_conclusion", "dpia_note", "dpia_review_date"):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                purpose.invalidate_recordset()
                purpose.read([fname])
        with self.assertRaises(AccessError):
            purpose.write({"dpia_evaluation": False})
        with self.assertRaises(AccessError):
            purpose.write({"dpia_conclusion": "acceptable"})
        # The register check's filter works for them too, without reading it.
        found = (
            self.env["rgpd.purpose"]
            .with_user(self.seller)
            .search([("dpia_state", "in", ["done"]), ("company_id", "=", self.company.id)])
        )
        self.assertEqual(found, self.scoring)
        # The chatter tracks the assessment; its values are the Officer's only.
        # sudo: tracking values are read by the chatter as the superuser, then
        # filtered by the reader's access to each field.
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking is written when the transaction ends
        trackings = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "rgpd.purpose"),
                    ("mail_message_id.res_id", "=", self.scoring.id),
                ]
            )
        )
        self.assertIn("dpia_conclusion", trackings.field_id.mapped("name"))
        shown = trackings._filter_has_field_access(self.env(user=self.seller))
        self.assertNotIn("dpia_conclusion", shown.field_id.mapped("name"))
        self.assertIn("dpia_required", shown.field_id.mapped("name"))
        # The form they open leaves the assessment out.
        arch = purpose.get_view(self.env.ref("rgpd_consent.rgpd_purpose_view_form").id)["arch"]
        self.assertIn('name="dpia_sensitive"', arch)
        self.assertNotIn('name="dpia_document"', arch)

    def test_register_xlsx_has_the_assessment_and_a_sheet_per_activity(self):
        self.scoring.write({"dpia_sensitive": True})
        self.attach(self.scoring)
        content = self.Purpose._rgpd_register_xlsx(self.company)
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(
            workbook.sheetnames,
            ["Register", "01 Billing", "02 Customer scoring", "03 Newsletter"],
            "a summary sheet, then one sheet per processing activity",
        )
        summary = workbook["Register"]
        headers = [cell.value for cell in summary[10]]
        self.assertEqual(headers[-1], "Impact Assessment (Art. 35)")
        self.assertEqual(summary["B11"].value, "Billing")
        self.assertEqual(summary["B11"].hyperlink.location, "'01 Billing'!A1")
        sheet = workbook["02 Customer scoring"]
        self.assertEqual(sheet["A1"].value, "Customer scoring")
        card = {
            sheet.cell(row, 1).value: sheet.cell(row, 2).value
            for row in range(4, sheet.max_row + 1)
            if sheet.cell(row, 1).value
        }
        self.assertEqual(card["Controller"], "Register Co")
        self.assertEqual(card["Lawful Basis"], "Legitimate interest (Art. 6(1)(f))")
        dpia = card["Impact Assessment (Art. 35)"].splitlines()
        self.assertEqual(
            dpia[0],
            "Criteria met: Evaluation or scoring, Sensitive or highly personal data",
        )
        self.assertTrue(dpia[1].startswith("Carried out on "))
        self.assertIn("Acceptable with the planned measures", dpia[1])
        newsletter = workbook["03 Newsletter"]
        values = [newsletter.cell(row, 2).value for row in range(1, newsletter.max_row + 1)]
        self.assertIn("Not required", values)

    def test_summary_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["rgpd_dsar", "rgpd_consent"], ["fr_FR"], overwrite=True
        )
        self.scoring.write({"dpia_monitoring": True})
        purpose = self.scoring.with_context(lang="fr_FR")
        self.assertEqual(
            purpose._rgpd_dpia_summary().splitlines(),
            [
                "Critères remplis : Évaluation ou notation, Surveillance systématique",
                "Requise, pas encore réalisée",
            ],
        )
        self.assertIn("Analyse d'impact", purpose.register_missing)


@tagged("post_install", "-at_install")
class TestImpactAssessmentTour(HttpCase):
    def test_officer_flags_and_privacy_user_reads(self):
        """In a browser: the Officer (not the superuser) ticks two criteria and
        the form and the register say an assessment is required; the Privacy
        User reads that, without the assessment's fields."""
        new_test_user(
            self.env,
            "rgpd_dpia_tour_officer",
            groups="base.group_user,rgpd_consent.group_rgpd_officer",
        )
        new_test_user(
            self.env,
            "rgpd_dpia_tour_user",
            groups="base.group_user,rgpd_consent.group_rgpd_user",
        )
        purpose = self.env["rgpd.purpose"].create(
            {
                "name": "Tour scoring",
                "code": "tour_scoring",
                "lawful_basis": "legitimate_interest",
                "legitimate_interest": "Preventing payment fraud on our orders.",
                "description": "<p>We score our customers' orders.</p>",
            }
        )
        self.start_tour(
            "/odoo/action-rgpd_dsar.rgpd_register_action",
            "rgpd_impact_assessment_officer",
            login="rgpd_dpia_tour_officer",
        )
        self.assertEqual(purpose.dpia_criteria_count, 2)
        self.assertEqual(purpose.dpia_state, "missing")
        self.start_tour(
            f"/odoo/action-rgpd_consent.rgpd_purpose_action/{purpose.id}",
            "rgpd_impact_assessment_privacy_user",
            login="rgpd_dpia_tour_user",
        )
