#!/usr/bin/env python3
"""The machine's limit for recording a commitment on SQLite, as BENCHMARKS.md records it.

    scripts/write-limit.py --database /tmp/single.db [--transactions 20000] [--batch 1]

Runs, in Debian's `sqlite3` shell on a copy of a Rapport SQLite database (one that
`scripts/load.py --single` made: it holds the workspace, organisations and partnership the
statements name), the same transaction `POST …/partnerships/{id}/commitments` runs inside the
write lock: check the partnership, insert the commitment, its "made" event and its activity
entry, look for webhooks, renew the partnership's stamp. Same settings as Rapport's writer (WAL,
`synchronous=NORMAL`, foreign keys on, `BEGIN IMMEDIATE`). Prints transactions per second: what
SQLite itself allows one writer on this machine, without HTTP, authentication or JSON.
With `--batch N`, N writes share each transaction, each under its own savepoint, as Rapport's
group commit runs writers that arrive together; the rate is then writes per second.
Standard library only.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone


def blob(u):
    return "X'" + u.hex.upper() + "'"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="a SQLite file made by scripts/load.py --single (copied, not changed)")
    parser.add_argument("--transactions", type=int, default=20000, help="writes, in all")
    parser.add_argument("--batch", type=int, default=1, help="writes per transaction, each under a savepoint")
    args = parser.parse_args()
    if shutil.which("sqlite3") is None:
        sys.exit("write-limit: the sqlite3 shell is Debian's `sqlite3` package (apt-get install sqlite3).")
    work = tempfile.mkdtemp(prefix="rapport-write-limit-")
    db = f"{work}/copy.db"
    subprocess.run(["sqlite3", args.database, f".backup '{db}'"], check=True)
    row = subprocess.run(["sqlite3", db, "SELECT hex(p.id), hex(p.workspace_id), hex(m.organization_id) FROM partnerships p "
                          "JOIN partnership_members m ON m.partnership_id = p.id ORDER BY p.id LIMIT 1"],
                         capture_output=True, text=True, check=True).stdout.strip()
    partnership, workspace, promisor = (uuid.UUID(h) for h in row.split("|"))
    now = datetime.now(timezone.utc).isoformat()
    lines = [".output /dev/null", "PRAGMA journal_mode = WAL;", "PRAGMA synchronous = NORMAL;", "PRAGMA foreign_keys = ON;"]
    for n in range(args.transactions):
        commitment, event, activity = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        if n % args.batch == 0:
            lines.append("BEGIN IMMEDIATE;")
        if args.batch > 1:
            lines.append("SAVEPOINT write;")
        lines += [
            f"SELECT id FROM partnerships WHERE id = {blob(partnership)} AND workspace_id = {blob(workspace)} LIMIT 1;",
            "INSERT INTO commitments (id, workspace_id, partnership_id, promisor_organization_id, promisor_user_id, "
            "promisee_organization_id, description, due_on, done_on, cancelled, checkin_id, created_at, archived_at, version) "
            f"VALUES ({blob(commitment)}, {blob(workspace)}, {blob(partnership)}, {blob(promisor)}, NULL, NULL, "
            f"'Load-test promise', '2030-01-01', NULL, 0, NULL, '{now}', NULL, 1) RETURNING *;",
            "INSERT INTO commitment_events (id, workspace_id, commitment_id, kind, occurred_at, on_date, previous_due_on, "
            f"new_due_on, reason, actor_user_id) VALUES ({blob(event)}, {blob(workspace)}, {blob(commitment)}, 'made', "
            f"'{now}', NULL, NULL, NULL, NULL, NULL) RETURNING *;",
            "INSERT INTO activity_log (id, workspace_id, occurred_at, actor_user_id, record_kind, record_id, partnership_id, "
            f"action, summary) VALUES ({blob(activity)}, {blob(workspace)}, '{now}', NULL, 'commitment', {blob(commitment)}, "
            f"{blob(partnership)}, 'created', 'made a commitment') RETURNING *;",
            f"SELECT * FROM webhooks WHERE workspace_id = {blob(workspace)} AND active = 1 AND (partnership_id IS NULL OR partnership_id = {blob(partnership)});",
            f"UPDATE partnership_health SET stamp = {blob(uuid.uuid4())} WHERE id = {blob(partnership)};",
        ]
        if args.batch > 1:
            lines.append("RELEASE write;")
        if n % args.batch == args.batch - 1 or n == args.transactions - 1:
            lines.append("COMMIT;")
    script = "\n".join(lines) + "\n"
    started = time.perf_counter()
    subprocess.run(["sqlite3", db], input=script, text=True, check=True)
    elapsed = time.perf_counter() - started
    shutil.rmtree(work)
    print(f"{args.transactions} writes ({args.batch} per transaction) in {elapsed:.2f} s: {args.transactions / elapsed:,.0f} per second "
          f"({1000 * elapsed / args.transactions:.3f} ms each), sqlite3 {subprocess.run(['sqlite3', '--version'], capture_output=True, text=True).stdout.split()[0]}")


if __name__ == "__main__":
    main()
