#!/bin/sh
# 21-guide-pdf.sh - the resident's 「お手続きのご案内」: the forms made and
# the procedures that apply as a checklist, with the counters of the
# town's configuration, in type of 12 pt or more; answers decide what is
# on it (原付 はい: listed, いいえ: not); a guide with a mistake is refused
# with file:line.
. "$(dirname "$0")/lib.sh"

export KAKANAI_CONFIG=$ROOT/data/towns/hiji.conf
cp data/samples/hiji-family.visit "$T/yes.visit"
printf 'has.moped = はい\nhas.dog = はい\nhas.mynacard = はい\n' >>"$T/yes.visit"
check "render the sheet" kk --render-guide "$T/yes.visit" --out "$T/yes.pdf"
check "qpdf --check" qpdf --check "$T/yes.pdf"
pdftotext -layout "$T/yes.pdf" "$T/yes.txt"
contains "its title" "$T/yes.txt" "お手続きのご案内"
contains "the town" "$T/yes.txt" "日出町"
contains "the 届出日 in 和暦" "$T/yes.txt" "令和8年11月21日"
contains "forms made: 住民異動届" "$T/yes.txt" "・住民異動届"
contains "forms made: 児童手当" "$T/yes.txt" "・児童手当認定請求書"
contains "forms made: 水道" "$T/yes.txt" "・水道使用開始届"
contains "a checklist heading" "$T/yes.txt" "このあとのお手続き"
contains "原付 answered はい: listed" "$T/yes.txt" "原付バイク・小型特殊自動車の登録"
contains "its counter from the configuration" "$T/yes.txt" "5番 税務課"
contains "what to bring" "$T/yes.txt" "廃車申告受付書"
contains "by when" "$T/yes.txt" "転入の日から15日以内"
contains "犬 answered はい: listed" "$T/yes.txt" "犬の登録の変更"
contains "children: 子ども医療費" "$T/yes.txt" "子どもの医療費助成"
contains "school children: the school" "$T/yes.txt" "転入先の小学校・中学校への連絡"
contains "the footer" "$T/yes.txt" "どの窓口でもお気軽に"
if grep -q "国民年金の住所変更" "$T/yes.txt"; then
	not_ok "厚生年金: no 国民年金 procedure"
else ok "厚生年金: no 国民年金 procedure"; fi
# Every word at 12 pt or more (the height of pdftotext's word boxes is the
# type size).
min=$(pdftotext -bbox "$T/yes.pdf" - | sed -n 's/.*yMin="\([0-9.]*\)".*yMax="\([0-9.]*\)".*/\1 \2/p' |
    awk 'BEGIN { m = 999 } { h = $2 - $1; if (h < m) m = h } END { print m }')
if awk "BEGIN { exit !($min >= 11.9) }"; then ok "every word 12 pt or more ($min)"; else
	not_ok "a word smaller than 12 pt ($min)"; fi
fonts=$(pdffonts "$T/yes.pdf" | tail -n +3 | awk '{ print $(NF-4) }' | sort -u)
equal "every font embedded" "$fonts" "yes"
pdftoppm -r 50 -png -f 1 -l 1 "$T/yes.pdf" "$T/page" && [ -s "$T/page-1.png" ] &&
    ok "pdftoppm draws it" || not_ok "pdftoppm failed"

cp data/samples/hiji-family.visit "$T/no.visit"
printf 'has.moped = いいえ\n' >>"$T/no.visit"
check "render with 原付 いいえ" kk --render-guide "$T/no.visit" --out "$T/no.pdf"
pdftotext -layout "$T/no.pdf" "$T/no.txt"
if grep -q "原付バイク・小型特殊自動車の登録" "$T/no.txt"; then
	not_ok "原付 いいえ: not listed"
else ok "原付 いいえ: not listed"; fi

# A mistake in a guide file: file:line, nothing written.
mkdir -p "$T/forms/guide"
cp forms/*.form "$T/forms/"
printf 'procedure x\n  title "x"\n  counter jumin\n  applies event = 転入 and mopd = はい\nend\nprocedure y\n  title "y"\n  counter nowhere\n  applies event = 転入\nend\n' \
    >"$T/forms/guide/bad.guide"
expect_exit 1 "a guide with a mistake is refused" kk --render-guide "$T/yes.visit" \
    --forms-dir "$T/forms" --out "$T/bad.pdf"
contains "named with file:line and column" "$T/.out" "bad.guide:4: applies: column 26: unknown item \"mopd\""
contains "an unknown counter is named" "$T/.out" "bad.guide:6: procedure y: counter nowhere is not in the configuration"
[ -e "$T/bad.pdf" ] && not_ok "a PDF was written" || ok "nothing written"
expect_exit 1 "--check-forms finds it too" kk --check-forms "$T/forms"
contains "--check-forms: file:line" "$T/.out" "bad.guide:4:"
finish
