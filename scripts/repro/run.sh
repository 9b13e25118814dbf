#!/usr/bin/env bash
# Runs the disclosure and leak-check reproductions of issue #24 (see
# README.md here): sets up, runs every f*.py, prints one status line per
# script and "N passed, N failed"; exits 1 when any failed.
#
#   scripts/repro/run.sh [--no-setup] [--setup-only] [SCRIPT...]
#
# SCRIPT: f*.py names or prefixes (f01, f04_...); default every f*.py.
# Environment:
#   SRC     the reportpack source to build (default: this repository's root)
#   RTWORK  work folder for binaries, throwaway sites and each script's
#           output, SCRIPT.out (default: ${TMPDIR:-/tmp}/reportpack-repro)
#   PY      the Python to run (default /usr/bin/python3, Debian's, which
#           gets numpy, scipy and openpyxl from apt)
#   TIMEOUT seconds per script (default 900)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=${SRC:-$(cd "$HERE/../.." && pwd)}
export RTWORK=${RTWORK:-${TMPDIR:-/tmp}/reportpack-repro}
export PY=${PY:-/usr/bin/python3}
export PYTHONDONTWRITEBYTECODE=1
TIMEOUT=${TIMEOUT:-900}
BIN=$RTWORK/bin
setup=1 run=1
args=()
for a in "$@"; do
  case $a in
    --no-setup) setup=0 ;;
    --setup-only) run=0 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) args+=("$a") ;;
  esac
done

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ $setup = 1 ]; then
  t0=$SECONDS
  mkdir -p "$BIN"
  need=()
  "$PY" -c "import numpy" 2>/dev/null || need+=(python3-numpy)
  "$PY" -c "import scipy.optimize" 2>/dev/null || need+=(python3-scipy)
  "$PY" -c "import openpyxl" 2>/dev/null || need+=(python3-openpyxl)
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)  # f20 (rtxss)
  if [ ${#need[@]} -gt 0 ]; then
    echo "== apt-get install ${need[*]}"
    as_root apt-get update -qq || exit 2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null || exit 2
  fi
  echo "== building reportpack from $SRC ($(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo 'not a git checkout'))"
  (cd "$SRC" && go build -o "$BIN/reportpack" ./cmd/reportpack) || { echo "reportpack did not build"; exit 2; }
  # rtdump uses reportpack's internal packages: optional (f04 prints the
  # truth with it); rtxss (headless Chromium) is needed by f20.
  rm -f "$BIN/rtdump" "$BIN/rtxss"
  for tool in dump xss; do
    tmp=$(mktemp -d)
    cp -r "$HERE/$tool/." "$tmp/"
    sed -i "s#^replace github.com/reportpack/reportpack => .*#replace github.com/reportpack/reportpack => $SRC#" "$tmp/go.mod"
    if (cd "$tmp" && GOFLAGS=-mod=mod go build -o "$BIN/rt$tool" . 2>"$RTWORK/rt$tool.build.log"); then
      :
    else
      echo "rt$tool did not build (see $RTWORK/rt$tool.build.log)$([ $tool = dump ] && echo ': f04 runs without the ground truth')"
    fi
    rm -rf "$tmp"
  done
  echo "== setup took $((SECONDS - t0))s; binaries in $BIN"
fi
[ $run = 1 ] || exit 0
[ -x "$BIN/reportpack" ] || { echo "no $BIN/reportpack: run without --no-setup first"; exit 2; }

cd "$HERE"
scripts=()
if [ ${#args[@]} -eq 0 ]; then
  scripts=(f*.py)
else
  for a in "${args[@]}"; do
    m=(${a%.py}*.py)
    [ -e "${m[0]}" ] || { echo "no script matches $a"; exit 2; }
    scripts+=("${m[@]}")
  done
fi

pass=0 fail=0 t0=$SECONDS
for f in "${scripts[@]}"; do
  s=$SECONDS
  timeout "$TIMEOUT" "$PY" "$f" >"$RTWORK/${f%.py}.out" 2>&1
  rc=$?
  case $rc in
    0) st="PASS  held (exit 0)"; pass=$((pass + 1)) ;;
    1) st="FAIL  problem present (exit 1)"; fail=$((fail + 1)) ;;
    3) st="FAIL  could not check (exit 3)"; fail=$((fail + 1)) ;;
    124) st="FAIL  timed out after ${TIMEOUT}s"; fail=$((fail + 1)) ;;
    *) st="FAIL  error (exit $rc)"; fail=$((fail + 1)) ;;
  esac
  printf '%-42s %-32s %4ss\n' "$f" "$st" "$((SECONDS - s))"
  if [ $rc != 0 ]; then
    # its verdict: the script's last lines, and why it could not check
    { grep '^COULD NOT CHECK' "$RTWORK/${f%.py}.out" | head -n 1
      tail -n 2 "$RTWORK/${f%.py}.out"; } | awk '!seen[$0]++' | cut -c1-220 | sed 's/^/      | /'
  fi
done
echo "$pass passed, $fail failed ($((SECONDS - t0))s; outputs in $RTWORK/*.out)"
[ $fail = 0 ]
