# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .test_roles import RgpdRolesCase


class RgpdPolicyCase(RgpdRolesCase):
    """The Privacy Officer (not the superuser) writes, previews and runs the
    policies and reads what they did; the retention cron is the system's
    path and runs as the system. The contacts, their dates and what breaks
    are the scene, set up as the superuser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The Officer, as the employees who clean up contacts, may delete one
        # (Contact Creation): what stops her is the suite's rule, not the ACL.
        cls.officer.group_ids |= cls.env.ref("base.group_partner_manager")
        # Only this test's policies run.
        cls.env["rgpd.retention.policy"].search([]).active = False
        cls.Policy = cls.env["rgpd.retention.policy"].with_user(cls.officer)
        cls.Log = cls.env["rgpd.retention.log"].with_user(cls.officer)
        cls.policy = cls.Policy.create(
            {
                "name": "Test prospects",
                "domain": "[('email', 'ilike', '@idle.example.org')]",
                "duration_value": 3,
                "duration_unit": "years",
                "action": "anonymize",
            }
        )

    def run_cron(self, batch_size=500):
        """The retention cron, as the system runs it: not a user's path."""
        cron = self.env.ref("rgpd_retention.ir_cron_retention_policies")
        cron.code = f"model._cron_run(batch_size={batch_size})"
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()

    def make_idle(self, count, years=4, prefix="idle"):
        partners = self.env["res.partner"].create(
            [
                {"name": f"{prefix.title()} Person {i}", "email": f"{prefix}{i}@idle.example.org"}
                for i in range(count)
            ]
        )
        self.env["rgpd.retention.policy"]._rgpd_demo_backdate(partners.ids, years)
        return partners


@tagged("post_install", "-at_install")
class TestPolicy(RgpdPolicyCase):
    def test_last_activity(self):
        idle, recent = self.make_idle(2)
        recent.message_post(body="Call", author_id=recent.id, message_type="comment")
        self.env.invalidate_all()
        idle, recent = (idle | recent).with_user(self.officer)
        self.assertLess(idle.rgpd_last_activity_date, recent.rgpd_last_activity_date)
        Partner = self.env["res.partner"].with_user(self.officer).with_context(active_test=False)
        limit = "2024-01-01 00:00:00"
        old = Partner.search(
            [("rgpd_last_activity_date", "<", limit), ("id", "in", (idle | recent).ids)]
        )
        self.assertEqual(old, idle)

    def test_preview_lists_due_records_and_changes_nothing(self):
        idle = self.make_idle(3)
        fresh = self.env["res.partner"].create({"name": "Fresh", "email": "fresh@idle.example.org"})
        held = self.make_idle(1, prefix="held")
        held.with_user(self.officer).rgpd_set_legal_hold("Litigation")
        self.assertEqual(held.rgpd_legal_hold_reason, "Litigation")
        action = self.policy.action_preview()
        found = (
            self.env["res.partner"]
            .with_user(self.officer)
            .with_context(**action["context"])
            .search(action["domain"])
        )
        self.assertEqual(found, idle)
        self.assertNotIn(fresh, found)
        self.assertEqual(self.policy.due_count, 3)
        self.assertFalse(any(idle.mapped("rgpd_anonymized")))
        self.assertFalse(self.Log.search([("policy_id", "=", self.policy.id)]))
        self.assertIn("3 years after the last activity", self.policy.retention_label)

    def test_cron_runs_in_batches_and_resumes(self):
        idle = self.make_idle(5)
        # The Officer's "Run Now" asks the system to run the cron.
        self.assertEqual(self.policy.action_run()["tag"], "display_notification")
        self.run_cron(batch_size=2)
        self.env.invalidate_all()
        self.assertTrue(all(idle.mapped("rgpd_anonymized")))
        logs = self.Log.search([("policy_id", "=", self.policy.id)])
        self.assertEqual(logs.partner_id, idle)
        self.assertEqual((self.policy.last_run_done, self.policy.last_run_failed), (5, 0))
        # A second run finds nothing left to do.
        self.run_cron(batch_size=2)
        self.assertEqual(self.Log.search_count([("policy_id", "=", self.policy.id)]), 5)

    def test_a_failing_record_is_logged_and_skipped(self):
        idle = self.make_idle(4)
        broken = idle[1]
        # A database rule refusing to touch one contact, as a third-party
        # module or a corrupt row would.
        self.env.cr.execute(
            SQL(
                """
                CREATE FUNCTION pg_temp.rgpd_test_refuse() RETURNS trigger AS $$
                BEGIN
                    IF NEW.id = %s THEN RAISE EXCEPTION 'refused by a test trigger'; END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql;
                CREATE TRIGGER rgpd_test_refuse BEFORE UPDATE ON res_partner
                    FOR EACH ROW EXECUTE FUNCTION pg_temp.rgpd_test_refuse();
                """,
                broken.id,
            )
        )
        with mute_logger("odoo.addons.rgpd_retention.models.rgpd_retention_policy"):
            self.run_cron(batch_size=10)
        self.env.invalidate_all()
        self.assertEqual(idle.filtered("rgpd_anonymized"), idle - broken)
        failed = self.Log.search([("policy_id", "=", self.policy.id), ("outcome", "=", "failed")])
        self.assertEqual(failed.partner_id, broken)
        self.assertIn("refused by a test trigger", failed.error)
        self.assertEqual(broken.name, "Idle Person 1")
        self.assertEqual((self.policy.last_run_done, self.policy.last_run_failed), (3, 1))

    def test_delete_anonymizes_what_cannot_be_deleted(self):
        deletable, with_consent = self.make_idle(2)
        # A consent the person gave on the phone, recorded by a Privacy User.
        with_consent.with_user(self.privacy_user).rgpd_give_consent(self.purpose.code, "phone")
        self.env["rgpd.retention.policy"]._rgpd_demo_backdate(with_consent.ids, 0)
        self.env.cr.execute(
            "UPDATE rgpd_consent_event SET date = date - interval '4 years' WHERE partner_id = %s",
            [with_consent.id],
        )
        self.policy.action = "delete"
        self.run_cron()
        self.assertFalse(deletable.exists())
        self.env.invalidate_all()
        self.assertTrue(with_consent.rgpd_anonymized)
        log = self.Log.search([("partner_id", "=", with_consent.id)])
        self.assertIn("Anonymized instead of deleted", log.reason)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            with_consent.with_user(self.officer).unlink()

    def test_archive(self):
        idle = self.make_idle(2)
        self.policy.action = "archive"
        self.run_cron()
        self.assertFalse(any(idle.mapped("active")))
        self.assertFalse(any(idle.mapped("rgpd_anonymized")))

    def test_leads_policy(self):
        lead = self.env["crm.lead"].create(
            {"name": "Old lead of Ernestine", "email_from": "ernestine@idle.example.org"}
        )
        lead.message_post(body="<p>Ernestine called</p>")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET date_last_stage_update = now() - interval '4 years' WHERE id = %s",
            [lead.id],
        )
        self.env.invalidate_all()
        policy = self.env.ref("rgpd_retention.policy_leads").with_user(self.officer)
        policy.write({"active": True, "domain": "[('email_from', 'ilike', 'idle.example.org')]"})
        self.run_cron()
        self.env.invalidate_all()
        self.assertEqual(lead.name, f"Anonymized lead #{lead.id}")
        self.assertFalse(lead.email_from or lead.active)
        self.assertEqual(self.env["rgpd.data.map"]._rgpd_scan_database(["Ernestine"]), [])

    def test_notice_then_keep(self):
        self.policy.notice_days = 30
        idle = self.make_idle(1)
        self.run_cron()
        self.env.invalidate_all()
        # Noticed first, not anonymized before the notice period is over.
        self.assertTrue(idle.rgpd_notice_date)
        self.assertFalse(idle.rgpd_anonymized)
        mail = self.env["mail.mail"].search(
            [("res_id", "=", idle.id), ("model", "=", "res.partner")]
        )
        # The stored mail holds a placeholder; the link is made as it leaves.
        self.assertNotIn("/rgpd/keep/", mail.body_html)
        [email] = mail._prepare_outgoing_list()
        self.assertIn("/rgpd/keep/", email["body"])
        self.assertEqual(self.policy.last_run_notified, 1)
        # The person follows the link: the controller, as the public user,
        # checks the token and records the act on the partner it proves.
        token = idle._rgpd_keep_token()
        Public = self.env["res.partner"].with_user(self.env.ref("base.public_user"))
        self.assertEqual(Public._rgpd_from_keep_token(token), idle)
        self.assertIsNone(Public._rgpd_from_keep_token(token + "x"))
        Public._rgpd_from_keep_token(token)._rgpd_keep_data()
        self.env.invalidate_all()
        self.assertFalse(
            self.policy._rgpd_due_domain(60, noticed=False)
            and idle.filtered_domain(self.policy._rgpd_due_domain(60, noticed=False))
        )

    def test_bad_policies_are_refused(self):
        Policy = self.Policy
        base = {"name": "Bad", "duration_value": 3, "duration_unit": "years"}
        cases = {
            "domain": {"domain": "[('no_such_field', '=', 1)]"},
            "syntax": {"domain": "[('name', '=',"},
            "duration": {"duration_value": 0},
            "negative": {"duration_value": -2},
            "date field": {
                "date_field_id": self.env["ir.model.fields"]._get("crm.lead", "date_closed").id
            },
            "lead without date": {"model_id": self.env["ir.model"]._get("crm.lead").id},
        }
        for case, vals in cases.items():
            with (
                self.subTest(case=case),
                self.assertRaises(ValidationError),
                self.env.cr.savepoint(),
            ):
                Policy.create({**base, **vals})

    def test_a_policy_broken_since_saved_does_not_stop_the_others(self):
        idle = self.make_idle(1)
        broken = self.policy.copy({"name": "Broken", "sequence": 1})
        self.env.cr.execute(
            "UPDATE rgpd_retention_policy SET domain = %s WHERE id = %s",
            ["[('field_of_an_uninstalled_app', '=', 1)]", broken.id],
        )
        broken.invalidate_recordset(["domain"])
        self.run_cron()
        self.assertTrue(idle.rgpd_anonymized)
        self.assertIn("Not run", broken.message_ids[:1].body)
