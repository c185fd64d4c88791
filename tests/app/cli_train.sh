#!/usr/bin/env bash
# The learned policy's training from the command line (docs/training.md): stage 1 is deterministic (same seed,
# same weights) and resumable to the same weights; stage 2 runs from stage 1's file and logs each iteration;
# the trained file drives `segment --policy learned`; bad arguments are named.
#   cli_train.sh PATH/TO/medsam-agent
set -euo pipefail
bin="${1:?usage: cli_train.sh MEDSAM_AGENT}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "cli train: $*" >&2; exit 1; }
digest() { sed -n 's/.*"parameter_digest": "\([0-9a-f]*\)".*/\1/p' "$1/train-info.json"; }

small=(--phantoms 10 --episodes-per-case 1 --batch 16 --input-size 32 --features 8 --jobs 2 --seed 5)
"$bin" train sft --out "$work/a" "${small[@]}" --epochs 2 >/dev/null 2>"$work/a.err" || { cat "$work/a.err" >&2; fail "sft failed"; }
"$bin" train sft --out "$work/b" "${small[@]}" --epochs 2 >/dev/null 2>&1
[ -n "$(digest "$work/a")" ] || fail "no parameter digest in train-info.json"
[ "$(digest "$work/a")" = "$(digest "$work/b")" ] || fail "same seed, different weights"
"$bin" train sft --out "$work/c" --phantoms 10 --episodes-per-case 1 --batch 16 --input-size 32 --features 8 --jobs 2 --seed 6 --epochs 2 >/dev/null 2>&1
[ "$(digest "$work/a")" != "$(digest "$work/c")" ] || fail "another seed gave the same weights"
for f in policy.pt policy.json sft-log.csv sft-curves.png checkpoint/optimizer.pt; do
  [ -s "$work/a/$f" ] || fail "sft wrote no $f"
done
[ "$(wc -l <"$work/a/sft-log.csv")" -eq 3 ] || fail "sft-log.csv should have a header and 2 epochs"
# The tool is recorded by its versioned name: "classical" means whichever version is the default.
grep -q '"tool_version": "classical-rw/4"' "$work/a/train-info.json" || fail "train-info.json lacks the tool version"

# Resuming: one epoch, then --resume to two, gives the uninterrupted run's weights and log.
"$bin" train sft --out "$work/r" "${small[@]}" --epochs 1 >/dev/null 2>&1
"$bin" train sft --out "$work/r" "${small[@]}" --epochs 2 --resume >/dev/null 2>&1
[ "$(digest "$work/r")" = "$(digest "$work/a")" ] || fail "a resumed run differs from an uninterrupted one"
[ "$(cut -d, -f1 "$work/r/sft-log.csv" | tr '\n' ' ')" = "epoch 1 2 " ] || fail "resumed log: $(cat "$work/r/sft-log.csv")"

# Stage 2 from stage 1's file.
"$bin" train rl --init "$work/a/policy.pt" --out "$work/rl" --phantoms 6 --iterations 2 --tasks 2 --group 4 \
  --features 8 --jobs 2 >/dev/null 2>"$work/rl.err" || { cat "$work/rl.err" >&2; fail "rl failed"; }
[ "$(wc -l <"$work/rl/rl-log.csv")" -eq 3 ] || fail "rl-log.csv should have a header and 2 iterations"
[ -s "$work/rl/rl-curves.png" ] && [ -s "$work/rl/policy.json" ] || fail "rl wrote no curves or sidecar"

# The trained file drives the agent from the person's box.
"$bin" phantoms --out "$work/ph" --count 1 --size 64 --seed 2 >/dev/null
row="$(sed -n 2p "$work/ph/manifest.csv")"
img="$work/ph/$(cut -d, -f1 <<<"$row")"
ref="$work/ph/$(cut -d, -f2 <<<"$row")"
"$bin" segment "$img" --target organ --reference "$ref" --label-value 1 --policy learned \
  --policy-file "$work/rl/policy.pt" >"$work/seg" 2>&1 || { cat "$work/seg" >&2; fail "segment --policy learned failed"; }
grep -q "learned:policy.pt" "$work/seg" || { cat "$work/seg" >&2; fail "segment did not name the learned policy"; }

# Bad input is named.
if "$bin" train rl --init "$work/nope.pt" --out "$work/x" 2>"$work/err"; then fail "a missing --init was accepted"; fi
grep -q "nope.pt" "$work/err" || fail "the missing --init is not named: $(cat "$work/err")"
if "$bin" train sft --out "$work/x" --phantoms 0 2>"$work/err"; then fail "no data was accepted"; fi
grep -q "no training cases" "$work/err" || fail "no-data message: $(cat "$work/err")"
if MEDSAM_POLICY_DIR="$work/none" "$bin" segment "$img" --target organ --reference "$ref" --label-value 1 \
  --policy learned 2>"$work/err" >/dev/null; then fail "a missing built-in policy was accepted"; fi
grep -q "MEDSAM_POLICY_DIR" "$work/err" || fail "missing built-in policy message: $(cat "$work/err")"
echo "cli train: ok"
