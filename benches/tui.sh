#!/usr/bin/env bash
# Whole-process measurement of the console against a bare ratatui app and a
# SQLite "floor" (see benches/README.md). One command:
#
#   benches/tui.sh [extra ttff.py suite options, e.g. --reps 3 --only bare]
#
# It builds the release binaries, makes the databases in target/bench/ if
# missing, sets up a Python venv with pyte, writes target/bench/suite.json and
# runs ttff.py (../shared/tools/ttff.py, or $TTFF) on the four targets.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BENCH=$ROOT/target/bench
TTFF=${TTFF:-$ROOT/../shared/tools/ttff.py}
REPS=${REPS:-8}
IDLE=${IDLE:-5}
[ -f "$TTFF" ] || { echo "tui.sh: ttff.py not found at $TTFF (set TTFF=path)" >&2; exit 1; }
mkdir -p "$BENCH"

# (a) release binaries
cargo build --release --bin circle --example bare --example floor
# Measure copies: a concurrent cargo build must not swap a binary mid-run.
mkdir -p "$BENCH/bin"
RELEASE=${CARGO_TARGET_DIR:-$ROOT/target}/release
cp "$RELEASE/circle" "$RELEASE/examples/bare" "$RELEASE/examples/floor" "$BENCH/bin/"
CIRCLE=$BENCH/bin/circle
BARE=$BENCH/bin/bare
FLOOR=$BENCH/bin/floor
REV="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock benches || echo ' + uncommitted changes')"

# (c) first, because (b) uses Python's sqlite3 too: a venv with pyte
if [ ! -x "$BENCH/venv/bin/python" ] || ! "$BENCH/venv/bin/python" -c 'import pyte' 2>/dev/null; then
    python3 -m venv "$BENCH/venv"
    "$BENCH/venv/bin/pip" install --quiet pyte
fi
PY=$BENCH/venv/bin/python

# (b) databases. Each lives in its own folder, because circle's daily backup
# goes to a backups/ folder beside the database, named by date only.
STRESS=$BENCH/large.db
if [ ! -f "$STRESS" ]; then
    "$CIRCLE" --db "$STRESS" demo --scale large
fi
# The demo database is what `circle --demo` builds (there is no command that
# writes it to a file): start `circle --demo` in a detached tmux session,
# copy its throwaway database with SQLite's backup API, quit it.
DEMO=$BENCH/demo/demo.db
if [ ! -f "$DEMO" ]; then
    mkdir -p "$BENCH/demo"
    if command -v tmux >/dev/null; then
        session=circle-bench-demo-$$
        tmux new-session -d -s "$session" -x 120 -y 40 "$CIRCLE --demo"
        pid=$(tmux display -p -t "$session" '#{pane_pid}')
        "$PY" - "$pid" "$DEMO" <<'EOF' || true
import glob, os, sqlite3, sys, tempfile, time
pid, out = sys.argv[1], sys.argv[2]
pattern = os.path.join(tempfile.gettempdir(), f"circle-demo-{pid}-*", "demo.db")
for _ in range(100):  # up to 10 s for the demo to be built
    found = glob.glob(pattern)
    if found:
        try:
            src = sqlite3.connect(f"file:{found[0]}?mode=ro", uri=True)
            if src.execute("SELECT count(*) FROM members").fetchone()[0] > 0:
                dst = sqlite3.connect(out)
                src.backup(dst)
                dst.close()
                print(f"tui.sh: copied the --demo database to {out}")
                break
        except sqlite3.Error:
            pass
    time.sleep(0.1)
else:
    print("tui.sh: could not find the --demo database", file=sys.stderr)
EOF
        tmux send-keys -t "$session" q
        sleep 1
        tmux kill-session -t "$session" 2>/dev/null || true
    fi
    if [ ! -f "$DEMO" ]; then
        echo "tui.sh: no demo database (needs tmux); the circle-demo target is skipped" >&2
    fi
fi

# circle opens on the group and tab it had open when last closed (an endings
# activity in progress takes precedence). Without a remembered group it opens
# the first by name: in the stress database that is "Circle 001" (30 people),
# not "Stress Circle" (id 1, 5,000 members, the group floor reads). So before
# each run, remember the group to measure and the Roster tab, as a facilitator
# who works in that group would have them. (Each measured run of circle-demo
# ends on the Roster tab: its key steps alternate 2, 1 for an even count.)
remember() {
    "$PY" - "$1" "$2" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
gid = db.execute("SELECT id FROM groups WHERE name = ?", (sys.argv[2],)).fetchone()[0]
for key, value in (("current_group", str(gid)), ("current_tab", "Roster")):
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))
db.commit()
EOF
}
remember "$STRESS" "Stress Circle"
if [ -f "$DEMO" ]; then remember "$DEMO" "Riverside Wellbeing Circle"; fi

# (d) the suite: four targets at 120x40. Expected texts are ones only the
# intended pane shows (every tab title is always on screen in the tab bar).
SUITE=$BENCH/suite.json
"$PY" - "$SUITE" "$BARE" "$FLOOR" "$CIRCLE" "$STRESS" "$DEMO" <<'EOF'
import json, os, sys
suite, bare, floor, circle, stress, demo = sys.argv[1:]
size, size_text = "120x40", "people at each meeting"   # only on circle's Size health pane
roster = "showing current members"                     # only on circle's Roster pane
def keys(*steps):
    return [{"send": k, "expect": e, "label": "key", "tag": t} for k, e, t in steps]
plain = keys(("2", "Size health pane", "size"), ("1", "Roster:", "roster"))
targets = [
    {"name": "bare", "cmd": [bare], "expect": "Roster:", "keys": plain},
    {"name": "floor", "cmd": [floor, stress], "expect": "Roster:", "keys": plain},
    # The demo group has no endings activity in progress: it opens on the roster.
    {"name": "circle-demo", "cmd": [circle, "--db", demo], "expect": roster,
     "keys": keys(("2", size_text, "size"), ("1", roster, "roster")),
     "disabled": not os.path.exists(demo)},
    # The stress group has one in progress, so circle opens on the Endings tab.
    {"name": "circle-stress", "cmd": [circle, "--db", stress], "expect": "read so far",
     "keys": keys(("1", roster, "roster"), ("2", size_text, "size"))},
]
for t in targets:
    t.update({"size": size, "quit": "q"})
json.dump({"baseline": "bare", "targets": targets}, open(suite, "w"), indent=1)
EOF

# (e) run, then the report with ratios to bare and (net first frame) to floor.
status=0
"$PY" "$TTFF" suite "$SUITE" --reps "$REPS" --warmup 1 --idle "$IDLE" \
    --json "$BENCH/results.json" --md "$BENCH/results.md" "$@" || status=$?
"$PY" "$TTFF" report "$BENCH/results.json" --baseline bare --floor floor --md "$BENCH/report.md"
# Medians and ratios to bare and to floor, in one table.
"$PY" - "$BENCH/results.json" "$REV" <<'EOF' | tee "$BENCH/summary.md"
import json, sys
res = json.load(open(sys.argv[1]))
S = res["summary"]
def med(s, key=None, label=None):
    v = (s.get("key_ms") or {}).get(label) if label else s.get(key)
    return v["median"] if v else None
def f(v, nd=1):
    return "-" if v is None else f"{v:.{nd}f}"
def r(a, b):
    return "-" if a is None or not b else f"{a / b:.2f}"
cols = [("first frame ms", "ttff_ms", None, 1), ("key ms", None, "key", 2),
        ("peak RSS MB", "peak_rss_mb", None, 1), (f"idle CPU ms / {res['config']['idle_s']:g} s", "idle_cpu_ms", None, 2),
        ("idle wake-ups", "idle_wakeups", None, 0)]
print(f"circle {sys.argv[2]}; {res['config']['reps']} reps (+{res['config']['warmup']} warm-up), 120x40, medians; "
      f"loadavg {res['env'].get('loadavg_start')} -> {res['env'].get('loadavg_end')}")
print()
print("| target | " + " | ".join(c[0] for c in cols) + " | frame x bare | frame x floor | key x bare | key x floor | RSS x bare | RSS x floor | ok runs |")
print("|" + "---|" * (len(cols) + 7))
for n, s in S.items():
    vals = [med(s, k, l) for _, k, l, _ in cols]
    row = [f(v, nd) for v, (_, _, _, nd) in zip(vals, cols)]
    for key, label in (("ttff_ms", None), (None, "key"), ("peak_rss_mb", None)):
        for base in ("bare", "floor"):
            row.append(r(med(s, key, label), med(S[base], key, label)) if base in S else "-")
    row.append(f"{s['ok_runs']}/{s['runs']}")
    print(f"| {n} | " + " | ".join(row) + " |")
EOF
exit $status
