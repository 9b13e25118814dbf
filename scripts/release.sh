#!/usr/bin/env bash
# Builds reportpack's release archives: one per platform, with a checksums file.
#
#   scripts/release.sh v0.1.0      # or, on a commit tagged v0.1.0, just scripts/release.sh
#
# writes into dist/ (git-ignored):
#
#   reportpack_0.1.0_windows_amd64.zip     reportpack.exe, README.md, docs/, licenses/
#   reportpack_0.1.0_windows_arm64.zip
#   reportpack_0.1.0_darwin_amd64.tar.gz   the same in a folder reportpack_0.1.0_darwin_amd64/
#   reportpack_0.1.0_darwin_arm64.tar.gz
#   reportpack_0.1.0_linux_amd64.tar.gz
#   reportpack_0.1.0_linux_arm64.tar.gz
#   reportpack_0.1.0_checksums.txt         SHA-256 of each, as `sha256sum -c` reads it
#
# Each binary is a static build (CGO_ENABLED=0, -trimpath) whose
# `reportpack version` prints the version and commit given here (-ldflags -X).
# The archives are reproducible: the same commit, version and Go toolchain
# give the same bytes (files sorted, owners and modes fixed, every time set
# to the commit's time or SOURCE_DATE_EPOCH).
#
# A zip has no folder inside: Windows' "Extract All" makes one named after it.
# Needs bash, git, go, tar, gzip, zip and sha256sum (or shasum).
#
# Environment:
#   DIST=DIR          where to write (default dist/ in the repository)
#   TARGETS="os/arch ..."  the platforms (default the six above)
#   ALLOW_DIRTY=1     build from a tree with uncommitted changes: the commit
#                     is then printed as <commit>-dirty. Not for a release.
#   SOURCE_DATE_EPOCH the archives' file times (default the commit's time)
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "release.sh: $*" >&2; exit 1; }

case "${1:-}" in -h|--help) usage; exit 0 ;; esac
[ $# -le 1 ] || die "one argument at most, the version (scripts/release.sh v0.1.0)"

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# The version: the argument, else the tag on this commit.
version=${1:-}
if [ -z "$version" ]; then
  version=$(git describe --tags --exact-match HEAD 2>/dev/null) ||
    die "no version: give one (scripts/release.sh v0.1.0) or tag this commit (git tag v0.1.0)"
fi
[[ "$version" =~ ^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]] ||
  die "version \"$version\" is not of the form v1.2.3 (or 1.2.3, 1.2.3-rc.1)"
ver=${version#v} # in file names, as GoReleaser does

# The commit, and whether the tree matches it.
if commit=$(git rev-parse HEAD 2>/dev/null); then
  if [ -n "$(git status --porcelain --untracked-files=normal)" ]; then
    [ "${ALLOW_DIRTY:-}" = 1 ] ||
      die "the working tree has uncommitted changes (git status); commit them, or set ALLOW_DIRTY=1 for a build that is not a release"
    commit="$commit-dirty"
  fi
  epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct HEAD)}
else
  commit=${COMMIT:-unknown}
  epoch=${SOURCE_DATE_EPOCH:-315532800} # 1980-01-01, the earliest a zip can say
fi

targets=${TARGETS:-"windows/amd64 windows/arm64 darwin/amd64 darwin/arm64 linux/amd64 linux/arm64"}
dist=${DIST:-$root/dist}

for tool in go tar gzip zip; do
  command -v "$tool" >/dev/null || die "$tool is needed and was not found"
done
if command -v sha256sum >/dev/null; then sha256() { sha256sum "$@"; }
elif command -v shasum >/dev/null; then sha256() { shasum -a 256 "$@"; }
else die "sha256sum (or shasum) is needed and was not found"; fi

# Every file's time: the epoch, as touch -t reads it (GNU date, then BSD date).
export TZ=UTC
stamp=$(date -u -d "@$epoch" +%Y%m%d%H%M.%S 2>/dev/null || date -u -r "$epoch" +%Y%m%d%H%M.%S)
if tar --version 2>/dev/null | grep -q 'GNU tar'; then
  tar_owner=(--owner=0 --group=0 --numeric-owner)
else
  tar_owner=(--uid 0 --gid 0 --uname root --gname root) # bsdtar (macOS)
fi

mkdir -p "$dist"
dist=$(cd "$dist" && pwd)
rm -f "$dist"/reportpack_"$ver"_*
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 022

# copy_licences GOOS GOARCH DIR: the licence of every module the binary for
# that platform is built from, of Go itself, and of the JavaScript embedded in it.
copy_licences() {
  local dir=$3/licenses
  mkdir -p "$dir/go" "$dir/echarts"
  cp "$(go env GOROOT)/LICENSE" "$dir/go/LICENSE"
  cp themes/default/assets/js/echarts/LICENSE themes/default/assets/js/echarts/NOTICE "$dir/echarts/"
  local path mdir found f
  while read -r path mdir; do
    [ "$path" = github.com/reportpack/reportpack ] && continue
    found=
    for f in "$mdir"/LICENSE* "$mdir"/LICENCE* "$mdir"/COPYING* "$mdir"/NOTICE* "$mdir"/PATENTS; do
      [ -f "$f" ] || continue
      mkdir -p "$dir/$path"
      cp "$f" "$dir/$path/"
      found=1
    done
    [ -n "$found" ] || die "no licence file found for $path in $mdir"
  done < <(CGO_ENABLED=0 GOOS=$1 GOARCH=$2 go list -deps -f '{{with .Module}}{{.Path}} {{.Dir}}{{end}}' ./cmd/reportpack | LC_ALL=C sort -u)
}

ldflags="-s -w -X main.buildVersion=$version -X main.buildCommit=$commit"
archives=()
for target in $targets; do
  goos=${target%/*} goarch=${target#*/}
  name=reportpack_${ver}_${goos}_${goarch}
  dir=$work/$name
  exe=reportpack
  [ "$goos" = windows ] && exe=reportpack.exe
  echo "== $name"
  mkdir -p "$dir"
  # GOAMD64 and GOARM64 at their baselines: a binary that runs on any laptop
  # of its kind, whatever the builder's environment says.
  CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch GOAMD64=v1 GOARM64=v8.0 \
    go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$dir/$exe" ./cmd/reportpack
  cp README.md "$dir/"
  for f in LICENSE LICENSE.md LICENCE LICENCE.md COPYING NOTICE; do
    [ -f "$f" ] && cp "$f" "$dir/"
  done
  mkdir -p "$dir/docs"
  cp docs/*.md "$dir/docs/"
  copy_licences "$goos" "$goarch" "$dir"

  # Fixed modes and times, then the files in byte order.
  find "$dir" -type d -exec chmod 755 {} +
  find "$dir" -type f -exec chmod 644 {} +
  chmod 755 "$dir/$exe"
  find "$dir" -exec touch -t "$stamp" {} +
  if [ "$goos" = windows ]; then
    archive=$name.zip
    (cd "$dir" && find . -type f | sed 's|^\./||' | LC_ALL=C sort |
      zip -q -X -D -9 "$dist/$archive" -@)
  else
    archive=$name.tar.gz
    (cd "$work" && find "$name" | LC_ALL=C sort |
      tar --format=ustar "${tar_owner[@]}" --no-recursion -T - -cf - | gzip -n -9 >"$dist/$archive")
  fi
  archives+=("$archive")
done

sums=reportpack_${ver}_checksums.txt
(cd "$dist" && sha256 "${archives[@]}" >"$sums")

echo
echo "reportpack $version (commit $commit), in $dist:"
(cd "$dist" && ls -l "${archives[@]}" "$sums" | awk '{printf "  %-48s %10d bytes\n", $NF, $5}')
