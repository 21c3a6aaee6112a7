#!/bin/sh
# 71-card-tui.sh - F8 カード読取 on the household screen, with a private
# pcscd, the virtual reader and the card emulator: tries left shown before
# each attempt, a wrong PIN not retried on its own, the plain warning at
# one try left, the PIN never on the screen, the items in the member and
# the cursor on フリガナ; then 照合番号B into a second member (no My
# Number).
. "$(dirname "$0")/card-lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

card_start
card_insert vector || not_ok "card inserted"
db() { sqlite3 "$KAKANAI_DB" "SELECT value FROM visit_items WHERE visit_id = 1 AND key = '$1'" 2>&1; }

S=c
tui_start $S KAKANAI_CARD_READER=Virtual
tui_keys $S F6; tui_type $S 1
tui_keys $S Enter; tui_type $S 2; tui_keys $S Enter; tui_keys $S Enter
expect_screen $S '世帯員 1' "the household screen"
expect_screen $S 'F8' "F8 on the key bar"
tui_keys $S F8
expect_screen $S '暗証番号の残り回数: 3回' "tries left before the first attempt" 20
: >"$CARD_LOG"
tui_type $S 9999; tui_keys $S Enter
expect_screen $S '暗証番号が違います。残り2回です' "wrong PIN: tries left" 20
expect_screen $S '暗証番号の残り回数: 2回' "tries left before the next attempt"
equal "not retried on its own" "$(card_verifies)" 1
tui_type $S 9998; tui_keys $S Enter
expect_screen $S '暗証番号の残りは1回です。間違えるとロック' "one left: said plainly" 20
expect_screen $S '照合番号Bで' "and 照合番号B offered"
tui_type $S 12
expect_screen $S '入力: \*\* *$' "the PIN shown as *"
tui_type $S 34; tui_keys $S Enter
expect_screen $S '読み取りました。旧住所は表にない町名のため番地にまとめました' "read, the address kept whole is told" 20
expect_screen $S '^> フリガナ' "フリガナ asked next"
tui_all $S >"$T/all"
lacks "the PIN never on the screen" "$T/all" "1234"
lacks "nor the wrong ones" "$T/all" "9998"
equal "three VERIFYs for three attempts" "$(card_verifies)" 3
equal "each attempt right after asking the tries left" \
    "$(grep '^VERIFY' "$CARD_LOG" | cut -d' ' -f1 | tr '\n' ' ')" \
    "VERIFY-NODATA VERIFY-DATA VERIFY-NODATA VERIFY-DATA VERIFY-NODATA VERIFY-DATA "
equal_soon "name into member 1" "黒桐　幹也" db person.1.name
equal_soon "birth" "1980-02-17" db person.1.birth
equal_soon "sex" "男" db person.1.sex
equal_soon "address kept whole" "東京都清瀬市観布子南１２－７－２０２" db old.banchi
n=$(sqlite3 "$KAKANAI_DB" "SELECT count(*) FROM mynumbers WHERE visit_id = 1" 2>&1)
equal "My Number stored as the secret item" "$n" 1
tui_type $S 'こくとう みきや'; tui_keys $S Enter
equal_soon "フリガナ typed after the read" "コクトウ　ミキヤ" db person.1.kana

# 照合番号B into a new member: F6, F8, F8 switches the route.
tui_keys $S F6
expect_screen $S '世帯員 2' "a new member"
tui_keys $S F8
expect_screen $S '暗証番号の残り回数: 3回' "PIN tries reset after the right PIN" 20
tui_keys $S F8
expect_screen $S '照合番号Bの残り回数' "F8 switches to 照合番号B" 20
tui_type $S 80021727011234; tui_keys $S Enter
expect_screen $S '読み取りました' "照合番号B read" 20
equal_soon "member 2 from the card" "黒桐　幹也" db person.2.name
n=$(sqlite3 "$KAKANAI_DB" "SELECT count(*) FROM mynumbers WHERE visit_id = 1" 2>&1)
equal "no My Number by 照合番号B" "$n" 1
tui_all $S >"$T/all"
lacks "照合番号B never on the screen" "$T/all" "80021727011234"
equal "each read audited: member and route, nothing of the card" \
    "$(sqlite3 "$KAKANAI_DB" "SELECT visit_id || ' ' || detail FROM audit WHERE what = 'card' ORDER BY id" | tr '\n' ',')" \
    "1 person.1 pin,1 person.2 pin-b,"
if tui_chrome_ok $S; then ok "ASCII chrome"; else not_ok "ambiguous chrome"; fi

# No card: a plain message, the screen stays.
card_remove
tui_keys $S F8
expect_screen $S 'カードが置かれていません' "no card: said plainly" 20
tui_keys $S F10
tui_ended $S && ok "quit" || not_ok "quit"
finish
