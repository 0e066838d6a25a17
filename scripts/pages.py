#!/usr/bin/env python3
"""Times one kind of page of a generated network at several client counts, with one server.

    scripts/pages.py --binary target/release/rapport --database sqlite:///tmp/large.db \
                     --page map|organization [--connections 1,64] [--duration 8] [--perf FILE]

Starts `rapport serve` on the database (which holds `rapport generate`'s network), signs in as
the generated owner, waits for the network job's result, then for each connection count runs
wrk for 2 s of warm-up and `--duration` seconds measured: the map page, or the pages of 200
organisations in turn. With `--perf FILE`, `perf record -g` samples the server during each
measured run (Debian's linux-perf). Uses scripts/load.py's sign-in and wrk helpers.
"""

import argparse
import importlib.util
import os
import subprocess
import time
import urllib.request

spec = importlib.util.spec_from_file_location("load", os.path.join(os.path.dirname(__file__), "load.py"))
load = importlib.util.module_from_spec(spec)
spec.loader.exec_module(load)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default="target/release/rapport")
    parser.add_argument("--database", required=True)
    parser.add_argument("--page", choices=["map", "organization"], required=True)
    parser.add_argument("--connections", default="1,64")
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--perf")
    args = parser.parse_args()
    port = load.free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([args.binary, "serve", "--bind", f"127.0.0.1:{port}", "--database", args.database],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        client = load.Client(base)
        client.call("POST", "/api/v1/auth/login", {"email": load.OWNER[0], "password": load.OWNER[1]})
        session = client.cookie("rapport_session")
        workspace = next(w for w in client.call("GET", "/api/v1/workspaces")["items"]
                         if w["name"].startswith("Generated network"))["id"]
        api = f"/api/v1/workspaces/{workspace}"
        organizations = client.call("GET", f"{api}/organizations?limit=200")["items"]
        load.say("waiting for the network job's result")
        for _ in range(1200):
            if client.call("GET", f"{api}/network?around={organizations[0]['id']}").get("computed_at"):
                break
            time.sleep(0.5)
        if args.page == "map":
            paths = [f"/w/{workspace}/network"]
        else:
            paths = [f"/w/{workspace}/organizations/{o['id']}" for o in organizations]
        script = load.lua_rotating("GET", paths)
        headers = [f"Cookie: rapport_session={session}"]
        for connections in (int(c) for c in args.connections.split(",")):
            load.wrk(base, script, connections, 2, headers)
            perf = None
            if args.perf:
                perf = subprocess.Popen(["perf", "record", "-F", "999", "-g", "-o", f"{args.perf}.c{connections}",
                                         "-p", str(server.pid), "--", "sleep", str(args.duration)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            p50, p99, rps, failed = load.wrk(base, script, connections, args.duration, headers)
            if perf:
                perf.wait()
            print(f"{args.page} page, {connections} connections: p50 {p50} ms, p99 {p99} ms, "
                  f"{rps:,.0f} req/s, {failed} failed", flush=True)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
