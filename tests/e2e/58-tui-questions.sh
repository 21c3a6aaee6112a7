#!/bin/sh
# 58-tui-questions.sh - the questions on the 手続 screen decide the forms:
# a town's own form that applies `event = 転入 and has.moped = はい` is
# proposed once 原付 is answered はい (one key) and not when it is answered
# いいえ; a yes/no item that only a form's `applies` tests (no question
# written for it) is asked too, with its dictionary label.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

# A town folder: the shipped forms, fonts and data, plus two forms of its
# own and one dictionary item of its own.
H=$T/home
mkdir -p "$H"
cp -R forms fonts data "$H/"
printf '\nitem pet.cat yesno 猫を飼っている\n' >>"$H/data/dictionary.txt"
form() {
	cat >"$H/forms/$1.form" <<EOF2
form       $1
title      "$2"
version    1
effective  2024-04-01
paper      A4 portrait
unit       mm
font       mincho
size       10.5
applies    $3
reason     "$4"
text   12 10 "$2" w=186 h=10 align=center valign=middle font=gothic size=17
field  new.address 12 30 186 30 size=10.5 min=6 wrap
EOF2
}
form moped_toroku "原付登録申告書" 'event = 転入 and has.moped = はい' "原付バイクをお持ちです"
form neko_todoke "猫の飼育届" 'event = 転入 and pet.cat = はい' "猫を飼っています"
check "the town's forms and guide check" env KAKANAI_HOME="$H" "$KAKANAI" --check-forms "$H/forms"
contains "the guide is checked with them" "$T/.out" "ok  guide:"

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
# visit S: a 転入 of one person, up to the 手続 screen.
visit() {
	tui_start "$1" KAKANAI_HOME="$H"
	expect_screen "$1" '受付' "$1: reception"
	tui_keys "$1" F6; tui_type "$1" 1
	expect_screen "$1" '\[世帯\]' "$1: 転入 begun"
	tui_type "$1" 'R8.11.1'; tui_keys "$1" Enter
	tui_type "$1" 1; tui_keys "$1" Enter
	tui_keys "$1" Enter
	tui_type "$1" '原 一郎'; tui_keys "$1" Enter
	tui_type "$1" 'はら いちろう'; tui_keys "$1" Enter
	tui_type "$1" 'H8.4.1'; tui_keys "$1" Enter
	tui_type "$1" 1; tui_keys "$1" Enter
	tui_type "$1" 1; tui_keys "$1" Enter
	expect_screen "$1" '世帯員 1  原 一郎' "$1: one member"
	tui_keys "$1" F4
	expect_screen "$1" '\[住所\]' "$1: the address"
	tui_keys "$1" F4
	expect_screen "$1" '\[手続\]' "$1: the procedures"
	expect_screen "$1" 'お尋ねすること' "$1: questions first"
}

S=yes
visit $S
expect_screen $S '^ > 年金は何に加入' "the cursor is on the first question"
expect_screen $S '1 国民年金  2 厚生年金' "a choice question shows its choices"
tui_type $S 1
expect_screen $S '年金は何に加入.*\[国民年金\]' "one key answers it"
expect_screen $S '^ > マイナンバーカード' "and moves to the next question"
expect_screen $S '1 はい  2 いいえ' "a yes/no question: 1 はい / 2 いいえ"
proc_focus $S '\[.\] 原付登録申告書' && ok "down to the town's form" ||
    not_ok "no 原付登録申告書 row"
expect_screen $S '^ > \[ \] 原付登録申告書' "not proposed before the answer"
proc_focus $S 原付バイク Up && ok "up to 原付" || not_ok "no 原付 question"
tui_type $S 1
expect_screen $S '原付バイク.*\[はい\]' "原付 answered はい"
expect_screen $S '\[\*\] 原付登録申告書' "はい proposes the town's form"
expect_screen $S '該当: 原付バイクをお持ちです' "with its reason"
proc_focus $S 猫を飼っている && ok "an item only a form tests is asked" ||
    not_ok "猫 not asked"
tui_type $S 1
expect_screen $S '\[\*\] 猫の飼育届' "its answer proposes the form"
tui_keys $S Up; tui_type $S 2
expect_screen $S '猫を飼っている.*\[いいえ\]' "an answer can be changed"
proc_focus $S '\[.\] 猫の飼育届' && ok "down to 猫の飼育届" || not_ok "no 猫 row"
expect_screen $S '^ > \[ \] 猫の飼育届' "and the form is no longer proposed"
if tui_chrome_ok $S; then ok "questions: ASCII chrome"; else not_ok "questions: ambiguous chrome"; fi
db() { sqlite3 "$KAKANAI_DB" "SELECT value FROM visit_items WHERE visit_id = $1 AND key = '$2'" 2>&1; }
equal "the answer is stored with the draft" "$(db 1 has.moped)" "はい"
tui_keys $S F10
tui_ended $S && ok "F10 ends" || not_ok "F10 ends"

S=no
visit $S
proc_focus $S 原付バイク && ok "down to 原付" || not_ok "no 原付 question"
tui_type $S 2
expect_screen $S '原付バイク.*\[いいえ\]' "原付 answered いいえ"
proc_focus $S '\[.\] 原付登録申告書' && ok "down to the town's form" ||
    not_ok "no 原付登録申告書 row"
expect_screen $S '^ > \[ \] 原付登録申告書' "いいえ: the form is not proposed"
equal "stored いいえ" "$(db 2 has.moped)" "いいえ"
tui_keys $S F10
tui_ended $S && ok "F10 ends" || not_ok "F10 ends"
finish
