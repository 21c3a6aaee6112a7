#!/bin/sh
# tests/bench.sh - `make bench`: speed and size, one figure per line as
# `name: value unit`.
#
#   one_page_*    the peers' workload (tests/bench/workload.form: one A4
#                 page, 60 fields, BIZ UD明朝) rendered as 100 separate PDFs
#   five_forms_*  a whole visit (data/samples/hinode-seven.visit), five of
#                 its forms in one PDF, rendered 20 times
#   pdfme_*, reportlab_*  the peers on the same workload, when they can run
#                 here (python3-reportlab; node + npm for pdfme)
#   store lines   from tests/bench-store.sh (database, postal codes,
#                 regeneration)
#   tui lines     from tests/bench-tui.sh (the counter screen)
#   server lines  from tests/bench-server.sh (80 clerks over 8 towns on one
#                 server while an admin regenerates)
#   keystrokes_*  keys typed for four scripted visits at the counter screen
#                 (tests/e2e/62-tui-keystrokes.sh, which `make test` runs
#                 too, checking the forms each prints)
set -u
cd "$(dirname "$0")/.." || exit 2
T=$(mktemp -d "${TMPDIR:-/tmp}/kakanai-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
export KAKANAI_TODAY=2026-11-21 LANG=C.UTF-8
SHARED=${KAKANAI_SHARED:-../shared}

prefix() { sed "s/^/$1_/"; }

./kakanai --bench-render tests/bench/workload.visit --forms-dir tests/bench \
	--forms workload --jobs 100 --out "$T" | prefix one_page
rm -f "$T"/*.pdf
./kakanai --bench-render data/samples/hinode-seven.visit --jobs 20 \
	--forms jumin_ido,kokuho_shutoku,jidou_teate,kaigo_shikaku,tennyugaku \
	--out "$T" | prefix five_forms
rm -f "$T"/*.pdf

# The peers, side by side, from the same run.
peers=$SHARED/bench/peers
if [ -f "$peers/reportlab_bench.py" ] && /usr/bin/python3 -c "import reportlab" 2>/dev/null; then
	/usr/bin/python3 "$peers/reportlab_bench.py" 100 "$T/reportlab" | python3 -c '
import json, sys
d = json.loads(sys.stdin.readline())
print("reportlab_ms_per_doc: %s ms" % d["ms_per_doc"])
print("reportlab_bytes_per_doc: %s bytes" % d["bytes_per_doc_median"])'
else
	echo "reportlab_ms_per_doc: n/a (apt-get install python3-reportlab)"
fi
if [ -f "$peers/node/pdfme_bench.mjs" ] && command -v npm >/dev/null 2>&1; then
	# A copy beside its workload.json, since shared/ is read-only.
	mkdir -p "$T/peers"
	cp -r "$peers/node" "$peers/workload.json" "$T/peers/"
	if (cd "$T/peers/node" && npm ci --silent >/dev/null 2>&1); then
		node "$T/peers/node/pdfme_bench.mjs" 100 "$T/pdfme" | python3 -c '
import json, sys
d = json.loads(sys.stdin.readline())
print("pdfme_ms_per_doc: %s ms" % d["ms_per_doc"])
print("pdfme_bytes_per_doc: %s bytes" % d["bytes_per_doc_median"])'
	else
		echo "pdfme_ms_per_doc: n/a (npm ci failed)"
	fi
else
	echo "pdfme_ms_per_doc: n/a (no node/npm)"
fi

sh tests/bench-store.sh
sh tests/bench-tui.sh
sh tests/bench-server.sh
sh tests/e2e/62-tui-keystrokes.sh 2>/dev/null | grep '^keystrokes_'
exit 0
