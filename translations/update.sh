#!/bin/sh
# Refreshes the translation sources from the code: every tr() string in ui/ and app/studio/ (not app/cli: the
# command line stays English). New strings arrive as unfinished entries to translate (Qt Linguist, or by hand);
# strings gone from the code are dropped (-no-obsolete). The CI check (tests/translations/check.sh) runs this
# same command on copies and fails when the committed files differ from its result.
#
#   translations/update.sh                 # both committed files, in place
#   translations/update.sh FILE.ts...      # other files (the check's copies); the language comes from the file
#                                          # or, for a new file, from its name (medsam_studio_<code>.ts)
# LUPDATE overrides the tool (default: lupdate from Qt 6, /usr/lib/qt6/bin/lupdate on Debian).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${LUPDATE:-}" ]; then
  if [ -x /usr/lib/qt6/bin/lupdate ]; then LUPDATE=/usr/lib/qt6/bin/lupdate; else LUPDATE=lupdate; fi
fi
if [ $# -eq 0 ]; then
  set -- "$root/translations/medsam_studio_de.ts" "$root/translations/medsam_studio_zh_CN.ts"
fi
# Absolute paths: lupdate runs from the source root, so that -I . resolves "ui/..." includes (without them
# lupdate cannot see that MainWindow is medsam::ui::MainWindow and files the strings under the wrong context).
files=""
for f in "$@"; do
  case "$f" in /*) ;; *) f="$(pwd)/$f" ;; esac
  files="$files $f"
done
cd "$root"
# -locations none: the files change only when strings change, not whenever code moves (the check compares
# whole files). -silent: only problems are printed.
# shellcheck disable=SC2086
exec "$LUPDATE" -silent -no-obsolete -locations none -I . ui app/studio -ts $files
