# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The purpose mailing benchmark: recipients and sending, with and without a purpose.

Works on the database of bench_consent.py (the three addons, 50,000
generated partners, 15,000 of them consenting to the newsletter), made when
absent. Once, it adds a mailing list holding one mailing contact per
partner (50,000) and a list of 10,000 mailing contacts whose contacts all
consented, then commits. It measures, in the same run:

* the recipients of a mailing to the 50,000 mailing contacts
  (`mailing.mailing._get_recipients`) for the newsletter purpose, against
  the same mailing without a purpose: ratio at most 1.5 (issue 15);
* the "left out, and why" figures of the mailing form over the same 50,000
  (one aggregate query) and its "See who" list: under 300 ms;
* sending a mailing to 200 consenting contacts (``--send-size``), mails
  rendered and handed to a local SMTP sink started by this script, for the
  newsletter purpose against the same mailing without a purpose: ratio at
  most 1.2.

Sending commits (mass_mailing commits its batches outside tests): each
sending's mailing and traces are deleted afterwards. Prints PASS or FAIL
per target and exits with status 1 when a target is missed.

Usage, from the repository with the project's environment::

    source setup/common.sh && prepare
    python tests/bench/bench_mailing.py [--db rgpd_bench] [--runs 5] [--send-runs 2]
"""

import argparse
import importlib.util
import os
import socketserver
import statistics
import sys
import threading
import time
from pathlib import Path

import odoo
from odoo.fields import Command
from odoo.modules.registry import Registry

HERE = Path(__file__).resolve().parent
_SPEC = importlib.util.spec_from_file_location("rgpd_bench_consent", HERE / "bench_consent.py")
bench_consent = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench_consent)

ALL_LIST = "Benchmark: every partner"
CONSENTED_LIST = "Benchmark: 10,000 consenting"
SEND_SIZE = 200
CONTACT_BATCH = 5_000
RECIPIENTS_RATIO = 1.5
EXCLUSION_MS = 300
SEND_RATIO = 1.2
BODY = (
    "<p>Hello,</p><p>Our news of the month.</p>"
    "<p><a href='/unsubscribe_from_list'>Unsubscribe</a></p>"
)


class SmtpSink(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept and drop every mail."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 rgpd-bench-sink ESMTP")
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command.startswith((b"EHLO", b"HELO")):
                self.reply("250-rgpd-bench-sink")
                self.reply("250 8BITMIME")
            elif command == b"DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                self.reply("250 OK")
            elif command == b"QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.reply("250 OK")


def start_sink():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpSink)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def setup_lists(env, seed):
    """The two mailing lists, once: every partner, and 10,000 consenting."""
    MailingList = env["mailing.list"].with_context(tracking_disable=True)
    lists = {
        name: MailingList.search([("name", "=", name)], limit=1)
        for name in (ALL_LIST, CONSENTED_LIST)
    }
    if all(lists.values()):
        return lists
    bench_consent.setup_consents(env, seed)
    start = time.perf_counter()
    partners = env["res.partner"].search_fetch(
        [("email_normalized", "!=", False), ("is_company", "=", False)],
        ["name", "email"],
        order="id",
    )
    consenting = env["res.partner"].search(
        [("rgpd_consented_purpose_ids.code", "=", "newsletter")], order="id", limit=SEND_SIZE
    )
    for name, members in ((ALL_LIST, partners), (CONSENTED_LIST, consenting)):
        mailing_list = MailingList.create({"name": name})
        for begin in range(0, len(members), CONTACT_BATCH):
            batch = members[begin : begin + CONTACT_BATCH]
            env["mailing.contact"].with_context(
                tracking_disable=True, mail_create_nolog=True
            ).create(
                [
                    {"name": p.name, "email": p.email, "list_ids": [Command.link(mailing_list.id)]}
                    for p in batch
                ]
            )
            env.flush_all()
            env.cr.commit()
            env.invalidate_all()
        lists[name] = mailing_list
    env.cr.commit()
    print(
        f"set-up: mailing lists of {len(partners)} and {len(consenting)} contacts "
        f"in {time.perf_counter() - start:.1f} s"
    )
    return lists


def _mailing(env, mailing_list, purpose):
    return env["mailing.mailing"].create(
        {
            "subject": "Benchmark mailing",
            "email_from": "news@example.com",
            "body_html": BODY,
            "mailing_model_id": env["ir.model"]._get_id("mailing.list"),
            "contact_list_ids": [Command.set(mailing_list.ids)],
            "rgpd_purpose_id": purpose.id,
        }
    )


def bench_recipients(env, mailing_list, purpose, runs):
    """Median seconds of _get_recipients with and without the purpose, alternately."""
    mailings = {
        "purpose": _mailing(env, mailing_list, purpose),
        "none": _mailing(env, mailing_list, purpose.browse()),
    }
    counts = {name: len(m._get_recipients()) for name, m in mailings.items()}
    durations = {name: [] for name in mailings}
    for _run in range(runs):
        for name, mailing in mailings.items():
            env.invalidate_all()
            durations[name].append(bench_consent._timed(mailing._get_recipients))
    env.cr.rollback()
    return counts, {name: statistics.median(values) for name, values in durations.items()}


def bench_exclusion(env, mailing_list, purpose, runs):
    """The "left out, and why" of the mailing form: its figures (count and
    summary, one aggregate query) and the "See who" list, median ms."""
    mailing = _mailing(env, mailing_list, purpose)
    fields = ["rgpd_excluded_count", "rgpd_exclusion_summary"]
    durations = {"figures": [], "see_who": []}
    for _run in range(runs):
        env.invalidate_all()
        durations["figures"].append(bench_consent._timed(lambda: mailing.read(fields)))
        env.invalidate_all()
        durations["see_who"].append(bench_consent._timed(mailing.action_rgpd_view_excluded))
    count = mailing.rgpd_excluded_count
    lines = env["rgpd.mailing.excluded"].search_count([("mailing_id", "=", mailing.id)])
    assert count == lines, f"the form counts {count} left out, See who lists {lines}"
    env.cr.rollback()
    return count, {name: statistics.median(values) for name, values in durations.items()}


def _send_once(registry, list_id, with_purpose, size):
    """Send one mailing to the first `size` contacts of the list through the
    SMTP sink; returns the seconds and the number of mails sent, then
    deletes what the sending made."""
    with registry.cursor() as cr:
        env = bench_consent._admin_env(cr)
        purpose = env["rgpd.purpose"].search([("code", "=", "newsletter")], limit=1)
        mailing_list = env["mailing.list"].browse(list_id)
        mailing = _mailing(env, mailing_list, purpose if with_purpose else purpose.browse())
        res_ids = mailing_list.contact_ids.sorted("id")[:size].ids
        cr.commit()
        start = time.perf_counter()
        mailing.action_send_mail(res_ids=res_ids)
        env["mail.mail"].search([("mailing_id", "=", mailing.id)]).send()
        env.flush_all()
        duration = time.perf_counter() - start
        cr.commit()
        sent = env["mailing.trace"].search_count(
            [("mass_mailing_id", "=", mailing.id), ("trace_status", "=", "sent")]
        )
        env["mail.mail"].search([("mailing_id", "=", mailing.id)]).unlink()
        mailing.unlink()
        cr.commit()
    return duration, sent


def bench_send(registry, list_id, runs, size):
    """Median seconds of sending to the list, with and without the purpose, alternately."""
    durations = {"purpose": [], "none": []}
    sent = {}
    for _run in range(runs):
        for name, values in durations.items():
            duration, sent[name] = _send_once(registry, list_id, name == "purpose", size)
            values.append(duration)
    return sent, {name: statistics.median(values) for name, values in durations.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="rgpd_bench", help="database with the three addons")
    parser.add_argument("--partners", type=int, default=50_000, help="partners of a new database")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=5, help="runs of the recipients measure")
    parser.add_argument("--send-runs", type=int, default=2, help="sendings of each mailing")
    parser.add_argument(
        "--send-size", type=int, default=SEND_SIZE, help="recipients of the sending measure"
    )
    parser.add_argument("--update", action="store_true", help="update the addons in --db first")
    parser.add_argument(
        "--config",
        default=os.environ.get("ODOO_CONF", str(HERE.parents[1] / ".local" / "odoo.conf")),
        help="Odoo configuration file (default: $ODOO_CONF, written by setup/common.sh)",
    )
    args = parser.parse_args(argv)
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    bench_consent.ensure_database(args.db, bench_consent.SUITE, args)
    sink = start_sink()
    odoo.tools.config["smtp_server"] = "127.0.0.1"
    odoo.tools.config["smtp_port"] = sink.server_address[1]
    odoo.tools.config["smtp_ssl"] = False

    registry = Registry(args.db)
    with registry.cursor() as cr:
        lists = setup_lists(bench_consent._admin_env(cr), args.seed)
        list_ids = {name: mailing_list.id for name, mailing_list in lists.items()}
    bench_consent.vacuum(
        args.db, (*bench_consent.SUITE_VACUUMED, "mailing_contact", "mailing_subscription")
    )

    with registry.cursor() as cr:
        env = bench_consent._admin_env(cr)
        purpose = env["rgpd.purpose"].search([("code", "=", "newsletter")], limit=1)
        print(
            f"{args.db}: {env['mailing.contact'].search_count([])} mailing contacts, "
            f"{env['rgpd.consent'].search_count([('state', '=', 'given')])} given consents; "
            f"measuring (load average {os.getloadavg()[0]:.2f})...",
            flush=True,
        )
        counts, recipients_s = bench_recipients(
            env, env["mailing.list"].browse(list_ids[ALL_LIST]), purpose, args.runs
        )
        excluded, exclusion_s = bench_exclusion(
            env, env["mailing.list"].browse(list_ids[ALL_LIST]), purpose, args.runs
        )
    print(
        f"recipients measured: {recipients_s['purpose'] * 1000:.0f} ms for the purpose, "
        f"{recipients_s['none'] * 1000:.0f} ms without; now sending...",
        flush=True,
    )
    sent, send_s = bench_send(registry, list_ids[CONSENTED_LIST], args.send_runs, args.send_size)
    sink.shutdown()

    print(f"measured (load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs)")
    recipients_ratio = recipients_s["purpose"] / recipients_s["none"]
    send_ratio = send_s["purpose"] / send_s["none"]
    results = [
        bench_consent._report(
            f"recipients of a mailing to {counts['none']} mailing contacts, median of {args.runs}",
            f"for the purpose {recipients_s['purpose'] * 1000:.0f} ms "
            f"({counts['purpose']} allowed), "
            f"without purpose {recipients_s['none'] * 1000:.0f} ms, ratio {recipients_ratio:.2f} "
            f"(target <= {RECIPIENTS_RATIO:.1f})",
            recipients_ratio <= RECIPIENTS_RATIO,
        ),
        bench_consent._report(
            f"left-out figures of the form over {counts['none']} mailing contacts "
            f"({excluded} left out), median of {args.runs}",
            f'{exclusion_s["figures"] * 1000:.0f} ms, "See who" list '
            f"{exclusion_s['see_who'] * 1000:.0f} ms (target < {EXCLUSION_MS} ms)",
            exclusion_s["figures"] * 1000 < EXCLUSION_MS,
        ),
        bench_consent._report(
            f"sending to {args.send_size} consenting recipients through an SMTP sink, "
            f"median of {args.send_runs}",
            f"for the purpose {send_s['purpose']:.1f} s ({sent['purpose']} sent), "
            f"without purpose {send_s['none']:.1f} s ({sent['none']} sent), ratio {send_ratio:.2f} "
            f"(target <= {SEND_RATIO:.1f})",
            send_ratio <= SEND_RATIO,
        ),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
