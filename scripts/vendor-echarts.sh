#!/usr/bin/env bash
# Refreshes the vendored ECharts (themes/default/assets/js/echarts/) from the
# npm package, checking the tarball against its published integrity hash so a
# tampered download never lands. ECharts 5.4.3 is the version go-echarts
# v2.6.7's defaults were written for (see ../shared/spec/dependency-notes.md).
#
#   scripts/vendor-echarts.sh            # fetch, verify, install
#   scripts/vendor-echarts.sh --check    # verify the vendored file still matches the package
set -euo pipefail
VERSION=5.4.3
INTEGRITY='sha512-mYKxLxhzy6zyTi/FaEbJMOZU1ULGEQHaeIeuMR5L+JnJTpz+YR03mnnpBhbR4+UYJAgiXgpyTVLffPAjOTLkZA=='
cd "$(dirname "$0")/.."
dest=themes/default/assets/js/echarts
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "echarts@$VERSION" >/dev/null 2>&1)
tgz="$work/echarts-$VERSION.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
if [ "$got" != "$INTEGRITY" ]; then
  echo "integrity mismatch for echarts@$VERSION: got $got" >&2
  exit 1
fi
tar -xzf "$tgz" -C "$work"
if [ "${1:-}" = "--check" ]; then
  for f in dist/echarts.min.js LICENSE NOTICE; do
    cmp -s "$work/package/$f" "$dest/$(basename "$f")" || { echo "$dest/$(basename "$f") differs from echarts@$VERSION" >&2; exit 1; }
  done
  echo "vendored echarts@$VERSION matches the package"
  exit 0
fi
mkdir -p "$dest"
cp "$work/package/dist/echarts.min.js" "$work/package/LICENSE" "$work/package/NOTICE" "$dest/"
(cd "$dest" && sha256sum echarts.min.js LICENSE NOTICE > SHA256SUMS)
echo "vendored echarts@$VERSION into $dest"
