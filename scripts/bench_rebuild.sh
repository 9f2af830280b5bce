#!/usr/bin/env bash
# Time what a curator waits for, one command after another, in fresh processes (issue 16):
# a cold `hrgraph build`, a rebuild with nothing changed, then ROUNDS times a rebuild after the
# one-file edit that benchmarks/synthetic.py names in synthetic.json and a rebuild after it is
# undone, and last `hrgraph validate` after one edit. Wall and CPU (user+sys, the site's forked
# processes included) and peak memory by /usr/bin/time; at the end the one-file rebuilds'
# median and range, each as a share of the cold build (single runs vary by a second or more
# on a shared machine: the median of several is the figure to compare). The last run's build is
# set aside and removed at the end, not before the cold build: on a disk without a journal a
# file made just after many were removed near it costs far more (scripts/benchmark.py, "a cold
# folder, fairly").
#
#   .venv/bin/python -m benchmarks.synthetic --records 100000 --out /tmp/syn100k
#   scripts/bench_rebuild.sh /tmp/syn100k /tmp/rebuild100k [ROUNDS, default 1]
set -euo pipefail
sources=$(realpath "$1"); work=$2; rounds=${3:-1}
here=$(cd "$(dirname "$0")/.." && pwd)
hrgraph=$here/.venv/bin/hrgraph
python=$here/.venv/bin/python
mkdir -p "$work"; work=$(realpath "$work")
if [ -e "$work/build" ]; then
  mkdir -p "$work/.trash"; mv "$work/build" "$(mktemp -d "$work/.trash/build-XXXXXX")"
fi
: > "$work/walls.txt"
file=$("$python" -c "import json, sys; print(json.load(open(sys.argv[1]))['edit']['file'])" \
  "$sources/synthetic.json")
edited=$sources/$file
cp "$edited" "$work/original.yaml"
trap 'cp "$work/original.yaml" "$edited"' EXIT
timed() {
  /usr/bin/time -f "$1: wall %e s, CPU %U + %S s, peak %M KB" "${@:2}" > /dev/null 2> "$work/time.txt" \
    || { cat "$work/time.txt"; exit 1; }
  tail -1 "$work/time.txt"
  tail -1 "$work/time.txt" | sed -E 's/^([^:]*): wall ([0-9.]+) s.*/\1\t\2/' >> "$work/walls.txt"
}
edit() {  # the edit of synthetic.json made (do) or undone (undo) in the edited file
  "$python" -c "
import json, sys
edit = json.load(open(sys.argv[1]))['edit']
path, way = sys.argv[2], sys.argv[3]
old, new = (edit['old'], edit['new']) if way == 'do' else (edit['new'], edit['old'])
text = open(path, encoding='utf-8').read()
assert old in text, 'the edit of synthetic.json is not in ' + path
open(path, 'w', encoding='utf-8').write(text.replace(old, new, 1))" "$sources/synthetic.json" "$edited" "$1"
}
cd "$work"  # validate finds the last build in ./build
timed "cold build" "$hrgraph" build --sources "$sources" --out build
timed "rebuild, nothing changed" "$hrgraph" build --sources "$sources" --out build
for round in $(seq "$rounds"); do
  edit do
  timed "rebuild after one file changed" "$hrgraph" build --sources "$sources" --out build
  edit undo
  timed "rebuild after one file changed (undone)" "$hrgraph" build --sources "$sources" --out build
done
edit do  # the sources one edit away from the last build
timed "validate after one edit" "$hrgraph" validate --sources "$sources"
"$python" - "$work/walls.txt" <<'EOF'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1], encoding="utf-8")]
cold = next(float(wall) for what, wall in rows if what == "cold build")
edits = sorted(float(wall) for what, wall in rows if what.startswith("rebuild after one file changed"))
median = statistics.median(edits)
print(
    f"one-file rebuilds: {len(edits)}, median {median:.2f} s = {median / cold:.3f} of the cold build"
    f" (range {edits[0]:.2f}-{edits[-1]:.2f} s = {edits[0] / cold:.3f}-{edits[-1] / cold:.3f})"
)
EOF
rm -rf "$work/.trash"
uptime
