#!/usr/bin/env bash
# Issue 15 at the command line: bad input ends in a non-zero exit naming the file or argument, never a signal
# and never a false success.
#   cli_bad_input.sh PATH/TO/medsam-agent
set -uo pipefail
bin="${1:?usage: cli_bad_input.sh MEDSAM_AGENT}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "cli bad input: $*" >&2; exit 1; }
# expect_error NEEDLE CMD...: CMD must exit 1..127 (not a signal) with NEEDLE in its stderr.
expect_error() {
  local needle="$1"; shift
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  [[ $rc -ne 0 && $rc -lt 128 ]] || fail "exit $rc from: $* ($(cat "$work/err"))"
  grep -qF -- "$needle" "$work/err" || fail "no '$needle' in the error of: $* ($(cat "$work/err"))"
}

"$bin" phantoms --out "$work/ph" --count 2 --size 32 --seed 1 >/dev/null || fail "phantoms"
img="$work/ph/phantom_000.nii.gz"
ref="$work/ph/phantom_000_label.nii.gz"

# A NIfTI whose sform holds NaN (ITK aborted on it): info and eval name the file.
gunzip -c "$img" >"$work/nan.nii"
printf '\x01\x00' | dd of="$work/nan.nii" bs=1 seek=254 conv=notrunc status=none  # sform_code 1
printf '\x00\x00\xc0\x7f' | dd of="$work/nan.nii" bs=1 seek=280 conv=notrunc status=none  # srow_x[0] = NaN
expect_error "nan.nii: invalid geometry" "$bin" info "$work/nan.nii"

# eval: one bad case is reported and the others run; every case failing is a failed run (exit 1).
{ echo "image,label,label_value,target,axis,slice"
  echo "$work/nan.nii,$ref,1,organ,axial,0"; } >"$work/bad.csv"
expect_error "every case failed" "$bin" eval --manifest "$work/bad.csv" --policy expert --out "$work/bad" --quiet
[[ -s "$work/bad/cases.csv" ]] || fail "eval wrote no cases.csv for a failed run"
{ cat "$work/bad.csv"; echo "$img,$ref,1,organ,axial,0"; } >"$work/mixed.csv"
"$bin" eval --manifest "$work/mixed.csv" --policy expert --out "$work/mixed" --quiet >/dev/null 2>&1 \
  || fail "eval with one good case exited non-zero"

# eval --merge: shards of different policies, and an output that is a shard.
"$bin" eval --manifest "$work/ph/manifest.csv" --policy expert --shard 0/2 --out "$work/s0" --quiet >/dev/null
"$bin" eval --manifest "$work/ph/manifest.csv" --policy box --shard 1/2 --out "$work/s1" --quiet >/dev/null
expect_error "differ in policy" "$bin" eval --merge "$work/s0" "$work/s1" --out "$work/m"
cp "$work/s0/summary.json" "$work/keep.json"
"$bin" eval --manifest "$work/ph/manifest.csv" --policy expert --shard 1/2 --out "$work/s2" --quiet >/dev/null
expect_error "overwrite" "$bin" eval --merge "$work/s0" "$work/s2" --out "$work/s0"
cmp -s "$work/s0/summary.json" "$work/keep.json" || fail "merge overwrote its input shard"
expect_error "--shard" "$bin" eval --manifest "$work/ph/manifest.csv" --shard 0/4294967296 --out "$work/x"

# Arguments: NaN and out-of-range numbers name the option.
expect_error "--tau" "$bin" segment "$img" --target organ --reference "$ref" --label-value 1 --tau nan
expect_error "--box-ratio" "$bin" segment "$img" --target organ --reference "$ref" --label-value 1 --box-ratio nan
expect_error "--spacing" "$bin" phantoms --out "$work/ph2" --spacing 1e308
expect_error "--label-value '5.5'" "$bin" segment "$img" --target organ --reference "$ref" --label-value 5.5
expect_error "--box" "$bin" segment "$img" --target organ --box nan,0,10,10 --policy box
expect_error "wholly outside" "$bin" segment "$img" --target organ --box 100,100,120,120 --policy box

# Writers: a missing folder and a device are errors naming the path, not "mask written".
expect_error "$work/no/such/m.nii.gz" "$bin" segment "$img" --target organ --reference "$ref" --label-value 1 \
  --out "$work/no/such/m.nii.gz"
ln -s /dev/full "$work/full.mha"
expect_error "full.mha" "$bin" segment "$img" --target organ --reference "$ref" --label-value 1 --out "$work/full.mha"

# Non-regular files are refused by name instead of blocking or "no such file".
mkfifo "$work/pipe.nii"
expect_error "FIFO" timeout 20 "$bin" info "$work/pipe.nii"
ln -s "$work/loop" "$work/loop"
expect_error "symbolic links" "$bin" info "$work/loop"

# A 0-byte file is not a project for any command.
: >"$work/empty.db"
expect_error "empty file" "$bin" db add-images "$work/empty.db" "$img"
expect_error "empty file" "$bin" db labels "$work/empty.db" --add liver
[[ ! -s "$work/empty.db" ]] || fail "a command wrote into the 0-byte project"

# db export: the Retain UIDs Option only exists with --deidentify; a read-only project cannot record its export
# in the audit log, so it is refused before anything is written.
"$bin" db init "$work/ro.db" >/dev/null || fail "db init"
expect_error "--deidentify" "$bin" db export "$work/ro.db" --out "$work/ro-out" --retain-uids
chmod 444 "$work/ro.db"
expect_error "audit log" "$bin" db export "$work/ro.db" --out "$work/ro-out"
[[ ! -e "$work/ro-out" ]] || fail "a refused export created its folder"
chmod 644 "$work/ro.db"
echo "cli bad input: ok"
