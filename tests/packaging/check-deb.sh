#!/usr/bin/env bash
# Builds the Debian packages from a build tree with cpack into a temporary folder, unpacks them with dpkg -x into
# a temporary root, and checks what a user would get: both programs run from there and name the version with no
# LD_LIBRARY_PATH; the window opens where there is a display; the torch plugin is found at its installed place;
# the desktop entry, metainfo, icon, manual pages and copyright are there; the dependencies name the Qt 6
# libraries (dpkg-shlibdeps) and the SVG plugins; lintian, where installed, finds no error.
# usage: check-deb.sh BUILD_DIR VERSION DEB_VERSION
set -euo pipefail
build="$1" version="$2" debversion="$3"
work="$(mktemp -d "${TMPDIR:-/tmp}/medsam-deb.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() {
  echo "check-deb: FAIL: $*" >&2
  exit 1
}
took() { echo "$((SECONDS - $1)) s"; }

t0=$SECONDS
cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 ||
  fail "cpack: $(cat "$work/cpack.log")"
arch="$(dpkg --print-architecture)"
main="$work/out/medsam-studio_${debversion}_${arch}.deb"
torch="$work/out/medsam-studio-torch_${debversion}_${arch}.deb"
for deb in "$main" "$torch"; do
  [ -f "$deb" ] || fail "cpack did not write $(basename "$deb"); it wrote: $(ls "$work/out")"
  echo "$(basename "$deb"): $(du -k "$deb" | cut -f1) KiB"
done
echo "cpack: $(took "$t0")"

root="$work/root"
dpkg -x "$main" "$root"
dpkg -x "$torch" "$root"
for f in usr/bin/medsam-agent usr/bin/medsam-studio usr/lib/medsam-agent/libmedsam_torch.so \
  usr/share/applications/medsam-studio.desktop usr/share/metainfo/io.github.medsam.Studio.metainfo.xml \
  usr/share/icons/hicolor/scalable/apps/medsam-studio.svg usr/share/doc/medsam-studio/copyright \
  usr/share/doc/medsam-studio/changelog.Debian.gz usr/share/doc/medsam-studio-torch/copyright \
  usr/share/man/man1/medsam-agent.1.gz usr/share/man/man1/medsam-studio.1.gz \
  usr/share/medsam-agent/models/policy-default.pt usr/share/medsam-agent/models/policy-default.json; do
  [ -f "$root/$f" ] || fail "the packages install no /$f"
done
# The metainfo as a desktop sees it: its launchable desktop entry and icon are in the tree.
if command -v appstreamcli >/dev/null; then
  out="$(appstreamcli validate-tree --no-net --no-color "$root" 2>&1)" || fail "appstreamcli validate-tree: $out"
  if grep -qE '^\s*[EW]:' <<<"$out"; then fail "appstreamcli validate-tree: $out"; fi
fi
# Each file in exactly one package: the plugin only in the torch package.
if dpkg-deb -c "$main" | grep -q libmedsam_torch; then fail "medsam-studio holds the torch plugin"; fi

unset LD_LIBRARY_PATH MEDSAM_TORCH_PLUGIN
for program in medsam-agent medsam-studio; do
  missing="$(ldd "$root/usr/bin/$program" | grep 'not found' || true)"
  [ -z "$missing" ] || fail "$program from the package misses libraries: $missing"
done
out="$("$root/usr/bin/medsam-agent" --version)" || fail "medsam-agent --version exited with $?"
[[ "$out" == *"$version"* ]] || fail "medsam-agent --version printed '$out', not version $version"
echo "medsam-agent --version: $out"
out="$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/medsam-studio" --version)" || fail "medsam-studio --version failed"
[[ "$out" == *"$version"* ]] || fail "medsam-studio --version printed '$out', not version $version"
echo "medsam-studio --version: $out"

# The plugin is found next to the unpacked program (RUNPATH $ORIGIN/../lib/medsam-agent), not in the build tree,
# and works: a weightless SAM model is written and segments a phantom.
out="$("$root/usr/bin/medsam-agent" sam-check --write-synthetic "$work/model" 2>&1)" || fail "sam-check: $out"
[[ "$out" == *"torch plugin $root/usr/lib/medsam-agent/libmedsam_torch.so "* ]] ||
  fail "the plugin was not loaded from the unpacked package: $out"
out="$("$root/usr/bin/medsam-agent" sam-check --sam-model "$work/model" --size 64 2>&1)" || fail "sam-check: $out"
echo "sam-check with the packaged plugin: ok"
if dpkg-deb -c "$main" | grep -q policy-default; then fail "medsam-studio holds the learned policy (it needs the plugin)"; fi

# The desktop application opens a (synthetic) image with its label map and draws every view, OpenGL and the 3D
# view included, where there is an X display (packaging/dev.sh test runs ctest under Xvfb).
"$root/usr/bin/medsam-agent" phantoms --out "$work/phantom" --count 1 >/dev/null || fail "medsam-agent phantoms failed"
# The built-in learned policy from the package (share/medsam-agent/models next to the program).
out="$("$root/usr/bin/medsam-agent" segment "$work/phantom/phantom_000.nii.gz" --target organ \
  --reference "$work/phantom/phantom_000_label.nii.gz" --label-value 1 --policy learned 2>&1)" ||
  fail "segment --policy learned with the packaged model: $out"
echo "segment --policy learned with the packaged model: ok"
if [ -n "${DISPLAY:-}" ]; then
  out="$("$root/usr/bin/medsam-studio" --screenshot "$work/window.png" --size 1000x700 \
    --labels "$work/phantom/phantom_000_label.nii.gz" "$work/phantom/phantom_000.nii.gz" 2>&1)" ||
    fail "medsam-studio --screenshot: $out"
  [ -s "$work/window.png" ] || fail "medsam-studio wrote no screenshot: $out"
  echo "medsam-studio from the package drew the window on $DISPLAY"
else
  echo "check-deb: no DISPLAY: the window was not opened (xvfb-run -a ctest ... opens it)"
fi

depends="$(dpkg-deb -f "$main" Depends)"
[ -n "$depends" ] || fail "medsam-studio has no Depends"
for lib in libqt6core6 libqt6gui6 libqt6widgets6 libqt6svg6 libsqlite3-0; do
  [[ "$depends" == *"$lib"* ]] || fail "medsam-studio Depends lacks $lib: $depends"
done
if [[ "$depends" == *libtorch* ]]; then fail "medsam-studio depends on libtorch: $depends"; fi
tdepends="$(dpkg-deb -f "$torch" Depends)"
[[ "$tdepends" == *libtorch* ]] || fail "medsam-studio-torch Depends lacks libtorch: $tdepends"
[[ "$tdepends" == *"medsam-studio (= $debversion)"* ]] ||
  fail "medsam-studio-torch does not depend on medsam-studio $debversion: $tdepends"
echo "medsam-studio Depends: $depends"

if command -v lintian >/dev/null; then
  t1=$SECONDS
  lintian --tag-display-limit 0 "$main" "$torch" >"$work/lintian.txt" 2>&1 || true
  cat "$work/lintian.txt"
  if grep -q '^E:' "$work/lintian.txt"; then fail "lintian reports errors (above)"; fi
  echo "lintian: no errors ($(took "$t1"))"
else
  echo "check-deb: lintian not installed: skipped"
fi
echo "check-deb: ok ($(took "$t0"))"
