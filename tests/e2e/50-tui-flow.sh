#!/bin/sh
# 50-tui-flow.sh - the counter screen end to end at 80x24: a 転入 for a
# family of four typed with Japanese names (as an IME commits them), the
# postal lookup, the proposed forms accepted, the preview, and the print
# through a real (private) CUPS server; the printed PDF is read back with
# pdftotext. Then the visit is printed again from the reception list.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

cups_start counter1 || { not_ok "private cupsd"; finish; }
ok "private cupsd on $CUPS_SERVER"
printf 'town.name = 日の出町\ntown.pref = 東京都\ntown.county = 西多摩郡\ntown.addressee = 日の出町長\nprinter = counter1\nclerk = tanaka\n' \
    >"$T/kakanai.conf"
export KAKANAI_CONFIG="$T/kakanai.conf"

# The chrome check itself must be able to fail.
if printf '+-- 受付 ─ ○ → ※\n' | tui_chrome_ok -; then
	not_ok "chrome check misses box drawing"
else ok "chrome check finds ambiguous characters"; fi
if printf '+-- 受付 [*] > 国籍・地域\n' | tui_chrome_ok -; then
	ok "chrome check passes ASCII chrome"
else not_ok "chrome check refuses ASCII"; fi

S=flow
tui_start $S
expect_screen $S '受付.*日の出町.*担当 tanaka' "first screen: reception with town and clerk"
expect_screen $S 'F1ヘルプ.*F2検索.*F10終了' "function-key bar at the bottom"
if tui_chrome_ok $S; then ok "reception: ASCII chrome"; else not_ok "reception: ambiguous-width chrome"; fi

tui_keys $S F6
expect_screen $S '1  転入' "F6 starts a visit: the events"
tui_type $S 1
expect_screen $S '\[世帯\].*受付No\.1' "choosing 転入 makes visit No.1"

# 異動日, 届出人 (1 = 本人), phone.
tui_type $S 'R8.11.1'; tui_keys $S Enter
tui_type $S 1; tui_keys $S Enter
tui_type $S '042-597-0511'; tui_keys $S Enter
# person(name, kana, birth, sex, relation, mynumber)
person() {
	tui_type $S "$1"; tui_keys $S Enter
	tui_type $S "$2"; tui_keys $S Enter
	tui_type $S "$3"; tui_keys $S Enter
	tui_type $S "$4"; tui_keys $S Enter
	tui_type $S "$5"; tui_keys $S Enter
	tui_type $S "$6"; tui_keys $S Enter
	tui_keys $S Enter		# 国籍: empty
}
person '山田 太郎' 'やまだ たろう' 'S45.3.12' 1 1 '123456789018'
person '山田 花子' 'やまだ はなこ' '昭和47年5月20日' 2 2 ''
person '山田 一郎' 'ﾔﾏﾀﾞ ｲﾁﾛｳ' 'H24.4.2' 1 4 ''
person '山田 𠮷子' 'やまだ よしこ' '2020-08-15' 2 子 ''
expect_screen $S '世帯員 4  山田 𠮷子' "four members typed"
expect_screen $S 'フリガナ\* +: ヤマダ　イチロウ' "half-width kana became full-width katakana"
expect_screen $S '生年月日\* +: 令和2年8月15日' "ISO birth date shown in 和暦"
tui_keys $S PageUp PageUp
expect_screen $S 'フリガナ\* +: ヤマダ　タロウ' "hiragana became katakana"
expect_screen $S '個人番号 +: \*\*\*\* \*\*\*\* 9018' "My Number masked once entered"
tui_keys $S F4
expect_screen $S '\[住所\]' "F4: the address screen"

# Postal lookup fills 都道府県, 市区町村, 町域 and moves to 番地.
tui_type $S '1900181'; tui_keys $S Enter
expect_screen $S '市区町村 +: 西多摩郡日の出町' "postal code filled the city"
expect_screen $S '> 番地' "and moved on to 番地"
tui_type $S '2870-1'; tui_keys $S Enter
expect_screen $S '番地 +: ２８７０－１' "番地 typed half-width is stored full-width"
tui_keys $S Enter
tui_type $S '100-0001'; tui_keys $S Enter
expect_screen $S '見つかりません' "an unknown postal code is said so"
tui_type $S '東京都'; tui_keys $S Enter
tui_type $S '千代田区'; tui_keys $S Enter
tui_type $S '千代田'; tui_keys $S Enter
tui_type $S '1-1'; tui_keys $S Enter
tui_keys $S F4
expect_screen $S '\[\*\] 児童手当認定請求書' "児童手当 proposed"
expect_screen $S '該当: 18歳年度末までの子が2人' "with its reason"
expect_screen $S '\[\*\] 住民異動届' "住民異動届 proposed"
# The questions come first: down to the forms not proposed.
tui_select $S '^ > ' '\[.\] 印鑑登録申請書' >/dev/null
expect_screen $S '\[ \] 印鑑登録申請書' "印鑑登録 not proposed"
if tui_chrome_ok $S; then ok "procedures: ASCII chrome"; else not_ok "procedures: ambiguous-width chrome"; fi

tui_keys $S F4
expect_screen $S '\[追加項目\]' "F4: only the items still needed"
expect_screen $S '金融機関名' "児童手当 asks for the bank"
expect_screen $S '児童手当を請求する方' "児童手当 asks who claims (else the 世帯主)"
if tui_gone $S '^  氏名'; then ok "items: nothing asked twice"; else not_ok "items: asked a name again"; fi
tui_focus $S 金融機関名 && ok "down to 金融機関名" || not_ok "no 金融機関名"
tui_type $S '日の出信用金庫'; tui_keys $S Enter
# 児童手当 is not printed without the whole account and the 年金の種類.
for kv in '支店名=本店' '口座番号=1234567' '口座名義=ヤマダ タロウ' '年金の種類=国民年金'; do
	tui_focus $S "${kv%%=*}" || not_ok "no ${kv%%=*}"
	tui_type $S "${kv#*=}"; tui_keys $S Enter
done
tui_keys $S F4
expect_screen $S 'F5 で印刷します' "preview: the forms can be printed" 20
expect_screen $S '住民異動届.*1ページ' "preview lists 住民異動届 with its pages"
tui_keys $S F5
expect_screen $S '印刷しました' "F5 prints through CUPS" 20
expect_screen $S 'プリンタの受付番号 counter1-' "lp's answer shown (its job number)"

if cups_wait_file counter1 20; then ok "the job reached the printer"; else not_ok "no printed file"; fi
pdftotext -layout "$CUPS_OUT/counter1.pdf" "$T/printed.txt" 2>/dev/null
contains "printed: 山田 太郎" "$T/printed.txt" "山田 太郎"
contains "printed: 山田 花子" "$T/printed.txt" "山田 花子"
contains "printed: 山田 𠮷子" "$T/printed.txt" "𠮷子"
contains "printed: ヤマダ" "$T/printed.txt" "ヤマダ"
contains "printed: the new address" "$T/printed.txt" "大久野"
contains "printed: the bank" "$T/printed.txt" "日の出信用金庫"

st=$(sqlite3 "$KAKANAI_DB" "SELECT status FROM visits WHERE id = 1" 2>&1)
equal "visit 1 is marked printed" "$st" "printed"
clerks=$(sqlite3 "$KAKANAI_DB" "SELECT DISTINCT clerk FROM audit" 2>&1)
equal "every audit record has the clerk" "$clerks" "tanaka"
n=$(sqlite3 "$KAKANAI_DB" "SELECT count(*) FROM documents WHERE visit_id = 1" 2>&1)
[ "$n" -ge 1 ] 2>/dev/null && ok "the PDF is stored as a document" || not_ok "no document stored ($n)"
sha=$(sqlite3 "$KAKANAI_DB" "SELECT sha256 FROM documents WHERE visit_id = 1 ORDER BY id DESC LIMIT 1" 2>&1)
equal "the printer got the stored PDF, byte for byte" \
    "$(sha256sum "$CUPS_OUT/counter1.pdf" | cut -d' ' -f1)" "$sha"
pages=$(pdfinfo "$CUPS_OUT/counter1.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
forms=$(sqlite3 "$KAKANAI_DB" "SELECT count(*) FROM document_forms" 2>&1)
[ "${pages:-0}" -ge "$forms" ] 2>/dev/null && [ "$forms" -ge 3 ] &&
    ok "the printed PDF holds every chosen form ($forms forms, $pages pages)" ||
    not_ok "printed pages $pages for $forms forms"

# Back to the list: the visit is there, printed; F5 prints it again.
tui_keys $S F4
expect_screen $S '1 +印刷済 +転入 +山田 太郎' "reception lists the printed visit"
rm -f "$CUPS_OUT/counter1.pdf"
tui_keys $S F5
expect_screen $S '印刷しました' "F5 on the list reprints" 20
if cups_wait_file counter1 20; then ok "the reprint reached the printer"; else not_ok "no reprinted file"; fi
n=$(sqlite3 "$KAKANAI_DB" "SELECT count(*) FROM audit WHERE what = 'reprint'" 2>&1)
equal "the reprint is audited" "$n" "1"

tui_keys $S F10
tui_ended $S && ok "F10 ends the program" || not_ok "F10 ends the program"
finish
