#!/bin/sh
# Details a checked form needs: each form its own 備考; 「以下余白」 after
# the last used row, so that nobody can be added after the check; the
# chosen mark in the text layer (pdftotext shows 【代理人】); a mark wide
# enough for a three-character label.
. "$(dirname "$0")/lib.sh"

# 備考 per form.
{ cat data/samples/hinode-seven.visit; echo "note.suido_kaishi = メーターは裏口の右"; } >"$T/note.visit"
kk --config data/towns/hinode.conf --render "$T/note.visit" --forms suido_kaishi --out "$T/s.pdf" >/dev/null 2>&1
kk --config data/towns/hinode.conf --render "$T/note.visit" --forms jumin_ido --out "$T/j.pdf" >/dev/null 2>&1
pdftotext "$T/s.pdf" "$T/s.txt"; pdftotext "$T/j.pdf" "$T/j.txt"
contains "the 水道's 備考 is on the 水道使用開始届" "$T/s.txt" "メーターは裏口の右"
lacks "and not on the 住民異動届" "$T/j.txt" "メーターは裏口"

# 以下余白: seven persons on 住民異動届 (five rows a sheet): none on the full
# first sheet, one after the two persons of the second.
pdftotext -f 1 -l 1 "$T/j.pdf" "$T/j1.txt"; pdftotext -f 2 -l 2 "$T/j.pdf" "$T/j2.txt"
lacks "a full sheet has no 以下余白" "$T/j1.txt" "以下余白"
contains "the last sheet says 以下余白 after its last person" "$T/j2.txt" "以下余白"
pdftotext -layout -f 2 -l 2 "$T/j.pdf" "$T/j2l.txt"
n7=$(grep -n "佐藤 和子" "$T/j2l.txt" | head -1 | cut -d: -f1)
nb=$(grep -n "以下余白" "$T/j2l.txt" | head -1 | cut -d: -f1)
[ -n "$n7" ] && [ -n "$nb" ] && [ "$nb" -gt "$n7" ] && ok "以下余白 comes after the seventh person" ||
	not_ok "以下余白 is not after the seventh person ($n7, $nb)"

# The choice in the text layer: 美咲町's 届出人 is a 代理人, a 転入, a woman.
kk --config data/towns/misaki.conf --render data/samples/misaki-elder.visit --forms jumin_ido --out "$T/m.pdf" >/dev/null 2>&1
pdftotext "$T/m.pdf" "$T/m.txt"
contains "pdftotext shows the 届出人 chosen" "$T/m.txt" "【代理人】"
contains "pdftotext shows the event chosen" "$T/m.txt" "【転入】"
contains "pdftotext shows the sex chosen" "$T/m.txt" "【女】"
lacks "and not the ones not chosen" "$T/m.txt" "【本人】"
pdftoppm -r 100 -gray -f 1 -l 1 "$T/m.pdf" "$T/m"
# The ellipse around 代理人 reaches 5.6 mm either side of its centre (75,
# 49): ink at x 69.4, where a 4 mm circle would leave none.
set -- $(awk 'BEGIN { d = 100 / 25.4; printf "%d %d %d %d", 69.1 * d, 48 * d, 0.7 * d, 2 * d }')
[ "$(pgmbox ink "$T/m-1.pgm" "$@")" -gt 0 ] && ok "the mark is as wide as 代理人" ||
	not_ok "the mark is narrower than 代理人"
# Between the ellipse and the label (代 begins at x 71.05), at its middle.
set -- $(awk 'BEGIN { d = 100 / 25.4; printf "%d %d %d %d", 69.9 * d, 48.5 * d, 0.9 * d, 1 * d }')
equal "the mark does not touch 代理人" "$(pgmbox ink "$T/m-1.pgm" "$@")" 0

# Every item the counter screen asks is printed somewhere: the 届出人's
# フリガナ on the 住民票の写し等交付請求書.
{ sed 's/^event = .*/event = 証明書の請求/; s/^applicant.kind = .*/applicant.kind = 代理人/' data/samples/hiji-family.visit
  printf 'applicant.name = 大分 太郎\napplicant.kana = オオイタ タロウ\napplicant.address = 大分県大分市荷揚町2番31号\n'
  printf 'cert.kind = 住民票の写し\ncert.count = 1\n'; } >"$T/c.visit"
expect_exit 0 "住民票の請求 by an agent renders" \
	kk --config data/towns/hiji.conf --render "$T/c.visit" --out "$T/c.pdf"
pdftotext -layout "$T/c.pdf" - | tr -d " " | sed "s/　//g" >"$T/c.txt"
contains "the 請求者's フリガナ is printed" "$T/c.txt" "オオイタタロウ"
finish
