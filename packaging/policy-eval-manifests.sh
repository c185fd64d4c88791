#!/usr/bin/env bash
# The held-out evaluation of the learned policy (docs/training.md): cases no training step saw, as two
# manifests with absolute paths in OUT_DIR:
#   real.csv   real images: the ITK T1 head (brain, 19 slices), the PD slice (left lateral ventricle), six small
#              deep targets cut from the T1 (tests/support/HardCases.h) and pydicom's CT_small with bone
#              labelled by the documented rule (>= 226 HU, largest connected component)
#   hard.csv   synthetic hard targets: ring phantoms and skull-like CT phantoms in HU
#   packaging/policy-eval-manifests.sh CACHE_DIR OUT_DIR [TOOL_QUALITY]
set -euo pipefail
cache="$(cd "${1:?usage: policy-eval-manifests.sh CACHE_DIR OUT_DIR [TOOL_QUALITY]}" && pwd)"
out="${2:?usage: policy-eval-manifests.sh CACHE_DIR OUT_DIR [TOOL_QUALITY]}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
quality="${3:-$root/build/dev/bench/tool-quality}"
[ -x "$quality" ] || { echo "policy-eval-manifests: $quality is not built (cmake --build build/dev --target tool-quality)" >&2; exit 1; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
"$root/packaging/agent-eval-manifest.sh" "$cache" >/dev/null
for split in dev held; do
  mkdir -p "$out/hard-$split"
  "$quality" --data "$cache" --cases hard --split "$split" --export "$out/hard-$split" >/dev/null
done
header="image,label,label_value,target,axis,slice"
# Relative paths of a manifest made absolute against its folder.
absolute() { awk -F, -v d="$1" 'NR > 1 { OFS = ","; $1 = d "/" $1; $2 = d "/" $2; print }' "$1/$2"; }
{
  echo "$header"
  absolute "$cache" agent-eval.csv
  for split in dev held; do absolute "$out/hard-$split" manifest.csv | grep -E ',(small|ctbone),' || true; done
} >"$out/real.csv"
{
  echo "$header"
  for split in dev held; do absolute "$out/hard-$split" manifest.csv | grep -E ',(ring|skullct),' || true; done
} >"$out/hard.csv"
echo "$out/real.csv ($(($(wc -l <"$out/real.csv") - 1)) cases), $out/hard.csv ($(($(wc -l <"$out/hard.csv") - 1)) cases)"
