#!/bin/sh
# 56-tui-preview.sh - the check before printing: a missing required item
# and a character no font can print (葛 with selector U+E0109, in neither
# BIZ UD明朝 nor IPAmj明朝) are listed per form and stop the print; Enter on
# an issue goes to the field to fix (for a derived value, to the item it
# comes from); once fixed, the preview allows the print. Procedures can be
# toggled: a form not proposed is added with Space.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

S=p
tui_start $S
tui_keys $S F6; tui_type $S 2			# 転居
tui_type $S 'R8.11.1'; tui_keys $S Enter
tui_type $S 1; tui_keys $S Enter; tui_keys $S Enter
tui_type $S '葛󠄉城 太郎'; tui_keys $S Enter
tui_type $S 'かつらぎ たろう'; tui_keys $S Enter
tui_keys $S Enter				# no birth date
tui_type $S 1; tui_keys $S Enter
tui_type $S 1; tui_keys $S Enter
tui_keys $S F4
# A 転居 names its new and old address (住民基本台帳法 第23条).
tui_wait $S '\[住所\]' 5
tui_type $S '1900181'; tui_keys $S Enter
tui_wait $S '> 番地' 5
tui_type $S '1'; tui_keys $S Enter Enter
tui_type $S '1900182'; tui_keys $S Enter
tui_wait $S '> 番地' 5
tui_type $S '2'; tui_keys $S Enter
tui_keys $S F4
expect_screen $S '\[\*\] 住民異動届' "住民異動届 proposed for 転居"
tui_select $S '^ > ' '^ > \[.\] 印鑑登録申請書' && ok "down to 印鑑登録" ||
    not_ok "no 印鑑登録 row"
expect_screen $S '\[ \] 印鑑登録申請書' "印鑑登録 not proposed"
tui_type $S ' '
expect_screen $S '\[\*\] 印鑑登録申請書' "Space adds 印鑑登録"
tui_type $S ' '
expect_screen $S '\[ \] 印鑑登録申請書' "Space again leaves it out"
tui_keys $S F4
expect_screen $S '\[追加項目\]' "items"
expect_screen $S '生年月日\*' "the missing birth date is asked again (required)"
tui_keys $S F4
expect_screen $S '! 未入力: 世帯員1 生年月日' "preview: the missing birth date stops the print" 20
expect_screen $S '! 印刷できない文字: 世帯員1 氏名' "preview: the unprintable character is named"
if tui_chrome_ok $S; then ok "preview: ASCII chrome"; else not_ok "preview: ambiguous chrome"; fi
tui_keys $S F5
expect_screen $S '印刷を止める項目があります' "F5 is refused"
expect_screen $S '\[確認\]' "and the preview stays"
# Select the name issue and jump to it.
tui_select $S '^ > ' '^ > ! 印刷できない文字: 世帯員1 氏名'
expect_screen $S 'U\+845B U\+E0109' "the selected issue's message names the code points"
tui_keys $S Enter
expect_screen $S '^> 氏名\* +: 葛' "Enter goes to the member's name"
tui_keys $S C-u; tui_type $S '葛城 太郎'; tui_keys $S Enter Enter
tui_type $S 'S40.4.1'; tui_keys $S Enter
tui_keys $S F4 F4 F4 F4
expect_screen $S 'F5 で印刷します' "fixed: the preview allows the print" 20
if tui_gone $S '^ *> *! '; then ok "nothing blocks"; else not_ok "an issue still blocks"; fi
tui_keys $S F10
tui_ended $S && ok "F10 ends" || not_ok "F10 ends"
finish
