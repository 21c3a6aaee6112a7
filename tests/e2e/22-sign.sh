#!/bin/sh
# Signed forms: every form has a `sign` box for whoever signs it (届出人,
# 請求者, 保護者, 使用者; 本人自署 on 印鑑登録申請書); its label is in the text
# of every sheet, and the space to sign is left without ink - nothing of
# the visit is printed where the resident writes.
. "$(dirname "$0")/lib.sh"

V=tests/fixtures/twenty.visit
{ sed 's/^event = .*/event = 証明書の請求/; s/^applicant.kind = .*/applicant.kind = 本人/' "$V"
  echo "cert.kind = 住民票の写し"; echo "cert.count = 1"
  echo "cert.purpose = 年金の手続きに使うため、勤務先と年金事務所へ提出します"; } >"$T/cert.visit"

for f in forms/*.form; do
	id=$(basename "$f" .form)
	case $id in *@*) continue ;; esac	# older versions keep their layout
	set -- $(awk '$1 == "sign" { l = 22
		for (i = 7; i <= NF; i++) if ($i ~ /^label=/) l = substr($i, 7)
		print $2, $3, $4, $5, l, $6; exit }' "$f")
	if [ $# -lt 6 ]; then not_ok "$id: has no sign box"; continue; fi
	x=$1 y=$2 w=$3 h=$4 lw=$5 label=$(echo "$6" | tr -d '"')
	ok "$id: signed in 「$label」"
	v=$V; [ "$id" = juminhyo_seikyu ] && v=$T/cert.visit
	expect_exit 0 "$id: renders" kk --config data/towns/hinode.conf \
		--render "$v" --forms "$id" --out "$T/$id.pdf"
	n=$(pdfinfo "$T/$id.pdf" | awk '/^Pages:/ {print $2}')
	missing=0 p=1
	while [ "$p" -le "${n:-0}" ]; do
		pdftotext -f "$p" -l "$p" "$T/$id.pdf" - | tr -d ' \n' >"$T/p.txt"
		grep -qF -- "$label" "$T/p.txt" || missing=$((missing + 1))
		p=$((p + 1))
	done
	equal "$id: 「$label」 on each of its ${n:-0} sheets" "$missing" 0
	# The space to sign, inside its rules by 1 mm and below the note's
	# line (4 mm), at 100 dpi: no dark pixel.
	pdftoppm -r 100 -gray -f 1 -l 1 "$T/$id.pdf" "$T/$id"
	box=$(awk -v x="$x" -v y="$y" -v w="$w" -v h="$h" -v l="$lw" 'BEGIN {
		d = 100 / 25.4
		printf "%d %d %d %d", (x + l + 1) * d, (y + 4) * d,
		    (w - l - 2) * d, (h - 5) * d }')
	equal "$id: nothing printed in the space to sign" \
		"$(pgmbox ink "$T/$id-1.pgm" $box)" 0
done
# The note of 本人自署 tells who signs.
pdftotext "$T/inkan_toroku.pdf" "$T/inkan.txt"
contains "印鑑登録: the note says the person registering signs" "$T/inkan.txt" \
	"登録する方ご本人が氏名を自署してください"
finish
