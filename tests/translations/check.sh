#!/bin/sh
# The translation check (ctest translations_up_to_date, label unit): the committed .ts files must be exactly
# what translations/update.sh makes of them, and complete. It runs lupdate on a copy of each file and fails,
# naming the strings, when
#   - the code has a tr() string the file lacks (run translations/update.sh, then translate it),
#   - the file has a string the code no longer has, or a vanished/obsolete entry,
#   - an entry is unfinished or empty, or a plural entry has the wrong number of forms (de 2, zh_CN 1),
#   - anything else differs from lupdate's output (order, locations: run translations/update.sh).
# Needs only sh, awk, diff, mktemp and lupdate (qt6-l10n-tools); LUPDATE names the tool (ctest sets it).
#   tests/translations/check.sh [TS_FILE...]     default: every translations/*.ts
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -gt 0 ] || set -- "$root"/translations/*.ts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# One line per message: STATE<TAB>FORMS<TAB>CONTEXT<TAB>SOURCE (newlines in texts as \n). STATE is the
# translation's type (finished when it has none) or "empty"; FORMS counts the numerusforms of a plural entry
# (- otherwise). A text that only a human would write differently (&amp; etc.) stays escaped: we compare, not show.
entries() {
  awk '
    function flush() { if (inmsg) printf "%s\t%s\t%s\t%s\n", state, forms, ctx, src; inmsg = 0 }
    function text(line, tag,    s) { s = line; sub(".*<" tag "[^>]*>", "", s); sub("</" tag ">.*", "", s); return s }
    /<name>/ && !inmsg { ctx = text($0, "name") }
    /<message/ { inmsg = 1; numerus = ($0 ~ /numerus="yes"/); src = ""; state = "finished"; forms = "-"; nf = 0; tx = "" }
    inmsg && /<source>/ {
      if ($0 ~ /<\/source>/) src = text($0, "source")
      else { src = text($0, "source"); while ((getline l) > 0) { if (l ~ /<\/source>/) { sub("</source>.*", "", l); src = src "\\n" l; break } src = src "\\n" l } }
    }
    inmsg && /<translation/ {
      if ($0 ~ /type="[a-z]*"/) { state = $0; sub(/.*type="/, "", state); sub(/".*/, "", state) }
      if ($0 ~ /<translation[^>]*\/>/ || $0 ~ /<translation[^>]*><\/translation>/) { if (state == "finished") state = "empty" }
    }
    inmsg && /<numerusform/ { nf++; forms = nf; if ($0 ~ /<numerusform><\/numerusform>/ || $0 ~ /<numerusform\/>/) if (state == "finished") state = "empty" }
    /<\/message>/ { flush() }
  ' "$1"
}

# At most 40 lines of a listing, then how many more.
capped() { awk 'NR <= 40 { print } END { if (NR > 40) print "  ... and " NR - 40 " more" }'; }

failed=0
for ts in "$@"; do
  name=$(basename "$ts")
  if [ ! -f "$ts" ]; then echo "FAIL $name: no such file"; failed=1; continue; fi
  lang=$(sed -n 's/.*<TS [^>]*language="\([^"]*\)".*/\1/p' "$ts" | head -n 1)
  case "$lang" in de | de_*) want=2 ;; zh | zh_*) want=1 ;; *) want="" ;; esac  # Qt's plural rules
  copy="$tmp/$name"
  cp "$ts" "$copy"
  if ! "$root/translations/update.sh" "$copy" >"$tmp/lupdate.log" 2>&1; then
    echo "FAIL $name: lupdate failed:"; cat "$tmp/lupdate.log"; failed=1; continue
  fi
  if [ -s "$tmp/lupdate.log" ]; then echo "note $name: lupdate said:"; sed 's/^/  /' "$tmp/lupdate.log"; fi
  entries "$ts" >"$tmp/before"
  entries "$copy" >"$tmp/after"
  cut -f3- "$tmp/before" | LC_ALL=C sort >"$tmp/before.keys"
  cut -f3- "$tmp/after" | LC_ALL=C sort >"$tmp/after.keys"
  problems=0
  missing=$(LC_ALL=C comm -13 "$tmp/before.keys" "$tmp/after.keys")
  if [ -n "$missing" ]; then
    echo "FAIL $name lacks strings that are in the code (run translations/update.sh, then translate them):"
    printf '%s\n' "$missing" | sed 's/^/  [/; s/\t/] /' | capped
    problems=1
  fi
  gone=$(LC_ALL=C comm -23 "$tmp/before.keys" "$tmp/after.keys")
  if [ -n "$gone" ]; then
    echo "FAIL $name has strings the code no longer has (run translations/update.sh):"
    printf '%s\n' "$gone" | sed 's/^/  [/; s/\t/] /' | capped
    problems=1
  fi
  bad=$(awk -F '\t' '$1 != "finished" { print "  " $1 ": [" $3 "] " $4 }' "$tmp/before")
  if [ -n "$bad" ]; then
    echo "FAIL $name has entries that are not finished translations:"
    printf '%s\n' "$bad" | capped
    problems=1
  fi
  if [ -n "$want" ]; then
    plural=$(awk -F '\t' -v want="$want" '$2 != "-" && $2 != want { print "  " $2 " forms: [" $3 "] " $4 }' "$tmp/before")
    if [ -n "$plural" ]; then
      echo "FAIL $name: plural entries need $want forms in $lang:"
      printf '%s\n' "$plural" | capped
      problems=1
    fi
  fi
  if [ "$problems" -eq 0 ] && ! cmp -s "$ts" "$copy"; then
    echo "FAIL $name differs from what translations/update.sh makes of it (order, format); run it. Difference:"
    diff -u "$ts" "$copy" | head -n 40
    problems=1
  fi
  if [ "$problems" -eq 0 ]; then
    echo "ok   $name: $(wc -l <"$tmp/before" | tr -d ' ') entries, all translated, in step with the code"
  else
    failed=1
  fi
done
exit "$failed"
