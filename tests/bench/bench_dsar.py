# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The data-subject request benchmark: export, erasure sweep, request kanban.

Works on one database filled by generate.py, with the three addons and
Odoo's privacy_lookup (the reference the export is compared with, in the
same run). Made when absent. 10,000 requests are created once for the
kanban; every other measure runs in a transaction that is rolled back, so
the script can run again. Prints PASS or FAIL per target and exits with
status 1 when a target is missed.

Usage, from the repository with the project's environment::

    source setup/common.sh && prepare
    python tests/bench/bench_dsar.py [--db rgpd_bench_dsar] [--partners 50000]
"""

import argparse
import datetime
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

import odoo
from odoo.modules.registry import Registry

HERE = Path(__file__).resolve().parent
_SPEC = importlib.util.spec_from_file_location("rgpd_bench_consent", HERE / "bench_consent.py")
bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench)

MODULES = f"{bench.SUITE},privacy_lookup"
REQUESTS = 10_000
REQUEST_BATCH = 1_000
KANBAN_LIMIT = 80
EXPORT_RUNS = 3
# The targets of issue 8.
GATHER_S = 0.3
EXPORT_S = 3
SWEEP_S = 30
KANBAN_MS = 300
KANBAN_SPEC = {
    "name": {},
    "request_type": {},
    "partner_id": {"fields": {"display_name": {}}},
    "requester_email": {},
    "activity_ids": {"fields": {}},
    "activity_state": {},
    "color": {},
    "days_left": {},
    "state": {},
    "user_id": {"fields": {"display_name": {}}},
}


def ensure_database(args):
    if bench._db_exists(args.db):
        if args.update:
            bench._odoo_bin(args.config, "-d", args.db, "-u", bench.SUITE)
        return
    print(f"{args.db}: installing {MODULES} and generating {args.partners} partners", flush=True)
    bench._odoo_bin(args.config, "-d", args.db, "-i", MODULES)
    with Registry(args.db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.api.SUPERUSER_ID, {})
        bench.generate.generate(env, args.partners, args.seed)


def setup_requests(env):
    """10,000 open requests spread over the partners, once, committed."""
    Request = env["rgpd.dsar.request"].with_context(
        rgpd_dsar_no_mail=True, mail_create_nolog=True, mail_create_nosubscribe=True
    )
    existing = Request.search_count([])
    if existing >= REQUESTS:
        return
    start = time.perf_counter()
    env.cr.execute(
        "SELECT id FROM res_partner WHERE active AND email IS NOT NULL AND NOT is_company "
        "ORDER BY id LIMIT %s",
        [REQUESTS - existing],
    )
    partner_ids = [row[0] for row in env.cr.fetchall()]
    types = [key for key, _label in Request._fields["request_type"].selection]
    for begin in range(0, len(partner_ids), REQUEST_BATCH):
        Request.create(
            [
                {
                    "partner_id": partner_id,
                    "request_type": types[number % len(types)],
                    "channel": "email",
                    "date_received": datetime.date.today() - datetime.timedelta(days=number % 40),
                }
                for number, partner_id in enumerate(partner_ids[begin : begin + REQUEST_BATCH])
            ]
        )
        env.flush_all()
        env.cr.commit()
        env.invalidate_all()
    print(f"set-up: {len(partner_ids)} requests in {time.perf_counter() - start:.1f} s")


def _median(durations):
    return statistics.median(durations)


def bench_gather(env, partner, runs):
    """The JSON/CSV part of the export against privacy_lookup on the same
    person, alternately; returns (records, models, export s, lookup s, lookup rows)."""
    request = (
        env["rgpd.dsar.request"]
        .with_context(rgpd_dsar_no_mail=True)
        .create({"partner_id": partner.id, "request_type": "access", "channel": "email"})
    )
    ours, theirs = [], []
    data = lookup_rows = None
    for _run in range(runs + 1):
        env.invalidate_all()
        start = time.perf_counter()
        data = request._rgpd_export_data()
        ours.append(time.perf_counter() - start)
        env.invalidate_all()
        wizard = env["privacy.lookup.wizard"].create({"name": partner.name, "email": partner.email})
        start = time.perf_counter()
        wizard.action_lookup()
        theirs.append(time.perf_counter() - start)
        lookup_rows = len(wizard.line_ids)
    records = sum(len(model["records"]) for model in data["models"])
    # The first run only warms the caches up.
    return records, len(data["models"]), _median(ours[1:]), _median(theirs[1:]), lookup_rows


def bench_export(env, partner, runs):
    """The whole export with its PDF (wkhtmltopdf), attachment included."""
    request = (
        env["rgpd.dsar.request"]
        .with_context(rgpd_dsar_no_mail=True)
        .create(
            {
                "partner_id": partner.id,
                "request_type": "access",
                "channel": "email",
                "state": "in_progress",
                "identity_verified": True,
            }
        )
    )
    durations = []
    for _run in range(runs + 1):
        env.invalidate_all()
        start = time.perf_counter()
        request.action_generate_export()
        env.flush_all()
        durations.append(time.perf_counter() - start)
    # The first run only warms up (the report's assets, wkhtmltopdf's cache).
    return _median(durations[1:]), len(request.export_attachment_id.raw)


def bench_sweep(env, partner):
    """The whole-database sweep of one person's former name, email and phone."""
    values = [partner.name, partner.email, partner.phone]
    start = time.perf_counter()
    found = env["rgpd.data.map"]._rgpd_scan_database(values)
    return time.perf_counter() - start, len(found)


def bench_kanban(env, runs):
    """web_search_read of the request kanban (its first 80 cards, all states)."""
    Request = env["rgpd.dsar.request"]
    total = Request.search_count([])
    durations = []
    for _run in range(runs + 1):
        env.invalidate_all()
        start = time.perf_counter()
        Request.web_search_read([], KANBAN_SPEC, limit=KANBAN_LIMIT, count_limit=10001)
        durations.append(time.perf_counter() - start)
    return total, _median(durations[1:]) * 1000


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="rgpd_bench_dsar")
    parser.add_argument("--partners", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=7, help="runs of each short measure")
    parser.add_argument("--update", action="store_true", help="update the addons in --db first")
    parser.add_argument(
        "--config",
        default=os.environ.get("ODOO_CONF", str(HERE.parents[1] / ".local" / "odoo.conf")),
    )
    args = parser.parse_args(argv)
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    ensure_database(args)
    with Registry(args.db).cursor() as cr:
        setup_requests(bench._admin_env(cr))
    bench.vacuum(args.db, (*bench.VACUUMED, "rgpd_dsar_request", "mail_activity"))

    with Registry(args.db).cursor() as cr:
        env = bench._admin_env(cr)
        env.cr.execute(
            "SELECT p.id FROM res_partner p JOIN mail_message m "
            "ON m.model = 'res.partner' AND m.res_id = p.id "
            "WHERE p.email IS NOT NULL AND p.phone IS NOT NULL ORDER BY p.id DESC LIMIT 1"
        )
        partner = env["res.partner"].browse(env.cr.fetchone()[0])
        print(
            f"{args.db}: {env['res.partner'].search_count([])} partners, "
            f"{env['mail.message'].search_count([])} messages; measuring "
            f"(load average {os.getloadavg()[0]:.2f})...",
            flush=True,
        )
        records, models, gather_s, lookup_s, lookup_rows = bench_gather(env, partner, args.runs)
        cr.rollback()
        export_s, export_size = bench_export(env, partner, EXPORT_RUNS)
        cr.rollback()
        sweep_s, sweep_found = bench_sweep(env, partner)
        cr.rollback()
        total, kanban_ms = bench_kanban(env, args.runs)
        cr.rollback()

    print(f"measured (load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs)")
    results = [
        bench._report(
            f"gather one partner's data ({records} records, {models} models), median of "
            f"{args.runs}",
            f"{gather_s:.3f} s; privacy_lookup on the same email {lookup_s:.3f} s "
            f"({lookup_rows} rows), ratio {gather_s / lookup_s:.2f} "
            f"(targets < {GATHER_S} s and ratio <= 1)",
            gather_s < GATHER_S and gather_s <= lookup_s,
        ),
        bench._report(
            f"whole export with its PDF, median of {EXPORT_RUNS} after a warm-up",
            f"{export_s:.2f} s, ZIP of {export_size / 1024:.0f} KiB (target < {EXPORT_S} s)",
            export_s < EXPORT_S,
        ),
        bench._report(
            "erasure sweep of one person over every text column",
            f"{sweep_s:.1f} s, found in {sweep_found} columns (target < {SWEEP_S} s)",
            sweep_s < SWEEP_S,
        ),
        bench._report(
            f"request kanban web_search_read over {total} requests, median of {args.runs}",
            f"{kanban_ms:.0f} ms (target < {KANBAN_MS} ms)",
            kanban_ms < KANBAN_MS,
        ),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
