#!/usr/bin/env python3
"""Times GET /api/v1/workspaces/{ws}/search on a generated network (`rapport generate`).

    scripts/search_bench.py http://127.0.0.1:8080 [requests per query] [clients]

Signs in as the generated network's owner and, for each query below, sends the requests from
`clients` threads at once, printing the answer's size and the p50/p95/p99/max latency in ms.
Standard library only."""

import http.cookiejar
import json
import sys
import threading
import time
import urllib.parse
import urllib.request

OWNER = ("owner@generated.rapport.example", "rapport-generated")
QUERIES = [
    "Higher education 17",           # one organisation, exact name first
    "Partnership 4242",              # a partnership and its 50 commitments
    "promise 7 of partnership 4242", # one commitment among a million
    "went through",                  # every one of 200,000 check-ins matches
    "prom",                          # the worst case: a prefix of all 1,000,000 commitments
]


def client(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    body = json.dumps({"email": OWNER[0], "password": OWNER[1]}).encode()
    req = urllib.request.Request(base + "/api/v1/auth/login", body, {"content-type": "application/json"})
    opener.open(req).read()
    return opener


def main():
    base = sys.argv[1].rstrip("/")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    opener = client(base)
    ws = json.load(opener.open(base + "/api/v1/workspaces"))["items"][0]["id"]
    for q in QUERIES:
        url = f"{base}/api/v1/workspaces/{ws}/search?q={urllib.parse.quote(q)}"
        found = len(json.load(opener.open(url))["items"])
        times, lock = [], threading.Lock()

        def run(n):
            for _ in range(n):
                start = time.perf_counter()
                opener.open(url).read()
                with lock:
                    times.append((time.perf_counter() - start) * 1000)

        threads = [threading.Thread(target=run, args=(count // clients,)) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        times.sort()
        pct = lambda p: times[min(len(times) - 1, int(len(times) * p))]
        print(f"{q!r:36} results={found:2} n={len(times)} clients={clients} "
              f"p50={pct(0.5):.1f} p95={pct(0.95):.1f} p99={pct(0.99):.1f} max={times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
