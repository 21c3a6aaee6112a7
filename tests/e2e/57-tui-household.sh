#!/bin/sh
# 57-tui-household.sh - the household and address screens beyond the
# straight path: F6 jumps to a new member, F7 (twice) removes one and the
# later members move up; a postal code with several 町域 opens a list to
# choose from (Enter, or the number), and Esc leaves the address to type.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

# A postal table where 190-0199 has two 町域 (utf_ken_all.csv format).
printf '%s\r\n' \
    '13305,"19001","1900199","トウキョウト","ニシタマグンヒノデマチ","ヒライ","東京都","西多摩郡日の出町","平井",0,0,0,1,0,0' \
    '13305,"19001","1900199","トウキョウト","ニシタマグンヒノデマチ","オオグノ","東京都","西多摩郡日の出町","大久野",0,0,0,1,0,0' \
    >"$T/postal.csv"
check "a postal table with a shared code" kk --import-postal "$T/postal.csv"
db() { sqlite3 "$KAKANAI_DB" "SELECT value FROM visit_items WHERE visit_id = 1 AND key = '$1'" 2>&1; }

S=h
tui_start $S
tui_keys $S F6; tui_type $S 1
tui_keys $S Enter; tui_type $S 2; tui_keys $S Enter; tui_keys $S Enter
for n in 一 二 三; do
	tui_type $S "木村 $n"; tui_keys $S Enter
	tui_type $S 'きむら'; tui_keys $S Enter
	tui_type $S 'S60.1.1'; tui_keys $S Enter
	tui_type $S 1; tui_keys $S Enter
	tui_type $S 4; tui_keys $S Enter; tui_keys $S Enter Enter
done
expect_screen $S '世帯員 3  木村 三' "three members"
# Every key typed has been taken: the last Enter is on member 4's name.
on_member_4() { tui_screen $S | grep -A1 '世帯員 4  (追加' | grep -q '^> 氏名'; }
wait_for "$TUI_LIMIT" on_member_4 || not_ok "the typing did not reach member 4"
# Up one field at a time, each move seen on the screen before the next.
tui_select $S '^> ' '^> 氏名\* +: 木村 二' Up && ok "on member 2" ||
    not_ok "member 2 not found"
tui_keys $S F7
expect_screen $S 'もう一度 F7' "F7 asks to confirm"
tui_keys $S F7
expect_screen $S '世帯員 2 を削除しました' "F7 again removes member 2"
equal "member 3 moved up to 2" "$(db person.2.name)" "木村 三"
equal "no member 3 left" "$(db person.3.name)" ""
tui_keys $S F6
expect_screen $S '^> 氏名\* +: 木村 *$' "F6 goes to the new member's name (the family name put first)"
expect_screen $S '世帯員 3  \(追加' "as member 3"
tui_keys $S F4
expect_screen $S '\[住所\]' "the address"
tui_type $S '190-0199'; tui_keys $S Enter
expect_screen $S '複数あります' "a code with two 町域: a list"
expect_screen $S '1 東京都西多摩郡日の出町平井' "first choice"
expect_screen $S '2 東京都西多摩郡日の出町大久野' "second choice"
if tui_chrome_ok $S; then ok "the list: ASCII borders"; else not_ok "the list: ambiguous borders"; fi
tui_keys $S Down Enter
expect_screen $S '町名・大字 +: 大久野' "Down, Enter: 大久野 chosen"
expect_screen $S '^> 番地' "and on to 番地"
equal "stored" "$(db new.town)" "大久野"
tui_select $S '^> ' '^> 郵便番号' Up >/dev/null
tui_keys $S PageUp
tui_type $S '1900199'; tui_keys $S Enter
expect_screen $S '複数あります' "the list again"
tui_type $S 1
expect_screen $S '町名・大字 +: 平井' "typing 1 chooses 平井"
tui_keys $S PageUp; tui_type $S '1900199'; tui_keys $S Enter
tui_keys $S Escape
expect_screen $S '住所を入力してください' "Esc closes the list"
if tui_gone $S '複数あります'; then ok "the list is gone"; else not_ok "the list stayed"; fi
tui_keys $S F10
tui_ended $S && ok "F10 ends" || not_ok "F10 ends"
finish
