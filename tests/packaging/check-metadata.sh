#!/usr/bin/env bash
# Validates the desktop entry and the AppStream metainfo the package installs, and that the metainfo names this
# version. usage: check-metadata.sh DESKTOP_FILE METAINFO_FILE VERSION
# desktop-file-validate (desktop-file-utils) and appstreamcli (appstream) are in packaging/debian-packages.txt;
# a machine without them gets the checks below and says which validator it skipped.
set -euo pipefail
desktop="$1" metainfo="$2" version="$3"
fail() {
  echo "check-metadata: FAIL: $*" >&2
  exit 1
}
[ -f "$desktop" ] || fail "$desktop: no such file"
[ -f "$metainfo" ] || fail "$metainfo: no such file (configured by cmake/Packaging.cmake)"

if command -v desktop-file-validate >/dev/null; then
  # It prints nothing for a valid file; hints and warnings count as failures too.
  findings="$(desktop-file-validate "$desktop" 2>&1)" || fail "desktop-file-validate $desktop: $findings"
  [ -z "$findings" ] || fail "desktop-file-validate $desktop: $findings"
  echo "desktop-file-validate: $desktop is valid"
else
  echo "check-metadata: desktop-file-validate not installed (desktop-file-utils): skipped"
fi
grep -qx 'Exec=medsam-studio %f' "$desktop" || fail "$desktop: Exec is not 'medsam-studio %f'"
grep -qx 'Icon=medsam-studio' "$desktop" || fail "$desktop: Icon is not medsam-studio"

if command -v appstreamcli >/dev/null; then
  # --no-net: the screenshot and home page URLs are not fetched. Warnings fail too; info and pedantic do not.
  out="$(appstreamcli validate --no-net --no-color "$metainfo" 2>&1)" || fail "appstreamcli validate: $out"
  if grep -qE '^\s*W:' <<<"$out"; then fail "appstreamcli validate warns: $out"; fi
  echo "appstreamcli validate --no-net: $(tail -n 1 <<<"$out")"
else
  echo "check-metadata: appstreamcli not installed (appstream): skipped"
fi
grep -q "<release version=\"$version\" date=\"[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]\"/>" "$metainfo" ||
  fail "$metainfo: no <release> for version $version"
grep -q '<launchable type="desktop-id">medsam-studio.desktop</launchable>' "$metainfo" ||
  fail "$metainfo: no launchable naming medsam-studio.desktop"
grep -q '<content_rating type="oars-1.1"' "$metainfo" || fail "$metainfo: no content_rating"
grep -q '<image>https://[^<]*studio-main-window.png</image>' "$metainfo" || fail "$metainfo: no screenshot"
echo "check-metadata: ok"
