#!/bin/sh
# 53-tui-input.sh - typing at the counter: wrong input (昭和65年, a bad My
# Number, letters in a postal code) gives the dictionary's message under
# the field and keeps the typed text; the line editor moves and deletes by
# character (an IVS sequence is one), converts kana and full-width input,
# and takes choices by number or by their first characters.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

db() { sqlite3 "$KAKANAI_DB" "SELECT value FROM visit_items WHERE visit_id = 1 AND key = '$1'" 2>&1; }

S=i
tui_start $S
tui_keys $S F6; tui_type $S 1
expect_screen $S '^> 異動日' "on 異動日"
tui_type $S 'S65.1.1'; tui_keys $S Enter
expect_screen $S '^> 異動日 +: S65\.1\.1' "昭和65年: the typed text stays"
msg_under() { tui_screen $S | grep -A1 '^> 異動日' | grep -q '^  ! 昭和は64年'; }
if wait_for "$TUI_LIMIT" msg_under; then
	ok "昭和65年: the message is under the field"
else not_ok "昭和65年: no message under the field"; tui_screen $S | sed 's/^/    | /'; fi
tui_keys $S F4
expect_screen $S '\[世帯\]' "F4 with a refused value stays on the screen"
expect_screen $S '^> 異動日 +: S65\.1\.1' "and the text is still there"
equal_soon "nothing stored for the refused date" "" db move_date
tui_keys $S C-u; tui_type $S 'Ｒ８．１１．１'; tui_keys $S Enter
expect_screen $S '異動日 +: 令和8年11月1日' "full-width IME digits are taken"
equal_soon "stored as ISO" "2026-11-01" db move_date
tui_type $S '代'; tui_keys $S Enter
expect_screen $S '届出人\* +: 代理人' "a choice by its first character"
expect_screen $S '届出人の氏名' "代理人: the applicant's own fields appear"
tui_keys $S Up; tui_type $S 1; tui_keys $S Enter
expect_screen $S '届出人\* +: 本人' "a choice by its number"
if tui_gone $S '届出人の氏名'; then ok "本人: not asked twice"; else not_ok "本人: applicant fields still asked"; fi
tui_keys $S Enter

# The editor: name with an IVS (葛 U+845B U+E0100), moved over and deleted
# as one character.
expect_screen $S '^> 氏名' "on 氏名"
tui_type $S '葛󠄀飾区'
tui_keys $S Left Left BSpace
tui_keys $S Enter
equal_soon "BS before 飾 deleted 葛+selector as one" "飾区" db person.1.name
tui_keys $S Up
tui_keys $S C-u
tui_type $S '山田太郎'; tui_keys $S BSpace
tui_keys $S Left Left; tui_type $S 'X'
tui_keys $S Home; tui_type $S 'Y'
tui_keys $S End; tui_type $S '辻󠄀'
tui_keys $S Enter
equal_soon "moves and deletes by character" "Y山X田太辻󠄀" db person.1.name
# Bytes that are not UTF-8 (a terminal set to Shift_JIS, line noise) are
# dropped, and typing goes on.
tui_keys $S Up End
_tmux send-keys -t $S -H ff 82 a0 e3 81
tui_type $S '子'; tui_keys $S Enter
equal_soon "bytes that are not UTF-8 are dropped" "Y山X田太辻󠄀子" db person.1.name
tui_type $S 'ﾔﾏﾀﾞ ｶﾞｯｺｳ'
expect_screen $S '^> フリガナ.*: ヤマダ　ガッコウ' "half-width kana joined and made full-width as typed"
tui_keys $S C-u; tui_type $S 'やまだ たろう'; tui_keys $S Enter
equal_soon "hiragana stored as katakana" "ヤマダ　タロウ" db person.1.kana

# 昭和65年 written out, then fixed.
tui_type $S '昭和65年1月1日'; tui_keys $S Enter
expect_screen $S '^> 生年月日.*: 昭和65年1月1日' "昭和65年1月1日 stays as typed"
expect_screen $S '! 昭和は64年' "with the era message"
tui_keys $S Escape
expect_screen $S '^> 生年月日\* +: *$' "Esc goes back to the stored (empty) value"
tui_type $S 'S45.3.12'; tui_keys $S Enter
equal_soon "then S45.3.12 is stored" "1970-03-12" db person.1.birth
tui_type $S 2; tui_keys $S Enter
tui_type $S '世'; tui_keys $S Enter
equal_soon "続柄 by prefix" "世帯主" db person.1.relation

# A bad My Number.
tui_type $S '1234 5678 9010'; tui_keys $S Enter
expect_screen $S '^> 個人番号 +: 1234 5678 9010' "bad My Number: the text stays"
expect_screen $S '! .*検査用数字' "bad My Number: the check digit message"
equal_soon "no My Number stored" "0" sqlite3 "$KAKANAI_DB" 'SELECT count(*) FROM mynumbers'
tui_keys $S C-u; tui_type $S '１２３４５６７８９０１８'; tui_keys $S Enter
expect_screen $S '個人番号 +: \*\*\*\* \*\*\*\* 9018' "a good one is stored and masked"
if tui_gone $S '123456789018'; then ok "never shown in clear"; else not_ok "the My Number is shown in clear"; fi
tui_keys $S Enter
tui_keys $S F4

# Letters in a postal code.
expect_screen $S '^> 郵便番号' "on 郵便番号"
tui_type $S '19o-0182'; tui_keys $S Enter
expect_screen $S '^> 郵便番号 +: 19o-0182' "letters in a postal code: the text stays"
expect_screen $S '! .*「o」\(U\+006F\)' "the message names the character and its code point"
tui_keys $S C-u
tui_type $S '１９００１８２'; tui_keys $S Enter
expect_screen $S '町名・大字 +: 平井' "full-width postal digits looked up"
if tui_chrome_ok $S; then ok "address: ASCII chrome"; else not_ok "address: ambiguous chrome"; fi
expect_screen $S '^> 番地' "on 番地"
tui_type $S '12345678901234567890123456789012345678901'
expect_screen $S '! 番地は40文字までです' "a full field says so"
tui_keys $S Enter
equal_soon "40 characters stored" "１２３４５６７８９０１２３４５６７８９０１２３４５６７８９０１２３４５６７８９０" db new.banchi
tui_keys $S F10
tui_ended $S && ok "F10 ends" || not_ok "F10 ends"
finish
