#!/bin/sh
# tests/run.sh - the whole test suite: the cmocka unit binaries given as
# arguments, then every end-to-end script tests/e2e/[0-9]*.sh against the
# real binary. Ends with one line "N passed, M failed, K skipped" and a
# non-zero exit if anything failed. A check that cannot run here (no root
# for a mount, a tool missing) is counted as skipped, never as passed.
#
#   KAKANAI_BIN=path      the binary the end-to-end tests run (default ./kakanai)
#   KAKANAI_VALGRIND=1    run unit binaries and the binary under valgrind
#   --unit-only           skip the end-to-end tests
#   E2E=pattern           run only tests/e2e/*pattern*.sh
set -u
cd "$(dirname "$0")/.." || exit 2
unit_only=0
if [ "${1:-}" = "--unit-only" ]; then unit_only=1; shift; fi

passed=0
failed=0
skipped=0
failures=""
VG=""
if [ "${KAKANAI_VALGRIND:-0}" = 1 ]; then
	VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --track-fds=no"
fi
export KAKANAI_TODAY=2026-11-21 LANG=C.UTF-8 LC_ALL=C.UTF-8
counts=$(mktemp)
trap 'rm -f "$counts"' EXIT

# tally NAME PASSED FAILED SKIPPED OUTPUT: add up one binary or script;
# its output is shown when something failed.
tally() {
	passed=$((passed + $2))
	failed=$((failed + $3))
	skipped=$((skipped + $4))
	_skip=""
	[ "$4" -gt 0 ] && _skip=", $4 skipped"
	if [ "$3" -gt 0 ]; then
		printf '%s\n' "$5"
		failures="$failures $1"
		echo "FAIL $1: $2 passed, $3 failed$_skip"
	else
		echo "ok   $1: $2 passed$_skip"
	fi
}

for bin in "$@"; do
	name=$(basename "$bin")
	out=$($VG "$bin" 2>&1)
	rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	k=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	k=${k:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	tally "$name" "$p" "$f" "$k" "$out"
done

if [ "$unit_only" = 0 ]; then
	for t in tests/e2e/[0-9]*.sh; do
		[ -f "$t" ] || continue
		case "$t" in *"${E2E:-}"*) ;; *) continue ;; esac
		name=$(basename "$t" .sh)
		: >"$counts"
		out=$(KAKANAI_COUNTS="$counts" KAKANAI_VG="$VG" sh "$t" 2>&1)
		rc=$?
		read -r p f k <"$counts" 2>/dev/null || { p=0; f=0; k=0; }
		p=${p:-0}
		f=${f:-0}
		k=${k:-0}
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
		tally "$name" "$p" "$f" "$k" "$out"
	done
fi

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
