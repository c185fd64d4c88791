#!/usr/bin/env bash
# Issue 15: `info` on a huge folder (here /usr, over 100,000 files) shows its progress on stderr and stops
# cleanly on Ctrl+C: SIGINT ends the scan at the next file with exit 130 and an "interrupted" message (a
# process killed by the signal would also give 130 in the shell, but no message).
#   cli_info_interrupt.sh PATH/TO/medsam-agent [FOLDER]
set -uo pipefail
set -m  # job control: the background job keeps SIGINT's default disposition, as at a terminal
bin="${1:?usage: cli_info_interrupt.sh MEDSAM_AGENT [FOLDER]}"
folder="${2:-/usr}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "cli info interrupt: $*" >&2; exit 1; }

# Progress from the start (the delay is 1 s by default; a small folder prints nothing).
MEDSAM_PROGRESS_AFTER_MS=0 "$bin" info "$folder" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 300); do  # up to 30 s for the first "reading" line
  grep -q "reading $folder: " "$work/err" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
grep -q "listing $folder: " "$work/err" || fail "no listing progress on stderr: $(tr '\r' '\n' <"$work/err" | tail -3)"
grep -q "reading $folder: " "$work/err" || fail "no reading progress on stderr: $(tr '\r' '\n' <"$work/err" | tail -3)"
kill -0 "$pid" 2>/dev/null || fail "the scan of $folder ended before it could be interrupted"
kill -INT "$pid"
for _ in $(seq 1 100); do  # it must stop within 10 s
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
  kill -KILL "$pid"
  fail "still running 10 s after Ctrl+C"
fi
wait "$pid"
rc=$?
[[ $rc -eq 130 ]] || fail "exit $rc after Ctrl+C, not 130"
grep -q "medsam-agent info: interrupted after reading [0-9]* of [0-9]* files in $folder" "$work/err" ||
  fail "no 'interrupted' message: $(tr '\r' '\n' <"$work/err" | tail -3)"
[[ ! -s "$work/out" ]] || fail "an interrupted scan printed a listing: $(head -3 "$work/out")"

# A small folder finishes before the delay: no progress lines at all.
mkdir -p "$work/small" && echo "not dicom" >"$work/small/a.txt"
"$bin" info "$work/small" >/dev/null 2>"$work/err2"
grep -q "reading\|listing" "$work/err2" && fail "progress printed for a small folder: $(cat "$work/err2")"
echo "cli info interrupt: ok"
