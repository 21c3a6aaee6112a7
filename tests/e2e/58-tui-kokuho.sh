#!/bin/sh
# 58-tui-kokuho.sh - 国民健康保険 waits for the pension question: before
# 年金は何に加入 is answered it is marked [?] (neither proposed nor ruled
# out); 国民年金 proposes it, 厚生年金 rules it out.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

# proc_focus S TEXT [KEY]: move down (or Up) at most 30 rows to the row
# starting TEXT.
proc_focus() {
	_i=0
	while [ $_i -lt 30 ]; do
		tui_wait "$1" "^ > $2" 1 && return 0
		tui_keys "$1" "${3:-Down}"; _i=$((_i + 1))
	done
	return 1
}

S=k
tui_start $S
expect_screen $S '受付' "reception"
tui_keys $S F6; tui_type $S 1
expect_screen $S '\[世帯\]' "a 転入 begun"
tui_type $S 'R8.11.1'; tui_keys $S Enter
tui_type $S 1; tui_keys $S Enter
tui_keys $S Enter
tui_type $S '原 一郎'; tui_keys $S Enter
tui_type $S 'はら いちろう'; tui_keys $S Enter
tui_type $S 'H8.4.1'; tui_keys $S Enter
tui_type $S 1; tui_keys $S Enter
tui_type $S 1; tui_keys $S Enter
expect_screen $S '世帯員 1  原 一郎' "one member of 30"
tui_keys $S F4
expect_screen $S '\[住所\]' "the address"
tui_keys $S F4
expect_screen $S '\[手続\]' "the procedures"
expect_screen $S '^ > 年金は何に加入' "the pension question first"
expect_screen $S '\[\?\] 国民健康保険' "国保 waits before the pension answer"
tui_gone $S '\[\*\] 国民健康保険' 1 && ok "国保 is not proposed yet" ||
    not_ok "国保 proposed before the pension answer"
expect_screen $S '質問に答えると決まります' "and says the question decides it"
tui_type $S 1
expect_screen $S '年金は何に加入.*\[国民年金\]' "国民年金 answered"
expect_screen $S '\[\*\] 国民健康保険' "国民年金 proposes 国保"
proc_focus $S 年金は何に加入 Up && ok "back to the pension question" ||
    not_ok "no pension question"
tui_type $S 2
expect_screen $S '年金は何に加入.*\[厚生年金\]' "厚生年金 answered"
expect_screen $S '\[ \] 国民健康保険' "厚生年金 rules 国保 out"
tui_keys $S F10
tui_ended $S && ok "F10 ends" || not_ok "F10 ends"
finish
