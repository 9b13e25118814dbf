#!/usr/bin/env bash
# bench/memory.sh: does peak memory follow the largest school or the number
# of schools? It makes the same synthetic LA at two sizes (100 and 500
# schools by default: `reportpack sample` with the same seed, pupils a year
# group and years, so the schools are alike), builds every profile with
# zips under /usr/bin/time -v, and prints each build's peak resident memory
# and wall time and the ratio of the peaks. Issue #26 asks for a ratio
# within 1.25.
#
#   bench/memory.sh
#   SMALL=20 LARGE=100 PUPILS=30 bench/memory.sh
#   WORK=/tmp/rp-mem bench/memory.sh      # keep the files
set -euo pipefail

SMALL=${SMALL:-100}
LARGE=${LARGE:-500}
PUPILS=${PUPILS:-30} # a year group's pupils: a one-form-entry primary
YEARS=${YEARS:-3}
KEEP=${WORK:+1}
WORK=${WORK:-$(mktemp -d /tmp/reportpack-mem.XXXXXX)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$WORK/reportpack
[ -n "$KEEP" ] || trap 'rm -rf "$WORK"' EXIT
command -v /usr/bin/time >/dev/null || { echo "needs GNU time at /usr/bin/time" >&2; exit 2; }

(cd "$ROOT" && go build -o "$BIN" ./cmd/reportpack)

peak() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"; }

for n in "$SMALL" "$LARGE"; do
	site=$WORK/la$n
	rm -rf "$site"
	"$BIN" new "$site" >/dev/null
	rm -f "$site/data/"*
	rows=$("$BIN" sample --out "$site/data" --schools "$n" --pupils "$PUPILS" --years "$YEARS" --seed 1 |
		sed -n 's/^wrote \([0-9]*\) pupils.*/\1/p')
	CI=1 /usr/bin/time -v "$BIN" build --source "$site" --profile all --zip >"$WORK/out.$n" 2>"$WORK/time.$n" || {
		cat "$WORK/out.$n" "$WORK/time.$n" >&2
		exit 1
	}
	printf '%4d schools, %7s rows: peak %5d MB, %6.1f s\n' "$n" "$rows" $(($(peak "$WORK/time.$n") / 1024)) "$(wall "$WORK/time.$n")"
	rm -rf "$site/public"
done
awk -v a="$(peak "$WORK/time.$SMALL")" -v b="$(peak "$WORK/time.$LARGE")" -v s="$SMALL" -v l="$LARGE" \
	'BEGIN { printf "peak at %d schools / peak at %d schools: %.2f\n", l, s, b / a }'
