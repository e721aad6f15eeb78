# ruff: noqa: E501 - report lines and the wrk script read best unwrapped
"""The benchmark: one command, loopback only, bounded in time.

    .venv/bin/python benchmarks/run.py                 # PostgreSQL + Redis, scale 1 (1e6 figures)
    .venv/bin/python benchmarks/run.py --scale 0.01 --duration 2 --database-url sqlite:///...

It fills a benchmark database with `generate_demo_data` (unless it already holds that scale),
starts gunicorn with Redis on 127.0.0.1, and measures each target with wrk, side by side with a
pair of yardsticks measured in the same run behind the same middleware (served only under
DJANGO_BENCHMARK=1): a plaintext view, the least a Django view can answer, and a bare view
returning `JsonResponse(list(queryset.values()[:20]))` over the trade figures, without DRF.
Every target is measured uncached and cached and reported as a ratio to both yardsticks, and
the table is written to docs/performance.md (or printed only, with --no-write).
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LUA = """
local random_suffix = %(random)s
local accept = %(header)s
math.randomseed(os.time())
request = function()
  local path = wrk.path
  if random_suffix then
    local joiner = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. joiner .. "_=" .. math.random(1, 1000000000)
  end
  local headers = {}
  if accept ~= "" then headers["If-None-Match"] = accept end
  return wrk.format("GET", path, headers)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%f %%d %%d %%d %%d %%d\\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests))
end
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, timeout=3600):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def get(url, headers=None, timeout=120):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, dict(response.headers), response.read()


def wrk(url, duration, *, threads, connections, random_suffix=False, if_none_match=""):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            LUA
            % {
                "random": "true" if random_suffix else "false",
                "header": json.dumps(if_none_match),  # a quoted Lua string
            }
        )
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
        "-s", script.name, url,
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60).stdout
    os.unlink(script.name)
    match = re.search(r"RESULT ([\d.]+) (\d+) (\d+) (\d+) (\d+) (\d+)", output)
    if not match:
        sys.exit(f"wrk gave no result for {url}:\n{output}")
    rps, p50, p95, p99, errors, requests = match.groups()
    return {
        "rps": float(rps),
        "p50": int(p50) / 1000,
        "p95": int(p95) / 1000,
        "p99": int(p99) / 1000,
        "errors": int(errors),
        "requests": int(requests),
    }


def worker_rss(master_pid):
    """Resident memory (MiB) of each gunicorn worker."""
    children = subprocess.run(
        ["pgrep", "-P", str(master_pid)], capture_output=True, text=True
    ).stdout.split()
    sizes = {}
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        if match:
            sizes[pid] = int(match.group(1)) / 1024
    return sizes


def csv_export(url, master_pid):
    """Stream the whole CSV; rows per second and the workers' memory growth."""
    before = worker_rss(master_pid)
    peak = dict(before)
    started = time.monotonic()
    rows = 0
    request = urllib.request.Request(url)
    with urllib.request.urlopen(request, timeout=3600) as response:
        last_sample = 0.0
        while chunk := response.read(1 << 20):
            rows += chunk.count(b"\n")
            now = time.monotonic()
            if now - last_sample > 0.5:
                for pid, size in worker_rss(master_pid).items():
                    peak[pid] = max(peak.get(pid, 0), size)
                last_sample = now
    elapsed = time.monotonic() - started
    growth = max((peak[pid] - before.get(pid, peak[pid]) for pid in peak), default=0.0)
    return {
        "rows": rows - 1,
        "seconds": elapsed,
        "rows_per_s": (rows - 1) / elapsed,
        "growth_mib": growth,
    }


def prepare_database(env, scale, database_url):
    if database_url.startswith("postgres"):
        name = database_url.rsplit("/", 1)[1]
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"],
            capture_output=True,
        )
    marker = f"demo scale {scale}"
    manage({**env, "DATABASE_URL": database_url}, "migrate", "--noinput", "-v0")
    probe = manage(
        {**env, "DATABASE_URL": database_url},
        "shell",
        "-c",
        "from cooperation.models import Source;"
        f"print(Source.objects.filter(url='https://example.org/demo-data', notes='{marker}').exists())",
    )
    if probe.strip().endswith("True"):
        print(f"benchmark database already holds {marker}")
        return
    print(f"filling the benchmark database ({marker}); at scale 1 this takes a few minutes")
    manage(
        env, "generate_demo_data", "--database-url", database_url, "--scale", str(scale), "--force"
    )
    manage(
        {**env, "DATABASE_URL": database_url},
        "shell",
        "-c",
        "from cooperation.models import Source;"
        f"Source.objects.filter(url='https://example.org/demo-data').update(notes='{marker}')",
    )
    if database_url.startswith("postgres"):
        name = database_url.rsplit("/", 1)[1]
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-c", "VACUUM ANALYZE"],
                       capture_output=True)  # fmt: skip


def sample_urls(base):
    """Real slugs, codes and ids from the running site, so the pages asked for exist: the
    newest figure's reporter (an invented country with tens of thousands of figures at scale 1)
    filters the lists."""
    _status, _headers, body = get(f"{base}/api/v1/trade-statistics/?page_size=1")
    newest = json.loads(body)["results"][0]
    _status, _headers, body = get(f"{base}/api/v1/projects/?page_size=1&ordering=-updated_at")
    project = json.loads(body)["results"][0]["slug"]
    reporter = newest["reporter"]
    _status, _headers, body = get(
        f"{base}/api/v1/trade-statistics/?reporter={reporter}&page_size=20"
    )
    pages = -(-json.loads(body)["count"] // 20)
    return newest["id"], project, reporter, pages


def run(arguments):
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_BENCHMARK="1",
        PYTHONUNBUFFERED="1",
        API_THROTTLES="false",  # one address sends every request; the limit is per address
        PUBLIC_CACHE_SECONDS="600",
    )
    if arguments.redis_url:
        env["REDIS_URL"] = arguments.redis_url
    env["DATABASE_URL"] = arguments.database_url
    workdir = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    env["DJANGO_VAR_DIR"] = str(workdir)
    prepare_database({k: v for k, v in env.items() if k != "DATABASE_URL"}, arguments.scale,
                     arguments.database_url)  # fmt: skip

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT, start_new_session=True,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(arguments.workers),
             "GUNICORN_TIMEOUT": "600", "GUNICORN_ACCESS_LOG": "", "GUNICORN_LOG_LEVEL": "warning"},
    )  # fmt: skip
    try:
        for _ in range(120):
            try:
                get(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            sys.exit("gunicorn did not start")
        figure, project, reporter, last_page = sample_urls(base)
        duration = arguments.duration
        saturated = {"threads": arguments.threads, "connections": arguments.connections}
        one_each = {"threads": 1, "connections": arguments.latency_connections}

        def measure(url, load, **extra):
            full = base + url
            get(full)  # warm the workers and, where it counts, the cache
            return wrk(full, duration, **load, **extra)

        # Throughput, with more connections than workers: how much the servers can answer.
        # Uncached requests add a random parameter: each misses the page cache (what is kept
        # under the content version is still read, as for any new address).
        list_url = f"/api/v1/trade-statistics/?reporter={reporter}&page_size=20"
        results = {"yardsticks": {}, "targets": {}}
        for key, url in YARDSTICKS:
            results["yardsticks"][key] = measure(url, saturated, random_suffix=True)
        for key, _name, url, _kind in targets(figure, project, list_url):
            uncached = measure(url, saturated, random_suffix=True)
            results["targets"][key] = {
                "uncached": uncached,
                "cached": measure(url, saturated),
                # Latency, two connections per core: readers side by side, as many as the
                # workers and one more, so a p95 includes a little queueing but not a backlog.
                # Where that is the throughput run's load already (the suite's small run, one
                # connection), the same run is not measured twice.
                "latency": uncached
                if one_each == saturated
                else measure(url, one_each, random_suffix=True),
            }
        _status, headers, _body = get(base + list_url)
        results["not_modified"] = measure(list_url, saturated, if_none_match=headers["ETag"])
        results["first_page"] = measure(f"{list_url}&page=1", one_each, random_suffix=True)
        results["last_page"] = measure(f"{list_url}&page={last_page}", one_each, random_suffix=True)
        results["csv"] = csv_export(f"{base}/api/v1/trade-statistics/?format=csv", server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
    table = report(results, arguments)
    print(table)
    if not arguments.no_write:
        write_docs(table, arguments)
    return results


YARDSTICKS = [
    ("plaintext", "/bench/plaintext/"),  # the middleware and the server alone
    ("values", "/bench/values/"),  # 20 rows from values() as JSON, without DRF
    ("robots", "/robots.txt"),
]


def targets(figure, project, list_url):
    """(key, name, address, kind): kind "api" or "page" sets the throughput goal."""
    return [
        ("api_projects", "API list, projects, 20", "/api/v1/projects/?page_size=20", "api"),
        ("api_figures", "API list, trade figures, 20", list_url, "api"),
        ("api_detail", "API detail, trade figure", f"/api/v1/trade-statistics/{figure}/", "api"),
        ("page_list", "projects page, filtered", "/en/projects/?sector=energy", "page"),
        ("page_detail", "project page", f"/en/projects/{project}/", "page"),
        ("page_trade", "trade page", "/en/trade/", "page"),
        ("page_country", "country page", "/en/countries/kazakhstan/", "page"),
        ("api_finance", "API list, finance records, 20", "/api/v1/finance/?page_size=20", "api"),
        ("page_finance", "finance page", "/en/finance/", "page"),
        ("page_overview", "overview page", "/en/", "page"),
        ("page_summits", "summits page", "/en/summits/", "page"),
        ("page_commitments", "commitments page", "/en/commitments/", "page"),
        ("page_articles", "articles page", "/en/articles/", "page"),
        ("api_summits", "API list, summits, 20", "/api/v1/summits/?page_size=20", "api"),
        (
            "api_commitments",
            "API list, commitments, 20",
            "/api/v1/commitments/?page_size=20",
            "api",
        ),
        ("search", "search, whole dataset", "/en/search/?q=pipeline+Almaty", "page"),
        ("summary", "trade summary, all figures", "/api/v1/trade-statistics/summary/", "api"),
    ]


# Uncached requests per second as a share of the plaintext yardstick's (the goals: API lists
# at least 15% of a trivial answer's rate, pages 10%).
SHARE_GOAL = {"api": 0.15, "page": 0.10}


def report(results, arguments):
    plain = results["yardsticks"]["plaintext"]["rps"]
    values = results["yardsticks"]["values"]["rps"]
    latency_connections = arguments.latency_connections
    lines = [
        f"| target | uncached req/s | ÷ plaintext | ÷ values() | cached req/s | cached ÷ uncached "
        f"| uncached p95 ms ({latency_connections} conn.) | errors | goals | |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for key, url in YARDSTICKS:
        measured = results["yardsticks"][key]
        lines.append(
            f"| yardstick: `{url}` | {measured['rps']:,.0f} | {measured['rps'] / plain:.2f} | "
            f"{measured['rps'] / values:.2f} | | | {measured['p95']:.1f} | {measured['errors']} | | |"
        )
    for key, name, _url, kind in targets(0, "", ""):
        measured = results["targets"][key]
        uncached, cached, latency = measured["uncached"], measured["cached"], measured["latency"]
        share = uncached["rps"] / plain
        speedup = cached["rps"] / uncached["rps"] if uncached["rps"] else 0
        goals = [
            (f"≥ {SHARE_GOAL[kind]:.0%} of plaintext", share >= SHARE_GOAL[kind]),
            ("p95 < 100 ms", latency["p95"] < 100),
            ("cache hit ≥ 5×", speedup >= 5),
        ]
        errors = uncached["errors"] + cached["errors"] + latency["errors"]
        lines.append(
            f"| {name} | {uncached['rps']:,.0f} | {share:.2f} | {uncached['rps'] / values:.2f} | "
            f"{cached['rps']:,.0f} | {speedup:.1f}× | {latency['p95']:.1f} | {errors} | "
            f"{', '.join(goal for goal, _met in goals)} | "
            f"{'met' if all(met for _goal, met in goals) else 'MISSED: ' + ', '.join(goal for goal, met in goals if not met)} |"
        )
    not_modified = results["not_modified"]
    figures = results["targets"]["api_figures"]["uncached"]
    ratio = not_modified["p50"] / figures["p50"] if figures["p50"] else 0
    lines.append(
        f"| 304 on a conditional GET | {not_modified['rps']:,.0f} | {not_modified['rps'] / plain:.2f} | "
        f"{not_modified['rps'] / values:.2f} | | | {not_modified['p95']:.1f} | {not_modified['errors']} | "
        f"p50 ≤ 0.30 of a 200's ({ratio:.2f}) | {'met' if ratio <= 0.3 else 'MISSED'} |"
    )
    first, last = results["first_page"], results["last_page"]
    ratio = last["p95"] / first["p95"] if first["p95"] else 0
    lines.append(
        f"| filtered list, last page | | | | | | {last['p95']:.1f} | {last['errors'] + first['errors']} | "
        f"p95 ≤ 1.5× the first page's ({first['p95']:.1f} ms: {ratio:.2f}×) | {'met' if ratio <= 1.5 else 'MISSED'} |"
    )
    csv = results["csv"]
    csv_met = csv["rows_per_s"] >= 100_000 and csv["growth_mib"] < 50
    lines.append(
        f"| CSV export of every figure | {csv['rows']:,} rows in {csv['seconds']:.1f} s | | | | | | 0 | "
        f"≥ 100,000 rows/s ({csv['rows_per_s']:,.0f}), memory < +50 MB (+{csv['growth_mib']:.1f}) | "
        f"{'met' if csv_met else 'MISSED'} |"
    )
    return "\n".join(lines)


def machine():
    cpus = os.cpu_count()
    memory = ""
    try:
        total = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)
        memory = f", {int(total) / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    return f"{platform.system()} {platform.machine()}, {cpus} cores{memory}, Python {platform.python_version()}"


def write_docs(table, arguments):
    path = ROOT / "docs" / "performance.md"
    text = path.read_text() if path.exists() else ""
    marker = "<!-- results -->"
    block = (
        f"{marker}\n### Results, {datetime.date.today().isoformat()}\n\n"
        f"Machine: {machine()}. Database: {arguments.database_url.split(':')[0]}, scale "
        f"{arguments.scale}; cache: {'Redis' if arguments.redis_url else 'local memory'}; gunicorn "
        f"{arguments.workers} workers (deploy/gunicorn.conf.py); wrk for {arguments.duration} s per "
        f"target: requests per second with {arguments.threads} threads and "
        f"{arguments.connections} connections (more than the workers, so the servers are saturated), "
        f"p95 latencies with {arguments.latency_connections} connections.\n\n{table}\n{marker}"
    )
    if marker in text:
        start = text.index(marker)
        end = text.index(marker, start + len(marker)) + len(marker)
        text = text[:start] + block + text[end:]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)
    print(f"wrote the table to {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/tracker_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--duration", type=int, default=10, help="Seconds per target.")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16,
                        help="Connections for the throughput targets.")  # fmt: skip
    parser.add_argument("--latency-connections", type=int, default=2 * (os.cpu_count() or 1),
                        help="Connections for the latency targets (default: two per core).")  # fmt: skip
    parser.add_argument("--no-write", action="store_true", help="Print, do not write the docs.")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
