#!/usr/bin/env bash
# `segment --propagate` end to end on the ITK T1 head: from the middle axial slice (box from the reference
# brain, labels 5|6) through the volume; the 3D label map is written, every propagated slice is a recorded
# session of the project, and the 3D Dice against the brain clears a floor (measured 0.736).
#   cli_segment_propagate.sh PATH/TO/medsam-agent TEST_DATA_DIR
set -euo pipefail
bin="${1:?usage: cli_segment_propagate.sh MEDSAM_AGENT DATA}"
data="$(cd "${2:?usage: cli_segment_propagate.sh MEDSAM_AGENT DATA}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" db init "$work/p.db" >/dev/null
"$bin" segment "$data/itk/Data/KmeansTest_T1UCharRaw.nii.gz" --target brain \
  --reference "$data/itk/Data/KmeansTest_T1RawSkullStrip.nii.gz" --label-value "5|6" --policy box \
  --tool classical --propagate --out "$work/brain.nii.gz" --db "$work/p.db" >"$work/log"
[[ -s "$work/brain.nii.gz" ]] || { echo "no 3D label map written" >&2; exit 1; }
slices=$(sed -n 's/^propagated to \([0-9]*\) slices.*/\1/p' "$work/log")
dice=$(sed -n 's/^3D Dice against the reference: //p' "$work/log")
sessions=$("$bin" db sessions "$work/p.db" | grep -c "baseline-box/1" || true)
echo "propagated $slices slices, 3D Dice $dice, $sessions sessions"
[[ "$slices" -ge 20 ]] || { echo "too few slices: $slices" >&2; exit 1; }
[[ "$sessions" -eq $((slices + 1)) ]] || { echo "expected $((slices + 1)) sessions, got $sessions" >&2; exit 1; }
awk -v d="$dice" 'BEGIN { exit !(d > 0.70) }' || { echo "3D Dice $dice below 0.70" >&2; exit 1; }
# The label map reads back with the image's grid and holds the propagated structure.
"$bin" info "$work/brain.nii.gz" | grep -q "128 x 128 x 62" || { echo "label map not on the T1 grid" >&2; exit 1; }
# eval's 3D mode on the same structure: one case from a manifest, the result row in cases3d.csv.
cat >"$work/m.csv" <<CSV
image,label,label_value,target,axis,slice
$data/itk/Data/KmeansTest_T1UCharRaw.nii.gz,$data/itk/Data/KmeansTest_T1RawSkullStrip.nii.gz,5|6,brain,axial,largest
CSV
"$bin" eval --manifest "$work/m.csv" --policy box --propagate --out "$work/e3d" >"$work/eval.log"
row=$(sed -n 2p "$work/e3d/cases3d.csv")
eval_dice=$(echo "$row" | cut -d, -f8)
echo "eval --propagate: $row"
awk -v d="$eval_dice" 'BEGIN { exit !(d > 0.70) }' || { echo "eval 3D Dice $eval_dice below 0.70" >&2; exit 1; }
