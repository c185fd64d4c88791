#!/usr/bin/env bash
# Runs every benchmark program with repetitions and prints the medians, as reported in docs/benchmarks.md,
# then the whole-process start-up measurements (bench/startup.py).
#   bench/run-all.sh [BUILD_DIR]     (default build/ci: Release; build it with `CI=true packaging/dev.sh build`)
# Run it on an otherwise idle machine: the numbers are wall-clock medians.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build/ci}"
data="$build/test-data"
"$root/packaging/fetch-data.sh" "$data"
export MEDSAM_TEST_DATA="$data"
flags=(--benchmark_repetitions=5 --benchmark_report_aggregates_only=true --benchmark_display_aggregates_only=true)
for b in bench_mask_codec bench_metrics bench_io bench_classical bench_sam_overhead bench_policy_codec bench_storage; do
  echo "== $b"
  "$build/bench/$b" "${flags[@]}" 2>&1 | grep -E "_median|^Benchmark|encoded|bytes" || true
done
echo "== start-up (whole processes)"
"$root/bench/startup.py" --build "$build"
