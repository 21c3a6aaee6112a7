#!/bin/sh
# 70-card-read.sh - kakanai --read-card against a real pcscd with a virtual
# reader (vsmartcard-vpcd) and the card emulator: the PIN route, the
# 照合番号B route, tries left before each attempt, the lock after three,
# the cards of tests/tools/myna-card.py, and each failure's plain message.
# The PIN is typed in a tmux pane (a terminal, without echo).
. "$(dirname "$0")/card-lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

# pcscd not running: the namespace has no pcscd yet
if [ -z "${KAKANAI_CARD_SKIP:-}" ]; then
	mkdir -p /run/pcscd && mount -t tmpfs tmpfs /run/pcscd
	expect_exit 1 "no pcscd: exit 1" kk --read-card --out "$T/x.visit"
	contains "no pcscd: says so" "$T/.out" "pcscd)が動いていません"
	umount /run/pcscd
fi
card_start

# a reader, no card
expect_exit 1 "no card: exit 1" kk --read-card --out "$T/x.visit"
contains "no card: says so" "$T/.out" "カードが置かれていません"
KAKANAI_CARD_READER="USB reader" expect_exit 1 "no reader: exit 1" \
    kk --read-card --out "$T/x.visit"
contains "no reader: says so" "$T/.out" "カード読取機がつながっていません"

# The test vector, PIN route.
card_insert vector || not_ok "card inserted"
: >"$CARD_LOG"
card_cli pin --read-card --out "$T/vector.visit"
if card_wait pin "暗証番号\(数字4桁\):" 20; then ok "PIN prompt"; else not_ok "PIN prompt"; tui_screen pin; fi
tui_screen pin >"$T/s"
contains "tries left shown before the attempt" "$T/s" "暗証番号の残り回数: 3回"
tui_type pin "1234"
tui_keys pin Enter
card_wait pin "書きました" 20 || { not_ok "read finished"; tui_all pin; }
tui_all pin >"$T/s"
tui_ended pin && ok "PIN route exit 0" || not_ok "PIN route exit 0"
lacks "PIN never shown" "$T/s" "1234"
contains "address kept whole is told" "$T/s" "番地にまとめました"
v="$T/vector.visit"
contains "name from the card, U+3000 kept" "$v" "person.1.name = 黒桐　幹也"
contains "birth" "$v" "person.1.birth = 1980-02-17"
contains "sex" "$v" "person.1.sex = 男"
contains "My Number on the PIN route" "$v" "person.1.mynumber = 537686677188"
contains "address whole in 番地" "$v" "old.banchi = 東京都清瀬市観布子南１２－７－２０２"
equal "visit file mode 600" "$(stat -c %a "$v")" 600
contains "the file says where it came from" "$v" "# マイナンバーカードから読み取りました(暗証番号)"
equal "the read is audited (route only)" \
    "$(sqlite3 "$KAKANAI_DB" "SELECT detail FROM audit WHERE what = 'card'")" pin
kk --check-visit "$v" >"$T/check" 2>&1
equal "the values read all pass the visit checks (only items the card lacks are missing)" \
    "$(grep -vc 'がありません' "$T/check")" 0
equal "one VERIFY with a PIN" "$(card_verifies)" 1
equal "tries asked before the VERIFY" "$(grep -m1 -n '^VERIFY' "$CARD_LOG" | cut -d' ' -f1)" "3:VERIFY-NODATA"

# Wrong PINs: tries left each time, never retried, locked after three.
: >"$CARD_LOG"
for want in "残り2回です" "残り1回です" "ロックされています"; do
	tui_ended pin >/dev/null 2>&1; _tmux kill-session -t pin 2>/dev/null
	card_cli pin --read-card --out "$T/wrong.visit"
	card_wait pin "暗証番号\(数字4桁\):" 20 || { not_ok "PIN prompt ($want)"; tui_screen pin; }
	tui_type pin "9999"; tui_keys pin Enter
	if card_wait pin "$want" 20; then ok "wrong PIN: $want"; else not_ok "wrong PIN: $want"; tui_all pin; fi
	equal "wrong PIN exits 1 ($want)" "$(tui_exit_status pin)" 1
	case $want in
	"ロックされています") tui_all pin >"$T/s"
		contains "one try left warned before the attempt" "$T/s" "残りは1回です" ;;
	esac
done
equal "three VERIFYs, one per run" "$(card_verifies)" 3
[ -f "$T/wrong.visit" ] && not_ok "no file after a wrong PIN" || ok "no file after a wrong PIN"
_tmux kill-session -t pin 2>/dev/null
card_cli pin --read-card --out "$T/wrong.visit"
card_wait pin "ロックされています" 20 && ok "locked before any try" || { not_ok "locked before any try"; tui_all pin; }
lacks "no prompt when locked" "$(tui_all pin >"$T/s"; echo "$T/s")" "暗証番号(数字4桁):"

# 照合番号B still works on the locked card and gives no My Number.
_tmux kill-session -t pin 2>/dev/null
card_cli pinb --read-card --pin-b --out "$T/b.visit"
card_wait pinb "照合番号B\(" 20 || { not_ok "照合番号B prompt"; tui_all pinb; }
tui_type pinb "80021727011234"; tui_keys pinb Enter
card_wait pinb "書きました" 20 && ok "照合番号B route" || { not_ok "照合番号B route"; tui_all pinb; }
contains "照合番号B: name" "$T/b.visit" "person.1.name = 黒桐　幹也"
lacks "照合番号B: no My Number" "$T/b.visit" "mynumber"
tui_all pinb >"$T/s"
lacks "照合番号B never shown" "$T/s" "80021727011234"

# Long address (long-form length), split with the postal table.
card_insert long-address || not_ok "card inserted"
: >"$CARD_LOG"
card_cli long --read-card --out "$T/long.visit"
card_wait long "暗証番号\(数字4桁\):" 20 || not_ok "prompt (long)"
tui_type long "1234"; tui_keys long Enter
card_wait long "書きました" 20 && ok "long address read" || { not_ok "long address read"; tui_all long; }
contains "long: pref" "$T/long.visit" "old.pref = 東京都"
contains "long: city" "$T/long.visit" "old.city = 西多摩郡日の出町"
contains "long: town" "$T/long.visit" "old.town = 大久野"
contains "long: postal" "$T/long.visit" "old.postal = 1900181"
contains "long: banchi" "$T/long.visit" "old.banchi = ７８９０番地１２３"
contains "long: building" "$T/long.visit" "old.building = 都営日の出ニュータウン"
equal "long: EF 0002 (FF 20 81 FF, over 256 bytes) read in two pieces" \
    "$(grep -c '^READ 0002' "$CARD_LOG")" 2

# 𠮷 in the name; a foreign resident's Latin name.
for c in yoshi:𠮷田　太郎 latin:"NGUYEN VAN AN"; do
	card=${c%%:*}; name=${c#*:}
	card_insert "$card" || not_ok "card inserted"
	_tmux kill-session -t c 2>/dev/null
	card_cli c --read-card --pin-b --out "$T/$card.visit"
	card_wait c "照合番号B\(" 20 || not_ok "prompt ($card)"
	tui_type c "80021727011234"; tui_keys c Enter
	card_wait c "書きました" 20 && ok "$card read" || { not_ok "$card read"; tui_all c; }
	contains "$card: name exactly" "$T/$card.visit" "person.1.name = $name"
done
contains "yoshi: town split" "$T/yoshi.visit" "old.town = 平井"

# A digest that does not match: nothing written.
card_insert bad-digest || not_ok "card inserted"
_tmux kill-session -t c 2>/dev/null
card_cli c --read-card --out "$T/bad.visit"
card_wait c "暗証番号\(数字4桁\):" 20 || not_ok "prompt (bad digest)"
tui_type c "1234"; tui_keys c Enter
card_wait c "署名と合いません" 20 && ok "bad digest refused" || { not_ok "bad digest refused"; tui_all c; }
[ -f "$T/bad.visit" ] && not_ok "no file from a bad card" || ok "no file from a bad card"

# Not a My Number card.
card_insert not-myna || not_ok "card inserted"
expect_exit 1 "not a My Number card: exit 1" kk --read-card --out "$T/x.visit"
contains "not a My Number card: says so" "$T/.out" "マイナンバーカードではない"

# The reader held by another counter: one kakanai waits at the PIN
# prompt (holding the card exclusively), a second one is told.
card_insert vector || not_ok "card inserted"
_tmux kill-session -t c 2>/dev/null
card_cli c --read-card --out "$T/first.visit"
card_wait c "暗証番号\(数字4桁\):" 20 || not_ok "prompt (first counter)"
expect_exit 1 "reader in use: exit 1" kk --read-card --out "$T/x.visit"
contains "reader in use: says so" "$T/.out" "ほかの窓口"
tui_keys c C-c
card_wait c "入力を取り消しました" 20 && ok "Ctrl-C at the prompt cancels" || { not_ok "Ctrl-C at the prompt cancels"; tui_all c; }

# Taken out in the middle: the emulator goes away after the 6th APDU
# (SELECT AP, SELECT 0011, tries, SELECT 0011, VERIFY, SELECT 0001).
card_insert vector --remove-after 6 || not_ok "card inserted"
_tmux kill-session -t c 2>/dev/null
card_cli c --read-card --out "$T/removed.visit"
card_wait c "暗証番号\(数字4桁\):" 20 || not_ok "prompt (removed)"
tui_type c "1234"; tui_keys c Enter
card_wait c "取り出されました" 20 && ok "removed mid-read: says so" || { not_ok "removed mid-read: says so"; tui_all c; }
[ -f "$T/removed.visit" ] && not_ok "no file when removed" || ok "no file when removed"

finish
