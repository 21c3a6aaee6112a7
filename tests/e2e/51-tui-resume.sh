#!/bin/sh
# 51-tui-resume.sh - nothing typed is lost: the visit is saved after every
# field, and after kill -9, SIGHUP or a dropped connection (the terminal
# goes away) a new session offers the draft and resumes at the same field.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

S=a
tui_start $S
expect_screen $S '今日の受付はまだありません' "empty database: empty list"
tui_keys $S F6; tui_type $S 1
tui_type $S 'R8.11.1'; tui_keys $S Enter
tui_type $S 1; tui_keys $S Enter
tui_keys $S Enter
tui_type $S '佐藤 葛󠄀子'; tui_keys $S Enter
tui_type $S 'さとう かつこ'; tui_keys $S Enter
tui_type $S 'S50.1.2'; tui_keys $S Enter
expect_screen $S '^> 性別' "typed up to 性別"
tui_type $S '2'		# typed, not yet stored
pid=$(tui_pid $S)
kill -9 "$pid"
if proc_gone "$pid"; then ok "killed with -9"; else not_ok "kill -9: still running"; fi

S=b
tui_start $S
expect_screen $S '中断した受付 No\.1 があります' "a new session offers the draft"
expect_screen $S '1 +入力中 +転入 +佐藤 葛' "the draft is in the list, IVS name intact"
tui_keys $S Enter
expect_screen $S '^> 性別' "Enter resumes at the same field (性別)"
expect_screen $S '生年月日\* +: 昭和50年1月2日' "fields typed before the kill are there"
tui_type $S 2; tui_keys $S Enter
tui_type $S 1; tui_keys $S Enter
expect_screen $S '^> 個人番号' "continued to 個人番号"
pid=$(tui_pid $S)
kill -HUP "$pid"
if proc_gone "$pid"; then ok "SIGHUP ends the session"; else not_ok "SIGHUP: still running"; fi

S=c
tui_start $S
expect_screen $S '中断した受付 No\.1' "offered again after SIGHUP"
tui_keys $S Enter
expect_screen $S '^> 個人番号' "resumed at 個人番号"
expect_screen $S '続柄\* +: 世帯主' "続柄 stored before the hangup"
tui_keys $S F4
expect_screen $S '\[住所\]' "on to the address"
tui_type $S '190-0182'; tui_keys $S Enter
expect_screen $S '^> 番地' "postal lookup moved to 番地"
# The connection drops: the terminal (tmux session) goes away.
pid=$(tui_pid $S)
_tmux kill-session -t $S
proc_gone "$pid" || not_ok "the dropped connection: still running"

S=d
tui_start $S
expect_screen $S '中断した受付 No\.1' "offered after the dropped connection"
tui_keys $S Enter
expect_screen $S '\[住所\]' "resumed on the address screen"
expect_screen $S '^> 番地' "at the same field (番地)"
expect_screen $S '町名・大字 +: 平井' "the looked-up 町域 was saved"
n=$(sqlite3 "$KAKANAI_DB" "SELECT count(*) FROM visits" 2>&1)
equal "one visit, no duplicates" "$n" "1"
v=$(sqlite3 "$KAKANAI_DB" "SELECT value FROM visit_items WHERE visit_id = 1 AND key = 'person.1.name'" 2>&1)
equal "the IVS sequence is stored exactly" "$v" "佐藤 葛󠄀子"
tui_keys $S F10
tui_ended $S && ok "F10 ends" || not_ok "F10 ends"
finish
