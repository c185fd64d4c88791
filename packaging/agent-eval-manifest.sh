#!/usr/bin/env bash
# Writes an evaluation manifest for `medsam-agent eval` over the real labelled images of the test-data cache
# (packaging/fetch-data.sh CACHE_DIR first), into the cache folder so its paths are relative to it:
#   packaging/agent-eval-manifest.sh CACHE_DIR   ->  CACHE_DIR/agent-eval.csv
# Cases: the ITK T1 head with its brain mask (values 5 and 6) on every 4th axial slice from 28 to 92 (the index axis nearest axial is j here) plus the
# largest coronal and sagittal slices, and the PD slice with the left lateral ventricle model.
set -euo pipefail
cache="${1:?usage: agent-eval-manifest.sh CACHE_DIR}"
t1=itk/Data/KmeansTest_T1UCharRaw.nii.gz
brain=itk/Data/KmeansTest_T1RawSkullStrip.nii.gz
for f in "$t1" "$brain" itk/Data/BrainProtonDensitySlice.png itk/Data/VentricleModel.png; do
  [[ -f "$cache/$f" ]] || { echo "agent-eval-manifest: $cache/$f is missing (run packaging/fetch-data.sh $cache)" >&2; exit 1; }
done
out="$cache/agent-eval.csv"
{
  echo "image,label,label_value,target,axis,slice"
  for s in $(seq 28 4 92); do echo "$t1,$brain,5|6,brain,axial,$s"; done
  echo "$t1,$brain,5|6,brain,coronal,largest"
  echo "$t1,$brain,5|6,brain,sagittal,largest"
  echo "itk/Data/BrainProtonDensitySlice.png,itk/Data/VentricleModel.png,255,left lateral ventricle,axial,largest"
} >"$out"
echo "$out"
