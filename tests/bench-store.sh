#!/bin/sh
# tests/bench-store.sh - the storage figures for `make bench`, one
# `name: value unit` line each (issue 4 targets in brackets):
#   postal_import_ken_all  full KEN_ALL.CSV import, as the command reports
#                          it (parse + CP932 decode + one transaction) [≤ 3 s]
#   postal_lookup          one lookup in a process that looks up 2,000 codes,
#                          minus the cost of a process that looks up one [≤ 1 ms]
#   regenerate_jobs2       one-page documents (jumin_ido for a one-person
#                          visit) per second over 1,000 stored visits with
#                          --jobs 2, as the summary reports it [≥ 200]
#   db_bytes_per_visit     growth of the database file per stored visit
#                          (items, search columns, audit rows), no PDFs [≤ 4 KB]
set -u
cd "$(dirname "$0")/.." || exit 2
T=$(mktemp -d "${TMPDIR:-/tmp}/kakanai-bench-store.XXXXXX")
trap 'rm -rf "$T"' EXIT
export KAKANAI_TODAY=2026-11-21 LANG=C.UTF-8 LC_ALL=C.UTF-8
export XDG_DATA_HOME="$T/xdg"
SHARED=${KAKANAI_SHARED:-../shared}
K=./kakanai

ms() { echo $(($(date +%s%N) / 1000000)); }

# --- postal ---
export KAKANAI_DB="$T/postal.db"
if [ -f "$SHARED/data/postal/ken_all.zip" ] && command -v unzip >/dev/null; then
	unzip -q -o "$SHARED/data/postal/ken_all.zip" -d "$T/p"
	ken=$(ls "$T"/p/*)
	$K --import-postal "$ken" |
	    sed -n 's/.* in \([0-9]*\) ms$/postal_import_ken_all: \1 ms/p'
	codes=$(cut -d, -f3 "$ken" | tr -d '"' | head -n 2000)
else
	echo "postal_import_ken_all: n/a (no $SHARED/data/postal/ken_all.zip or unzip)"
	codes=$(grep -v '^#' data/postal-towns.csv | cut -d, -f3 | tr -d '"')
fi
n=$(echo "$codes" | wc -l)
$K --lookup-postal 1900182 >/dev/null   # warm the cache
t0=$(ms); $K --lookup-postal 1900182 >/dev/null; t1=$(ms)
# shellcheck disable=SC2086
$K --lookup-postal $codes >/dev/null; t2=$(ms)
awk -v one=$((t1 - t0)) -v all=$((t2 - t1)) -v n="$n" \
    'BEGIN { d = (all - one) / (n - 1); if (d < 0) d = 0; printf "postal_lookup: %.3f ms\n", d }'

# --- visits ---
export KAKANAI_DB="$T/visits.db"
$K --lookup-postal 1900182 >/dev/null    # create it (with the shipped subset)
before=$(stat -c %s "$KAKANAI_DB")
set --
i=0
while [ $i -lt 1000 ]; do set -- "$@" data/samples/hinan-single.visit; i=$((i + 1)); done
$K --import-visit "$@" >/dev/null
after=$(stat -c %s "$KAKANAI_DB")
echo "db_bytes_per_visit: $(((after - before) / 1000)) bytes"
$K --regenerate --jobs 2 --form jumin_ido --out "$T/r" --quiet >/dev/null 2>&1
$K --regenerate --jobs 2 --form jumin_ido --out "$T/r" |
    sed -n 's/.*(\([0-9]*\) documents\/s).*/regenerate_jobs2: \1 docs\/s/p'
