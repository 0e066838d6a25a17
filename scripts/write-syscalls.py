#!/usr/bin/env python3
"""System calls per recorded commitment, counted with strace: a measure that, unlike seconds,
does not drift with what else the machine is doing (BENCHMARKS.md, issue 21).

    scripts/write-syscalls.py BINARY [REQUESTS]

Starts BINARY's server on a fresh SQLite database, records 50 commitments to warm up, then
counts (strace -f -c) the server's system calls while one client records REQUESTS more, one
after the other, and prints each call made per request: each hop of a statement to
sqlx's SQLite thread and back is a futex wake-up. Standard library and strace only.
"""
import http.cookiejar
import json
import os
import subprocess
import sys
import time
import urllib.request
binary = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 500
port = 18555
db = "/tmp/probe.db"
for f in (db, db + "-wal", db + "-shm"):
    try: os.unlink(f)
    except FileNotFoundError: pass
env = dict(os.environ, RAPPORT_ADMIN_EMAIL="probe@example.org", RAPPORT_ADMIN_PASSWORD="a long probe password 1")
server = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}", "--database", f"sqlite://{db}"], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = f"http://127.0.0.1:{port}"
for _ in range(300):
    try:
        urllib.request.urlopen(base + "/healthz", timeout=1); break
    except Exception: time.sleep(0.1)
jar = http.cookiejar.CookieJar()
op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
def call(method, path, body=None, headers={}):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None, method=method,
                                 headers={"Content-Type": "application/json", **headers})
    with op.open(req) as r: return json.loads(r.read() or b"null")
call("POST", "/api/v1/auth/login", {"email": "probe@example.org", "password": "a long probe password 1"})
token = call("POST", "/api/v1/auth/tokens", {"name": "probe"})["token"]
ws = "/api/v1/workspaces/" + call("POST", "/api/v1/workspaces", {"name": "Probe"})["id"]
orgs = [call("POST", ws + "/organizations", {"name": n_, "kind": k})["id"] for n_, k in (("A School", "school"), ("B Library", "library"))]
p = call("POST", ws + "/partnerships", {"name": "P", "kind": "school_community", "status": "active", "cadence": "monthly", "members": [{"organization_id": o} for o in orgs]})
path = f"{ws}/partnerships/{p['id']}/commitments"
body = {"promisor_organization_id": orgs[0], "promisee_organization_id": orgs[1], "description": "Probe", "due_on": "2027-06-01"}
h = {"Authorization": f"Bearer {token}"}
for _ in range(50): call("POST", path, body, h)
time.sleep(0.5)
pids = [server.pid]
counts = f"/tmp/write-syscalls-{os.getpid()}.txt"
tr = subprocess.Popen(["strace", "-f", "-c", "-p", str(server.pid), "-o", counts], stderr=subprocess.DEVNULL)
time.sleep(1.5)
t = time.time()
for _ in range(n): call("POST", path, body, h)
el = time.time() - t
time.sleep(0.5)
tr.terminate(); tr.wait()
server.terminate(); server.wait()
calls = {}
with open(counts) as table:
    for line in table:
        fields = line.split()
        if len(fields) >= 5 and fields[3].isdigit():
            calls[fields[-1]] = int(fields[3])
os.unlink(counts)
print(f"{binary}: {n} commitments recorded by one client under strace")
# Every call made at least once in twenty requests, most frequent first: futex and epoll_wait
# are the hops, pwrite64 and pread64 the pages, fdatasync and fsync the checkpoints.
for name, count in sorted(calls.items(), key=lambda item: -item[1]):
    if count / n >= 0.05:
        print(f"  {name}: {count / n:.2f} per request")
