#!/bin/sh
# The law's rules on the forms, each checked on the printed page.
. "$(dirname "$0")/lib.sh"

# ink FILE.pdf X Y W H (mm, page 1): dark pixels at 100 dpi inside the box.
ink() {
	pdftoppm -r 100 -gray -f 1 -l 1 "$1" "$1.p"
	set -- "$1" $(awk -v x="$2" -v y="$3" -v w="$4" -v h="$5" 'BEGIN {
		d = 100 / 25.4; printf "%d %d %d %d", x * d, y * d, w * d, h * d }')
	pgmbox ink "$1.p-1.pgm" "$2" "$3" "$4" "$5"
}

# 後期高齢者医療 (高齢者の医療の確保に関する法律 第48条, 第50条): the
# 広域連合 is the prefecture's. 美咲町's 80-year-old comes from 岡山市, in
# the same 岡山県: a 住所変更, not a 資格取得. From 広島県 it is a 資格取得.
# Inside each check box (inset from its rule): ink only where checked.
s=data/samples/misaki-elder.visit
expect_exit 0 "後期高齢: renders for a 転入 within the prefecture" \
	kk --config data/towns/misaki.conf --render "$s" --forms kouki_shikaku --out "$T/k1.pdf"
equal "後期高齢 within the prefecture: 資格取得 is not checked" \
	"$(ink "$T/k1.pdf" 36.2 38 2.1 2.1)" 0
got=$(ink "$T/k1.pdf" 69.2 38 2.1 2.1)
[ "$got" -gt 0 ] && ok "後期高齢 within the prefecture: 住所変更 is checked" ||
	not_ok "後期高齢 within the prefecture: 住所変更 is not checked"
sed 's/^old.pref = .*/old.pref = 広島県/; s/^old.city = .*/old.city = 広島市中区/' "$s" >"$T/hiroshima.visit"
expect_exit 0 "後期高齢: renders for a 転入 from another prefecture" \
	kk --config data/towns/misaki.conf --render "$T/hiroshima.visit" --forms kouki_shikaku --out "$T/k2.pdf"
got=$(ink "$T/k2.pdf" 36.2 38 2.1 2.1)
[ "$got" -gt 0 ] && ok "後期高齢 from another prefecture: 資格取得 is checked" ||
	not_ok "後期高齢 from another prefecture: 資格取得 is not checked"
equal "後期高齢 from another prefecture: 住所変更 is not checked" \
	"$(ink "$T/k2.pdf" 69.2 38 2.1 2.1)" 0

# 印鑑登録: any member of 15 or over, the one the clerk names; never one
# under 15 (山﨑 蒼, person 4 of the 日出町 family, is 7).
s=data/samples/hiji-family.visit
{ cat "$s"; echo "inkan.reason = 新規登録"; echo "inkan.person = 2"; } >"$T/inkan2.visit"
expect_exit 0 "印鑑登録 for the second member renders" \
	kk --config data/towns/hiji.conf --render "$T/inkan2.visit" --forms inkan_toroku --out "$T/i2.pdf"
pdftotext "$T/i2.pdf" - | tr -d ' \n' >"$T/i2.txt"
contains "印鑑登録: the member named registers" "$T/i2.txt" "山﨑美咲"
contains "印鑑登録: with her birth date" "$T/i2.txt" "平成2年2月28日"
{ cat "$s"; echo "inkan.reason = 新規登録"; echo "inkan.person = 4"; } >"$T/inkan7.visit"
kk --config data/towns/hiji.conf --render "$T/inkan7.visit" --out "$T/all7.pdf" >"$T/all7.out" 2>&1
lacks "印鑑登録 is not proposed for a 7-year-old" "$T/all7.out" "inkan_toroku"
expect_exit 1 "印鑑登録 for a 7-year-old is refused even when asked for" \
	kk --config data/towns/hiji.conf --render "$T/inkan7.visit" --forms inkan_toroku --out "$T/i7.pdf"
contains "the clerk is told why" "$T/.out" "15歳以上の登録する方がありません"
test -e "$T/i7.pdf" && not_ok "no 印鑑登録申請書 for a 7-year-old" || ok "no 印鑑登録申請書 for a 7-year-old"

# 介護保険 (介護保険法施行規則 第23条): the 世帯主's 生年月日 and 性別, and
# each person's 要介護認定 from the old town, with or without the
# 受給資格証明書.
sed 's/^person.6.birth = .*/&\nperson.6.kaigo_nintei = あり・証明書有/; s/^person.7.birth = .*/&\nperson.7.kaigo_nintei = なし/' \
	data/samples/hinode-seven.visit >"$T/kaigo.visit"
expect_exit 0 "介護保険 renders with 要介護認定" \
	kk --config data/towns/hinode.conf --render "$T/kaigo.visit" --forms kaigo_shikaku --out "$T/kg.pdf"
pdftotext "$T/kg.pdf" - | tr -d ' \n' >"$T/kg.txt"
contains "介護保険: the 世帯主's 生年月日" "$T/kg.txt" "昭和59年7月20日"
got=$(ink "$T/kg.pdf" 126.84 124.95 2.1 2.1)
[ "$got" -gt 0 ] && ok "介護保険: 要介護認定 あり is checked for the first" ||
	not_ok "介護保険: 要介護認定 あり is not checked for the first"
equal "介護保険: なし is not checked for the first" "$(ink "$T/kg.pdf" 112.2 124.95 2.1 2.1)" 0
got=$(ink "$T/kg.pdf" 112.2 144.95 2.1 2.1)
[ "$got" -gt 0 ] && ok "介護保険: 要介護認定 なし is checked for the second" ||
	not_ok "介護保険: 要介護認定 なし is not checked for the second"

# 国民健康保険 (法 第7条): insured from the 転入日. A 資格取得日 before it is
# told to the clerk, and does not stop the print; the same day is not.
sed 's/^kokuho.date = .*/kokuho.date = 2026-11-01/' data/samples/hinode-seven.visit >"$T/kd.visit"
expect_exit 0 "国保: a 資格取得日 before the 転入日 still prints" \
	kk --config data/towns/hinode.conf --render "$T/kd.visit" --forms kokuho_shutoku --out "$T/kd.pdf"
contains "国保: the clerk is warned" "$T/.out" "check: kokuho.date: 国保の資格取得日が転入日より前です"
expect_exit 0 "国保: the 転入日 itself" \
	kk --config data/towns/hinode.conf --render data/samples/hinode-seven.visit --forms kokuho_shutoku --out "$T/kd2.pdf"
lacks "国保: no warning for the 転入日 itself" "$T/.out" "転入日より前"
finish
