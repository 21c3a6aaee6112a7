#!/bin/sh
# tests/bench-tui.sh - the counter screen's figures for `make bench`, one
# `name: value unit` line each (issue 5 targets in brackets). Measured from
# outside, as a clerk would feel them, through tmux: each figure includes
# tmux's own delay and the 2 ms polling step, so it is an upper bound.
#   tui_first_screen       start of the program to the function-key bar on
#                          screen, median of 5 starts on a new database [≤ 100 ms]
#   tui_field_commit       a date typed and Enter (checked, stored, the draft
#                          saved to the database) to its 和暦 form on
#                          screen, median of 10 [≤ 50 ms]
#   tui_keystroke_median   a character typed into 氏名 to the character on
#                          screen, over 30 keys [≤ 50 ms]
#   tui_keystroke_max      the slowest of those 30
set -u
cd "$(dirname "$0")/.." || exit 2
export LANG=C.UTF-8 LC_ALL=C.UTF-8
command -v tmux >/dev/null || { echo "tui_first_screen: n/a (no tmux)"; exit 0; }
T=$(mktemp -d "${TMPDIR:-/tmp}/kakanai-bench-tui.XXXXXX")
S="kk-bench-$$"
tm() { tmux -L "$S" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT
now() { date +%s%N; }
ENVS="env -i PATH=$PATH HOME=$T TERM=screen LANG=C.UTF-8 LC_ALL=C.UTF-8 KAKANAI_TODAY=2026-11-21 XDG_DATA_HOME=$T/xdg"

# wait_for PANE REGEX: poll every 2 ms (up to 5 s); print the ns it took
# since $t0.
wait_for() {
	_n=0
	while [ $_n -lt 2500 ]; do
		if tm capture-pane -p -t "$1" | grep -q -- "$2"; then
			echo $(( $(now) - t0 )); return 0
		fi
		sleep 0.002; _n=$((_n + 1))
	done
	echo 5000000000
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ms() { awk '{ printf "%.1f\n", $1 / 1e6 }'; }

tm new-session -d -s keep -x 80 -y 24 "sleep 100000"
for i in 1 2 3 4 5; do
	rm -f "$T"/*.db*
	t0=$(now)
	tm new-session -d -s "s$i" -x 80 -y 24 "exec $ENVS KAKANAI_DB=$T/b$i.db $PWD/kakanai"
	wait_for "s$i" 'F10終了'
	tm kill-session -t "s$i" 2>/dev/null
done | median | ms | sed 's/^/tui_first_screen: /; s/$/ ms/'

# Keystrokes: a new visit, the household screen, typing into 氏名.
tm new-session -d -s k -x 80 -y 24 "exec $ENVS KAKANAI_DB=$T/k.db $PWD/kakanai"
t0=$(now); wait_for k 'F10終了' >/dev/null
tm send-keys -t k F6; t0=$(now); wait_for k '転入' >/dev/null
tm send-keys -t k Enter; t0=$(now); wait_for k '異動日' >/dev/null
# Enter on 異動日 (where the screen starts): the value is checked, stored,
# the draft saved, and the shown value becomes its 和暦 form.
: >"$T/commit"
for i in 1 2 3 4 5 6 7 8 9 10; do
	t0=$(now)
	tm send-keys -t k -l "R8.10.$i"; tm send-keys -t k Enter
	wait_for k "令和8年10月${i}日" >>"$T/commit"
	tm send-keys -t k Up; sleep 0.05
done
median <"$T/commit" | ms | sed 's/^/tui_field_commit: /; s/$/ ms/'

# Keystrokes: down to 氏名 of the first member (異動日, 届出人, 電話, 氏名).
tm send-keys -t k Down Down Down; sleep 0.2
: >"$T/keys"
for word in あいうえおかきくけこ さしすせそたちつてと なにぬねのはひふへほ; do
	typed=""
	for c in $(echo "$word" | sed 's/./& /g'); do
		typed="$typed$c"
		t0=$(now)
		tm send-keys -t k -l "$c"
		wait_for k "$typed" >>"$T/keys"
	done
	tm send-keys -t k C-u; sleep 0.05
done
median <"$T/keys" | ms | sed 's/^/tui_keystroke_median: /; s/$/ ms/'
sort -n "$T/keys" | tail -n 1 | ms | sed 's/^/tui_keystroke_max: /; s/$/ ms/'
exit 0
