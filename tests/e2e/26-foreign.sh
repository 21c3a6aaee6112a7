#!/bin/sh
# Foreign residents on the 住民異動届: dates in 西暦 (the 西暦 mark
# circled, the year 1999, not 平成11), the 法第30条の45 区分, the 在留期間
# and its 満了の日, the 通称; 本籍 and 筆頭者 struck through. A Japanese
# resident's row keeps 和暦 and an open 本籍.
. "$(dirname "$0")/lib.sh"

s=data/samples/hinode-foreign.visit
c=data/towns/hinode.conf
expect_exit 0 "the foreign resident's 住民異動届 renders" \
	kk --config "$c" --render "$s" --forms jumin_ido --out "$T/f.pdf"
pdftotext -layout "$T/f.pdf" "$T/f.txt"
contains "the birth year in 西暦" "$T/f.txt" "1999"
lacks "not in 和暦" "$T/f.txt" "11 年"
contains "the 30条45 区分" "$T/f.txt" "中長期在留者"
contains "the 在留期間" "$T/f.txt" "1年"
contains "the 在留期間の満了の日, in 西暦" "$T/f.txt" "2027年10月31日まで"
# Rasters at 100 dpi (row 1 from y 107 mm): the 西暦 circle at x 110.17,
# y 109.5; the strike through 本籍 at y 124, from x 27 to 139.
pdftoppm -r 100 -gray -f 1 -l 1 "$T/f.pdf" "$T/f"
box() { pgmbox ink "$T/f-1.pgm" $(awk -v x="$1" -v y="$2" -v w="$3" -v h="$4" 'BEGIN {
	d = 100 / 25.4; printf "%d %d %d %d", x * d, y * d, w * d, h * d }'); }
[ "$(box 107.4 108.5 0.6 2)" -gt 0 ] && ok "西暦 is circled" || not_ok "西暦 is not circled"
[ "$(box 40 123.5 90 1)" -gt 100 ] && ok "本籍 is struck through" || not_ok "本籍 is not struck through"
[ "$(box 160 123.5 30 1)" -gt 30 ] && ok "筆頭者 is struck through" || not_ok "筆頭者 is not struck through"

# A Japanese resident: 和暦, 本籍 open.
kk --config "$c" --render data/samples/hinode-seven.visit --forms jumin_ido --out "$T/j.pdf" >/dev/null 2>&1
pdftoppm -r 100 -gray -f 1 -l 1 "$T/j.pdf" "$T/f"
equal "a Japanese resident's 西暦 is not circled" "$(box 107.4 108.5 0.6 2)" 0
pdftotext -layout -f 1 -l 1 "$T/j.pdf" "$T/j.txt"
contains "a Japanese resident's year in 和暦" "$T/j.txt" "59 年"
# (the 本籍 of the first person is printed over the line's place; no
# strike: the row's ink is the text, far less than a line.)
[ "$(box 60 123.9 70 0.2)" -lt 100 ] && ok "a Japanese resident's 本籍 is not struck" ||
	not_ok "a Japanese resident's 本籍 is struck"

# The other forms' date rows too: 国保 in 西暦 for the foreign resident.
kk --config "$c" --render "$s" --forms kokuho_shutoku --out "$T/k.pdf" >/dev/null 2>&1
pdftotext -layout "$T/k.pdf" "$T/k.txt"
contains "国保: the birth year in 西暦" "$T/k.txt" "1999 年"

# The 通称 under the name.
expect_exit 0 "a 通称 is printed" \
	kk --config "$c" --render tests/fixtures/long.visit --forms jumin_ido --out "$T/l.pdf"
pdftotext -layout "$T/l.pdf" - | tr -d ' ' | sed 's/　//g' >"$T/l.txt"
contains "通称 with its label" "$T/l.txt" "通称長谷川ヴィクトリア"
finish
