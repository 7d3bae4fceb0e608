# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Policy runs shared by several Odoo processes on one database: real
processes (each loads the registry and runs the policy as the scheduled
action does), real PostgreSQL, real kill -9."""

import os
import signal
import subprocess
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import SQL

# A worker: load the registry, say "ready", wait for "go", run one policy.
WORKER = """
import sys
import odoo
from odoo.modules.registry import Registry

config, db, policy_id, batch_size = sys.argv[1:]
odoo.tools.config.parse_config(["-c", config, "--log-level=warn"])
registry = Registry(db)
print("ready", flush=True)
sys.stdin.readline()
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    env["rgpd.retention.policy"].browse(int(policy_id))._rgpd_run(int(batch_size))
print("done", flush=True)
"""
# The advisory lock a test holds to stop a worker in the middle of a batch.
PAUSE_LOCK = (0x52475044, 424242)
STARTUP_S = 120


class WorkersCase(BaseCase):
    """Contacts idle for four years, due under a policy; workers run it."""

    COUNT = 6

    def setUp(self):
        super().setUp()
        self.db_name = get_db_name()
        self.db = db_connect(self.db_name)
        self.workers = []
        with self.db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"mail_create_nolog": True})
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"Worker Person {i}",
                        "email": f"worker{i}@workers.example.org",
                        "phone": f"+33 6 00 00 {i // 100:02d} {i % 100:02d}",
                    }
                    for i in range(self.COUNT)
                ]
            )
            env["rgpd.retention.policy"]._rgpd_demo_backdate(partners.ids, 4)
            self.partner_ids = partners.ids
            self.policy_id = (
                env["rgpd.retention.policy"]
                .create(
                    {
                        "name": "Workers",
                        "domain": "[('email', 'ilike', '@workers.example.org')]",
                        "duration_value": 3,
                        # Not run by the cron of the database: only by the workers.
                        "active": False,
                    }
                )
                .id
            )
            Suppression = env["rgpd.suppression"]
            self.digests = [Suppression._rgpd_digest("email", p.email) for p in partners] + [
                Suppression._rgpd_digest("phone", p.phone) for p in partners
            ]
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
            worker.wait()
        with self.db.cursor() as cr:
            cr.execute("DROP TRIGGER IF EXISTS rgpd_test_pause ON res_partner")
            cr.execute("DROP FUNCTION IF EXISTS rgpd_test_pause()")
            # Logs refuse to be deleted through the ORM: remove the test's rows directly.
            cr.execute("DELETE FROM rgpd_retention_log WHERE policy_id = %s", [self.policy_id])
            cr.execute("DELETE FROM rgpd_suppression WHERE digest = ANY(%s)", [self.digests])
            cr.execute("DELETE FROM rgpd_retention_policy WHERE id = %s", [self.policy_id])
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            env["res.partner"].browse(self.partner_ids).unlink()

    # ------------------------------------------------------------------

    def start_workers(self, count, batch_size):
        """Start `count` worker processes, wait until each has loaded the
        registry, then let them all go at once."""
        started = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WORKER,
                    odoo.tools.config["config"],
                    self.db_name,
                    str(self.policy_id),
                    str(batch_size),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _i in range(count)
        ]
        self.workers += started
        for worker in started:
            line = worker.stdout.readline()
            self.assertEqual(line.strip(), "ready", line or worker.stderr.read())
        for worker in started:
            worker.stdin.write("go\n")
            worker.stdin.flush()
        return started

    def finish(self, worker):
        """Wait for a worker; it must end well, without a traceback."""
        out, err = worker.communicate(timeout=STARTUP_S)
        self.assertEqual((worker.returncode, out.split()), (0, ["done"]), err)
        self.assertNotIn("Traceback", err)
        self.assertNotIn("could not serialize", err)

    def pause_partner(self, partner_id):
        """Make the worker that marks this contact anonymized wait, in the
        middle of its batch, for an advisory lock this test holds (a
        trigger, as a slow disk or a long statement would)."""
        with self.db.cursor() as cr:
            cr.execute(
                SQL(
                    """
                    CREATE FUNCTION rgpd_test_pause() RETURNS trigger AS $$
                    BEGIN
                        PERFORM pg_advisory_lock(%(key1)s, %(key2)s);
                        PERFORM pg_advisory_unlock(%(key1)s, %(key2)s);
                        RETURN NEW;
                    END $$ LANGUAGE plpgsql;
                    CREATE TRIGGER rgpd_test_pause BEFORE UPDATE ON res_partner FOR EACH ROW
                      WHEN (NEW.rgpd_anonymized AND OLD.rgpd_anonymized IS NOT TRUE
                            AND OLD.id = %(partner)s)
                      EXECUTE FUNCTION rgpd_test_pause();
                    """,
                    key1=PAUSE_LOCK[0],
                    key2=PAUSE_LOCK[1],
                    partner=partner_id,
                )
            )
        pause_cr = self.db.cursor()
        pause_cr.execute("SELECT pg_advisory_lock(%s, %s)", PAUSE_LOCK)
        pause_cr.commit()

        def release():
            if not pause_cr.closed:
                pause_cr.execute("SELECT pg_advisory_unlock_all()")
                pause_cr.commit()
                pause_cr.close()

        self.addCleanup(release)
        return release

    def wait_paused(self):
        """The PostgreSQL backend of the worker waiting on the pause lock."""
        deadline = time.monotonic() + STARTUP_S
        while time.monotonic() < deadline:
            with self.db.cursor() as cr:
                cr.execute(
                    """SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                          AND classid = %s AND objid = %s""",
                    PAUSE_LOCK,
                )
                row = cr.fetchone()
            if row:
                return row[0]
            time.sleep(0.2)
        self.fail("no worker reached the paused contact")

    def state(self):
        """{partner id: (name, email, anonymized, logs of the policy)} and the
        number of the contacts' emails and phones on the suppression list."""
        with self.db.cursor() as cr:
            cr.execute(
                """SELECT p.id, p.name, p.email, COALESCE(p.rgpd_anonymized, FALSE),
                          (SELECT count(*) FROM rgpd_retention_log l
                            WHERE l.policy_id = %s AND l.partner_ref = p.id)
                     FROM res_partner p WHERE p.id = ANY(%s)""",
                [self.policy_id, self.partner_ids],
            )
            rows = {row[0]: row[1:] for row in cr.fetchall()}
            cr.execute(
                "SELECT count(*) FROM rgpd_suppression WHERE digest = ANY(%s)", [self.digests]
            )
            return rows, cr.fetchone()[0]

    def policy_figures(self):
        with self.db.cursor() as cr:
            policy = api.Environment(cr, SUPERUSER_ID, {})["rgpd.retention.policy"]
            policy = policy.browse(self.policy_id)
            return policy.last_run_done, policy.last_run_failed

    def assert_untouched(self, rows, partner_ids):
        for partner_id in partner_ids:
            index = self.partner_ids.index(partner_id)
            self.assertEqual(
                rows[partner_id],
                (f"Worker Person {index}", f"worker{index}@workers.example.org", False, 0),
            )

    def assert_anonymized_once(self, rows, partner_ids):
        for partner_id in partner_ids:
            name, email, anonymized, logs = rows[partner_id]
            self.assertEqual(
                (name, email, anonymized, logs),
                (f"Anonymized contact #{partner_id}", None, True, 1),
            )


@tagged("post_install", "-at_install")
class TestKilledWorker(WorkersCase):
    def test_killed_mid_batch_rolls_back_and_next_run_takes_it(self):
        first, second = self.partner_ids[:3], self.partner_ids[3:]
        # Batches of 3: the worker stops in its second batch, after the
        # contacts' data were rewritten and their emails listed, before
        # the batch is committed.
        release = self.pause_partner(second[1])
        [worker] = self.start_workers(1, batch_size=3)
        backend = self.wait_paused()
        rows, _listed = self.state()
        self.assert_anonymized_once(rows, first)
        self.assert_untouched(rows, second)

        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        self.assertEqual(worker.returncode, -signal.SIGKILL)
        # Its PostgreSQL backend finishes the statement it was in, finds the
        # client gone and rolls the batch back.
        release()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with self.db.cursor() as cr:
                cr.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend])
                if not cr.fetchone():
                    break
            time.sleep(0.2)
        else:
            self.fail("the killed worker's transaction is still open")

        rows, listed = self.state()
        self.assert_anonymized_once(rows, first)
        # Nothing of the killed batch is left half done: names, emails,
        # flags and logs as before, and only the first batch's emails and
        # phones on the suppression list.
        self.assert_untouched(rows, second)
        self.assertEqual(listed, 2 * len(first))

        # The next run (another process) takes the batch, and only it.
        [worker] = self.start_workers(1, batch_size=3)
        self.finish(worker)
        rows, listed = self.state()
        self.assert_anonymized_once(rows, self.partner_ids)
        self.assertEqual(listed, 2 * self.COUNT)
        self.assertEqual(self.policy_figures(), (len(second), 0))


@tagged("post_install", "-at_install")
class TestFourWorkers(WorkersCase):
    COUNT = 120

    def test_workers_share_one_run(self):
        # The first worker stops in its first batch (of 5), holding it; the
        # three others come while it waits, join the same run and share
        # the rest without waiting for it.
        release = self.pause_partner(self.partner_ids[2])
        [first] = self.start_workers(1, batch_size=5)
        self.wait_paused()
        others = self.start_workers(3, batch_size=5)
        for worker in others:
            self.finish(worker)
        rows, _listed = self.state()
        self.assert_untouched(rows, self.partner_ids[:5])
        self.assert_anonymized_once(rows, self.partner_ids[5:])
        release()
        self.finish(first)
        rows, listed = self.state()
        # Each contact once, by one of the four, in one run.
        self.assert_anonymized_once(rows, self.partner_ids)
        self.assertEqual(listed, 2 * self.COUNT)
        self.assertEqual(self.policy_figures(), (self.COUNT, 0))
