# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two Odoo servers in prefork mode on one database, driven both at once.

Odoo grows by running several servers (prefork workers and cron threads)
behind a reverse proxy, on one PostgreSQL. This script starts two real
`odoo-bin` servers (``--workers=2 --max-cron-threads=1 --proxy-mode``, two
HTTP ports, one database, one SMTP sink it runs itself) and checks that the
suite's links, limits, claims and mails hold across them:

1. 20 parallel confirmations of one double opt-in link, split across the two
   servers: every answer a page, exactly one "given" event, whose proof holds
   the client's address forwarded by the proxy;
2. 20 parallel one-click withdrawals of one link: exactly one "withdrawn"
   event;
3. 20 parallel sign-ups for one address on the public sign-up page: never
   more accepted than the page's limit, counted across servers, and one
   contact once the queue ran;
4. 20 parallel public request forms for one address, each form fetched from
   one server and posted to the other (sessions and CSRF tokens shared):
   never more accepted than the page's limit, as many pending requests;
5. a purpose mailing put in the queue on one server while the Officer runs
   the retention policies on the other: nobody gets the mail twice, no mail
   leaves for a contact whose anonymization was committed, each due contact
   is anonymized exactly once, every other recipient gets the mail once.

Every run makes its own purposes, contacts and addresses (and a forwarded
client address of its own), so it can run again on the same database.
It prints what it found and exits with status 1 when any count is off.

Usage, from the repository with the project's environment::

    source setup/common.sh && prepare
    python tests/bench/bench_servers.py [--db rgpd_bench_servers] [--port 8160]
                                        [--recipients 3000] [--due 2000]
"""

import argparse
import contextlib
import datetime
import importlib.util
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

import odoo
import odoo.release
from odoo.modules.registry import Registry
from odoo.sql_db import db_connect

HERE = Path(__file__).resolve().parent
_SPEC = importlib.util.spec_from_file_location(
    "rgpd_smtp_sink", HERE.parents[1] / "rgpd_consent" / "tests" / "smtp_sink.py"
)
smtp_sink = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(smtp_sink)

PARALLEL = 20
MODULES = "rgpd_consent,rgpd_retention,rgpd_dsar"
ADMIN = ("admin", "admin")
CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token"\s+value="([^"]+)"')
WAIT_S = 600


def log(message):
    print(message, flush=True)


# ----------------------------------------------------------------------
# The two servers
# ----------------------------------------------------------------------


def odoo_bin():
    return Path(odoo.release.__file__).resolve().parent.parent / "odoo-bin"


def start_server(args, index, smtp_port, logdir):
    port = args.port + index
    logfile = Path(logdir) / f"server{index}.log"
    command = [
        sys.executable,
        str(odoo_bin()),
        "-c",
        args.config,
        "-d",
        args.db,
        "--db-filter",
        f"^{args.db}$",
        "--http-port",
        str(port),
        "--gevent-port",
        str(args.port + 2 + index),
        "--workers=2",
        "--max-cron-threads=1",
        "--proxy-mode",
        "--smtp=127.0.0.1",
        f"--smtp-port={smtp_port}",
        # The cron workers run the mailing and the retention policies: let
        # them finish (README, production section: time limits).
        "--limit-time-real-cron=1800",
        # ... and the "Run manually" of a scheduled action, in an HTTP worker.
        "--limit-time-real=1800",
        "--log-level=info",
        f"--logfile={logfile}",
    ]
    process = subprocess.Popen(command, start_new_session=True)
    return process, port, logfile


def wait_ready(port, process):
    deadline = time.time() + 120
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server on port {port} stopped (status {process.returncode})")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"http://127.0.0.1:{port}/web/health", timeout=5).ok:
                return
        time.sleep(1)
    raise SystemExit(f"the server on port {port} did not answer within 120 s")


def stop_server(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# ----------------------------------------------------------------------
# The database and each run's data
# ----------------------------------------------------------------------


def db_exists(db):
    with db_connect("postgres").cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
        return bool(cr.fetchone())


def ensure_database(args):
    if db_exists(args.db):
        if args.update:
            subprocess.run(
                [
                    sys.executable,
                    odoo_bin(),
                    "-c",
                    args.config,
                    "-d",
                    args.db,
                    "-u",
                    MODULES,
                    "--log-level=warn",
                    "--stop-after-init",
                ],
                check=True,
            )
        return
    log(f"{args.db}: installing {MODULES} (a few minutes)")
    subprocess.run(
        [
            sys.executable,
            odoo_bin(),
            "-c",
            args.config,
            "-d",
            args.db,
            "-i",
            MODULES,
            "--log-level=warn",
            "--stop-after-init",
        ],
        check=True,
    )


def env_of(cr):
    return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"mail_create_nolog": True})


def prepare_run(args, run):
    """Create this run's purposes, contacts, links, mailing and policy, and
    commit. Returns what the drivers and the checks need."""
    data = {"run": run}
    with Registry(args.db).cursor() as cr:
        env = env_of(cr)
        Purpose = env["rgpd.purpose"]
        Partner = env["res.partner"]
        # The web base URL the servers make links with.
        env["ir.config_parameter"].set_param("web.base.url", f"http://127.0.0.1:{args.port}")
        letters = "abcdefghij"
        code = "bench_" + "".join(letters[int(c, 16) % 10] for c in run)
        news = Purpose.create(
            {
                "name": f"Bench news {run}",
                "code": code,
                "description": "<p>The bench's newsletter.</p>",
                "lawful_basis": "consent",
                "double_optin": True,
                "offered_publicly": True,
                "consent_validity_months": 0,
                "company_id": False,
            }
        )
        data["purpose_id"], data["purpose_code"] = news.id, code
        # 1. one confirmation link
        confirming = Partner.create(
            {"name": "Confirming Person", "email": f"confirm-{run}@example.com"}
        )
        confirming.rgpd_request_consent([code])
        data["confirm_partner"] = confirming.id
        data["confirm_token"] = confirming._rgpd_consent_token(news, "confirm")
        # 2. one withdrawal link
        withdrawing = Partner.create(
            {"name": "Withdrawing Person", "email": f"withdraw-{run}@example.com"}
        )
        withdrawing.rgpd_give_consent(code, "phone")
        data["withdraw_partner"] = withdrawing.id
        data["withdraw_token"] = withdrawing._rgpd_consent_token(news, "withdraw")
        # 3. and 4. one address for the public pages
        data["signup_email"] = f"signup-{run}@example.com"
        data["request_email"] = f"request-{run}@example.com"
        # 5. a mailing to `recipients` contacts who consented, the first `due`
        # of them idle for four years and due under a policy of this run.
        recipients = Partner.create(
            [
                {
                    "name": f"Recipient {i} {run}",
                    "email": f"r{i}-{run}@example.com",
                    "ref": f"bench_{run}",
                }
                for i in range(args.recipients)
            ]
        )
        due = recipients[: args.due]
        long_ago = datetime.datetime.now() - datetime.timedelta(days=4 * 365)
        due.rgpd_give_consent(code, "import", date=long_ago)
        (recipients - due).rgpd_give_consent(code, "import")
        env.flush_all()
        cr.execute(
            "UPDATE res_partner SET create_date = %s, write_date = %s, ref = %s WHERE id = ANY(%s)",
            [long_ago, long_ago, f"bench_due_{run}", due.ids],
        )
        env.invalidate_all()
        env["rgpd.retention.policy"].search([]).active = False
        policy = env["rgpd.retention.policy"].create(
            {
                "name": f"Bench idle 3 years {run}",
                "domain": str([("ref", "=", f"bench_due_{run}")]),
                "duration_value": 3,
                "duration_unit": "years",
                "action": "anonymize",
                "notice_days": 0,
                "company_id": False,
            }
        )
        data["policy_id"] = policy.id
        data["due"] = {p.id: p.email_normalized for p in due}
        data["kept"] = {p.id: p.email_normalized for p in recipients - due}
        mailing = env["mailing.mailing"].create(
            {
                "subject": f"Bench mailing {run}",
                "body_html": "<p>Hello, this is the bench's news.</p>",
                "email_from": "bench@example.com",
                "mailing_model_id": env["ir.model"]._get_id("res.partner"),
                "mailing_domain": str([("ref", "in", [f"bench_{run}", f"bench_due_{run}"])]),
                "rgpd_purpose_id": news.id,
            }
        )
        data["mailing_id"] = mailing.id
        # In the queue, as "Send" puts it, without waking the scheduler: the
        # bench starts the queue itself on server 0.
        mailing.write({"schedule_type": "now", "state": "in_queue"})
        data["crons"] = {
            xmlid: env.ref(xmlid).id
            for xmlid in (
                "mass_mailing.ir_cron_mass_mailing_queue",
                "mail.ir_cron_mail_scheduler_action",
                "rgpd_retention.ir_cron_retention_policies",
            )
        }
        # The public pages' limits, as the code of this checkout has them.
        from odoo.addons.rgpd_consent.models import rgpd_sign_up
        from odoo.addons.rgpd_dsar.controllers import main as dsar_main

        data["signup_limit"] = min(rgpd_sign_up.SIGN_UPS_PER_EMAIL, rgpd_sign_up.SIGN_UPS_PER_IP)
        data["request_limit"] = min(dsar_main.LIMIT_PER_EMAIL[0], dsar_main.LIMIT_PER_IP[0])
        cr.commit()
    return data


# ----------------------------------------------------------------------
# Driving the two servers
# ----------------------------------------------------------------------


class Client:
    """A visitor behind the proxy: every request says which client it
    forwards, as a reverse proxy does (X-Forwarded-For/Host/Proto)."""

    def __init__(self, port, client_ip):
        self.port = port
        self.session = requests.Session()
        self.headers = {
            "X-Forwarded-For": client_ip,
            "X-Forwarded-Host": f"127.0.0.1:{port}",
            "X-Forwarded-Proto": "http",
            "User-Agent": "bench_servers.py",
        }

    def url(self, path, port=None):
        return f"http://127.0.0.1:{port or self.port}{path}"

    def get(self, path, port=None):
        return self.session.get(self.url(path, port), headers=self._headers(port), timeout=120)

    def post(self, path, data, port=None):
        return self.session.post(
            self.url(path, port),
            data=data,
            headers=self._headers(port),
            timeout=120,
            allow_redirects=False,
        )

    def _headers(self, port):
        return {**self.headers, "X-Forwarded-Host": f"127.0.0.1:{port or self.port}"}

    def rpc(self, model, method, args, port=None):
        response = self.session.post(
            self.url("/web/dataset/call_kw", port),
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"model": model, "method": method, "args": args, "kwargs": {}},
            },
            headers=self._headers(port),
            timeout=120,
        )
        body = response.json()
        if "error" in body:
            raise RuntimeError(json.dumps(body["error"])[:2000])
        return body["result"]

    def login(self, db):
        response = self.session.post(
            self.url("/web/session/authenticate"),
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"db": db, "login": ADMIN[0], "password": ADMIN[1]},
            },
            headers=self._headers(None),
            timeout=120,
        )
        if "error" in response.json():
            raise SystemExit("cannot log in as admin/admin on the bench database")


def at_once(calls):
    """Run the callables together, released by one barrier; returns
    [(result or exception, seconds)] in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        start = time.perf_counter()
        try:
            return call(), time.perf_counter() - start
        except Exception as error:  # noqa: BLE001 - reported as a failed answer
            return error, time.perf_counter() - start

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def statuses(results):
    counts = {}
    for result, _seconds in results:
        key = result.status_code if isinstance(result, requests.Response) else type(result).__name__
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=str))


def timing(results):
    seconds = sorted(s for _r, s in results)
    return f"median {statistics.median(seconds) * 1000:.0f} ms, slowest {seconds[-1] * 1000:.0f} ms"


class Checks:
    def __init__(self):
        self.failed = []

    def check(self, ok, text):
        log(f"{'PASS' if ok else 'FAIL'}  {text}")
        if not ok:
            self.failed.append(text)


def query(db, sql, params=()):
    with db_connect(db).cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


def events(db, partner_id, purpose_id, state):
    return query(
        db,
        "SELECT ip_address FROM rgpd_consent_event"
        " WHERE partner_id = %s AND purpose_id = %s AND new_state = %s",
        [partner_id, purpose_id, state],
    )


def drive_links(args, data, ports, client_ip, checks):
    # 1. confirmations of one link: each visitor has its own session and
    # CSRF token, from the server it will post to.
    path = f"/rgpd/consent/{data['confirm_token']}"
    visitors = []
    for i in range(PARALLEL):
        client = Client(ports[i % 2], client_ip)
        token = CSRF.search(client.get(path).text)
        visitors.append((client, token and token.group(1)))
    results = at_once([lambda c=c, t=t: c.post(path, {"csrf_token": t}) for c, t in visitors])
    given = events(args.db, data["confirm_partner"], data["purpose_id"], "given")
    log(
        f"      {PARALLEL} confirmations of one link: "
        f"answers {statuses(results)}, {timing(results)}"
    )
    checks.check(
        statuses(results) == {200: PARALLEL},
        f"every confirmation answered with a page ({statuses(results)})",
    )
    checks.check(
        len(given) == 1, f"one 'given' event for {PARALLEL} parallel confirmations ({len(given)})"
    )
    checks.check(
        [row[0] for row in given] == [client_ip],
        f"the proof keeps the client's address forwarded by the proxy "
        f"({[r[0] for r in given]}, sent {client_ip})",
    )
    # 2. one-click withdrawals of one link
    path = f"/rgpd/withdraw/{data['withdraw_token']}"
    clients = [Client(ports[i % 2], client_ip) for i in range(PARALLEL)]
    results = at_once(
        [lambda c=c: c.post(path, {"List-Unsubscribe": "One-Click"}) for c in clients]
    )
    withdrawn = events(args.db, data["withdraw_partner"], data["purpose_id"], "withdrawn")
    log(
        f"      {PARALLEL} one-click withdrawals of one link: "
        f"answers {statuses(results)}, {timing(results)}"
    )
    checks.check(
        statuses(results) == {200: PARALLEL}, f"every withdrawal answered ({statuses(results)})"
    )
    checks.check(
        len(withdrawn) == 1,
        f"one 'withdrawn' event for {PARALLEL} parallel withdrawals ({len(withdrawn)})",
    )


def drive_public_pages(args, data, ports, client_ip, checks):
    # 3. sign-ups for one address
    path = f"/rgpd/subscribe/{data['purpose_code']}"
    page = Client(ports[0], client_ip).get(path)
    form_token = FORM_TOKEN.search(page.text)
    form = {
        "name": "Signing Up",
        "email": data["signup_email"],
        "consent": "on",
        "age": "over",
        "form_token": form_token and form_token.group(1),
    }
    clients = [Client(ports[i % 2], client_ip) for i in range(PARALLEL)]
    results = at_once([lambda c=c: c.post(path, form) for c in clients])
    accepted = statuses(results).get(200, 0)
    log(
        f"      {PARALLEL} sign-ups for one address: answers {statuses(results)}, {timing(results)}"
    )
    checks.check(
        accepted == data["signup_limit"] and accepted + statuses(results).get(429, 0) == PARALLEL,
        f"sign-ups accepted across servers: {accepted}, the limit is "
        f"{data['signup_limit']}; the others told to retry",
    )
    # The queue (a cron of either server) makes one contact of them.
    deadline = time.time() + 180
    while (
        time.time() < deadline
        and query(
            args.db, "SELECT count(*) FROM rgpd_sign_up WHERE purpose_id = %s", [data["purpose_id"]]
        )[0][0]
    ):
        time.sleep(2)
    contacts = query(
        args.db,
        "SELECT count(*) FROM res_partner WHERE email_normalized = %s",
        [data["signup_email"]],
    )[0][0]
    pending = query(
        args.db,
        """SELECT count(*) FROM rgpd_consent c JOIN res_partner p ON p.id = c.partner_id
            WHERE p.email_normalized = %s AND c.purpose_id = %s""",
        [data["signup_email"], data["purpose_id"]],
    )[0][0]
    checks.check(
        contacts == 1 and pending == 1,
        f"the sign-up queue made one contact ({contacts}) with one consent to confirm ({pending})",
    )
    # 4. public request forms for one address: the form comes from one
    # server, the post goes to the other (the session is shared).
    visitors = []
    for i in range(PARALLEL):
        client = Client(ports[i % 2], client_ip)
        token = CSRF.search(client.get("/rgpd/request").text)
        visitors.append((client, token and token.group(1), ports[(i + 1) % 2]))
    form = {"name": "Asking Person", "email": data["request_email"], "request_type": "access"}
    results = at_once(
        [
            lambda c=c, t=t, p=p: c.post("/rgpd/request", {**form, "csrf_token": t}, port=p)
            for c, t, p in visitors
        ]
    )
    accepted = statuses(results).get(200, 0)
    pending = query(
        args.db, "SELECT count(*) FROM rgpd_dsar_intake WHERE email = %s", [data["request_email"]]
    )[0][0]
    log(
        f"      {PARALLEL} request forms for one address: "
        f"answers {statuses(results)}, {timing(results)}"
    )
    checks.check(
        accepted == data["request_limit"] and accepted + statuses(results).get(429, 0) == PARALLEL,
        f"request forms accepted across servers: {accepted}, the limit is "
        f"{data['request_limit']}; the others told to retry",
    )
    checks.check(pending == accepted, f"as many pending requests as accepted forms ({pending})")


def drive_mailing(args, data, ports, sink, violations, checks):
    """5. the purpose mailing sent from server 0 while the retention
    policies run on server 1. Each scheduled action is started with its "Run
    manually" button (``ir.cron.method_direct_trigger``, the scheduler's
    own path, job lock included), so that the two surely run at once, each
    on its server: the mailing's queue, then the mail queue until it is
    empty, on one; the policies on the other."""
    sender, officer = Client(ports[0], "203.0.113.10"), Client(ports[1], "203.0.113.11")
    sender.login(args.db)
    officer.login(args.db)
    crons = data["crons"]
    times = {}

    def outgoing():
        return query(
            args.db,
            "SELECT count(*) FROM mail_mail WHERE mailing_id = %s AND state = 'outgoing'",
            [data["mailing_id"]],
        )[0][0]

    def mailing_state():
        return query(
            args.db, "SELECT state FROM mailing_mailing WHERE id = %s", [data["mailing_id"]]
        )[0][0]

    def send():
        start = time.time()
        # A job that fails (a serialization failure against the retention
        # run) is run again, as the scheduler would at its next call.
        for attempt in range(1, 11):
            sender.rpc(
                "ir.cron",
                "method_direct_trigger",
                [[crons["mass_mailing.ir_cron_mass_mailing_queue"]]],
            )
            times["mailing attempts"] = attempt
            if mailing_state() == "done":
                break
            time.sleep(1)
        times["mailing composed"] = time.time() - start
        deadline = start + WAIT_S
        while outgoing() and time.time() < deadline:
            try:
                sender.rpc(
                    "ir.cron",
                    "method_direct_trigger",
                    [[crons["mail.ir_cron_mail_scheduler_action"]]],
                )
            except RuntimeError as error:  # the scheduler of a server runs it already
                if "already executing" not in str(error):
                    raise
                time.sleep(2)
        times["mailing sent"] = time.time() - start

    def retain():
        start = time.time()
        officer.rpc(
            "ir.cron",
            "method_direct_trigger",
            [[crons["rgpd_retention.ir_cron_retention_policies"]]],
        )
        times["retention"] = time.time() - start

    results = at_once([send, retain])
    for result, _seconds in results:
        if result is not None:  # an exception: the server did not answer the call
            checks.check(False, f"a scheduled action could not be started: {result!r}"[:300])
    log(
        f"      mailing to {args.recipients} contacts on server 0: composed in "
        f"{times.get('mailing composed', 0):.1f} s ({times.get('mailing attempts')} run(s) of its "
        f"scheduled action), sent in {times.get('mailing sent', 0):.1f} s; "
        f"retention of {args.due} of them on server 1 at the same time: "
        f"{times.get('retention', 0):.1f} s"
    )
    state = mailing_state()
    checks.check(
        state == "done" and not outgoing(),
        f"the mailing finished ({state}, {outgoing()} mails queued)",
    )
    left = query(
        args.db,
        "SELECT count(*) FROM res_partner WHERE id = ANY(%s) AND NOT rgpd_anonymized",
        [list(data["due"])],
    )[0][0]
    checks.check(not left, f"the retention run anonymized every due contact ({left} left)")
    received = sink.received(f"Bench mailing {data['run']}")
    twice = {address: n for address, n in received.items() if n > 1}
    checks.check(not twice, f"nobody got the mailing twice ({len(twice)} did: {sorted(twice)[:5]})")
    checks.check(
        not violations,
        f"no mail left for a contact whose anonymization was committed "
        f"({len(violations)} did: {violations[:5]})",
    )
    kept = set(data["kept"].values())
    checks.check(
        kept <= set(received),
        f"every recipient not due got the mail ({len(kept & set(received))} of {len(kept)})",
    )
    before = len(set(data["due"].values()) & set(received))
    log(f"      {before} of the {args.due} due contacts got the mail before their anonymization")
    logs = query(
        args.db,
        """SELECT partner_count FROM (
               SELECT count(*) AS partner_count FROM rgpd_retention_log
                WHERE policy_id = %s AND outcome = 'anonymized' GROUP BY partner_ref) s""",
        [data["policy_id"]],
    )
    checks.check(
        len(logs) == args.due and all(row[0] == 1 for row in logs),
        f"each due contact anonymized exactly once ({len(logs)} contacts logged, "
        f"{sum(1 for row in logs if row[0] > 1)} more than once)",
    )


def server_errors(logfiles):
    """The servers' ERROR lines, but for the serialization failures (counted
    apart): Odoo logs them, then retries the request, or runs the scheduled
    action again."""
    errors, retried = [], 0
    for logfile in logfiles:
        with (
            contextlib.suppress(FileNotFoundError),
            open(logfile, encoding="utf-8", errors="replace") as handle,
        ):
            lines = handle.readlines()
        for number, line in enumerate(lines):
            if not re.match(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", line):
                continue
            following = [line]
            for later in lines[number + 1 :]:
                if re.match(r"^\S+ \S+ \d+ [A-Z]+ ", later):
                    break
                following.append(later)
            if "could not serialize access" in "".join(following):
                retried += 1
            else:
                errors.append(f"{logfile.name}: {line.rstrip()[:400]}")
    return errors, retried


def main():
    # A SIGTERM stops the servers too.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--db", default="rgpd_bench_servers")
    parser.add_argument("--config", default=os.environ.get("ODOO_CONF", ".local/odoo.conf"))
    parser.add_argument(
        "--port",
        type=int,
        default=8160,
        help="the servers' HTTP ports are PORT and PORT+1, their gevent ports PORT+2 and "
        "PORT+3, the SMTP sink PORT+4",
    )
    parser.add_argument("--recipients", type=int, default=3000)
    parser.add_argument("--due", type=int, default=2000)
    parser.add_argument("--update", action="store_true", help="update the suite's addons first")
    parser.add_argument("--keep-logs", action="store_true", help="keep the servers' log files")
    args = parser.parse_args()
    if not args.db.startswith("rgpd_bench"):
        parser.error("use a database whose name starts with rgpd_bench")
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    ensure_database(args)
    run = uuid.uuid4().hex[:8]
    data = prepare_run(args, run)
    # A client address of this run: the pages' limits count per address.
    client_ip = f"198.51.100.{random.randint(1, 254)}"
    log(
        f"run {run}: two servers on {args.db}, ports {args.port} and {args.port + 1}, "
        f"client {client_ip}"
    )

    violations = []
    due_by_address = {address: partner_id for partner_id, address in data["due"].items()}
    watch = db_connect(args.db)

    def on_message(rcpts):
        # Read in its own transaction: what is committed when the mail arrives.
        ids = [due_by_address[r] for r in rcpts if r in due_by_address]
        if ids:
            with watch.cursor() as cr:
                cr.execute(
                    "SELECT id FROM res_partner WHERE id = ANY(%s) AND rgpd_anonymized", [ids]
                )
                violations.extend(row[0] for row in cr.fetchall())

    sink = smtp_sink.SmtpSink(args.port + 4, on_message)
    logdir = tempfile.mkdtemp(prefix="bench_servers_")
    servers = [start_server(args, index, args.port + 4, logdir) for index in (0, 1)]
    checks = Checks()
    started = time.time()
    try:
        for process, port, _logfile in servers:
            wait_ready(port, process)
        log(f"      both servers answer after {time.time() - started:.1f} s")
        ports = [port for _p, port, _l in servers]
        drive_links(args, data, ports, client_ip, checks)
        drive_public_pages(args, data, ports, client_ip, checks)
        drive_mailing(args, data, ports, sink, violations, checks)
    finally:
        for process, _port, _logfile in servers:
            stop_server(process)
        sink.stop()
    errors, retried = server_errors([logfile for _p, _port, logfile in servers])
    log(f"      serialization failures Odoo retried: {retried}")
    for line in errors[:20]:
        log(f"      {line}")
    checks.check(not errors, f"no ERROR line in the servers' logs ({len(errors)})")
    if args.keep_logs or checks.failed:
        log(f"      servers' logs: {logdir}")
    log(f"{len(checks.failed)} check(s) failed" if checks.failed else "every count is right")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
