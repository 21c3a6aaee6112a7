#!/bin/sh
# The fit guarantee: --check-forms lays every form out for the longest
# values the dictionary allows and names each field that cannot hold them
# (file:line, the item, its maxlen, the box and the size), and static text
# wider than its box; the shipped forms pass; and a visit typed up to every
# limit - and one with the longest real values - prints every form.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "the shipped forms hold the longest values" kk --check-forms

# A field too small for its item, and a label too long for its box.
mkdir -p "$T/forms"
cat >"$T/forms/small.form" <<'FORM'
form       small
title      小さすぎる様式
version    1
effective  2024-04-01
paper      A4 portrait
unit       mm
font       mincho
size       10.5
field      person.1.name 10 10 20 5 size=10 min=7
field      person.1.kana 10 20 120 8 size=9 min=6 wrap
text       10 40 "とても長い見出しの文字列" w=10 h=5 size=9
field      new.postal 10 50 30 6
FORM
expect_exit 1 "a field smaller than its item is a mistake" \
	kk --check-forms "$T/forms"
contains "the name field is named with its line and numbers" "$T/.out" \
	"small.form:9: person.name: the longest 氏名 allowed (maxlen=40, 40 full-width characters): does not fit in its box (20.0 x 5.0 mm) even at 7.0pt"
lacks "a wrapped field with room is not reported" "$T/.out" "small.form:10:"
contains "static text wider than its box is reported" "$T/.out" \
	"small.form:11: text: does not fit in its box (10.0 x 5.0 mm) at 9.0pt"
lacks "a postal code fits" "$T/.out" "small.form:12:"
lacks "a form with a mistake is not ok" "$T/.out" "ok  small"

# A visit typed up to each limit the dictionary sets: every form prints.
rep() { _i=0; while [ "$_i" -lt "$2" ]; do printf '%s' "$1"; _i=$((_i + 1)); done; }
{
	cat <<EOF
event = 転入
move_date = 2026-12-28
filed_date = 2026-12-28
applicant.kind = 代理人
applicant.name = $(rep 国 40)
applicant.address = $(rep 国 100)
phone = 090-8888-8888
new.postal = 190-0181
new.pref = $(rep 国 4)
new.county = $(rep 国 6)
new.city = $(rep 国 12)
new.town = $(rep 国 36)
new.banchi = $(rep 国 40)
new.building = $(rep 国 40)
old.postal = 190-0182
old.pref = $(rep 国 4)
old.county = $(rep 国 6)
old.city = $(rep 国 12)
old.town = $(rep 国 36)
old.banchi = $(rep 国 40)
old.building = $(rep 国 40)
old.head = $(rep 国 40)
bank.name = $(rep 国 30)
bank.branch = $(rep 国 30)
bank.account_number = 8888888
bank.holder_kana = $(rep ヴ 30)
suido.start_date = 2026-12-28
inkan.reason = 亡失による再登録
pension_kind = 国民年金
note = $(rep 国 80)
note.jidou_teate = $(rep 国 80)
note.kokuho_shutoku = $(rep 国 80)
note.kaigo_shikaku = $(rep 国 80)
note.kouki_shikaku = $(rep 国 80)
note.tennyugaku = $(rep 国 80)
note.suido_kaishi = $(rep 国 80)
EOF
	n=1
	for birth in 1948-12-28 1996-12-28 2017-12-28 2019-12-28; do
		rel=兄弟姉妹; [ $n = 1 ] && rel=世帯主; [ $n = 2 ] && rel=妻; [ $n = 3 ] && rel=子
		cat <<EOF
person.$n.name = $(rep 国 40)
person.$n.kana = $(rep ヴ 50)
person.$n.birth = $birth
person.$n.sex = 女
person.$n.relation = $rel
person.$n.nationality = $(rep 国 24)
person.$n.residence_period = $(rep 国 16)
person.$n.honseki = $(rep 国 80)
person.$n.hittousha = $(rep 国 40)
person.$n.prev_school = $(rep 国 40)
person.$n.school = $(rep 国 40)
EOF
		n=$((n + 1))
	done
} >"$T/limit.visit"
check "the visit at every limit is accepted" kk --check-visit "$T/limit.visit"
expect_exit 0 "the visit at every limit prints every form" \
	kk --config data/towns/hinode.conf --render "$T/limit.visit" --out "$T/limit.pdf"
lacks "nothing at the limit is refused" "$T/.out" "does not fit"
forms=$(grep -c '(version' "$T/.out")
[ "$forms" -ge 8 ] && ok "the visit at the limits went through $forms forms" ||
	not_ok "the visit at the limits went through only $forms forms"

# One character more than a limit is stopped where it is typed.
sed "s/^person.1.name = .*/person.1.name = $(rep 国 41)/" "$T/limit.visit" >"$T/over.visit"
expect_exit 1 "a name over its maxlen is refused with the limit" \
	kk --check-visit "$T/over.visit"
contains "the limit is named" "$T/.out" "40"

# The longest real values: every form prints them, wrapped or shrunk.
expect_exit 0 "long names, a long address and nationality print" \
	kk --config data/towns/hinode.conf --render tests/fixtures/long.visit --out "$T/long.pdf"
pdftotext "$T/long.pdf" - | tr -d ' \n\f' | sed 's/　//g' >"$T/long.txt"
# The nationality wraps in its box, at the katakana name after 及び.
pdftotext -layout "$T/long.pdf" "$T/longl.txt"
contains "the nationality is printed: first line" "$T/longl.txt" "セントビンセント及び "
contains "the nationality is printed: second line" "$T/longl.txt" " グレナディーン諸島"
contains "the building is printed" "$T/long.txt" "グランドメゾン日の出台ヒルズサウスウィングＡ棟1203号室"
# Lines break at natural points: the building begins a line of its own
# (not 「グ／ランドメゾン」), and no katakana name is cut where a space is.
pdftotext -f 1 -l 1 "$T/long.pdf" "$T/long1.txt"
check "住民異動届: the new address breaks before the building" \
	grep -qx 'グランドメゾン日の出台ヒルズサウスウィングＡ棟1203号室' "$T/long1.txt"
check "住民異動届: the 番地 stays whole on the line before" \
	grep -q '1234番地5678$' "$T/long1.txt"
check "住民異動届: アレクサンダー is not split" grep -qx 'アレクサンダー' "$T/long1.txt"
finish
