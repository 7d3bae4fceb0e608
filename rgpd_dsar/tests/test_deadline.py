# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo.tests import tagged

from .test_roles import RgpdRolesCase


def day(iso):
    return datetime.date.fromisoformat(iso)


@tagged("post_install", "-at_install")
class TestLegalDeadline(RgpdRolesCase):
    """The one deadline rule: GDPR Art. 12(3) counted by Regulation 1182/71 art. 3.

    A pure computation on dates, taken as the Privacy Officer (not the
    superuser) of both companies, who reads the deadlines it gives; the
    companies and their calendar are the scene, set up as the superuser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.french = cls.env["res.company"].create(
            {"name": "Société Délais", "country_id": cls.env.ref("base.fr").id}
        )
        cls.belgian = cls.env["res.company"].create(
            {"name": "Société Termijnen", "country_id": cls.env.ref("base.be").id}
        )
        cls.officer.company_ids |= cls.french | cls.belgian

    def assertDeadline(self, received, expected, months=1, company=None):
        company = (company or self.french).with_user(self.officer)
        self.assertEqual(
            company._rgpd_legal_deadline(day(received), months=months),
            day(expected),
            f"received {received}, {months} month(s), {company.name}",
        )

    def test_same_date_next_month(self):
        self.assertDeadline("2025-03-15", "2025-04-15")  # a Tuesday

    def test_31_january_gives_the_last_day_of_february(self):
        self.assertDeadline("2024-01-31", "2024-02-29")  # leap year, a Thursday
        self.assertDeadline("2025-01-31", "2025-02-28")  # common year, a Friday

    def test_31_december_gives_31_january_of_next_year(self):
        self.assertDeadline("2024-12-31", "2025-01-31")

    def test_sunday_moves_to_monday(self):
        self.assertDeadline("2026-01-01", "2026-02-02")  # 1 February 2026 is a Sunday

    def test_french_public_holidays(self):
        self.assertDeadline("2026-03-06", "2026-04-07")  # Easter Monday 2026
        self.assertDeadline("2026-04-14", "2026-05-15")  # Ascension 2026
        self.assertDeadline("2026-04-25", "2026-05-26")  # Whit Monday 2026
        self.assertDeadline("2026-06-14", "2026-07-15")  # 14 July
        # Saturday, Sunday, then Easter Monday: the Tuesday.
        self.assertDeadline("2026-03-04", "2026-04-07")

    def test_french_holidays_only_for_a_french_company(self):
        self.assertDeadline("2026-03-06", "2026-04-06", company=self.belgian)
        self.assertDeadline("2026-06-14", "2026-07-14", company=self.belgian)

    def test_global_time_off_of_the_company_calendar(self):
        calendar = self.belgian.resource_calendar_id
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company day",
                "calendar_id": calendar.id,
                "date_from": datetime.datetime(2025, 4, 14, 22, 0),
                "date_to": datetime.datetime(2025, 4, 15, 21, 59, 59),
            }
        )
        calendar.tz = "Europe/Brussels"
        self.assertDeadline("2025-03-15", "2025-04-16", company=self.belgian)
        # The time off of another company does not count.
        self.assertDeadline("2025-03-15", "2025-04-15")

    def test_extension_adds_its_months_to_the_whole_period(self):
        self.assertDeadline("2025-01-31", "2025-04-30", months=3)
        self.assertDeadline("2024-11-30", "2025-01-30", months=2)
        # 31 March + 3 months = 30 June 2024, a Sunday: Monday 1 July.
        self.assertDeadline("2024-03-31", "2024-07-01", months=3)

    def test_accepts_a_datetime(self):
        self.assertEqual(
            self.french.with_user(self.officer)._rgpd_legal_deadline(
                datetime.datetime(2025, 3, 15, 23, 30)
            ),
            day("2025-04-15"),
        )

    def test_a_request_filed_and_extended_reads_the_rule(self):
        """The Privacy User files a request and reads its deadline; the
        Officer extends it through the wizard and reads the new one."""
        received = self.days_ago(10)
        request = self.request_as(self.privacy_user, request_type="access", date_received=received)
        company = request.company_id.with_user(self.officer)
        as_user = request.with_user(self.privacy_user)
        self.assertEqual(as_user.date_deadline, company._rgpd_legal_deadline(received))
        self.assertEqual(as_user.date_first_deadline, as_user.date_deadline)
        action = request.with_user(self.officer).action_extend()
        self.env[action["res_model"]].with_user(self.officer).with_context(
            **action["context"]
        ).create({"months": "2", "reason": "Ten years of orders in three systems"}).action_confirm()
        self.assertEqual(as_user.extension_months, 2)
        self.assertEqual(as_user.date_deadline, company._rgpd_legal_deadline(received, months=3))
        self.assertEqual(as_user.date_first_deadline, company._rgpd_legal_deadline(received))
