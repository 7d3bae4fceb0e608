# Copyright 2026 RGPD Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The dashboard benchmark: the Privacy Officer's dashboard opening time.

Works on a database filled by generate.py (50,000 partners), made when
absent, to which it adds once 100,000 consents (three purposes, a tenth of
the newsletter's withdrawn again), 10,000 data-subject requests and a few
breaches. It then measures, as the administrator (an Officer) with cold
caches, what opening the dashboard asks of the server: `rgpd.dashboard.get_data`
and the chart's `formatted_read_group` over the consent events, with the
shipped retention policies inactive (as installed) and active; then the
retention figures the dashboard fills in once shown (each active policy
counts the records it will process within 30 days). Prints PASS or FAIL
against the target (opening under 1 s) and exits with status 1 when missed.

Usage, from the repository with the project's environment::

    source setup/common.sh && prepare
    python tests/bench/bench_dashboard.py [--db rgpd_bench_dashboard] [--runs 7]
"""

import argparse
import datetime
import importlib.util
import os
import random
import statistics
import sys
import time
from pathlib import Path

import odoo
from odoo.modules.registry import Registry
from odoo.tools import SQL

HERE = Path(__file__).resolve().parent
_SPEC = importlib.util.spec_from_file_location("rgpd_bench_consent", HERE / "bench_consent.py")
bench_consent = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench_consent)

CONSENTS = 100_000
WITHDRAWN_SHARE = 0.1
REQUESTS = 10_000
REQUEST_TYPES = ("access", "rectification", "erasure", "restriction", "portability", "objection")
REQUEST_STATES = ("new", "identity_check", "in_progress", "waiting_requester", "done", "cancelled")
BREACHES = 20
POLICIES = ("prospects", "customers", "leads")
BATCH = 10_000
TARGET_MS = 1000
VACUUMED = ("rgpd_consent", "rgpd_consent_event", "rgpd_dsar_request", "rgpd_breach")


def setup_consents(env, seed):
    """Give the three purposes' consents to two partners in three, in
    batches through the ledger, and withdraw a tenth of the newsletter's."""
    Purpose, Consent = env["rgpd.purpose"], env["rgpd.consent"]
    if Consent.search_count([]) >= CONSENTS:
        return
    for code, name, months, _share in bench_consent.PURPOSES:
        if not Purpose.search_count([("code", "=", code)]):
            Purpose.create({"name": name, "code": code, "consent_validity_months": months})
    env.cr.execute(SQL("SELECT id FROM res_partner WHERE active AND email IS NOT NULL ORDER BY id"))
    partner_ids = [partner_id for (partner_id,) in env.cr.fetchall()]
    rng = random.Random(seed)
    per_purpose = CONSENTS // len(bench_consent.PURPOSES) + 1
    start = time.perf_counter()
    for code, *_rest in bench_consent.PURPOSES:
        ids = rng.sample(partner_ids, min(per_purpose, len(partner_ids)))
        for begin in range(0, len(ids), BATCH):
            partners = env["res.partner"].browse(ids[begin : begin + BATCH])
            partners.rgpd_give_consent(code, "phone", note="Benchmark set-up")
            if code == "newsletter":
                withdrawn = partners[: round(len(partners) * WITHDRAWN_SHARE)]
                withdrawn.rgpd_withdraw_consent(code, "phone", note="Benchmark set-up")
            env.flush_all()
            env.cr.commit()
            env.invalidate_all()
    print(f"set-up: {Consent.search_count([])} consents in {time.perf_counter() - start:.1f} s")


def setup_requests(env, seed):
    """10,000 requests received over the last 60 days, in every state, and
    a few breaches; no mail and no tracking (a set-up, not a measure)."""
    Request = env["rgpd.dsar.request"].with_context(
        tracking_disable=True, rgpd_dsar_no_mail=True, mail_create_nolog=True
    )
    missing = REQUESTS - Request.search_count([])
    if missing <= 0:
        return
    start = time.perf_counter()
    rng = random.Random(seed)
    env.cr.execute(SQL("SELECT id FROM res_partner WHERE active AND email IS NOT NULL LIMIT 40000"))
    partner_ids = [partner_id for (partner_id,) in env.cr.fetchall()]
    today = datetime.date.today()
    for begin in range(0, missing, 1000):
        requests = Request.create(
            [
                {
                    "partner_id": rng.choice(partner_ids),
                    "request_type": rng.choice(REQUEST_TYPES),
                    "channel": "email",
                    "date_received": today - datetime.timedelta(days=rng.randrange(60)),
                }
                for _number in range(min(1000, missing - begin))
            ]
        )
        env.flush_all()
        # The states of a set-up, written straight: no workflow to replay.
        env.cr.execute(
            SQL(
                "UPDATE rgpd_dsar_request SET state = (%s::varchar[])[1 + id %% %s]"
                " WHERE id = ANY(%s)",
                list(REQUEST_STATES),
                len(REQUEST_STATES),
                requests.ids,
            )
        )
        env.cr.commit()
        env.invalidate_all()
    Breach = env["rgpd.breach"].with_context(tracking_disable=True)
    now = datetime.datetime.now().replace(microsecond=0)
    Breach.create(
        [
            {
                "title": f"Benchmark breach {number}",
                "date_aware": now - datetime.timedelta(hours=6 * number),
            }
            for number in range(BREACHES)
        ]
    )
    env.cr.commit()
    print(f"set-up: {Request.search_count([])} requests in {time.perf_counter() - start:.1f} s")


def open_dashboard(env):
    """What the dashboard asks of the server before it shows."""
    data = env["rgpd.dashboard"].get_data()
    env["rgpd.consent.event"].formatted_read_group(
        data["consents"]["domain"], ["purpose_id", "new_state"], ["__count"]
    )
    return data


def retention_figures(env):
    """What it asks next, filled in once ready: the records due per policy."""
    return env["rgpd.dashboard"].get_retention_data()


def measure(env, function, runs):
    """Median and slowest seconds of `runs` cold calls of `function`."""
    function(env)  # warm-up: the registry's caches, not the data's
    durations = []
    for _run in range(runs):
        env.invalidate_all()
        start = time.perf_counter()
        function(env)
        durations.append(time.perf_counter() - start)
    return statistics.median(durations), max(durations)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", default="rgpd_bench_dashboard", help="database with the three addons"
    )
    parser.add_argument("--partners", type=int, default=50_000, help="partners of a new database")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--update", action="store_true", help="update the addons in --db first")
    parser.add_argument(
        "--config",
        default=os.environ.get("ODOO_CONF", str(HERE.parents[1] / ".local" / "odoo.conf")),
        help="Odoo configuration file (default: $ODOO_CONF, written by setup/common.sh)",
    )
    args = parser.parse_args(argv)
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    bench_consent.ensure_database(args.db, bench_consent.SUITE, args)
    with Registry(args.db).cursor() as cr:
        env = bench_consent._admin_env(cr)
        setup_consents(env, args.seed)
        setup_requests(env, args.seed)
    bench_consent.vacuum(args.db, VACUUMED)

    with Registry(args.db).cursor() as cr:
        env = bench_consent._admin_env(cr)
        print(
            f"{args.db}: {env['res.partner'].search_count([])} partners, "
            f"{env['rgpd.consent'].search_count([])} consents, "
            f"{env['rgpd.consent.event'].search_count([])} consent events, "
            f"{env['rgpd.dsar.request'].search_count([])} requests, "
            f"{env['rgpd.breach'].search_count([])} breaches",
            flush=True,
        )
        results = {"opening": measure(env, open_dashboard, args.runs)}
        shipped = (
            env["rgpd.retention.policy"]
            .with_context(active_test=False)
            .search(
                [("id", "in", [env.ref(f"rgpd_retention.policy_{name}").id for name in POLICIES])]
            )
        )
        shipped.active = True
        results["opening, policies active"] = measure(env, open_dashboard, args.runs)
        retention = measure(env, retention_figures, args.runs)
        cr.rollback()
    print(f"measured (load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs)")
    passed = True
    for label, (median, slowest) in results.items():
        ok = median * 1000 < TARGET_MS
        passed &= ok
        print(
            f"{'PASS' if ok else 'FAIL'}  dashboard {label} (get_data and the chart's "
            f"read_group), median of {args.runs}: {median * 1000:.0f} ms, slowest "
            f"{slowest * 1000:.0f} ms (target < {TARGET_MS} ms)"
        )
    median, slowest = retention
    print(
        f"info  retention figures of the {len(shipped)} shipped policies, filled in after "
        f"the opening, median of {args.runs}: {median * 1000:.0f} ms, slowest "
        f"{slowest * 1000:.0f} ms"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
