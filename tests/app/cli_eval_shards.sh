#!/usr/bin/env bash
# End-to-end check of the command line: phantoms -> eval in two shards -> merge, and that the merged summary
# equals an unsharded run (cases, mean Dice, Dice per turn), with the plot written.
#   cli_eval_shards.sh PATH/TO/medsam-agent
set -euo pipefail
bin="${1:?usage: cli_eval_shards.sh MEDSAM_AGENT}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" phantoms --out "$work/ph" --count 4 --size 64 --seed 3 >/dev/null
"$bin" eval --manifest "$work/ph/manifest.csv" --policy expert --shard 0/2 --out "$work/s0" --quiet >/dev/null
"$bin" eval --manifest "$work/ph/manifest.csv" --policy expert --shard 1/2 --out "$work/s1" --quiet >/dev/null
"$bin" eval --merge "$work/s0" "$work/s1" --out "$work/merged" >/dev/null
"$bin" eval --manifest "$work/ph/manifest.csv" --policy expert --out "$work/all" --quiet >/dev/null
for f in cases.csv summary.json dice_vs_turn.png; do
  [[ -s "$work/merged/$f" ]] || { echo "missing $work/merged/$f" >&2; exit 1; }
done
key() { grep -o "\"$2\": [^,]*" "$1/summary.json" | head -1; }
for k in cases mean_dice noc85; do
  a="$(key "$work/merged" "$k")"; b="$(key "$work/all" "$k")"
  [[ "$a" == "$b" ]] || { echo "merged $a != unsharded $b" >&2; exit 1; }
done
[[ "$(key "$work/all" cases)" == '"cases": 4' ]] || { echo "expected 4 cases: $(key "$work/all" cases)" >&2; exit 1; }
# --db records every trajectory: 4 sessions whose step counts match the steps the evaluation ran.
"$bin" db init "$work/p.db" >/dev/null
"$bin" eval --manifest "$work/ph/manifest.csv" --policy expert --out "$work/rec" --quiet --db "$work/p.db" >/dev/null
sessions="$("$bin" db sessions "$work/p.db" | tail -n +2 | grep -c "expert/1")"
[[ "$sessions" == 4 ]] || { echo "expected 4 recorded sessions, got $sessions" >&2; exit 1; }
"$bin" db show "$work/p.db" 1 | grep -q "stop" || { echo "session 1 has no stop step" >&2; exit 1; }
# segment --db records as it goes.
"$bin" segment "$(head -2 "$work/ph/manifest.csv" | tail -1 | cut -d, -f1 | sed "s|^|$work/ph/|")" --target organ \
  --reference "$(head -2 "$work/ph/manifest.csv" | tail -1 | cut -d, -f2 | sed "s|^|$work/ph/|")" --label-value 1 \
  --policy expert --db "$work/p.db" >/dev/null
[[ "$("$bin" db sessions "$work/p.db" | tail -n +2 | wc -l)" == 5 ]] || { echo "segment --db recorded nothing" >&2; exit 1; }
# Missing backend options fail with a clear message, not a crash.
if "$bin" eval --manifest "$work/ph/manifest.csv" --policy mllm --out "$work/x" 2>"$work/err"; then exit 1; fi
grep -q -- "--server" "$work/err" || { cat "$work/err" >&2; exit 1; }
echo "cli eval shards: ok"
