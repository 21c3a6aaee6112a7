#!/bin/sh
# 52-tui-screen.sh - the screen itself: drawn at 80x24 and redrawn on
# resize (100x30 and back), a plain message for a terminal too small or a
# locale that is not UTF-8, the key alternatives for terminals without
# function keys (Ctrl letters, Esc + digit), the help screen, no
# ambiguous-width characters in the chrome. (How fast the first screen
# comes is measured by `make bench`, not asserted here.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

S=r
tui_start $S
expect_screen $S 'F10終了' "the first screen is drawn"
equal "80x24: the bar is on line 24" "$(tui_screen $S | sed -n 24p | grep -c 'F1ヘルプ')" "1"
tui_keys $S F6
expect_screen $S '\[届出\]' "F6: the events"
tui_resize $S 100 30
expect_screen $S '^F1ヘルプ.*F10終了' "resized to 100x30: redrawn"
equal "100x30: the bar is on line 30" "$(tui_screen $S | sed -n 30p | grep -c 'F1ヘルプ')" "1"
equal "100x30: the title reaches column 100" "$(tui_screen $S | sed -n 1p | grep -c '担当 [^ ]* *$')" "1"
tui_resize $S 70 20
expect_screen $S '画面が小さすぎます: 80x24 以上' "70x20: a plain message, not a broken layout"
tui_keys $S F4
tui_resize $S 80 24
expect_screen $S '\[届出\]' "back to 80x24: the same screen again"
equal "80x24 again: the bar is on line 24" "$(tui_screen $S | sed -n 24p | grep -c 'F1ヘルプ')" "1"
if tui_chrome_ok $S; then ok "events: ASCII chrome"; else not_ok "events: ambiguous chrome"; fi

# Terminals without function keys: Ctrl letters and Esc + digit.
tui_keys $S C-b
expect_screen $S '\[届出\]|今日の受付' "^B goes back"
expect_screen $S '今日の受付' "^B: the reception list"
tui_keys $S Escape; tui_type $S 6
expect_screen $S '\[届出\]' "Esc 6 is F6 (new visit)"
tui_keys $S C-g
expect_screen $S 'キー +代わりのキー' "^G: the help screen"
expect_screen $S 'F4 +次へ +\^N +Esc 4' "help lists F4 with ^N and Esc 4"
if tui_chrome_ok $S; then ok "help: ASCII chrome"; else not_ok "help: ambiguous chrome"; fi
tui_keys $S Enter
expect_screen $S '\[届出\]' "any key leaves the help"
tui_keys $S C-x
tui_ended $S && ok "^X ends the program" || not_ok "^X ends the program"

# Too small from the start, then made larger.
S=small
tui_start $S 60 20
expect_screen $S '画面が小さすぎます.*いま 60x20' "60x20 at start: the message"
tui_resize $S 80 24
expect_screen $S '今日の受付' "made 80x24: the reception list"
tui_keys $S F10
tui_ended $S && ok "F10 ends" || not_ok "F10 ends"

# A locale that is not UTF-8: said plainly, nothing drawn.
S=c
TUI_LANG=C tui_start $S
tui_wait $S 'C.UTF-8' 5
tui_all $S >"$T/c.txt"
contains "LANG=C: a plain message" "$T/c.txt" "needs a UTF-8 locale"
contains "LANG=C: naming the character set" "$T/c.txt" "ANSI_X3.4-1968"
if tui_screen $S | grep -q 'kakanai 書かない窓口'; then not_ok "LANG=C: drew the screen"; else ok "LANG=C: no screen drawn"; fi

expect_exit 1 "LANG=C (no terminal either): exit 1, the locale is checked first" \
    env LANG=C LC_ALL=C "$KAKANAI"
contains "LANG=C: the message names the fix" "$T/.out" "set LANG=ja_JP.UTF-8 or C.UTF-8"

# Not a terminal.
expect_exit 2 "no terminal: exit 2" kk </dev/null
contains "no terminal: says so" "$T/.out" "needs a terminal"
finish
