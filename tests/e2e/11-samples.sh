#!/bin/sh
# Every sample visit renders: the PDF passes qpdf --check, every font is
# embedded, pdftotext finds each name, フリガナ and address the visit holds;
# the seven-person household gives two pages of 住民異動届 marked 1/2 and
# 2/2; and a rasterised comparison shows a field drawn where its form puts
# it, not elsewhere.
. "$(dirname "$0")/lib.sh"

# Keys whose stored values must appear, as text, in the rendered forms.
shown='^(person\.[0-9]+\.(name|kana)|new\.(city|town|banchi)|old\.(city|town|banchi)|phone|bank\.(name|branch)) = '

for s in data/samples/*.visit; do
	name=$(basename "$s" .visit)
	town=data/towns/${name%%-*}.conf	# each sample with its own town
	expect_exit 0 "$name renders for its town" \
		kk --config "$town" --render "$s" --out "$T/$name.pdf"
	check "$name: qpdf --check passes" qpdf --check "$T/$name.pdf"
	pdffonts "$T/$name.pdf" | tail -n +3 >"$T/fonts"
	if [ -s "$T/fonts" ] && ! awk '$(NF-4) != "yes" {bad=1} END {exit bad}' "$T/fonts"; then
		not_ok "$name: a font is not embedded"; cat "$T/fonts"
	else
		ok "$name: every font is embedded ($(wc -l <"$T/fonts") fonts)"
	fi
	# (sed, not tr: tr works on bytes and would cut U+3000 out of kana.)
	pdftotext "$T/$name.pdf" - | tr -d ' \n\t\f' | sed 's/　//g' >"$T/text"
	kk --check-visit "$s" | grep -E "$shown" >"$T/values"
	addressee=$(sed -n 's/^town\.addressee *= *//p' "$town")
	contains "$name: addressed to $addressee" "$T/text" "$addressee"
	# Each blank-separated part of a value on its own: pdftotext may set
	# 姓 and 名 apart when the form spaces them.
	missing=0
	while IFS= read -r line; do
		for v in $(printf '%s' "${line#* = }" | sed 's/　/ /g'); do
			if ! grep -qF -- "$v" "$T/text"; then
				missing=$((missing + 1)); echo "    not in the PDF: $line ($v)"
			fi
		done
	done <"$T/values"
	equal "$name: pdftotext finds all $(wc -l <"$T/values") names and addresses" "$missing" 0
done

# Forms print in their `order`: 住民異動届 first, 水道 last.
kk --render data/samples/hinode-seven.visit --out "$T/all.pdf" >/dev/null 2>&1
pdftotext -f 1 -l 1 "$T/all.pdf" "$T/first.txt"
contains "住民異動届 is the first sheet" "$T/first.txt" "住民異動届"
last=$(pdfinfo "$T/all.pdf" | awk '/^Pages:/ {print $2}')
pdftotext -f "$last" -l "$last" "$T/all.pdf" "$T/last.txt"
contains "水道使用開始届 is the last sheet" "$T/last.txt" "水道使用開始届"

# A value the form has no mark for is named, not silently left out:
# 印鑑登録申請書 circles only 本人 or 代理人, and this 届出人 is the 世帯主.
{ cat data/samples/hiji-family.visit; echo "inkan.reason = 新規登録"; } >"$T/inkan.visit"
expect_exit 0 "a value with no mark does not stop the print" \
	kk --render "$T/inkan.visit" --forms inkan_toroku --out "$T/inkan.pdf"
contains "the value with no mark is named for the clerk" "$T/.out" \
	"note: inkan_toroku: no mark: applicant.kind: 世帯主 has no mark on this form"

# The seven-person household: 住民異動届 continues on a second sheet.
expect_exit 0 "seven persons: 住民異動届 renders" \
	kk --render data/samples/hinode-seven.visit --forms jumin_ido --out "$T/seven.pdf"
pages=$(pdfinfo "$T/seven.pdf" | awk '/^Pages:/ {print $2}')
equal "seven persons: two pages of 住民異動届" "$pages" 2
pdftotext "$T/seven.pdf" "$T/seven.txt"
contains "seven persons: page 1 says 1/2" "$T/seven.txt" "1/2"
contains "seven persons: page 2 says 2/2" "$T/seven.txt" "2/2"
kk --check-visit data/samples/hinode-seven.visit | sed -n 's/^person\.7\.name = //p' >"$T/p7"
contains "seven persons: the seventh person is on the form" "$T/seven.txt" "$(cat "$T/p7")"

# A field drawn in the wrong place: render 住民異動届 twice, the second time
# with person 2's name changed, and compare the rasters. Every changed
# pixel must lie in person 2's name box as the form defines it (the rows
# block at y 107 mm, 26 mm a row; the name field at 13.5 5 53 9), give or
# take 1 mm.
s=data/samples/hiji-family.visit
sed 's/^person\.2\.name = .*/person.2.name = 山﨑 美/' "$s" >"$T/changed.visit"
kk --render "$s" --forms jumin_ido --out "$T/a.pdf" >/dev/null 2>&1
kk --render "$T/changed.visit" --forms jumin_ido --out "$T/b.pdf" >/dev/null 2>&1
pdftoppm -r 50 -gray -f 1 -l 1 "$T/a.pdf" "$T/a"
pdftoppm -r 50 -gray -f 1 -l 1 "$T/b.pdf" "$T/b"
set -- $(pgmbox diff "$T"/a-1.pgm "$T"/b-1.pgm)
if [ "$1" = none ] || [ $# -ne 5 ]; then
	not_ok "changing a name changes the page ($*)"
else
	ok "changing a name changes the page ($5 pixels)"
	inside=$(awk -v x0="$1" -v y0="$2" -v x1="$3" -v y1="$4" 'BEGIN {
		px = 50 / 25.4; tol = 1 * px
		bx0 = 13.5 * px; by0 = (107 + 26 + 5) * px
		bx1 = (13.5 + 53) * px; by1 = (107 + 26 + 5 + 9) * px
		print (x0 >= bx0 - tol && y0 >= by0 - tol && x1 <= bx1 + tol && y1 <= by1 + tol) ? "yes" : "no"
	}')
	equal "the change lies inside person 2's name box" "$inside" yes
fi
ink=$(pgmbox ink "$T/a-1.pgm" $(awk 'BEGIN { px = 50 / 25.4
	printf "%d %d %d %d", 13.5 * px, (107 + 26 + 5) * px, 53 * px, 9 * px }'))
[ "$ink" -gt 20 ] && ok "person 2's name box has ink ($ink pixels)" || not_ok "person 2's name box is empty ($ink)"

finish
