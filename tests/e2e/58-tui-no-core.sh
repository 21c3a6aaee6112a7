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
pid=$(tui_pid core)
limit=$(grep '^Max core file size' "/proc/$pid/limits" | awk '{print $5 " " $6}')
equal "/proc shows the core limit 0" "$limit" "0 0"
# the shell that started it really allowed cores
sh -c 'ulimit -c unlimited; ulimit -c' >"$T/ulimit.out"
contains "ulimit -c unlimited is allowed here" "$T/ulimit.out" "unlimited"
kill -SEGV "$pid"
if proc_gone "$pid"; then ok "the screen crashed (SIGSEGV)"; else not_ok "SIGSEGV: still running"; fi
equal "no core file was left" "$(ls -A "$T/cwd")" ""

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
tui_keys nokey F10
if proc_gone "$(tui_pid nokey)"; then ok "F10 ends the screen"; else not_ok "F10: still running"; fi
finish
