#!/bin/sh
# 58-tui-ellipsis.sh - text the screen has to cut ends with "...", so the
# clerk sees that there is more: a long フリガナ and 氏名 in the reception
# list, a long value in a field that is not being typed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

sed -e 's/^person\.1\.name *=.*/person.1.name = 髙橋 健太郎右衛門之助左衛門/' \
    -e 's/^person\.1\.kana *=.*/person.1.kana = たかはし けんたろううえもんのすけさえもん/' \
    data/samples/hinan-single.visit >"$T/long.visit"
expect_exit 0 "a visit with a long name is stored" kk --import-visit "$T/long.visit"

S=e
tui_start $S
expect_screen $S '受付' "the reception list"
# The list's columns: 氏名 19 columns, フリガナ 17, each cut with "...".
expect_screen $S '髙橋 健太郎右衛\.\.\. +タカハシ　ケン\.\.\.' \
    "氏名 and フリガナ cut with an ellipsis"
lacks_screen() { ! tui_screen "$1" | grep -q -- "$2"; }
if lacks_screen $S 'サエモン'; then ok "the cut part is not shown"; else
	not_ok "the whole フリガナ is shown"; fi
# Open it: on the household screen, the long value fits its field.
tui_keys $S Enter
expect_screen $S '\[世帯\]' "the visit opens"
expect_screen $S 'フリガナ\*? *: タカハシ　ケンタロウウエモンノスケサエモン' \
    "a value that fits is shown whole, without an ellipsis"
tui_keys $S F10
tui_ended $S && ok "F10 ends" || not_ok "F10 ends"
finish
