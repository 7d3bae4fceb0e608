# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

import pytz
from freezegun import freeze_time
from psycopg2.errors import CheckViolation

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

PARIS = pytz.timezone("Europe/Paris")


def paris_to_utc(*args):
    """A naive UTC datetime from a wall-clock time in Paris."""
    return PARIS.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestBreach(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            "rgpd_breach_officer",
            groups="rgpd_consent.group_rgpd_officer",
            email="officer@example.com",
            lang="en_US",
        )
        cls.sales = new_test_user(
            cls.env, "rgpd_breach_sales", groups="rgpd_consent.group_rgpd_user"
        )
        cls.Breach = cls.env["rgpd.breach"].with_user(cls.officer)

    def run_cron(self):
        with self.enter_registry_test_mode():
            self.env.ref("rgpd_dsar.ir_cron_breach_remind").method_direct_trigger()
        self.env.invalidate_all()

    def _breach(self, **vals):
        return self.Breach.create({"title": "Stolen laptop", **vals})

    def test_deadline_is_72_real_hours_across_dst(self):
        """Aware on Saturday 28 March 2026 at 10:00 in Paris (UTC+1); summer
        time starts on the 29th: the deadline is Tuesday 31 March at 11:00
        Paris time (UTC+2), 72 real hours later, and overdue just after."""
        aware = paris_to_utc(2026, 3, 28, 10, 0)
        with freeze_time(aware + timedelta(hours=1)):
            breach = self._breach(date_aware=aware)
        self.assertEqual(breach.date_deadline - breach.date_aware, timedelta(hours=72))
        local = pytz.utc.localize(breach.date_deadline).astimezone(PARIS)
        self.assertEqual((local.day, local.hour, local.minute), (31, 11, 0))
        with freeze_time(breach.date_deadline - timedelta(minutes=1)):
            breach.invalidate_recordset(["is_overdue", "hours_left", "countdown"])
            self.assertFalse(breach.is_overdue)
            self.assertEqual(breach.countdown, "0 h left")
            self.assertFalse(
                self.Breach.search([("id", "=", breach.id), ("is_overdue", "=", True)])
            )
        with freeze_time(breach.date_deadline + timedelta(minutes=1)):
            breach.invalidate_recordset(["is_overdue", "hours_left", "countdown"])
            self.assertTrue(breach.is_overdue)
            self.assertEqual(
                self.Breach.search([("is_overdue", "=", True), ("id", "=", breach.id)]), breach
            )
            self.assertEqual(
                self.Breach.search([("is_overdue", "!=", False), ("id", "=", breach.id)]), breach
            )
            self.assertFalse(
                self.Breach.search([("is_overdue", "=", False), ("id", "=", breach.id)])
            )
            # Notifying it, or judging it without risk, stops the clock.
            breach.write(
                {"date_notified": fields.Datetime.now(), "late_reason": "Weekend, no staff."}
            )
            self.assertFalse(breach.is_overdue)
            self.assertTrue(breach.is_late)

    def test_deadline_in_autumn_dst_change(self):
        aware = paris_to_utc(2026, 10, 24, 9, 30)
        with freeze_time(aware):
            breach = self._breach(date_aware=aware)
        local = pytz.utc.localize(breach.date_deadline).astimezone(PARIS)
        self.assertEqual((local.day, local.hour, local.minute), (27, 8, 30))

    def test_late_notification_needs_its_reason(self):
        now = fields.Datetime.now()
        breach = self._breach(date_aware=now - timedelta(hours=100))
        with self.assertRaisesRegex(ValidationError, "give the reason for the delay"):
            breach.date_notified = now
        breach.write({"date_notified": now, "late_reason": "The provider told us late."})
        self.assertTrue(breach.is_late)
        # In time: no reason needed.
        in_time = self._breach(date_aware=now - timedelta(hours=10))
        in_time.date_notified = now
        self.assertFalse(in_time.is_late)

    def test_closing_without_notification_needs_a_reason_unless_no_risk(self):
        breach = self._breach()
        with self.assertRaisesRegex(ValidationError, "was not notified"):
            breach.action_close()
        breach.late_reason = "Encrypted device: no risk after all."
        breach.action_close()
        self.assertEqual(breach.state, "closed")
        no_risk = self._breach(risk_level="none")
        no_risk.action_close()
        self.assertFalse(no_risk.is_overdue)

    def test_bad_dates_are_refused(self):
        now = fields.Datetime.now()
        with self.assertRaisesRegex(ValidationError, "awareness date is in the future"):
            self._breach(date_aware=now + timedelta(days=2))
        with self.assertRaisesRegex(ValidationError, "occurred after"):
            self._breach(date_aware=now - timedelta(days=1), date_occurred=now)
        breach = self._breach(date_aware=now - timedelta(hours=5))
        with self.assertRaisesRegex(ValidationError, "between the awareness date and now"):
            breach.date_notified = now - timedelta(hours=6)
        with self.assertRaisesRegex(ValidationError, "between the awareness date and now"):
            breach.date_notified = datetime(2099, 1, 1)
        with mute_logger("odoo.sql_db"), self.assertRaises(CheckViolation), self.cr.savepoint():
            self._breach(subject_count=-3)
            self.env.flush_all()

    def test_errors_are_translated(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["rgpd_dsar"], ["fr_FR"], overwrite=True)
        with self.assertRaisesRegex(ValidationError, "date de prise de connaissance"):
            self.Breach.with_context(lang="fr_FR").create(
                {"title": "x", "date_aware": fields.Datetime.now() + timedelta(days=1)}
            )

    def test_officers_get_an_activity_and_a_mail_on_creation(self):
        breach = self._breach()
        self.assertRegex(breach.name, r"^BREACH/\d{4}/\d{4}$")
        activity = breach.activity_ids.filtered(lambda a: a.user_id == self.officer)
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.date_deadline, fields.Date.context_today(breach, breach.date_deadline)
        )
        mails = self.env["mail.mail"].search(
            [("model", "=", "rgpd.breach"), ("res_id", "=", breach.id)]
        )
        mail = mails.filtered(lambda m: self.officer.partner_id in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn("must be notified", mail.body_html)
        self.assertIn(self.officer.partner_id, breach.message_partner_ids)
        self.assertNotIn(self.sales.partner_id, mails.recipient_ids)

    def test_reminder_24_hours_before_the_deadline_once(self):
        now = fields.Datetime.now()
        breach = self._breach(date_aware=now - timedelta(hours=30))
        notified = self._breach(date_aware=now - timedelta(hours=30), date_notified=now)
        Mail = self.env["mail.mail"]
        reminders = [("res_id", "=", breach.id), ("subject", "ilike", "within 24 hours")]
        self.run_cron()
        self.assertFalse(breach.reminder_sent, "42 hours left: too early")
        with freeze_time(now + timedelta(hours=19)):
            self.run_cron()
            self.assertTrue(breach.reminder_sent)
            self.assertFalse(notified.reminder_sent)
            sent = Mail.search(reminders)
            self.assertEqual(
                len(sent.filtered(lambda m: self.officer.partner_id in m.recipient_ids)), 1
            )
            self.assertEqual(
                len(breach.activity_ids.filtered(lambda a: a.user_id == self.officer)), 2
            )
            self.run_cron()
            self.assertEqual(Mail.search(reminders), sent)
        # A breach recorded less than 24 hours before its deadline is not reminded again.
        late = self._breach(date_aware=now - timedelta(hours=60))
        self.assertTrue(late.reminder_sent)
        self.assertEqual(
            self.env.ref("rgpd_dsar.ir_cron_breach_remind").code, "model._cron_remind()"
        )

    def test_notice_to_the_persons_in_their_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["rgpd_dsar"], ["fr_FR"], overwrite=True)
        Partner = self.env["res.partner"]
        anne = Partner.create({"name": "Anne", "email": "anne@example.com", "lang": "en_US"})
        marc = Partner.create({"name": "Marc", "email": "marc@example.com", "lang": "fr_FR"})
        paper = Partner.create({"name": "Jean Papier"})
        breach = self._breach(
            risk_level="high",
            description="<p>A laptop was stolen.</p>",
            subject_advice="Change your password.",
        )
        with self.assertRaisesRegex(UserError, "Add the persons concerned"):
            breach.action_notify_subjects()
        breach.partner_ids = anne | marc | paper
        breach.action_notify_subjects()
        self.assertTrue(breach.subjects_informed)
        self.assertTrue(breach.date_subjects_informed)
        mails = self.env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "in", (anne | marc).ids)]
        )
        by_partner = {mail.recipient_ids: mail for mail in mails}
        self.assertEqual(set(by_partner), {anne, marc})
        self.assertIn("What we advise you to do", by_partner[anne].body_html)
        self.assertIn("Change your password.", by_partner[anne].body_html)
        self.assertIn("incident", by_partner[marc].subject)
        self.assertIn("Ce que nous vous conseillons", by_partner[marc].body_html)
        self.assertIn("Jean Papier", breach.message_ids[0].body)

    def test_breach_register_printed_under_the_controller_identity(self):
        company = self.env.company
        breach = self._breach(
            date_aware=fields.Datetime.now() - timedelta(hours=100),
            date_notified=fields.Datetime.now(),
            late_reason="Found on a Friday night.",
            authority_reference="CNIL-42",
        )
        Report = self.env["ir.actions.report"].with_user(self.officer)
        company.rgpd_dpo_name = False
        with self.assertRaisesRegex(UserError, "Data Protection Officer"):
            Report._render_qweb_html("rgpd_dsar.report_rgpd_breach_register", breach.ids)
        company.write({"rgpd_dpo_name": "Paul Durand", "rgpd_representative": "Jane Martin"})
        company.write(
            {"street": company.street or "1 rue de la Paix", "city": company.city or "Paris"}
        )
        company.rgpd_dpo_email = company.rgpd_dpo_email or "dpo@example.com"
        html = Report._render_qweb_html("rgpd_dsar.report_rgpd_breach_register", breach.ids)[
            0
        ].decode()
        self.assertIn("Register of Personal Data Breaches", html)
        self.assertIn(breach.name, html)
        self.assertIn("CNIL-42", html)
        self.assertIn("Found on a Friday night.", html)
        self.assertIn("Paul Durand", html)

    def test_only_officers_see_breaches(self):
        breach = self._breach()
        with self.assertRaises(AccessError):
            self.env["rgpd.breach"].with_user(self.sales).search([])
        with self.assertRaises(AccessError):
            breach.with_user(self.sales).read(["title"])
        with self.assertRaises(AccessError):
            self.env["rgpd.breach"].with_user(self.sales).create({"title": "x"})
        # Nobody deletes a breach: the register keeps every one (Art. 33(5)).
        with self.assertRaises(AccessError):
            breach.unlink()
        other = self.env["res.company"].create({"name": "Other Co"})
        foreign = self.env["rgpd.breach"].create({"title": "Elsewhere", "company_id": other.id})
        self.assertNotIn(foreign, self.Breach.search([]))
