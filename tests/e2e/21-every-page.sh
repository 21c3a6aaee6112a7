#!/bin/sh
# Every page complete: a household of twenty goes through every form; a
# form that continues over several sheets carries on each sheet whatever
# its first sheet shows from the visit outside the persons table (the
# 世帯主's name, フリガナ and 個人番号, the 配偶者, the addresses, the phone,
# the dates) and its page number k/N.
. "$(dirname "$0")/lib.sh"

V=tests/fixtures/twenty.visit
CONF=data/towns/hinode.conf
# Values from the visit that no persons row holds (spaces and blanks
# removed, as pdftotext's text is below): each one a form's first sheet
# shows must be on every sheet. The 世帯主's name is in every form's
# heading (世帯主, 請求者, 保護者, 使用者) as well as in its row.
headers='大久野健一郎 日の出町大久野1234番地5 八王子市東町7番6号 042-597-0511
令和8年11月21日 令和8年11月15日 1900181 日の出町長'
# header FORM: what that form's heading shows of a person (the 世帯主's
# 個人番号 on 国保, the 請求者 and 配偶者 on 児童手当).
header() {
	case $1 in
	kokuho_shutoku) echo 314159265018 ;;
	jidou_teate) echo オオクノマコト $(sed -n 's/^person\.5\.mynumber = //p' "$V") 昭和63年8月8日 大久野彩 ;;
	esac
}

# The same household asking for a certificate: 住民票の写し等交付請求書.
{ sed 's/^event = .*/event = 証明書の請求/; s/^applicant.kind = .*/applicant.kind = 本人/' "$V"
  echo "cert.kind = 住民票の写し"; echo "cert.count = 1"; echo "cert.scope = 世帯全員"; } >"$T/cert.visit"

expect_exit 0 "twenty persons: every form renders" \
	kk --config "$CONF" --render "$V" --out "$T/all.pdf"
forms=$(sed -n 's/^\([a-z_]*\) (version [0-9]*):.*/\1/p' "$T/.out")
equal "twenty persons: eight forms apply" "$(echo $forms | wc -w)" 8

multi=0
for f in $forms juminhyo_seikyu; do
	v=$V; [ "$f" = juminhyo_seikyu ] && v=$T/cert.visit
	expect_exit 0 "$f: renders for twenty persons" \
		kk --config "$CONF" --render "$v" --forms "$f" --out "$T/$f.pdf"
	n=$(pdfinfo "$T/$f.pdf" | awk '/^Pages:/ {print $2}')
	n=${n:-0}
	[ "$n" -gt 1 ] && multi=$((multi + 1))
	p=1
	while [ "$p" -le "$n" ]; do
		pdftotext -f "$p" -l "$p" "$T/$f.pdf" - | tr -d ' \n\t\f' |
		    sed 's/　//g' >"$T/$f-$p.txt"
		p=$((p + 1))
	done
	want=""
	for h in $headers $(header "$f"); do
		grep -qF -- "$h" "$T/$f-1.txt" && want="$want $h"
	done
	lost=""
	p=2
	while [ "$p" -le "$n" ]; do
		for h in $want; do
			grep -qF -- "$h" "$T/$f-$p.txt" || lost="$lost $p:$h"
		done
		grep -qF -- "$p/$n" "$T/$f-$p.txt" || lost="$lost $p:$p/$n"
		p=$((p + 1))
	done
	equal "$f: each of $n pages shows$want" "${lost:-none lost}" "none lost"
done
# The forms that continue, and what the first sheet alone used to show.
[ "$multi" -ge 4 ] && ok "twenty persons: $multi forms continue over several sheets" ||
	not_ok "twenty persons: only $multi forms continue over several sheets"
for p in 2 3; do
	contains "国保 sheet $p: the 世帯主's 個人番号" "$T/kokuho_shutoku-$p.txt" 314159265018
done
contains "児童手当 sheet 2: the 請求者's name" "$T/jidou_teate-2.txt" 大久野誠
contains "児童手当 sheet 2: the 請求者's birth date" "$T/jidou_teate-2.txt" 昭和63年8月8日
contains "児童手当 sheet 2: the 配偶者" "$T/jidou_teate-2.txt" 大久野彩
contains "住民異動届 sheet 4: the twentieth person" "$T/jumin_ido-4.txt" 大久野トメ
finish
