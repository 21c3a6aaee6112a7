#!/bin/sh
# tests/bench-server.sh - a shared town server's load, for `make bench`:
# 8 towns x 10 clerks (80 processes), each saving a field every 200 ms
# (kakanai --bench-save) for SERVER_SECONDS (60), while an admin of the
# first town regenerates its stored visits over and over.
#
#   server_save_p50, server_save_p99   ms per save, over every save [p99 ≤ 50 ms]
#   server_errors                      saves that failed [0]
#   server_regenerations               the admin's --regenerate runs meanwhile
#   server_mode                        town (root: installed setgid into a
#                                      temporary root, towns set up, groups
#                                      removed at the end) or single-user
#                                      (8 database folders, one per town)
set -u
cd "$(dirname "$0")/.." || exit 2
SECONDS_RUN=${SERVER_SECONDS:-60}
T=$(mktemp -d "${TMPDIR:-/tmp}/kakanai-bench-server.XXXXXX")
G=kkb$$
_cleanup() {
	if [ "$(id -u)" = 0 ]; then
		getent group | cut -d: -f1 | grep "^$G\(-\|\$\)" | while read -r g; do
			groupdel "$g" >/dev/null 2>&1
		done
	fi
	rm -rf "$T"
}
trap _cleanup EXIT
trap 'exit 129' HUP INT TERM
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset KAKANAI_DB KAKANAI_CONFIG KAKANAI_HOME KAKANAI_TODAY

towns="1 2 3 4 5 6 7 8"
if [ "$(id -u)" = 0 ] && command -v groupadd >/dev/null 2>&1; then
	mode=town
	R=$T/root
	K=$R/usr/bin/kakanai
	if ! make -s install BUILD="$T/build" PROGRAM="$T/build/kakanai" \
		PREFIX="$R/usr" LOCALSTATEDIR="$R/var" SYSCONFDIR="$R/etc" \
		KAKANAI_GROUP="$G" >"$T/install.out" 2>&1; then
		echo "server_save_p50: n/a (make install failed)"; exit 0
	fi
	for t in $towns; do
		"$K" --setup-town "t$t" --from data/towns/hinode.conf >/dev/null || exit 1
	done
	run() { _t=$1; shift; "$K" --town "t$_t" "$@"; }
else
	mode=single-user
	K=./kakanai
	for t in $towns; do mkdir -p "$T/t$t"; done
	run() { _t=$1; shift; "$K" --db "$T/t$_t/kakanai.db" "$@"; }
fi

# Something for the admin to regenerate: 50 stored visits in town 1.
set --
i=0
while [ $i -lt 50 ]; do set -- "$@" data/samples/hinan-single.visit; i=$((i + 1)); done
run 1 --import-visit "$@" >/dev/null || { echo "server_save_p50: n/a (import failed)"; exit 0; }
for t in $towns; do run "$t" --lookup-postal 1900182 >/dev/null; done

# The admin, regenerating until the clerks are done.
(
	while [ ! -e "$T/done" ]; do
		if run 1 --regenerate --jobs 2 --quiet >"$T/regen.out" 2>&1; then
			echo ok >>"$T/regens"
		else
			echo failed >>"$T/regens"
		fi
	done
) &
admin=$!
pids=
for t in $towns; do
	for c in 1 2 3 4 5 6 7 8 9 10; do
		run "$t" --bench-save "$SECONDS_RUN" >"$T/save-$t-$c" 2>&1 &
		pids="$pids $!"
	done
done
# shellcheck disable=SC2086
wait $pids
: >"$T/done"
wait "$admin"

cat "$T"/save-* >"$T/all"
errors=$(grep -vc '^[0-9.]*$' "$T/all")
grep '^[0-9.]*$' "$T/all" | sort -n >"$T/ms"
n=$(wc -l <"$T/ms")
if [ "$n" -eq 0 ]; then
	echo "server_save_p50: n/a (no save succeeded)"
	sed -n 1,5p "$T/all" >&2
else
	p50=$(sed -n "$(( (n * 50 + 99) / 100 ))p" "$T/ms")
	p99=$(sed -n "$(( (n * 99 + 99) / 100 ))p" "$T/ms")
	echo "server_save_p50: $p50 ms"
	echo "server_save_p99: $p99 ms"
fi
echo "server_errors: $errors"
touch "$T/regens"
echo "server_regenerations: $(grep -c ok "$T/regens") ($(grep -c failed "$T/regens") failed)"
echo "server_saves: $n"
echo "server_mode: $mode"
