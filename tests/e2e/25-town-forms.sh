#!/bin/sh
# A town's settings for its forms: form.ID.addressee sends a form to whom
# the town hands it (日の出町's water to 東京都水道局, 後期高齢者医療 to the
# 広域連合), form.ID.enabled = no switches a form off; each value is
# checked like every other configuration key.
. "$(dirname "$0")/lib.sh"

s=data/samples/hinode-seven.visit
c=data/towns/hinode.conf
for f in suido_kaishi:東京都水道局長 kouki_shikaku:東京都後期高齢者医療広域連合長 jumin_ido:日の出町長; do
	id=${f%%:*} who=${f#*:}
	kk --config "$c" --render "$s" --forms "$id" --out "$T/$id.pdf" >/dev/null 2>&1
	pdftotext -f 1 -l 1 "$T/$id.pdf" - | tr -d ' \n' >"$T/$id.txt"
	contains "$id is addressed to $who" "$T/$id.txt" "$who"
done
lacks "水道使用開始届 is not addressed to the 町長" "$T/suido_kaishi.txt" "日の出町長"

# Switched off: never proposed, refused by name.
{ cat "$c"; echo "form.kokuho_shutoku.enabled = no"; } >"$T/off.conf"
check "the setting is a good one" kk --check-config "$T/off.conf"
kk --config "$T/off.conf" --render "$s" --out "$T/all.pdf" >"$T/all.out" 2>&1
lacks "a form switched off is not proposed" "$T/all.out" "kokuho_shutoku"
contains "the others still are" "$T/all.out" "jumin_ido"
expect_exit 1 "a form switched off is refused by name" \
	kk --config "$T/off.conf" --render "$s" --forms kokuho_shutoku --out "$T/k.pdf"
contains "and the clerk is told why" "$T/.out" \
	"kokuho_shutoku: switched off in the town's configuration (form.kokuho_shutoku.enabled = no)"

# Mistakes are named with file and line.
{ cat "$c"; echo "form.kokuho_shutoku.enabled = maybe"; } >"$T/bad1.conf"
expect_exit 1 "form.ID.enabled takes yes or no" kk --check-config "$T/bad1.conf"
contains "the value is named" "$T/.out" "bad1.conf:$(wc -l <"$T/bad1.conf"): form.kokuho_shutoku.enabled: must be yes or no"
{ cat "$c"; echo "form.Kokuho.addressee = 誰か"; } >"$T/bad2.conf"
expect_exit 1 "a form id is a-z, 0-9 and _" kk --check-config "$T/bad2.conf"
contains "the key is named" "$T/.out" "form.Kokuho.addressee: must be form.ID.addressee"
{ cat "$c"; echo "form.kokuho_shutoku.colour = red"; } >"$T/bad3.conf"
expect_exit 1 "an unknown form setting is a mistake" kk --check-config "$T/bad3.conf"
finish
