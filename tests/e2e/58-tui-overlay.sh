#!/bin/sh
# 58-tui-overlay.sh - kakanai --overlay on the counter screen: the preview
# draws only the values, moved by the configuration's printer offsets,
# exactly as kakanai --render --overlay does for the same visit.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

printf 'printer.offset_x = 10\nprinter.offset_y = -4\n' >"$T/kakanai.conf"
export KAKANAI_CONFIG="$T/kakanai.conf"
V=data/samples/misaki-elder.visit
check "a sample visit stored as a draft" kk --import-visit "$V"

S=o
tui_start $S -- --overlay
expect_screen $S '1 +入力中 +転入 +藤原 千代子' "the draft is in the list"
tui_keys $S Enter
expect_screen $S '\[世帯\]' "Enter opens it"
tui_keys $S F4
expect_screen $S '\[住所\]' "F4: the address"
tui_keys $S F4
expect_screen $S '\[手続\]' "F4: the procedures"
tui_keys $S F4
expect_screen $S '\[追加項目\]' "F4: the items"
tui_keys $S F4
expect_screen $S 'F5 で印刷します' "preview: the forms can be printed" 20

pdf=$(ls "$T"/pdf/visit-1-*.pdf 2>/dev/null | head -n 1)
[ -n "$pdf" ] && ok "the preview wrote a PDF" || not_ok "no PDF in $T/pdf"
check "the command line renders the same visit with --overlay" \
    kk --render "$V" --overlay --out "$T/cli.pdf"
check "and without" kk --render "$V" --out "$T/full.pdf"
if [ -n "$pdf" ] && cmp -s "$pdf" "$T/cli.pdf"; then
	ok "the screen's PDF is the command line's --overlay PDF, byte for byte"
else not_ok "the screen's PDF differs from kakanai --render --overlay"; fi
pdftotext "${pdf:-/dev/null}" "$T/screen.txt" 2>/dev/null
pdftotext "$T/full.pdf" "$T/full.txt" 2>/dev/null
contains "the full form has its printed title" "$T/full.txt" "住民異動届"
lacks "overlay: no printed title, only values" "$T/screen.txt" "住民異動届"
contains "overlay: the name is drawn" "$T/screen.txt" "由紀子"
# The 届出日 value, 10 mm (28.35 pt) to the right of where the full form
# has it.
x_of() {
	pdftotext -bbox "$1" - 2>/dev/null |
	    sed -n 's/.*xMin="\([0-9.]*\)".*>令和8年11月21日<.*/\1/p' | head -n 1
}
dx=$(awk -v a="$(x_of "${pdf:-/dev/null}")" -v b="$(x_of "$T/full.pdf")" \
    'BEGIN { if (a == "" || b == "") print "none"; else printf "%.1f", a - b }')
equal "printer.offset_x = 10 moves the values 10 mm (28.3 pt)" "$dx" "28.3"

tui_keys $S F10
tui_ended $S && ok "F10 ends" || not_ok "F10 ends"
finish
