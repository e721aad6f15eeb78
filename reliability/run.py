"""Fault survival under load, in one command (`make reliability`; docs/operations.md).

Starts a PostgreSQL cluster, a Redis server and gunicorn (production settings,
deploy/gunicorn.conf.py) of its own on loopback, measures the peak throughput with wrk, then
keeps a steady load going while it injects each fault, and prints a table:

  PostgreSQL restarted mid-load   errors only while it is down, each a 503 with Retry-After
  Redis stopped for 60 s          < 0.1% errors
  kill -9 of a gunicorn worker    < 0.1% errors
  1,000 concurrent editor writes  every 2xx write stored with its history row; none half-applied
    across a PostgreSQL restart
  soak at 70% of the peak         p95 within 1.5x of the first minute; memory flat

Bounded in time: about 15 minutes with the defaults (the soak is 10 of them).
"""

import argparse
import contextlib
import json
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reliability.load import concurrent_writes, percentile, steady_load
from reliability.services import App, PostgreSQL, Redis

PATHS = [
    "/en/",
    "/en/projects/",
    "/api/v1/projects/",
    "/en/trade/",
    "/api/v1/trade-statistics/summary/",
    "/en/projects/china-kazakhstan-lianyungang-logistics-base/",
    "/api/v1/projects/?country=KZ",
    "/en/search/?q=railway",
    "/zh-hans/summits/",
    "/api/v1/summits/",
]
TIMING = {"phase": 30}  # seconds of steady load around each fault (--phase-seconds)
WRK_SCRIPT = """
paths = %s
n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1], {["X-Forwarded-Proto"] = "https"})
end
"""


def say(message):
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def measure_peak(port, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ("{" + ", ".join(json.dumps(p) for p in PATHS) + "}"))
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "10s", "-s", script.name,
         f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, timeout=seconds + 60,
    ).stdout  # fmt: skip
    Path(script.name).unlink()
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not match:
        sys.exit(f"wrk gave no throughput:\n{output}")
    return float(match.group(1))


def error_summary(results):
    errors = [r for r in results if not r.ok]
    kinds = {}
    for r in errors:
        kinds[str(r.status)] = kinds.get(str(r.status), 0) + 1
    return errors, kinds


def fault_postgres_restart(app, postgres, rate, down_seconds):
    timeline = {}

    def restart(t0):
        time.sleep(TIMING["phase"] / 3)
        timeline["down"] = time.monotonic() - t0
        postgres.stop()
        time.sleep(down_seconds)
        postgres.start()
        timeline["up"] = time.monotonic() - t0

    results = steady_load(app.port, PATHS, rate, TIMING["phase"] + down_seconds, during=restart)
    errors, kinds = error_summary(results)
    # A request sent just before the stop can fail as it lands; one sent a moment after the
    # start can find a connection that died with the old server (Django then reconnects).
    window = (timeline["down"] - 1, timeline["up"] + 2)
    outside = [r for r in errors if not window[0] <= r.sent <= window[1]]
    not_503 = [r for r in errors if r.status != 503 or not r.retry_after]
    last_error = max((r.sent for r in errors), default=timeline["up"])
    passed = not outside and not not_503 and results[-1].ok
    return {
        "fault": f"PostgreSQL stopped {down_seconds} s, then started",
        "requests": len(results),
        "errors": len(errors),
        "goal": "errors only while down; each a 503 with Retry-After; recovers by itself",
        "passed": passed,
        "detail": (
            f"down {timeline['down']:.1f}-{timeline['up']:.1f} s; errors {kinds}; "
            f"{len(outside)} outside the outage; {len(not_503)} not a 503 with Retry-After; "
            f"served again {max(0.0, last_error - timeline['up']):.1f} s after the start"
        ),
    }


def fault_redis_stop(app, redis, rate, down_seconds):
    def stop(t0):
        time.sleep(TIMING["phase"] / 3)
        redis.stop()
        time.sleep(down_seconds)
        redis.start()

    results = steady_load(
        app.port, PATHS, rate, 2 * TIMING["phase"] / 3 + down_seconds, during=stop
    )
    errors, kinds = error_summary(results)
    share = len(errors) / len(results)
    return {
        "fault": f"Redis stopped {down_seconds} s",
        "requests": len(results),
        "errors": len(errors),
        "goal": "< 0.1% errors",
        "passed": share < 0.001,
        "detail": f"{share:.3%} errors {kinds}",
    }


def fault_worker_kill(app, rate):
    killed = []

    def kill(t0):
        import os
        import signal

        time.sleep(TIMING["phase"] / 3)
        victim = app.workers()[0]
        os.kill(victim, signal.SIGKILL)
        killed.append(victim)

    results = steady_load(app.port, PATHS, rate, TIMING["phase"], during=kill)
    errors, kinds = error_summary(results)
    share = len(errors) / len(results)
    return {
        "fault": "kill -9 of a gunicorn worker",
        "requests": len(results),
        "errors": len(errors),
        "goal": "< 0.1% errors",
        "passed": share < 0.001 and killed[0] not in app.workers(),
        "detail": f"{share:.3%} errors {kinds}; worker {killed[0]} replaced",
    }


def fault_writes_across_restart(app, postgres, token, count, down_seconds):
    marker = f"fault-{int(time.time())}"
    bodies = [
        {
            "title": f"Reliability write {n}",
            "publisher": "Fault script",
            "url": f"https://example.org/{marker}/{n}",
            "published_on": "2026-11-30",
        }
        for n in range(count)
    ]
    done = {"n": 0}
    lock = threading.Lock()
    restarted = threading.Event()

    def restart():
        postgres.stop()
        time.sleep(down_seconds)
        postgres.start()

    restarter = threading.Thread(target=restart)

    def after_each(_index):
        with lock:
            done["n"] += 1
            if done["n"] == count // 3 and not restarted.is_set():
                restarted.set()
                restarter.start()

    # Spread over the phase, so that writes arrive before, during and after the outage.
    results = concurrent_writes(
        app.port, token, bodies, rate=count / TIMING["phase"], after_each=after_each
    )
    if restarter.is_alive() or restarted.is_set():
        restarter.join()
    acknowledged = {bodies[i]["url"] for i, r in enumerate(results) if r.ok}
    refused = [r for r in results if not r.ok]
    rows = postgres.sql(
        "SELECT s.url, (SELECT count(*) FROM cooperation_historicalsource h "
        "WHERE h.id = s.id AND h.history_type = '+') FROM cooperation_source s "
        f"WHERE s.url LIKE 'https://example.org/{marker}/%'"
    )
    stored = dict(line.split("|") for line in rows.splitlines() if line)
    orphans = postgres.sql(
        "SELECT count(*) FROM cooperation_historicalsource h "
        f"WHERE h.url LIKE 'https://example.org/{marker}/%' "
        "AND NOT EXISTS (SELECT 1 FROM cooperation_source s WHERE s.id = h.id)"
    )
    lost = acknowledged - set(stored)
    without_history = [url for url, n in stored.items() if n != "1"]
    _errors, kinds = error_summary(results)
    unexpected = [r.body[:200] for r in refused if r.status not in (503, "error")]
    passed = bool(acknowledged) and not lost and not without_history and orphans == "0"
    passed = passed and not unexpected
    return {
        "fault": f"{count} concurrent editor writes, PostgreSQL stopped {down_seconds} s",
        "requests": count,
        "errors": len(refused),
        "goal": "every 2xx stored with one history row; none half-applied",
        "passed": passed,
        "detail": (
            f"{len(acknowledged)} acknowledged, {len(lost)} of them missing; refused {kinds}; "
            f"{len(stored)} stored, {len(without_history)} without exactly one history row, "
            f"{orphans} history rows without a record; "
            f"{len(set(stored) - acknowledged)} refused yet stored (their answer was lost)"
            + (f"; unexpected answers such as {unexpected[0]!r}" if unexpected else "")
        ),
    }


def soak(app, rate, minutes):
    per_minute = []
    memory = [app.memory_mib()]
    for minute in range(minutes):
        results = steady_load(app.port, PATHS, rate, 60)
        latencies = [r.seconds for r in results if r.ok]
        per_minute.append(
            {
                "minute": minute + 1,
                "requests": len(results),
                "errors": sum(not r.ok for r in results),
                "p95_ms": percentile(latencies, 0.95) * 1000,
                "memory_mib": app.memory_mib(),
            }
        )
        memory.append(per_minute[-1]["memory_mib"])
        say(
            f"  soak minute {minute + 1}: {len(results) / 60:.0f} req/s, "
            f"p95 {per_minute[-1]['p95_ms']:.0f} ms, {per_minute[-1]['memory_mib']:.0f} MiB"
        )
    first = per_minute[0]["p95_ms"]
    worst = max(m["p95_ms"] for m in per_minute)
    growth = memory[-1] - memory[1]
    requests = sum(m["requests"] for m in per_minute)
    errors = sum(m["errors"] for m in per_minute)
    return {
        "fault": f"soak, {minutes} min at {rate:.0f} req/s",
        "requests": requests,
        "errors": errors,
        "goal": "p95 within 1.5x of minute 1; memory flat",
        "passed": worst <= 1.5 * first and growth < 50 and errors == 0,
        "detail": (
            f"p95 minute 1 {first:.0f} ms, worst {worst:.0f} ms ({worst / first:.2f}x); "
            f"memory {memory[1]:.0f} -> {memory[-1]:.0f} MiB ({growth:+.0f} MiB)"
        ),
        "minutes": per_minute,
    }


def print_table(rows, peak, arguments):
    print()
    print(f"Fault survival, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, "
          f"{platform.processor() or platform.machine()}; peak {peak:.0f} req/s "
          f"(wrk, 8 connections), {arguments.workers} gunicorn workers")  # fmt: skip
    print()
    print("| fault | requests | errors | goal | result | detail |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        verdict = "pass" if row["passed"] else "FAIL"
        print(
            f"| {row['fault']} | {row['requests']} | {row['errors']} | {row['goal']} | "
            f"{verdict} | {row['detail']} |"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--load-share", type=float, default=0.5,
                        help="the fault phases' load, as a share of the peak")  # fmt: skip
    parser.add_argument("--soak-minutes", type=int, default=10)
    parser.add_argument("--soak-share", type=float, default=0.7)
    parser.add_argument("--redis-seconds", type=int, default=60)
    parser.add_argument("--postgres-seconds", type=int, default=5)
    parser.add_argument("--writes", type=int, default=1000)
    parser.add_argument("--phase-seconds", type=int, default=TIMING["phase"])
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--copy-database", metavar="URL",
                        help="start from a copy of this migrated, seeded PostgreSQL database "
                             "instead of migrating and seeding")  # fmt: skip
    arguments = parser.parse_args()
    TIMING["phase"] = arguments.phase_seconds

    with tempfile.TemporaryDirectory(prefix="tracker-faults-") as name:
        folder = Path(name)
        folder.chmod(0o755)  # the postgres user must reach its data folder
        postgres, redis = PostgreSQL(folder), Redis()
        app = None
        try:
            say(f"starting PostgreSQL on :{postgres.port} and Redis on :{redis.port}")
            postgres.init()
            postgres.sql("CREATE DATABASE tracker", database="postgres")
            redis.start()
            app = App(folder, postgres, redis, arguments.workers)
            say("migrating, seeding and collecting static files")
            app.prepare(copy_from=arguments.copy_database)
            token = app.editor_token()
            app.start()
            say(f"gunicorn on :{app.port}; measuring the peak with wrk")
            measure_peak(app.port, 5)  # warm the workers and the cache
            peak = measure_peak(app.port, TIMING["phase"] // 2)
            rate = peak * arguments.load_share
            say(f"peak {peak:.0f} req/s; faults under {rate:.0f} req/s")
            rows = []
            say("PostgreSQL restart")
            rows.append(fault_postgres_restart(app, postgres, rate, arguments.postgres_seconds))
            say("Redis stop")
            rows.append(fault_redis_stop(app, redis, rate, arguments.redis_seconds))
            say("kill -9 of a worker")
            rows.append(fault_worker_kill(app, rate))
            say("concurrent writes across a PostgreSQL restart")
            rows.append(
                fault_writes_across_restart(
                    app, postgres, token, arguments.writes, arguments.postgres_seconds
                )
            )
            if arguments.soak_minutes:
                say(f"soak at {arguments.soak_share:.0%} of the peak")
                rows.append(soak(app, peak * arguments.soak_share, arguments.soak_minutes))
        finally:
            if app:
                app.stop()
            redis.stop()
            with contextlib.suppress(subprocess.CalledProcessError):
                postgres.stop()
    print_table(rows, peak, arguments)
    if arguments.json:
        Path(arguments.json).write_text(json.dumps({"peak": peak, "rows": rows}, indent=2))
    sys.exit(0 if all(row["passed"] for row in rows) else 1)


if __name__ == "__main__":
    main()
