#!/usr/bin/env python3
"""Load test of `rapport serve` with wrk (Debian's `wrk` package), as BENCHMARKS.md records it.

    scripts/load.py --database sqlite:///tmp/large.db [--binary target/release/rapport]
                    [--connections 64] [--duration 20] [--warmup 5]
                    [--only page,health,record,answer,networkpage,network,map,organization]
                    [--network-job] [--server-log FILE] [--report 2026-27]

    scripts/load.py --single --database sqlite:///tmp/single.db --fill 10000 [--connections 1,64]

With `--single`, the database starts empty (or holds an earlier `--single` run) and the script
measures recording a commitment into ONE partnership holding `--fill` commitments already
(issue 21's case: a write must cost the same in a partnership of 100,000 as in an empty one).
It creates the administrator, a workspace, two organisations and their partnership through the
API, brings the partnership up to `--fill` open commitments (64 writers, not timed), then runs
wrk once per connection count. Run again with a larger `--fill` on the same database to grow it.
With `--kanboard FILE` (the JSON line `scripts/kanboard.py start` printed), each run is followed
at once by the same run against Kanboard's `createTask` (owner and due date) in a project
brought to the same size, and the table gives both and their ratio. Writes are counted as
stored (rows in each database before and after), not as answered: Kanboard answers some
failed writes with 200.

The database should hold a generated network (`rapport generate --size large`). The script
starts the server on a free port, signs in as the generated owner, and measures four requests,
each spread over many records: the partnership page, the health API, recording a commitment,
and answering a survey through single-use links (one link per answer, made beforehand); and
the network: its API a page at a time (rotating over the first 25 pages of the whole network) and
around an organisation, the map page and an organisation's page (with its partner suggestions),
rotating over 200 organisations, all read from what the `network` job stored (the script waits
for that job first; with `--network-job` it then adds a partnership, which queues the job again,
and times it while sampling the server's memory). It
warms the reads up (the first visit to each page reads it from the database) and
prints p50, p99, throughput, one response's size and the server's peak resident memory
(sampled every 20 ms) per request, as a Markdown table. With `--report PERIOD` (a school year
such as `2026-27`, a quarter such as `2026-Q3`), it also makes a report of the whole network for
that period (issue 24) and times, from one client, a first read of its first page through the API,
then (once the period before's brokers are measured, in the background on a large network) three
more and one of the report page. Standard library only.
"""

import argparse
import http.cookiejar
import threading
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date, timedelta

OWNER = ("owner@generated.rapport.example", "rapport-generated")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method, headers={"Content-Type": "application/json"})
        with self.opener.open(request, timeout=120) as response:
            text = response.read()
            return json.loads(text) if text else None

    def cookie(self, name):
        return next(c.value for c in self.jar if c.name == name)


class Memory:
    """Samples the server's resident memory every 20 ms; the peak per phase (`phase` names it)."""

    def __init__(self, pid):
        self.pid, self.phase, self.peaks, self.done = pid, "start", {}, False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.done:
            try:
                with open(f"/proc/{self.pid}/status") as status:
                    rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024
            except (OSError, StopIteration):
                return
            self.peaks[self.phase] = max(self.peaks.get(self.phase, 0), rss)
            time.sleep(0.02)


def cpu_seconds(pid):
    """User plus system CPU time the process has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def say(text):
    print(f"load: {text}", file=sys.stderr, flush=True)


def wrk(url, script, connections, duration, headers):
    args = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s", "-s", script]
    for header in headers:
        args += ["-H", header]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    # Requests still unanswered after wrk's 10 s timeout count as failed too (wrk leaves them
    # out of its latencies: with none answered, its percentiles read 0).
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", out)
    failed = (int(errors.group(1)) if errors else 0) + (int(timeouts.group(1)) if timeouts else 0)
    return wrk_latency(out, "50"), wrk_latency(out, "99"), rps, failed


def cpu_seconds(pid):
    """The CPU time (user and system) process `pid` has used: the server's own cost of a
    request, which drifts far less with the machine's other load than requests per second."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk_latency(out, label):
    """A percentile of wrk's --latency report, in milliseconds."""
    m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def lua_rotating(method, paths, bodies=None):
    """A wrk script sending `method` to each of `paths` in turn (with the matching body)."""
    lines = ["local paths = {"] + [f"  {json.dumps(p)}," for p in paths] + ["}"]
    lines += ["local bodies = {"] + [f"  {json.dumps(b)}," for b in (bodies or [])] + ["}"]
    # wrk's two threads each run the script; interleave them so no path is sent twice before
    # every path has been sent once (a single-use link must not be spent by both).
    lines += [
        "local threads = 0",
        "function setup(thread) thread:set('id', threads); threads = threads + 1 end",
        "local n = -1",
        "request = function()",
        "  n = n + 1",
        "  local k = n * 2 + id",
        "  local body = nil",
        "  if #bodies > 0 then body = bodies[(k % #bodies) + 1] end",
        f"  return wrk.format({json.dumps(method)}, paths[(k % #paths) + 1], nil, body)",
        "end",
    ]
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    handle.write("\n".join(lines) + "\n")
    handle.close()
    return handle.name


SINGLE_ADMIN = ("load@rapport.example", "rapport-load-test")
SINGLE_WORKSPACE = "Single partnership load"


def held_now(client, path):
    """How many commitments the partnership holds: count pages of 200 (ids only matter)."""
    held, cursor = 0, None
    while True:
        page = client.call("GET", f"{path}?limit=200" + (f"&cursor={cursor}" if cursor else ""))
        held += len(page["items"])
        cursor = page.get("next_cursor")
        if not cursor:
            return held


class Kanboard:
    """Kanboard started by scripts/kanboard.py, its project brought to `fill` tasks."""

    def __init__(self, started, fill):
        import sqlite3
        with open(started) as handle:
            self.peer = json.loads(handle.read())
        self.db = sqlite3.connect(self.peer["database"], timeout=60)
        self.project = self.peer["project_id"]
        self.body = json.dumps({"jsonrpc": "2.0", "method": "createTask", "id": 1, "params": {
            "title": "Load-test promise", "project_id": self.project, "owner_id": self.peer["owner_id"],
            "date_due": str(date.today() + timedelta(days=30))}})
        request = urllib.request.Request(self.peer["url"], data=self.body.encode(), method="POST", headers={
            "Authorization": self.peer["authorization"], "Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=30).read()
        # Copies of that task, doubling, as a project used for years would hold; Kanboard's own
        # API would take minutes to get there.
        while (held := self.held()) < fill:
            self.db.execute(f"insert into tasks (title, description, project_id, column_id, owner_id, position, "
                            f"is_active, date_creation, date_modification, date_due, swimlane_id, creator_id) "
                            f"select title, description, project_id, column_id, owner_id, position + {held}, is_active, "
                            f"date_creation, date_modification, date_due, swimlane_id, creator_id from tasks "
                            f"where project_id = ? limit ?", (self.project, fill - held))
            self.db.commit()
        self.script = lua_rotating("POST", ["/jsonrpc.php"], [self.body])

    def held(self):
        return self.db.execute("select count(*) from tasks where project_id = ?", (self.project,)).fetchone()[0]

    def measure(self, connections, duration):
        before = self.held()
        say(f"Kanboard: create a task in a project of {before}: {connections} connections for {duration} s")
        base = self.peer["url"].removesuffix("/jsonrpc.php")
        p50, p99, rps, _ = wrk(base, self.script, connections, duration,
                               [f"Authorization: {self.peer['authorization']}", "Content-Type: application/json"])
        answered = rps * duration
        stored = self.held() - before
        return before, p50, p99, stored / duration, max(0, round(answered) - stored)

    def stop(self):
        os.unlink(self.script)
        self.db.close()


def single(args):
    """Issue 21's single-partnership case: record commitments into one partnership of `--fill`."""
    from concurrent.futures import ThreadPoolExecutor
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, RAPPORT_ADMIN_EMAIL=SINGLE_ADMIN[0], RAPPORT_ADMIN_PASSWORD=SINGLE_ADMIN[1])
    server = subprocess.Popen([args.binary, "serve", "--bind", f"127.0.0.1:{port}", "--database", args.database], env=env,
                              stdout=subprocess.DEVNULL, stderr=open(args.server_log, "w") if args.server_log else subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        client = Client(base)
        client.call("POST", "/api/v1/auth/login", {"email": SINGLE_ADMIN[0], "password": SINGLE_ADMIN[1]})
        token = client.call("POST", "/api/v1/auth/tokens", {"name": "load test"})["token"]
        found = [w for w in client.call("GET", "/api/v1/workspaces")["items"] if w["name"] == SINGLE_WORKSPACE]
        if found:
            ws = f"/api/v1/workspaces/{found[0]['id']}"
            partnership = client.call("GET", f"{ws}/partnerships?limit=1")["items"][0]
        else:
            workspace = client.call("POST", "/api/v1/workspaces", {"name": SINGLE_WORKSPACE})["id"]
            ws = f"/api/v1/workspaces/{workspace}"
            orgs = [client.call("POST", f"{ws}/organizations", {"name": name, "kind": kind})["id"]
                    for name, kind in (("Lincoln Elementary", "school"), ("Eastside Library", "library"))]
            partnership = client.call("POST", f"{ws}/partnerships", {
                "name": "Reading Buddies", "kind": "school_community", "status": "active", "cadence": "monthly",
                "members": [{"organization_id": o} for o in orgs]})
        members = [m["organization_id"] for m in partnership["members"]]
        path = f"{ws}/partnerships/{partnership['id']}/commitments"
        body = {"promisor_organization_id": members[0], "promisee_organization_id": members[1],
                "description": "Load-test promise", "due_on": str(date.today() + timedelta(days=30))}

        held = held_now(client, path)
        missing = max(0, args.fill - held)
        say(f"the partnership holds {held} commitments; adding {missing}")
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        data = json.dumps(body).encode()

        def add(_):
            request = urllib.request.Request(base + path, data=data, method="POST", headers=headers)
            for attempt in range(5):
                try:
                    with urllib.request.urlopen(request, timeout=120) as response:
                        response.read()
                        return
                except urllib.error.HTTPError as e:
                    if e.code != 503 or attempt == 4:
                        raise
                    time.sleep(0.5)
        started = time.time()
        with ThreadPoolExecutor(max_workers=32) as pool:
            for n, _ in enumerate(pool.map(add, range(missing)), 1):
                if n % 10000 == 0:
                    say(f"  {n} of {missing} ({n / (time.time() - started):.0f}/s)")
        held += missing

        script = lua_rotating("POST", [path], [json.dumps(body)])
        peer = Kanboard(args.kanboard, args.fill) if args.kanboard else None
        rows = []
        for connections in [int(c) for c in str(args.connections).split(",")]:
            say(f"record into one partnership of {held}: {connections} connections for {args.duration} s")
            cpu_before = cpu_seconds(server.pid)
            p50, p99, rps, failed = wrk(base, script, connections, args.duration,
                                        [f"Authorization: Bearer {token}", "Content-Type: application/json"])
            cpu = cpu_seconds(server.pid) - cpu_before
            kept = held_now(client, path) - held if peer else int(rps * args.duration) - failed
            peer_row = peer.measure(connections, args.duration) if peer else None
            rows.append((held, connections, p50, p99, kept / args.duration, failed, peer_row, 1000 * cpu / max(kept, 1)))
            held += kept
        os.unlink(script)
        with open(f"/proc/{server.pid}/status") as status:
            peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
        backend = args.database.split(":", 1)[0]
        if peer:
            print(f"| Record a commitment ({backend}) / create a task (Kanboard), one partnership / project, {args.duration} s | held before | connections | Rapport p50 | Rapport p99 | Rapport stored/s | Rapport CPU per write | Kanboard held before | Kanboard p50 | Kanboard p99 | Kanboard stored/s | Kanboard answered with an error | Rapport ÷ Kanboard |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for before, connections, p50, p99, ok, failed, (k_before, k_p50, k_p99, k_ok, k_errors), cpu in rows:
                print(f"| | {before:,} | {connections} | {p50:.1f} ms | {p99:.1f} ms | {ok:,.0f} | {cpu:.2f} ms | {k_before:,} | {k_p50:.1f} ms | {k_p99:.1f} ms | {k_ok:,.0f} | {k_errors} | {ok / max(k_ok, 0.001):.1f} |")
            peer.stop()
        else:
            print(f"| Record a commitment, one partnership ({backend}, {args.duration} s) | held before | connections | p50 | p99 | Stored | CPU per write | Failed |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|")
            for before, connections, p50, p99, ok, failed, _, cpu in rows:
                print(f"| {backend} | {before:,} | {connections} | {p50:.1f} ms | {p99:.1f} ms | {ok:,.0f} req/s | {cpu:.2f} ms | {failed} |")
        print(f"\nRapport's peak resident memory: {peak:.0f} MB")
    finally:
        server.terminate()
        server.wait()


def time_report(client, base, ws, workspace, period, memory):
    """Makes a report of the whole network for `period` and times reading it: a first read (which
    queues measuring the period before's brokers on a network too large to measure them as read),
    the wait until the job has measured them, then three reads of the first page through the API
    and one of the report page."""
    made = client.call("POST", f"{ws}/reports", {"period": period})
    say(f"report {made['id']} made for {period}; reading it")
    api, page = f"{ws}/reports/{made['id']}", f"/w/{workspace}/reports/{made['id']}"
    rows = []

    def read(name, path, phase):
        memory.phase = phase
        started = time.time()
        with client.opener.open(urllib.request.Request(base + path), timeout=300) as response:
            body = response.read()
        seconds = time.time() - started
        rows.append((name, seconds, len(body) / 1024, memory.peaks.get(phase, 0)))
        say(f"{name}: {seconds:.2f} s, {len(body) / 1024:,.0f} KB")
        return body

    first = json.loads(read("API, page 1 (first read)", api, "report first"))
    if not first["network"]["before"]["brokers_measured"]:
        started = time.time()
        while not client.call("GET", api)["network"]["before"]["brokers_measured"]:
            if time.time() - started > 300:
                sys.exit("load: the period before's brokers were not measured within 5 minutes")
            time.sleep(1)
        say(f"the period before's brokers were measured in the background within {time.time() - started:.0f} s")
    for n in range(3):
        read(f"API, page 1 (read {n + 2})", api, f"report {n}")
    read("Report page (HTML)", page, "report page")
    memory.phase = "between"
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--binary", default="target/release/rapport")
    parser.add_argument("--connections", default="64", help="with --single, a comma-separated list: one run each")
    parser.add_argument("--single", action="store_true", help="issue 21's single-partnership write case (see above)")
    parser.add_argument("--fill", type=int, default=0, help="with --single: commitments the partnership holds first")
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5,
                        help="seconds of the same load before each measurement, not counted: the first visit to each page reads it from the database")
    parser.add_argument("--only", default="page,health,record,answer,networkpage,network,map,organization",
                        help="which requests to measure, comma-separated")
    parser.add_argument("--kanboard", help="with --single: the JSON line scripts/kanboard.py start printed; measure Kanboard in the same run")
    parser.add_argument("--network-job", action="store_true",
                        help="before measuring, queue the network job with a new partnership and time it, with the server's memory meanwhile")
    parser.add_argument("--server-log", help="keep the server's log here (RAPPORT_LOG picks what it says)")
    parser.add_argument("--report", metavar="PERIOD", help="also time reading a report of the whole network for PERIOD (e.g. 2026-27)")
    args = parser.parse_args()
    only = set(args.only.split(","))
    if shutil.which("wrk") is None:
        sys.exit("load: wrk is not installed; it is Debian's `wrk` package (apt-get install wrk).")
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"load: {args.binary} is not an executable; build it first with `cargo build --release`.")
    if args.single:
        return single(args)
    args.connections = int(args.connections)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([args.binary, "serve", "--bind", f"127.0.0.1:{port}", "--database", args.database],
                              stdout=subprocess.DEVNULL, stderr=open(args.server_log, "w") if args.server_log else subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        memory = Memory(server.pid)
        client = Client(base)
        client.call("POST", "/api/v1/auth/login", {"email": OWNER[0], "password": OWNER[1]})
        token = client.call("POST", "/api/v1/auth/tokens", {"name": "load test"})["token"]
        session = client.cookie("rapport_session")
        workspace = next(w for w in client.call("GET", "/api/v1/workspaces")["items"] if w["name"].startswith("Generated network"))["id"]
        ws = f"/api/v1/workspaces/{workspace}"
        partnerships = client.call("GET", f"{ws}/partnerships?limit=200")["items"]
        say(f"workspace {workspace}, {len(partnerships)} partnerships to rotate over")

        today = date.today()
        commitment_paths, commitment_bodies = [], []
        for p in partnerships:
            members = [m["organization_id"] for m in p["members"]]
            commitment_paths.append(f"{ws}/partnerships/{p['id']}/commitments")
            commitment_bodies.append(json.dumps({"promisor_organization_id": members[0], "promisee_organization_id": members[1],
                                                 "description": "Load-test promise", "due_on": str(today + timedelta(days=30))}))

        # Answers need one single-use link each: made before the clock starts.
        target = partnerships[0]
        members = [m["organization_id"] for m in target["members"]]
        survey = client.call("POST", f"{ws}/surveys", {"title": "Load-test pulse", "partnership_id": target["id"],
                                                       "opens_on": str(today), "closes_on": str(today + timedelta(days=7))})
        links = int(os.environ.get("RAPPORT_LOAD_LINKS", "20000")) if "answer" in only else 0
        say(f"making {links} single-use survey links")
        tokens = [client.call("POST", f"{ws}/surveys/{survey['id']}/links", {"organization_id": members[0]})["token"] for _ in range(links)]
        questions = client.call("GET", f"{ws}/surveys/{survey['id']}")["survey"]["questions"]
        answers = []
        for q in questions:
            if q["kind"] == "partner_rating":
                answers += [{"question": q["key"], "about": other, "rating": 3} for other in members[1:]]
            elif q["kind"] == "rating":
                answers.append({"question": q["key"], "rating": 4})
        answer_body = json.dumps({"answers": answers})

        organizations = client.call("GET", f"{ws}/organizations?limit=200")["items"]
        if only & {"network", "map", "organization", "networkpage"}:
            # The network job runs in the server's job runner; wait until its measures are stored.
            for _ in range(1200):
                if client.call("GET", f"{ws}/network?around={organizations[0]['id']}").get("computed_at"):
                    break
                time.sleep(0.5)
            else:
                sys.exit("load: the network was not computed within 10 minutes")
            say("the network's measures are stored")
            if args.network_job:
                # A change of ties queues the `network` job: time it and watch the memory meanwhile.
                before = client.call("GET", f"{ws}/network?limit=1")["computed_at"]
                memory.phase = "network job"
                started, cpu_started = time.time(), cpu_seconds(server.pid)
                client.call("POST", f"{ws}/partnerships", {"name": "Load-test tie", "kind": "school_community", "status": "active", "cadence": "monthly",
                                                          "members": [{"organization_id": organizations[1]["id"]}, {"organization_id": organizations[2]["id"]}]})
                while client.call("GET", f"{ws}/network?limit=1")["computed_at"] == before:
                    time.sleep(0.2)
                job_seconds, job_cpu = time.time() - started, cpu_seconds(server.pid) - cpu_started
                memory.phase = "after the job"
                say(f"the network job ran in {job_seconds:.1f} s, {job_cpu:.1f} s of the server's CPU (queued by a new partnership, until its result was read)")
            # The whole network a page at a time: the first pages' cursors, rotated over.
            network_pages, cursor = [], None
            while len(network_pages) < 25:
                path = f"{ws}/network" + (f"?cursor={cursor}" if cursor else "")
                network_pages.append(path)
                cursor = client.call("GET", path).get("next_cursor")
                if not cursor:
                    break

        runs = [
            ("networkpage", "Network API (whole network, a page of 100 organisations)", "GET", network_pages if only & {"network", "map", "organization", "networkpage"} else [], None, [f"Authorization: Bearer {token}"]),
            ("network", "Network API (around an organisation)", "GET", [f"{ws}/network?around={o['id']}" for o in organizations], None, [f"Authorization: Bearer {token}"]),
            ("map", "Map page (HTML)", "GET", [f"/w/{workspace}/network"], None, [f"Cookie: rapport_session={session}"]),
            ("organization", "Organisation page (HTML, five suggestions)", "GET", [f"/w/{workspace}/organizations/{o['id']}" for o in organizations], None, [f"Cookie: rapport_session={session}"]),
            ("page", "Partnership page (HTML)", "GET", [f"/w/{workspace}/partnerships/{p['id']}" for p in partnerships], None, [f"Cookie: rapport_session={session}"]),
            ("health", "Health API", "GET", [f"{ws}/partnerships/{p['id']}/health" for p in partnerships], None, [f"Authorization: Bearer {token}"]),
            ("record", "Record a commitment", "POST", commitment_paths, commitment_bodies, [f"Authorization: Bearer {token}", "Content-Type: application/json"]),
            ("answer", "Answer a survey", "POST", [f"/api/v1/survey-links/{t}" for t in tokens], [answer_body], ["Content-Type: application/json"]),
        ]
        rows = []
        for key, name, method, paths, bodies, headers in runs:
            if key not in only:
                continue
            say(f"{name}: {args.connections} connections for {args.duration} s")
            size = None
            if method == "GET":
                request = urllib.request.Request(base + paths[0], headers=dict(h.split(": ", 1) for h in headers))
                try:
                    with urllib.request.urlopen(request, timeout=120) as response:
                        size = len(response.read()) / 1024
                except (TimeoutError, urllib.error.URLError) as err:
                    say(f"one {name} request was not answered within 120 s ({err})")
            script = lua_rotating(method, paths, bodies)
            memory.phase = key
            if args.warmup and key in ("page", "health", "networkpage", "network", "map", "organization"):
                wrk(base, script, args.connections, args.warmup, headers)
            p50, p99, rps, failed = wrk(base, script, args.connections, args.duration, headers)
            os.unlink(script)
            rows.append((name, p50, p99, rps, failed, size, memory.peaks.get(key, 0)))
            say(f"{name}: p50 {p50:.1f} ms, p99 {p99:.1f} ms, {rps:,.0f} req/s, {failed} failed, RSS peak {memory.peaks.get(key, 0):.0f} MB")
            memory.phase = "between"
        with open(f"/proc/{server.pid}/status") as status:
            peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024

        print(f"| Request ({args.connections} connections, {args.duration} s) | p50 | p99 | Throughput | Failed | Response | Server RSS peak |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, p50, p99, rps, failed, size, rss in rows:
            shown = f"{size:,.0f} KB" if size is not None else ""
            print(f"| {name} | {p50:.1f} ms | {p99:.1f} ms | {rps:,.0f} req/s | {failed} | {shown} | {rss:.0f} MB |")
        if "network job" in memory.peaks:
            print(f"\nThe network job (queued by a new partnership): {job_seconds:.1f} s wall, {job_cpu:.1f} s of the server's CPU, server RSS peak {memory.peaks['network job']:.0f} MB while it ran")
        if args.report:
            report_rows = time_report(client, base, ws, workspace, args.report, memory)
            print(f"\n| A report of the whole network for {args.report}, one client | seconds | response | server RSS peak |")
            print("|---|---:|---:|---:|")
            for name, seconds, size, rss in report_rows:
                print(f"| {name} | {seconds:.2f} s | {size:,.0f} KB | {rss:.0f} MB |")
            with open(f"/proc/{server.pid}/status") as status:
                peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
        print(f"\nServer peak resident memory (VmHWM, whole run): {peak:.0f} MB")
        print("(Answer a survey: each link answers once; requests after the links run out are refused with 404 and counted as failed.)")
    finally:
        server.terminate()
        server.wait()
        if "memory" in locals():
            memory.done = True


if __name__ == "__main__":
    main()
