#!/usr/bin/env bash
# The one entry point: installs what is missing, configures, builds, then runs the main job or the tests.
#   packaging/dev.sh run     # build, then medsam-studio on the sample (T1 head + brain mask in a fresh project);
#                            # without a display, the headless command-line demo instead
#   packaging/dev.sh test    # build, then every test under ctest
#   packaging/dev.sh build   # build only
#   packaging/dev.sh package # build the 'ci' preset, then the Debian packages with cpack; prints their paths
#   packaging/dev.sh fuzz    # libFuzzer + ASan/UBSan harnesses (tests/fuzz) in build/fuzz with clang, each run
#                            # for FUZZ_SECONDS (default 60) from a seed corpus of the test data; FUZZ_SEED and
#                            # FUZZ_RUNS fix the inputs (CI)
# CI set to anything but "", "false" or "0" (as tests/support/TestData.cpp reads it) selects the 'ci' preset
# (Release, warnings are errors); otherwise 'dev' (RelWithDebInfo).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
action="${1:-run}"
shift || true
preset="dev"
case "$(printf '%s' "${CI:-}" | tr '[:upper:]' '[:lower:]')" in
  "" | false | 0) ;;
  *) preset="ci" ;;
esac
# Packages are made from the Release build with warnings as errors, whatever CI says.
if [ "$action" = package ]; then preset="ci"; fi
build="$root/build/$preset"

install_missing_packages() {
  local wanted missing=()
  mapfile -t wanted < <(grep -vE '^\s*(#|$)' packaging/debian-packages.txt)
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  # npm fetches test images; machines with Node.js from elsewhere already have it without Debian's package.
  command -v npm >/dev/null || missing+=(npm)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${#missing[@]} missing Debian packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

configure_and_build() {
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake --preset "$preset" >/dev/null
  fi
  cmake --build --preset "$preset" -- -j"$(nproc)"
}

# The command-line demo: what the sample files hold, then the agent (expert policy driving the weight-free
# classical tool) segments the brain on the T1 slice, every step committed to a project database.
run_headless_demo() {
  local data="$1"
  shift
  local cli="$build/app/medsam-agent" out="$build/demo"
  rm -rf "$out" && mkdir -p "$out"
  "$cli" demo --data "$data"
  echo "== agent session, recorded in $out/project.db"
  "$cli" db init "$out/project.db" >/dev/null
  "$cli" segment "$data/itk/Data/KmeansTest_T1UCharRaw.nii.gz" --target brain \
    --reference "$data/itk/Data/KmeansTest_T1RawSkullStrip.nii.gz" --label-value "5|6" \
    --policy expert --box-ratio 1 --tool classical --db "$out/project.db" \
    --out "$out/brain_mask.nii.gz" --overlay-dir "$out/steps" "$@"
  "$cli" db show "$out/project.db" 1
  echo "== pictures of each step in $out/steps, the final mask in $out/brain_mask.nii.gz"
}

# The fuzz harnesses live in their own clang build (build/fuzz); only the targets they need are compiled.
run_fuzzers() {
  local fuzz="$root/build/fuzz" seconds="${FUZZ_SECONDS:-60}" data="$build/test-data"
  local san="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  # Debian's ITK headers know only GCC: tests/fuzz/shim/itk_clang.h lets clang through (see there).
  local shim="-include $root/tests/fuzz/shim/itk_clang.h -fgnuc-version=10.2 -Wno-builtin-macro-redefined"
  if [ ! -f "$fuzz/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
      -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_FLAGS="$san" -DCMAKE_CXX_FLAGS="$san $shim" -DMEDSAM_FUZZ=ON \
      -DMEDSAM_BUILD_BENCH=OFF >/dev/null
  fi
  local targets=(fuzz_nifti fuzz_dicom fuzz_tool_call fuzz_mask_codec fuzz_manifest)
  cmake --build "$fuzz" --target "${targets[@]}" -- -j"$(nproc)"
  packaging/fetch-data.sh "$data"
  # Seed corpora: the real NIfTI and DICOM files of the test data, tool calls and a manifest from tests/fuzz.
  local corpus="$fuzz/corpus"
  mkdir -p "$corpus"/{nifti,dicom,tool_call,mask_codec,manifest} "$fuzz/crashes"
  find "$data/nifti" -type f -name '*.nii' -size -1000k -exec cp -n {} "$corpus/nifti/" \;
  find "$data/pydicom" -type f -name '*.dcm' -size -200k -exec cp -n {} "$corpus/dicom/" \;
  cp -n tests/fuzz/seeds/toolcall/* "$corpus/tool_call/"
  cp -n tests/fuzz/seeds/manifest/* "$corpus/manifest/"
  # FUZZ_SEED and FUZZ_RUNS make a pass repeatable (CI's gate: the same inputs on every machine, a prefix of
  # them on a slower one); without them each pass explores anew (seed 0 = libFuzzer picks one).
  local failed=0 t limits=(-seed="${FUZZ_SEED:-0}")
  [ -n "${FUZZ_RUNS:-}" ] && limits+=(-runs="$FUZZ_RUNS")
  for t in "${targets[@]}"; do
    echo "== $t for ${seconds}s${FUZZ_RUNS:+ or $FUZZ_RUNS runs}"
    if ! "$fuzz/tests/fuzz/$t" -max_total_time="$seconds" "${limits[@]}" -timeout=20 -rss_limit_mb=2048 \
      -artifact_prefix="$fuzz/crashes/$t-" "$corpus/${t#fuzz_}" 2>"$fuzz/$t.log"; then
      failed=1
      # The sanitizer's or libFuzzer's own verdict, not the first "ERROR" the libraries print (nifti1_io says
      # "** ERROR: ... bad datatype" for every rejected input).
      echo "$t FOUND A BUG: $(grep -m1 -E 'SUMMARY|runtime error|==ERROR: |ERROR: libFuzzer' "$fuzz/$t.log");" \
        "inputs in $fuzz/crashes" >&2
    fi
    grep -E '^#[0-9]+.*(DONE|pulse)' "$fuzz/$t.log" | tail -1
  done
  return $failed
}

install_missing_packages
if [ "$action" = fuzz ]; then
  run_fuzzers
  exit $?
fi
configure_and_build

case "$action" in
  build) ;;
  run)
    data="$build/test-data"
    packaging/fetch-data.sh "$data"
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      # The desktop application on the bundled sample: the T1 head with its brain mask as a reference label
      # map, in a fresh project under the build folder.
      studio_dir="$build/studio"
      rm -rf "$studio_dir" && mkdir -p "$studio_dir"
      echo "== medsam-studio: T1 head + brain mask in the new project $studio_dir/sample.db"
      exec "$build/app/medsam-studio" --project "$studio_dir/sample.db" \
        --labels "$data/itk/Data/KmeansTest_T1RawSkullStrip.nii.gz" \
        "$data/itk/Data/KmeansTest_T1UCharRaw.nii.gz" "$@"
    fi
    echo "== no display (DISPLAY and WAYLAND_DISPLAY are unset): running the headless demo instead of" \
      "medsam-studio; on a desktop, or with 'xvfb-run -a packaging/dev.sh run', the window opens"
    run_headless_demo "$data" "$@"
    ;;
  test)
    # Widget and VTK tests need an X display; Xvfb provides one where there is no screen (CI).
    if [ -z "${DISPLAY:-}" ]; then
      exec xvfb-run -a -s "-screen 0 1600x1000x24" ctest --preset "$preset" -j"$(nproc)" "$@"
    fi
    exec ctest --preset "$preset" -j"$(nproc)" "$@"
    ;;
  package)
    # cpack installs the 'studio' and 'torch' components into a staging folder, runs dpkg-shlibdeps and writes
    # one .deb per component (cmake/Packaging.cmake, docs/packaging.md).
    out="$build/packages"
    rm -f "$out"/*.deb
    cpack --config "$build/CPackConfig.cmake" -B "$out" >"$build/cpack.log" 2>&1 ||
      {
        cat "$build/cpack.log" >&2
        echo "dev.sh: cpack failed (log above, also in $build/cpack.log)" >&2
        exit 1
      }
    debs=("$out"/*.deb)
    printf '%s\n' "${debs[@]}"
    echo "== install with: sudo apt install ${debs[*]}"
    ;;
  *)
    echo "usage: packaging/dev.sh run|test|build|package|fuzz [args]" >&2
    exit 2
    ;;
esac
