#!/usr/bin/env bash
# The torch plugin from the command line (docs/architecture.md, "Heavy dependencies behind a plugin"):
# medsam-agent links no torch; commands that need none never look for the plugin; the ones that need it find it
# in the build tree and in an installed layout, load it once per process, or fail with the file's name.
#   cli_torch_plugin.sh PATH/TO/medsam-agent BUILD_DIR PATH/TO/BUILT/libmedsam_torch.so
set -euo pipefail
usage="usage: cli_torch_plugin.sh MEDSAM_AGENT BUILD_DIR PLUGIN"
bin="${1:?$usage}"
build="${2:?$usage}"
plugin="${3:?$usage}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
unset MEDSAM_TORCH_PLUGIN
fail() { echo "cli torch plugin: $*" >&2; exit 1; }

# 1. No torch (nor the OpenCV it drags in) among the program's libraries.
if ldd "$bin" | grep -E "libtorch|libc10|libopencv"; then fail "medsam-agent links torch"; fi

# 2. The classical tool with the box policy needs no plugin: a plugin path that does not exist is never used.
"$bin" phantoms --out "$work/ph" --count 3 --size 64 --seed 1 >/dev/null
row="$(sed -n 2p "$work/ph/manifest.csv")"
img="$work/ph/$(cut -d, -f1 <<<"$row")"
ref="$work/ph/$(cut -d, -f2 <<<"$row")"
seg=(segment "$img" --target organ --reference "$ref" --label-value 1 --policy box)
MEDSAM_TORCH_PLUGIN=/nonexistent/libmedsam_torch.so "$bin" "${seg[@]}" --tool classical >/dev/null

# 3. The plugin found in the build tree (RUNPATH): the synthetic SAM model, written and run by it.
"$bin" sam-check --write-synthetic "$work/sam" >/dev/null
"$bin" sam-check --sam-model "$work/sam" --size 64 >"$work/check"
grep -qF "torch plugin $plugin " "$work/check" || { cat "$work/check" >&2; fail "no build-tree plugin"; }
"$bin" "${seg[@]}" --tool sam --sam-model "$work/sam" >"$work/out" || fail "segment --tool sam failed"

# 4. eval: one plugin for every job and case.
"$bin" eval --manifest "$work/ph/manifest.csv" --policy box --tool sam --sam-model "$work/sam" --jobs 2 \
  --out "$work/ev" --quiet >/dev/null
grep -q '"failed_cases": 0' "$work/ev/summary.json" || { cat "$work/ev/summary.json" >&2; fail "eval cases failed"; }

# 5. A missing or broken plugin: exit code 1 and a message naming the file, for segment and for eval (once,
#    before any case runs).
expect_error() {  # FILE COMMAND...
  local file="$1"; shift
  if MEDSAM_TORCH_PLUGIN="$file" "$bin" "$@" >/dev/null 2>"$work/err"; then fail "ran with plugin $file"; fi
  grep -qF "$file" "$work/err" || { cat "$work/err" >&2; fail "the error does not name $file"; }
}
expect_error /nonexistent/libmedsam_torch.so "${seg[@]}" --tool sam --sam-model "$work/sam"
echo "not a library" >"$work/garbage.so"
expect_error "$work/garbage.so" "${seg[@]}" --tool sam --sam-model "$work/sam"
expect_error "$work/garbage.so" eval --manifest "$work/ph/manifest.csv" --policy box --tool sam \
  --sam-model "$work/sam" --jobs 2 --out "$work/ev2" --quiet
[[ ! -e "$work/ev2/cases.csv" ]] || fail "eval ran its cases without a plugin"

# 6. The installed layout: the installed program finds the installed plugin next to it ($ORIGIN), not the
#    build tree's.
cmake --install "$build" --prefix "$work/prefix" >/dev/null
"$work/prefix/bin/medsam-agent" sam-check --sam-model "$work/sam" --size 64 >"$work/check"
grep -q "torch plugin $work/prefix/.*/libmedsam_torch.so" "$work/check" ||
  { cat "$work/check" >&2; fail "the installed program did not load the installed plugin"; }
echo "cli torch plugin: ok"
