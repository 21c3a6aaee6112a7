#!/bin/sh
# 58-tui-no-core.sh - the counter screen never leaves a core file: its
# core limit is 0 (/proc/PID/limits) even when started with
# `ulimit -c unlimited`, and a crash (SIGSEGV) of it leaves no core in its
# folder. Without the My Number key the screen opens a visit and says in
# Japanese that its My Numbers cannot be shown or printed, and that a My
# Number typed then is not stored while the rest is.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

mkdir -p "$T/cwd"
# a shell that allows cores, then the program in its place
_tmux new-session -d -s core -x 80 -y 24 \
    "cd $T/cwd && ulimit -c unlimited && exec $(_tui_env) $KAKANAI"
expect_screen core '受付' "the screen is up"
pid=$(_tmux display-message -p -t core '#{pane_pid}')	# the program itself (exec)
limit=$(grep '^Max core file size' "/proc/$pid/limits" | awk '{print $5 " " $6}')
equal "/proc shows the core limit 0" "$limit" "0 0"
# the shell that started it really allowed cores
sh -c 'ulimit -c unlimited; ulimit -c' >"$T/ulimit.out"
contains "ulimit -c unlimited is allowed here" "$T/ulimit.out" "unlimited"
kill -SEGV "$pid"
if proc_gone "$pid"; then ok "the screen crashed (SIGSEGV)"; else not_ok "SIGSEGV: still running"; fi
equal "no core file was left" "$(ls -A "$T/cwd")" ""
# the control: a program that does not turn cores off, crashed the same
# way, does leave one here (where the system writes core files at all)
mkdir -p "$T/ctl"
sh -c "cd '$T/ctl' && ulimit -c unlimited && exec sleep 1000" &
ctl=$!
# the control runs sleep once its shell has exec'd it
_ctl_execd() { [ "$(readlink "/proc/$ctl/exe" 2>/dev/null)" != "$(readlink /proc/$$/exe)" ]; }
wait_for 10 _ctl_execd
kill -SEGV "$ctl"; wait "$ctl" 2>/dev/null
if [ -n "$(ls -A "$T/ctl")" ]; then
	ok "the control crash left a core, so the check above can fail"
else
	skip "this system writes no core file even for the control (core_pattern $(cat /proc/sys/kernel/core_pattern)); only the /proc limit above is checked"
fi

# the batch commands too
kk --list-forms >/dev/null 2>&1
expect_exit 0 "a sample imports" kk --import-visit data/samples/hiji-family.visit
mv "$T/kakanai.db.key" "$T/aside.key"
tui_start nokey
expect_screen nokey '中断した受付 No\.1' "the draft is offered without the key"
tui_keys nokey Enter
expect_screen nokey 'マイナンバーの鍵ファイルがないため' "the screen says the key file is missing"
# a My Number typed without the key: the rest is saved, the clerk is told
if tui_focus nokey '個人番号'; then ok "moved to 個人番号"; else not_ok "no 個人番号 field"; fi
tui_type nokey 123456789018; tui_keys nokey Enter
expect_screen nokey 'マイナンバーは保存されていません' "a typed My Number is said not to be stored"
equal "the sealed My Numbers are all still there" "$(sqlite3 "$KAKANAI_DB" 'SELECT count(*) FROM mynumbers WHERE visit_id = 1')" 2
# and it is not printed without the residents' My Numbers
tui_keys nokey F4; tui_keys nokey F4
expect_screen nokey '\[手続\]' "on to the procedures"
tui_keys nokey F4; tui_keys nokey F4
expect_screen nokey 'F5 で印刷します' "the preview is ready" 30
tui_keys nokey F5
expect_screen nokey '鍵ファイルがないため印刷できません' "printing is refused: the key file is missing"
equal "no document was recorded" "$(sqlite3 "$KAKANAI_DB" 'SELECT count(*) FROM documents')" 0
pid=$(tui_pid nokey)
tui_keys nokey F10
if proc_gone "$pid"; then ok "F10 ends the screen"; else not_ok "F10: still running"; fi
finish
