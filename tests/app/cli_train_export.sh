#!/usr/bin/env bash
# Stage 1 from people's curated work (docs/training.md, "Training from curated sessions"): a real project made
# with the command line (db init, eval --db on phantoms, db review), exported with db export, then
# `train sft --export DIR`: the curated masks become cases for the expert, and each session's own decisions
# are replayed and cloned; train-info.json records the export and the counts; `train rl --export` takes the
# curated masks as tasks; bad exports are named.
#   cli_train_export.sh PATH/TO/medsam-agent
set -euo pipefail
bin="${1:?usage: cli_train_export.sh MEDSAM_AGENT}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "cli train export: $*" >&2; exit 1; }
info() { sed -n "s/^  \"$2\": \([0-9]*\),\{0,1\}$/\1/p" "$1/train-info.json"; }

# A project: 4 phantom slices, each segmented by the expert from a box and recorded; three approved, one
# rejected (the export leaves it out).
"$bin" phantoms --out "$work/ph" --count 4 --size 64 --seed 3 >/dev/null
"$bin" db init "$work/p.db" >/dev/null
"$bin" eval --manifest "$work/ph/manifest.csv" --policy expert --db "$work/p.db" --out "$work/ev" --jobs 1 \
  --quiet >/dev/null 2>"$work/ev.err" || { cat "$work/ev.err" >&2; fail "eval --db failed"; }
for s in 1 2 3; do "$bin" db review "$work/p.db" "$s" --status approved >/dev/null; done
"$bin" db review "$work/p.db" 4 --status rejected >/dev/null
"$bin" db export "$work/p.db" --out "$work/exp" --format sft --format rl >/dev/null 2>"$work/x.err" ||
  { cat "$work/x.err" >&2; fail "db export failed"; }
[ "$(wc -l <"$work/exp/rl/tasks.jsonl")" -eq 3 ] || fail "expected 3 curated tasks in the export"

# The person's decisions: every assistant call after the first (the first prompt starts the episode).
expected=0
while IFS= read -r line; do
  calls=$(grep -o '"role":"assistant"' <<<"$line" | wc -l)
  expected=$((expected + calls - 1))
done <"$work/exp/sft/trajectories.jsonl"
[ "$expected" -gt 0 ] || fail "the export holds no decisions after the first prompt"

small=(--phantoms 0 --episodes-per-case 1 --batch 8 --input-size 32 --features 8 --jobs 2 --seed 5 --epochs 2)
"$bin" train sft --out "$work/t" --export "$work/exp" "${small[@]}" >"$work/t.out" 2>"$work/t.err" ||
  { cat "$work/t.err" >&2; fail "train sft --export failed"; }
grep -q "3 curated tasks -> 3 cases; 3 sessions' conversations, 3 of them linked" "$work/t.err" ||
  { cat "$work/t.err" >&2; fail "the export's counts are not reported"; }
person=$(($(info "$work/t" person_training_decisions) + $(info "$work/t" person_validation_decisions)))
[ "$person" -eq "$expected" ] || fail "person decisions $person, the export holds $expected"
[ "$(info "$work/t" person_training_trajectories)" -ge 1 ] || fail "no person trajectory trained"
[ "$(info "$work/t" person_replay_failed)" -eq 0 ] || fail "a replay failed: $(cat "$work/t.err")"
[ "$(info "$work/t" expert_training_decisions)" -gt 0 ] || fail "the expert made no decisions on the curated masks"
total=$(($(info "$work/t" training_decisions) + $(info "$work/t" validation_decisions)))
both=$(($(info "$work/t" expert_training_decisions) + $(info "$work/t" expert_validation_decisions) + person))
[ "$total" -eq "$both" ] || fail "decisions $total are not expert + person ($both)"
grep -q "\"$work/exp\"" "$work/t/train-info.json" || fail "train-info.json does not record the export"
[ "$(wc -l <"$work/t/sft-log.csv")" -eq 3 ] && [ -s "$work/t/policy.pt" ] || fail "no log or policy"

# Only the people's decisions: the expert leaves the curated cases alone.
"$bin" train sft --out "$work/p" --export "$work/exp" --export-use person "${small[@]}" >/dev/null 2>"$work/p.err" ||
  { cat "$work/p.err" >&2; fail "--export-use person failed"; }
[ "$(info "$work/p" expert_training_decisions)" -eq 0 ] || fail "--export-use person ran the expert"
[ "$(info "$work/p" training_decisions)" -eq "$(info "$work/p" person_training_decisions)" ] ||
  fail "--export-use person: training decisions are not the person's"

# Stage 2 takes the curated masks as tasks.
"$bin" train rl --init "$work/t/policy.pt" --out "$work/rl" --export "$work/exp" --phantoms 0 --iterations 1 \
  --tasks 2 --group 2 --features 8 --jobs 2 >/dev/null 2>"$work/rl.err" || { cat "$work/rl.err" >&2; fail "train rl --export failed"; }
grep -q "3 curated tasks -> 3 cases" "$work/rl.err" && [ "$(wc -l <"$work/rl/rl-log.csv")" -eq 2 ] ||
  fail "train rl --export: $(cat "$work/rl.err")"

# Bad exports are named with file and line.
cp -r "$work/exp" "$work/bad"
sed -i '2s/.*/{"extra_info": /' "$work/bad/rl/tasks.jsonl"
if "$bin" train sft --out "$work/x" --export "$work/bad" "${small[@]}" 2>"$work/err" >/dev/null; then
  fail "a malformed tasks.jsonl was accepted"
fi
grep -q "bad/rl/tasks.jsonl:2: not valid JSON" "$work/err" || fail "malformed row message: $(cat "$work/err")"
rm -r "$work/bad" && cp -r "$work/exp" "$work/bad"
mask="$(ls "$work/bad/rl/masks/" | head -1)"
rm "$work/bad/rl/masks/$mask"
if "$bin" train sft --out "$work/x" --export "$work/bad" "${small[@]}" 2>"$work/err" >/dev/null; then
  fail "a missing mask was accepted"
fi
grep -q "$mask" "$work/err" && grep -q "tasks.jsonl:[0-9]*: mask" "$work/err" ||
  fail "missing mask message: $(cat "$work/err")"
if "$bin" train sft --out "$work/x" --export "$work/nothere" "${small[@]}" 2>"$work/err" >/dev/null; then
  fail "a missing export folder was accepted"
fi
grep -q "nothere" "$work/err" || fail "missing export message: $(cat "$work/err")"
echo "cli train export: ok"
