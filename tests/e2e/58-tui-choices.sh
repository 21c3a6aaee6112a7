#!/bin/sh
# 58-tui-choices.sh - a choice list longer than the hint line: with
# nothing typed the hint shows the first choices and how many more there
# are; typing the start of a choice or of its number shows the choices
# that match, with their numbers, so every choice can be seen and picked
# on an 80x24 screen without covering a field.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

S=ch
tui_start $S
expect_screen $S '受付' "reception"
tui_keys $S F6; tui_type $S 1
expect_screen $S '\[世帯\]' "a 転入 begun"
tui_focus $S '氏名' || not_ok "the 氏名 field"
tui_type $S '原 一郎'; tui_keys $S Enter
expect_screen $S '世帯員 1  原 一郎' "a member"
tui_focus $S '世帯主との続柄' && ok "the 続柄 field" || not_ok "the 続柄 field"
expect_screen $S '1:世帯主  2:妻 .*\.\.\.他[0-9]+件: 文字を入力すると絞り込みます' \
    "nothing typed: the first choices and how many more"
tui_gone $S '14:子の妻' 1 && ok "子の妻 does not fit the line" ||
    not_ok "子の妻 fits the line: nothing to test"
expect_screen $S '^> 世帯主との続柄' "the field stays on screen"
tui_type $S '子の'
expect_screen $S '14:子の妻  15:子の夫' "typed 子の: the hidden choices that match"
tui_gone $S '1:世帯主' 1 && ok "only the matching choices" ||
    not_ok "choices that do not match are shown"
tui_keys $S C-u
tui_type $S 2
expect_screen $S '2:妻  20:兄弟姉妹  21:同居人  22:縁故者  23:その他' \
    "typed 2: the choices whose number starts so"
tui_type $S 3
tui_keys $S Enter
expect_screen $S '世帯主との続柄[*] *: その他' "23 picks その他"

# 在留資格 (29 choices): 技能実習 is past the line until 技 is typed.
tui_keys $S Up; tui_type $S 1; tui_keys $S Enter
expect_screen $S '世帯主との続柄[*] *: 世帯主' "back to 世帯主"
tui_focus $S '国籍' || not_ok "no 国籍 field"
tui_type $S 'ベトナム'; tui_keys $S Enter
tui_keys $S F4
expect_screen $S '\[住所\]' "the address"
tui_keys $S F4
expect_screen $S '\[手続\]' "the procedures"
tui_keys $S F4
expect_screen $S '\[追加項目\]' "the items"
tui_focus $S '在留資格' && ok "the 在留資格 field" || not_ok "no 在留資格 field"
expect_screen $S '1:永住者  .*\.\.\.他[0-9]+件: 文字を入力すると絞り込みます' \
    "在留資格: the first choices and how many more"
tui_gone $S '8:技能実習' 1 && ok "技能実習 does not fit the line" ||
    not_ok "技能実習 fits the line: nothing to test"
tui_type $S '技'
expect_screen $S '6:技術・人文知識・国際業務  7:技能  8:技能実習' \
    "typed 技: 技能実習 and the others starting so"
tui_type $S '能実'; tui_keys $S Enter
expect_screen $S '在留資格 *: 技能実習' "技能実習 by its start"
tui_keys $S F10
tui_ended $S && ok "F10 ends" || not_ok "F10 ends"
finish
