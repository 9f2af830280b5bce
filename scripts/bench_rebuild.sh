#!/usr/bin/env bash
# Time what a curator waits for, one command after another, in fresh processes (issue 16):
# a cold `hrgraph build`, a rebuild with nothing changed, a rebuild after the one-file edit that
# benchmarks/synthetic.py names in synthetic.json, and `hrgraph validate` after that edit undone.
# Wall and CPU (user+sys, the site's forked process included) and peak memory by /usr/bin/time.
#
#   .venv/bin/python -m benchmarks.synthetic --records 100000 --out /tmp/syn100k
#   scripts/bench_rebuild.sh /tmp/syn100k /tmp/rebuild100k
set -euo pipefail
sources=$(realpath "$1"); work=$2
here=$(cd "$(dirname "$0")/.." && pwd)
hrgraph=$here/.venv/bin/hrgraph
python=$here/.venv/bin/python
mkdir -p "$work"; work=$(realpath "$work"); rm -rf "$work/build"
file=$("$python" -c "import json, sys; print(json.load(open(sys.argv[1]))['edit']['file'])" \
  "$sources/synthetic.json")
edited=$sources/$file
cp "$edited" "$work/original.yaml"
trap 'cp "$work/original.yaml" "$edited"' EXIT
timed() {
  /usr/bin/time -f "$1: wall %e s, CPU %U + %S s, peak %M KB" "${@:2}" > /dev/null 2> "$work/time.txt" \
    || { cat "$work/time.txt"; exit 1; }
  tail -1 "$work/time.txt"
}
cd "$work"  # validate finds the last build in ./build
timed "cold build" "$hrgraph" build --sources "$sources" --out build
timed "rebuild, nothing changed" "$hrgraph" build --sources "$sources" --out build
"$python" -c "
import json, sys
edit = json.load(open(sys.argv[1]))['edit']
path = sys.argv[2]
text = open(path, encoding='utf-8').read()
assert edit['old'] in text, 'the edit of synthetic.json is not in ' + path
open(path, 'w', encoding='utf-8').write(text.replace(edit['old'], edit['new'], 1))" "$sources/synthetic.json" "$edited"
timed "rebuild after one file changed" "$hrgraph" build --sources "$sources" --out build
cp "$work/original.yaml" "$edited"
timed "validate after one edit" "$hrgraph" validate --sources "$sources"
uptime
