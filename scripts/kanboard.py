#!/usr/bin/env python3
"""Kanboard beside Rapport, for issue 21's side-by-side write benchmark (BENCHMARKS.md).

    scripts/kanboard.py start --source GIT_DIR [--dir /tmp/kanboard-bench] [--port 18080]
    scripts/kanboard.py stop  [--dir /tmp/kanboard-bench]

Kanboard is what a school self-hosts today to track who promised what by when. `start` runs it
the way its documentation recommends for production, from Debian's packages: PHP 8.2 under
php-fpm (four static workers, OPcache on), nginx in front, SQLite. It installs the packages
when missing (php-fpm, php-sqlite3, php-mbstring, php-gd, php-xml, php-opcache, nginx-light, wrk), unpacks
Kanboard's source from GIT_DIR (a bare clone, e.g. the search tool's `fetch` of
kanboard/kanboard; nothing of Kanboard is kept in this repository), creates a project, and
prints one JSON line: the JSON-RPC URL, the Authorization header, the project and user ids.
`scripts/load.py --single --kanboard DIR` then measures Kanboard's `createTask` (with owner and
due date, the equivalent of recording a commitment) in the same run as Rapport.
Standard library only.
"""

import argparse
import base64
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request

PACKAGES = ["php-fpm", "php-sqlite3", "php-mbstring", "php-gd", "php-xml", "php-opcache", "nginx-light", "wrk"]


def say(text):
    print(f"kanboard: {text}", file=sys.stderr, flush=True)


def install_missing():
    have = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Status}\n"] + PACKAGES, capture_output=True, text=True).stdout
    installed = {line.split()[0] for line in have.splitlines() if line.endswith("install ok installed")}
    missing = [p for p in PACKAGES if p not in installed]
    if missing:
        say(f"installing {' '.join(missing)} from Debian's packages")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends"] + missing, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    # Debian starts the packaged services; the benchmark runs its own instances instead.
    for service in ("nginx", "php8.2-fpm"):
        subprocess.run(["service", service, "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def php_fpm_binary():
    found = sorted(p for p in os.listdir("/usr/sbin") if p.startswith("php-fpm"))
    if not found:
        sys.exit("kanboard: php-fpm is not installed")
    return os.path.join("/usr/sbin", found[-1])


def write(path, text):
    with open(path, "w") as handle:
        handle.write(text)


def rpc(url, auth, method, params):
    body = json.dumps({"jsonrpc": "2.0", "method": method, "id": 1, "params": params}).encode()
    request = urllib.request.Request(url, data=body, headers={"Authorization": auth, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.loads(response.read())
    if "error" in answer:
        sys.exit(f"kanboard: {method} failed: {answer['error']}")
    return answer["result"]


def start(args):
    install_missing()
    stop(args)
    root = args.dir
    app = os.path.join(root, "app")
    os.makedirs(app)
    archive = subprocess.run(["git", "--git-dir", args.source, "archive", "HEAD"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", app], input=archive, check=True)
    data = os.path.join(app, "data")
    write(os.path.join(app, "config.php"), f"""<?php
define('DB_DRIVER', 'sqlite');
define('DATA_DIR', '{data}');
define('LOG_DRIVER', 'none');
""")
    subprocess.run(["chown", "-R", "www-data:www-data", data], check=True)
    socket = os.path.join(root, "fpm.sock")
    write(os.path.join(root, "php-fpm.conf"), f"""[global]
pid = {root}/php-fpm.pid
error_log = {root}/php-fpm.log
daemonize = yes

[kanboard]
user = www-data
group = www-data
listen = {socket}
listen.owner = www-data
listen.group = www-data
pm = static
pm.max_children = 4
php_admin_value[opcache.enable] = 1
php_admin_value[opcache.validate_timestamps] = 0
""")
    write(os.path.join(root, "nginx.conf"), f"""user www-data;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    server {{
        listen 127.0.0.1:{args.port};
        root {app};
        index index.php;
        location / {{ try_files $uri $uri/ /index.php$is_args$args; }}
        location ~ \\.php$ {{
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
            fastcgi_pass unix:{socket};
        }}
    }}
}}
""")
    subprocess.run([php_fpm_binary(), "--fpm-config", os.path.join(root, "php-fpm.conf")], check=True)
    subprocess.run(["nginx", "-c", os.path.join(root, "nginx.conf"), "-p", root], check=True)
    base = f"http://127.0.0.1:{args.port}"
    for attempt in range(100):
        try:
            # The first request creates Kanboard's schema, its admin user and its API token.
            urllib.request.urlopen(base + "/?controller=AuthController&action=login", timeout=5).read()
            break
        except Exception as error:
            if attempt == 99:
                sys.exit(f"kanboard: no answer from {base}: {error} (see {root}/nginx-error.log)")
            time.sleep(0.2)
    with sqlite3.connect(os.path.join(data, "db.sqlite")) as db:
        token = db.execute("select value from settings where option = 'api_token'").fetchone()[0]
    auth = "Basic " + base64.b64encode(f"jsonrpc:{token}".encode()).decode()
    url = base + "/jsonrpc.php"
    project = rpc(url, auth, "createProject", {"name": "Reading Buddies", "owner_id": 1})
    rpc(url, auth, "addProjectUser", {"project_id": project, "user_id": 1, "role": "project-manager"})
    print(json.dumps({"url": url, "authorization": auth, "project_id": project, "owner_id": 1,
                      "database": os.path.join(data, "db.sqlite")}))


def stop(args):
    for name, signal in (("nginx.pid", "QUIT"), ("php-fpm.pid", "QUIT")):
        pid_file = os.path.join(args.dir, name)
        if os.path.exists(pid_file):
            with open(pid_file) as handle:
                subprocess.run(["kill", f"-{signal}", handle.read().strip()], stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    shutil.rmtree(args.dir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("--source", help="Kanboard's git directory (a bare clone)")
    parser.add_argument("--dir", default="/tmp/kanboard-bench")
    parser.add_argument("--port", type=int, default=18080)
    args = parser.parse_args()
    if args.action == "start":
        if not args.source:
            sys.exit("kanboard: start needs --source, Kanboard's git directory")
        start(args)
    else:
        stop(args)


if __name__ == "__main__":
    main()
