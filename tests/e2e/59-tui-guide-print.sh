#!/bin/sh
# 59-tui-guide-print.sh - the resident's 「お手続きのご案内」 at the counter:
# with `guide.print = yes` it follows the forms to the printer as a job of
# its own (the stored document stays the forms alone), with the forms made
# and the procedures the answers bring; the reception list's g prints it
# alone again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

cups_start counter1 || { not_ok "private cupsd"; finish; }
cp data/kakanai.conf "$T/kakanai.conf"
export KAKANAI_CONFIG="$T/kakanai.conf"

S=g
tui_start $S
expect_screen $S '受付' "reception"
tui_keys $S F6; tui_type $S 1
expect_screen $S '\[世帯\]' "転入 begun"
tui_type $S 'R8.11.1'; tui_keys $S Enter
tui_type $S 1; tui_keys $S Enter
tui_keys $S Enter
tui_type $S '原 一郎'; tui_keys $S Enter
tui_type $S 'はら いちろう'; tui_keys $S Enter
tui_type $S 'H8.4.1'; tui_keys $S Enter
tui_type $S 1; tui_keys $S Enter
tui_type $S 1; tui_keys $S Enter
expect_screen $S '世帯員 1  原 一郎' "one member"
tui_keys $S F4
expect_screen $S '\[住所\]' "the address"
tui_type $S '1900181'; tui_keys $S Enter
expect_screen $S '> 番地' "postal code filled in"
tui_type $S '2870-1'; tui_keys $S Enter
# 方書 left empty; the 旧住所 a 転入 must have (a code outside the table)
tui_keys $S Enter
tui_type $S '100-0001'; tui_keys $S Enter
expect_screen $S '見つかりません' "the old address typed by hand"
tui_type $S '東京都'; tui_keys $S Enter
tui_type $S '千代田区'; tui_keys $S Enter
tui_type $S '千代田'; tui_keys $S Enter
tui_type $S '1-1'; tui_keys $S Enter
tui_keys $S F4
expect_screen $S '^ > 年金は何に加入' "the questions"
tui_type $S 2
expect_screen $S '^ > マイナンバーカード' "厚生年金 answered"
tui_type $S 1
expect_screen $S '^ > 原付バイク' "マイナンバーカード answered"
tui_type $S 1
expect_screen $S '原付バイク.*\[はい\]' "原付 answered はい"
tui_keys $S F4
expect_screen $S '\[追加項目\]' "items"
tui_keys $S F4
expect_screen $S 'F5 で印刷します' "preview" 20
tui_keys $S F5
expect_screen $S 'お手続きのご案内を印刷しました' "the forms, then the guide sheet" 30
n=$(sqlite3 "$KAKANAI_DB" "SELECT count(*) FROM documents WHERE visit_id = 1" 2>&1)
equal "one document stored (the forms)" "$n" "1"
cups_wait_file counter1 20 && ok "a job reached the printer" || not_ok "no printed file"
# The sheet is the last job; wait until the printed file is it.
# printed_sheet OUT: the queue's file, as text in OUT, is the sheet.
printed_sheet() {
	pdftotext -layout "$CUPS_OUT/counter1.pdf" "$1" 2>/dev/null &&
	    grep -q 'お手続きのご案内' "$1"
}
wait_for 10 printed_sheet "$T/printed.txt"
contains "the sheet was printed" "$T/printed.txt" "お手続きのご案内"
contains "with the forms made" "$T/printed.txt" "・住民異動届"
contains "原付 はい: its procedure" "$T/printed.txt" "原付バイク・小型特殊自動車の登録"
contains "at the configured counter" "$T/printed.txt" "5番 税務課"
contains "マイナンバーカード はい: 継続利用" "$T/printed.txt" "マイナンバーカードの住所変更"
if grep -q '国民年金の住所変更' "$T/printed.txt"; then not_ok "厚生年金: no 国民年金"; else ok "厚生年金: no 国民年金"; fi
ls "$T"/pdf/visit-* >/dev/null 2>&1 && ok "the forms' PDF is in the pdf folder" ||
    not_ok "no pdf folder beside the database"
if ls "$T"/pdf/guide-* >/dev/null 2>&1; then
	not_ok "the sheet's file is left behind"
else ok "the sheet's file is removed after lp"; fi

tui_keys $S F4
expect_screen $S '受付一覧|g ご案内を印刷' "back to the reception list"
tui_keys $S F7
expect_screen $S '印刷済みのため取り消せません.*Enter で開いて' "F7 on a printed visit says what can be done"
rm -f "$CUPS_OUT/counter1.pdf"
tui_type $S g
expect_screen $S '受付No.1 のお手続きのご案内を印刷しました' "g prints the sheet alone" 30
cups_wait_file counter1 20 && ok "it reached the printer" || not_ok "nothing printed"
wait_for 10 printed_sheet "$T/again.txt"
contains "the sheet again" "$T/again.txt" "原付バイク・小型特殊自動車の登録"
pages=$(pdfinfo "$CUPS_OUT/counter1.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -ge 1 ] && ok "alone: $pages page(s)" || not_ok "no pages"
tui_keys $S F10
tui_ended $S && ok "F10 ends" || not_ok "F10 ends"
finish
