# tests/e2e/lib.sh - sourced by every end-to-end test.
#
# Gives each test a private temporary folder $T (removed at exit), a fixed
# date (KAKANAI_TODAY), a private database and XDG folders, the binary as
# $KAKANAI (run it with `kk ARGS`, which adds valgrind when the suite runs
# under it), and assertions that print one "ok"/"not ok" line each (or
# "skip" for a check that cannot run here). The
# test ends with `finish`, which reports the counts to tests/run.sh.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
KAKANAI=${KAKANAI_BIN:-$ROOT/kakanai}
case "$KAKANAI" in /*) ;; *) KAKANAI=$ROOT/${KAKANAI#./} ;; esac
SHARED=${KAKANAI_SHARED:-$ROOT/../shared}
TOOLS=${KAKANAI_TOOLS:-build/tools}
case "$TOOLS" in /*) ;; *) TOOLS=$ROOT/$TOOLS ;; esac
PATH=$TOOLS:$PATH
T=$(mktemp -d "${TMPDIR:-/tmp}/kakanai-e2e.XXXXXX")
export KAKANAI_TODAY=${KAKANAI_TODAY:-2026-11-21}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
export XDG_DATA_HOME="$T/xdg-data" XDG_CONFIG_HOME="$T/xdg-config"
export KAKANAI_DB="$T/kakanai.db"
unset KAKANAI_CONFIG KAKANAI_HOME
_pass=0
_fail=0
_skip=0
_cleanup_hooks=""
trap '_run_cleanup' EXIT
# Interrupted (^C, a closed pipe, a time limit): still stop what the test
# started (tmux servers, cupsd) and remove its folder.
trap 'exit 1' HUP INT TERM PIPE
_run_cleanup() {
	for h in $_cleanup_hooks; do "$h" 2>/dev/null; done
	rm -rf "$T"
}
# at_exit FUNCTION: run FUNCTION when the test exits (stop servers etc.).
at_exit() { _cleanup_hooks="$_cleanup_hooks $1"; }

cd "$ROOT" || exit 2

kk() { ${KAKANAI_VG:-} "$KAKANAI" "$@"; }

ok() { _pass=$((_pass + 1)); echo "ok - $*"; }
# skip REASON: a check that cannot run here (reported as skipped, never
# as passed).
skip() { _skip=$((_skip + 1)); echo "skip - $*"; }
not_ok() { _fail=$((_fail + 1)); echo "not ok - $*"; }

# check NAME COMMAND...: the command exits 0.
check() {
	_n=$1; shift
	if "$@" >"$T/.out" 2>&1; then ok "$_n"; else
		not_ok "$_n (exit $?)"; sed 's/^/    /' "$T/.out" | head -n 20
	fi
}
# expect_exit CODE NAME COMMAND...: the command exits with CODE; its
# output is kept in $T/.out for further checks.
expect_exit() {
	_c=$1; _n=$2; shift 2
	"$@" >"$T/.out" 2>&1
	_rc=$?
	if [ "$_rc" -eq "$_c" ]; then ok "$_n"; else
		not_ok "$_n (exit $_rc, wanted $_c)"; sed 's/^/    /' "$T/.out" | head -n 20
	fi
}
# contains NAME FILE TEXT: FILE holds TEXT (fixed string).
contains() {
	if grep -qF -- "$3" "$2"; then ok "$1"; else
		not_ok "$1: '$3' not in $2"; sed 's/^/    /' "$2" | head -n 20
	fi
}
# lacks NAME FILE TEXT: FILE does not hold TEXT.
lacks() {
	if grep -qF -- "$3" "$2"; then not_ok "$1: '$3' found in $2"; else ok "$1"; fi
}
# equal NAME GOT WANT
equal() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got '$2', wanted '$3'"; fi
}
# equal_soon NAME WANT COMMAND...: COMMAND's output becomes WANT within
# 10 s (what a program stores a moment after a key press), polled.
equal_soon() {
	_n=$1; _w=$2; shift 2
	_sw=$_w
	wait_for 10 _gives "$@"
	equal "$_n" "$_got" "$_w"
}
_gives() { _got=$("$@" 2>&1); [ "$_got" = "$_sw" ]; }

# wait_for S COMMAND...: run COMMAND every 0.1 s until it succeeds, for up
# to S seconds; its status. Tests wait for the state they expect this way,
# never for a fixed time.
wait_for() {
	_u=0; _umax=$(( $1 * 10 )); shift
	while ! "$@"; do
		_u=$((_u + 1))
		[ $_u -ge $_umax ] && return 1
		sleep 0.1
	done
	return 0
}
# wait_file FILE [S]: FILE is there and not empty (up to S seconds, 10).
_file_there() { [ -s "$1" ]; }
wait_file() { wait_for "${2:-10}" _file_there "$1"; }

finish() {
	echo "$(basename "$0" .sh): $_pass passed, $_fail failed, $_skip skipped"
	[ -n "${KAKANAI_COUNTS:-}" ] && echo "$_pass $_fail $_skip" >"$KAKANAI_COUNTS"
	[ "$_fail" -eq 0 ]
	exit $?
}
