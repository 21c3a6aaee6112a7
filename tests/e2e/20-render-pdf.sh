#!/bin/sh
# Rendering names exactly: 髙 﨑 𠮷 𠮟 and variation sequences (辻 one-dot and
# two-dot, 葛 with Adobe-Japan1 and Moji_Joho selectors) go into a valid PDF
# with embedded font subsets; pdftotext finds them; rasterised, each name
# has ink where its box is, and the variants differ from each other and
# from the plain character exactly inside the name's box. A character no
# font has (葛+U+E0109) stops the render with the message; with
# --allow-substitute the base character is printed and a correction page
# is added.
. "$(dirname "$0")/lib.sh"

PGMBOX=$(command -v pgmbox 2>/dev/null)
if [ -z "$PGMBOX" ]; then
	cc -O2 -o "$T/pgmbox" tests/tools/pgmbox.c || exit 2
	PGMBOX=$T/pgmbox
fi

# visit FILE NAME1 [NAME2 ...]: a 転入 visit whose persons bear the names.
visit() {
	_f=$1; shift
	cat >"$_f" <<'EOF'
event = 転入
move_date = 2026-11-14
filed_date = 2026-11-21
applicant.kind = 世帯主
new.postal = 190-0182
new.pref = 東京都
new.county = 西多摩郡
new.city = 日の出町
new.town = 平井
new.banchi = 1番地
old.postal = 100-0001
old.pref = 東京都
old.city = 千代田区
old.town = 千代田
old.banchi = 1番1号
EOF
	_i=1
	for _n in "$@"; do
		_rel=子
		[ "$_i" -eq 1 ] && _rel=世帯主
		cat >>"$_f" <<EOF
person.$_i.name = $_n
person.$_i.kana = テスト
person.$_i.birth = 1980-04-0$_i
person.$_i.sex = 男
person.$_i.relation = $_rel
EOF
		_i=$((_i + 1))
	done
}

# Variation selectors written as UTF-8 bytes (printf octal escapes).
VS0=$(printf '\363\240\204\200')	# U+E0100
VS2=$(printf '\363\240\204\202')	# U+E0102
VS3=$(printf '\363\240\204\203')	# U+E0103
VS9=$(printf '\363\240\204\211')	# U+E0109

visit "$T/names.visit" "髙﨑 𠮷男" "辻$VS2 𠮟子" "辻$VS3 花子" "葛${VS0}城 太郎" \
	"葛${VS2}西 次郎"
expect_exit 0 "names with 髙 﨑 𠮷 𠮟 and variation sequences render" \
	kk --render "$T/names.visit" --forms jumin_ido --out "$T/names.pdf"
check "qpdf --check passes" qpdf --check "$T/names.pdf"
pdffonts "$T/names.pdf" >"$T/fonts.txt" 2>&1
contains "pdffonts lists the BIZ UD明朝 subset" "$T/fonts.txt" "+BIZUDMincho-Regular"
contains "pdffonts lists the IPAmj明朝 subset" "$T/fonts.txt" "+IPAmjMincho"
if awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes") { bad = 1 }
    END { exit bad }' "$T/fonts.txt"; then
	ok "every font is embedded as a subset"
else
	not_ok "a font is not an embedded subset"; cat "$T/fonts.txt"
fi
pdftotext "$T/names.pdf" "$T/names.txt" 2>"$T/pdftotext.err"
contains "pdftotext finds 髙﨑" "$T/names.txt" "髙﨑"
contains "pdftotext finds 𠮟子" "$T/names.txt" "𠮟子"
contains "pdftotext finds 𠮷男 (above U+FFFF)" "$T/names.txt" "𠮷男"
contains "pdftotext finds 辻+U+E0102 as typed" "$T/names.txt" "辻$VS2"
contains "pdftotext finds 葛+U+E0100 as typed" "$T/names.txt" "葛${VS0}城"
lacks "the ToUnicode map is well-formed" "$T/pdftotext.err" "Invalid"

# Rasterise at 150 dpi (5.9055 px/mm). Person N's name box (jumin_ido,
# rows person 107 26 5, field at 13.5 5 53 9) is x 13.5-66.5 mm,
# y 112+26(N-1) .. +9 mm.
pdftoppm -r 150 -gray "$T/names.pdf" "$T/names" || exit 2
PAGE=$(ls "$T"/names*.pgm | head -n 1)
n=1
while [ "$n" -le 5 ]; do
	y=$(awk -v n="$n" 'BEGIN { printf "%d", (112 + 26 * (n - 1)) * 5.9055 }')
	ink=$("$PGMBOX" ink "$PAGE" 80 "$y" 313 53)
	if [ "$ink" -gt 300 ]; then ok "person $n's name has ink in its box ($ink)"
	else not_ok "person $n's name box is empty ($ink dark pixels)"; fi
	n=$((n + 1))
done

# differ NAME A B: visits A and B (one name each) render differently
# inside person 1's name box (x 80-392 px, y 661-714 px at 150 dpi; the
# name is printed elsewhere too, as 世帯主, so the box is cropped).
render1() {
	visit "$T/$1.visit" "$2"
	kk --render "$T/$1.visit" --forms jumin_ido --out "$T/$1.pdf" \
		>"$T/$1.log" 2>&1 || { cat "$T/$1.log"; return 1; }
	pdftoppm -r 150 -gray -f 1 -l 1 -x 80 -y 661 -W 313 -H 53 \
		"$T/$1.pdf" "$T/$1" &&
		mv "$(ls "$T/$1"-*.pgm | head -n 1)" "$T/$1.pgm"
}
differ() {
	d=$("$PGMBOX" diff "$T/$2.pgm" "$T/$3.pgm")
	set -- "$1" $d
	if [ "$2" = none ]; then not_ok "$1: no difference in the name box"
	else ok "$1 (pixels $2,$3-$4,$5 of the name box)"; fi
}
render1 tsuji1 "辻$VS2 一郎" && render1 tsuji2 "辻$VS3 一郎" &&
	render1 tsuji1b "辻$VS2 一郎" && render1 kuzu "葛城 一郎" &&
	render1 kuzu0 "葛${VS0}城 一郎" && render1 kuzu2 "葛${VS2}城 一郎" &&
	render1 yoshi "𠮷田" && render1 yoshi2 "𠮷田 花子" || exit 1
equal "the same visit renders the same pixels" \
	"$("$PGMBOX" diff "$T/tsuji1.pgm" "$T/tsuji1b.pgm")" none
cmp -s "$T/tsuji1.pdf" "$T/tsuji1b.pdf" && ok "the same visit gives the same PDF bytes" ||
	not_ok "two renders of one visit differ in bytes"
differ "one-dot 辻 (E0102) and two-dot 辻 (E0103) differ" tsuji1 tsuji2
differ "葛 and 葛+U+E0100 differ" kuzu kuzu0
differ "葛+U+E0100 (BIZ UD) and 葛+U+E0102 (IPAmj) differ" kuzu0 kuzu2
differ "text after 𠮷 is printed" yoshi yoshi2
ink=$("$PGMBOX" ink "$T/yoshi2.pgm" 80 0 233 53)
if [ "$ink" -gt 200 ]; then ok "花子 after 𠮷田 has ink ($ink)"
else not_ok "花子 after 𠮷田 is missing ($ink dark pixels)"; fi

# A variant no font has: refused with the message, nothing written.
visit "$T/bad.visit" "葛${VS9}城 太郎"
expect_exit 1 "葛+U+E0109 is refused" \
	kk --render "$T/bad.visit" --forms jumin_ido --out "$T/bad.pdf"
contains "the refusal names field, character, code points and fonts" "$T/.out" \
	"person.1.name: 葛$VS9 (U+845B U+E0109) has no glyph in mincho (BIZ UD明朝, IPAmj明朝)"
test -e "$T/bad.pdf" && not_ok "no PDF is written when refused" ||
	ok "no PDF is written when refused"
expect_exit 0 "--allow-substitute prints the base character" \
	kk --render "$T/bad.visit" --forms jumin_ido --allow-substitute --out "$T/sub.pdf"
pdftotext "$T/sub.pdf" "$T/sub.txt" 2>/dev/null
contains "a correction page is added" "$T/sub.txt" "手書き訂正が必要な箇所"
contains "the correction page names the code points" "$T/sub.txt" "U+845B U+E0109"
contains "the base character is printed" "$T/sub.txt" "葛城"
equal "the correction page is one more page" \
	"$(pdfinfo "$T/sub.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" 2

finish
