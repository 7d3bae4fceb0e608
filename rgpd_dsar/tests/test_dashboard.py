# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .common import IDENTITY
from .common_dsar import RgpdDsarCase


@tagged("post_install", "-at_install")
class TestDashboardData(TransactionCase):
    def test_figures_and_the_records_behind_them(self):
        now = fields.Datetime.now()
        Breach = self.env["rgpd.breach"]
        late = Breach.create({"title": "Late one", "date_aware": now - timedelta(hours=80)})
        soon = Breach.create(
            {"title": "Soon one", "date_aware": now - timedelta(hours=60, minutes=30)}
        )
        Breach.create({"title": "Closed", "risk_level": "none", "state": "closed"})
        data = self.env["rgpd.dashboard"].get_data()
        opened, overdue = data["breaches"]["figures"]
        self.assertEqual(Breach.search(opened["domain"]), Breach.search([("state", "=", "open")]))
        self.assertEqual(opened["count"], Breach.search_count([("state", "=", "open")]))
        self.assertIn(late, Breach.search(overdue["domain"]))
        self.assertNotIn(soon, Breach.search(overdue["domain"]))
        listed = {row["id"]: row for row in data["breaches"]["list"]}
        self.assertTrue(listed[late.id]["is_overdue"])
        self.assertEqual(listed[soon.id]["countdown"], "11 h left")

    def test_consents_given_and_withdrawn_per_purpose(self):
        purpose = self.env["rgpd.purpose"].create({"name": "Dash News", "code": "dash_news"})
        partners = self.env["res.partner"].create([{"name": f"Dash {i}"} for i in range(3)])
        for partner in partners:
            partner.rgpd_give_consent(purpose.code, "back_office")
        partners[0].rgpd_withdraw_consent(purpose.code, "back_office")
        rows = self.env["rgpd.dashboard"].get_data()["consents"]["rows"]
        row = next(row for row in rows if row["purpose"] == "Dash News")
        self.assertEqual((row["given"]["count"], row["withdrawn"]["count"]), (3, 1))
        Event = self.env["rgpd.consent.event"]
        self.assertEqual(Event.search(row["withdrawn"]["domain"]).partner_id, partners[0])
        self.assertEqual(Event.search_count(row["given"]["domain"]), 3)

    def test_retention_due_within_30_days(self):
        Partner = self.env["res.partner"]
        policy = self.env["rgpd.retention.policy"].create(
            {
                "name": "Dashboard prospects",
                "model_id": self.env.ref("base.model_res_partner").id,
                "domain": "[('name', 'like', 'Dash idle')]",
                "duration_value": 1,
                "duration_unit": "years",
                "action": "anonymize",
            }
        )
        soon, later = Partner.create([{"name": "Dash idle soon"}, {"name": "Dash idle later"}])
        # Created 345 and 305 days ago, no activity since: due in 20 and 60 days.
        self.env.flush_all()
        for partner, days in ((soon, 345), (later, 305)):
            self.env.cr.execute(
                "UPDATE res_partner SET create_date = %s WHERE id = %s",
                [fields.Datetime.now() - timedelta(days=days), partner.id],
            )
        Partner.invalidate_model(["create_date"])
        figures = self.env["rgpd.dashboard"].get_retention_data()
        figure = next(figure for figure in figures if figure["label"] == "Dashboard prospects")
        self.assertEqual(figure["count"], 1)
        self.assertEqual(figure["action"], "Anonymize")
        self.assertEqual(Partner.with_context(**figure["context"]).search(figure["domain"]), soon)
        policy.active = False
        figures = self.env["rgpd.dashboard"].get_retention_data()
        self.assertNotIn("Dashboard prospects", [figure["label"] for figure in figures])

    def test_only_officers_get_the_figures(self):
        sales = new_test_user(self.env, "rgpd_dash_sales", groups="rgpd_consent.group_rgpd_user")
        with self.assertRaises(AccessError):
            self.env["rgpd.dashboard"].with_user(sales).get_data()
        menu = self.env.ref("rgpd_dsar.menu_rgpd_dashboard")
        self.assertEqual(menu.parent_id.child_id.sorted("sequence")[0], menu)
        self.assertEqual(menu.group_ids, self.env.ref("rgpd_consent.group_rgpd_officer"))


@tagged("post_install", "-at_install")
class TestDashboardRequests(RgpdDsarCase):
    def test_open_requests_by_state_and_days_left(self):
        Request = self.env["rgpd.dsar.request"]
        before = Request.search_count([("is_overdue", "=", True)])
        late = self.make_request(date_received=self.days_ago(40))
        recent = self.make_request(date_received=self.days_ago(1))
        self.make_request(date_received=self.days_ago(40))._rgpd_cancel("Duplicate")
        data = self.env["rgpd.dashboard"].with_user(self.officer).get_data()["requests"]
        overdue, soon, later = data["by_deadline"]
        self.assertEqual(overdue["count"], before + 1)
        self.assertIn(late, Request.search(overdue["domain"]))
        self.assertIn(recent, Request.search(later["domain"]))
        self.assertNotIn(recent, Request.search(soon["domain"]) | Request.search(overdue["domain"]))
        new = next(figure for figure in data["by_state"] if figure["label"] == "New")
        self.assertEqual(Request.search(new["domain"]), Request.search([("state", "=", "new")]))
        self.assertEqual(new["count"], Request.search_count([("state", "=", "new")]))


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    def test_dashboard_tour(self):
        """The Officer opens the dashboard, a figure, and prints the register."""
        self.env.company.write(IDENTITY)
        self.env["rgpd.breach"].create(
            {
                "title": "Tour: stolen laptop",
                "date_aware": fields.Datetime.now() - timedelta(hours=2),
            }
        )
        purpose = self.env["rgpd.purpose"].create({"name": "Tour News", "code": "tour_dash_news"})
        self.env.ref("base.partner_admin").rgpd_give_consent(purpose.code, "back_office")
        printed = []
        # The class the server uses: the registry's, whatever the test module's import path.
        Report = type(self.env["report.rgpd_dsar.report_rgpd_register"])
        values = Report._get_report_values

        def spy(report, docids, data=None):
            printed.append(list(docids))
            return values(report, docids, data=data)

        with patch.object(Report, "_get_report_values", spy):
            self.start_tour(
                "/odoo/action-rgpd_dsar.rgpd_dashboard_action", "rgpd_dashboard", login="admin"
            )
        self.assertEqual(printed, [self.env.company.ids])
