# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A server restarted in the middle of a purpose mailing (issue 15).

Real processes on the test database, committing as in production: the
process that sends (the mass mailing's scheduled action, then the mail
queue's) is killed with SIGKILL while a mail is in flight, the person of a
mail still queued withdraws meanwhile from the link of an earlier mail, on
another Odoo server (HTTP only), and the sending process starts again. Each
mail reaches its person once, and the person who withdrew gets none."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

import odoo.release
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import config

from .smtp_sink import SmtpSink

RECIPIENTS = 6
# Mails the server sends (and commits) before the one it dies with.
SENT_BEFORE_CRASH = 2
WAIT_S = 240

# The sending process: what the mass mailing's scheduled action does for a
# mailing in the queue (mailing.mailing._process_mass_mailing_queue), then the
# mail queue's (mail.mail.process_email_queue), both committing as they go,
# for this test's mailing only (the rest of the test database's queue is
# left alone).
SENDER = """
import sys
import odoo.release
from odoo.fields import Datetime
from odoo.modules.registry import Registry

options, db, mailing_id = sys.argv[1].split("\\x1f"), sys.argv[2], int(sys.argv[3])
odoo.tools.config.parse_config([*options, "--log-level=warn"])
with Registry(db).cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    mailing = env["mailing.mailing"].browse(mailing_id)
    user = mailing.user_id or mailing.write_uid or env.user
    mailing = mailing.with_context(**env["res.users"].with_user(user).context_get())
    if mailing.state in ("in_queue", "sending"):
        if mailing._get_remaining_recipients():
            mailing.state = "sending"
            mailing._action_send_mail()
        else:
            mailing.write({"state": "done", "sent_date": Datetime.now()})
    cr.commit()
    mails = env["mail.mail"].search([("mailing_id", "=", mailing_id)])
    env["mail.mail"].process_email_queue(email_ids=mails.ids)
    cr.commit()
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@tagged("post_install", "-at_install")
class TestRestartDuringMailing(BaseCase):
    def setUp(self):
        super().setUp()
        self.db = get_db_name()
        self.registry = Registry(self.db)
        self.sink = SmtpSink(hold_after=SENT_BEFORE_CRASH)
        self.addCleanup(self.sink.stop)
        self.run_id = uuid.uuid4().hex[:8]
        self.subject = f"Restart test {self.run_id}"
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"mail_create_nolog": True})
            code = f"test_restart_{self.run_id}"
            self.purpose_id = (
                env["rgpd.purpose"]
                .create(
                    {
                        "name": "Restart Test News",
                        "code": code,
                        "description": "<p>News, to test a restart.</p>",
                        "double_optin": False,
                        "company_id": False,
                    }
                )
                .id
            )
            partners = env["res.partner"].create(
                [
                    {"name": f"Restart {i}", "email": f"restart{i}-{self.run_id}@example.com"}
                    for i in range(RECIPIENTS)
                ]
            )
            self.partner_ids = partners.ids
            # Set-up: the consents were given on the phone, before the mailing.
            partners.rgpd_give_consent(code, "phone")
            self.server_id = (
                env["ir.mail_server"]
                .create(
                    {
                        "name": f"Restart test sink {self.run_id}",
                        "smtp_host": "127.0.0.1",
                        "smtp_port": self.sink.port,
                        "smtp_encryption": "none",
                    }
                )
                .id
            )
            mailing = env["mailing.mailing"].create(
                {
                    "subject": self.subject,
                    "body_html": "<p>Our news.</p>",
                    "email_from": "news@example.com",
                    "mailing_model_id": env["ir.model"]._get_id("res.partner"),
                    "mailing_domain": str([("id", "in", partners.ids)]),
                    "rgpd_purpose_id": self.purpose_id,
                    "mail_server_id": self.server_id,
                    "keep_archives": True,
                }
            )
            # "Send": in the queue, without waking this database's scheduler.
            mailing.write({"schedule_type": "now", "state": "in_queue"})
            self.mailing_id = mailing.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["mail.mail"].search([("mailing_id", "=", self.mailing_id)]).unlink()
            env["mailing.trace"].search([("mass_mailing_id", "=", self.mailing_id)]).unlink()
            env["mailing.mailing"].browse(self.mailing_id).unlink()
            env["ir.mail_server"].browse(self.server_id).unlink()
            # The ledger refuses to delete proof: remove the test's rows directly.
            cr.execute("DELETE FROM rgpd_consent_event WHERE purpose_id = %s", [self.purpose_id])
            cr.execute("DELETE FROM rgpd_consent WHERE purpose_id = %s", [self.purpose_id])
            env["rgpd.purpose"].browse(self.purpose_id).unlink()
            env["res.partner"].browse(self.partner_ids).unlink()

    # ------------------------------------------------------------------
    # Processes
    # ------------------------------------------------------------------

    def odoo_options(self):
        """The options this test run was started with, for a child process."""
        if config["config"] and Path(config["config"]).exists():
            options = ["-c", config["config"]]
        else:
            options = ["--addons-path", ",".join(config["addons_path"])]
        for key in ("db_host", "db_port", "db_user", "db_password"):
            if config[key]:
                options.append(f"--{key.replace('_', '-')}={config[key]}")
        return options

    def spawn(self, command):
        process = subprocess.Popen(command, start_new_session=True)
        self.addCleanup(self._stop, process)
        return process

    @staticmethod
    def _stop(process):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def start_sender(self):
        options = "\x1f".join(self.odoo_options())
        return self.spawn([sys.executable, "-c", SENDER, options, self.db, str(self.mailing_id)])

    def start_web_server(self):
        """Another Odoo server of the same database, serving the links only
        (no scheduler), as a second server behind the proxy would."""
        port = free_port()
        odoo_bin = Path(odoo.release.__file__).resolve().parent.parent / "odoo-bin"
        process = self.spawn(
            [
                sys.executable,
                str(odoo_bin),
                *self.odoo_options(),
                "-d",
                self.db,
                f"--db-filter=^{self.db}$",
                f"--http-port={port}",
                "--max-cron-threads=0",
                "--log-level=warn",
            ]
        )
        return process, f"http://127.0.0.1:{port}"

    def wait_for(self, condition, what, process=None):
        deadline = time.time() + WAIT_S
        while not condition():
            if process is not None and process.poll() is not None:
                self.fail(f"{what}: the process stopped (status {process.returncode})")
            if time.time() > deadline:
                self.fail(f"{what}: not within {WAIT_S} s")
            time.sleep(0.5)

    def mails(self):
        """{recipient partner id: mail state} of the mailing, as committed."""
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT t.res_id, m.state, m.failure_type FROM mailing_trace t
                     JOIN mail_mail m ON m.id = t.mail_mail_id
                    WHERE t.mass_mailing_id = %s""",
                [self.mailing_id],
            )
            return {res_id: (state, failure) for res_id, state, failure in cr.fetchall()}

    # ------------------------------------------------------------------

    def test_no_mail_twice_and_none_after_withdrawal(self):
        web, base_url = self.start_web_server()
        sender = self.start_sender()
        # The server sends two mails, and dies while the third is in flight.
        self.wait_for(self.sink.holding.is_set, "the sending", sender)
        os.killpg(sender.pid, signal.SIGKILL)
        sender.wait()
        self.sink.release()
        mails = self.mails()
        self.assertEqual(len(mails), RECIPIENTS, "the mails were queued before the crash")
        self.assertEqual(sorted(s for s, _f in mails.values()).count("sent"), SENT_BEFORE_CRASH)
        # A person whose mail has not left yet withdraws, from the link of
        # an earlier mail, on the other server.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            queued = env["res.partner"].browse(
                [pid for pid, (state, _f) in mails.items() if state == "outgoing"]
            )
            withdrawer = queued.filtered(lambda p: p.email_normalized not in self.sink.held)[-1:]
            purpose = env["rgpd.purpose"].browse(self.purpose_id)
            link = withdrawer._rgpd_consent_url(purpose, "withdraw")
            withdrawer_id, withdrawer_email = withdrawer.id, withdrawer.email_normalized
        path = link.split("/rgpd/withdraw/", 1)[1]
        self.wait_for(lambda: self._answers(base_url), "the other server", web)
        response = requests.post(
            f"{base_url}/rgpd/withdraw/{path}", data={"List-Unsubscribe": "One-Click"}, timeout=60
        )
        self.assertEqual(response.status_code, 200)
        # The server starts again and finishes the mailing.
        restarted = self.start_sender()
        self.assertEqual(restarted.wait(WAIT_S), 0)

        received = self.sink.received(self.subject)
        self.assertEqual(
            {address for address, count in received.items() if count > 1}, set(), "a mail twice"
        )
        self.assertNotIn(withdrawer_email, received, "a mail after the withdrawal")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            everyone = env["res.partner"].browse(self.partner_ids)
            expected = set(everyone.mapped("email_normalized")) - {withdrawer_email}
            self.assertEqual(set(received), expected, "everyone else got the mail once")
            mailing = env["mailing.mailing"].browse(self.mailing_id)
            self.assertEqual(mailing.state, "done")
            consent = everyone.browse(withdrawer_id)._rgpd_consents(mailing.rgpd_purpose_id)
            self.assertEqual(consent.state, "withdrawn")
        # What the marketer sees: the withdrawn person's mail cancelled as
        # opted out, the others sent.
        mails = self.mails()
        self.assertEqual(mails.pop(withdrawer_id), ("cancel", "mail_optout"))
        self.assertEqual({state for state, _f in mails.values()}, {"sent"})

    @staticmethod
    def _answers(base_url):
        try:
            return requests.get(f"{base_url}/web/health", timeout=5).ok
        except requests.RequestException:
            return False
