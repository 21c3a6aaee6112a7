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

# 児童手当 as the form stands since 2024-10-01.
# The 日出町 family with three more 子: one who turned 18 on 2026-04-02
# (高3 until 2027-03-31: a 対象児童), one who turned 18 on 2026-04-01 (past
# the 年度末: a 年長の子 of the 大学生年代, counted for the 多子加算), and
# one living apart (別居) who is on no other form.
{ cat data/samples/hiji-family.visit; cat <<'EOF'
person.5.name = 山﨑 高志
person.5.kana = ヤマサキ タカシ
person.5.birth = 2008-04-02
person.5.sex = 男
person.5.relation = 子
person.6.name = 山﨑 大学
person.6.kana = ヤマサキ ダイガク
person.6.birth = 2008-04-01
person.6.sex = 男
person.6.relation = 子
person.7.name = 山﨑 別子
person.7.kana = ヤマサキ ベツコ
person.7.birth = 2015-06-01
person.7.sex = 女
person.7.relation = 子
person.7.bekkyo = はい
EOF
} >"$T/jidou.visit"
expect_exit 0 "児童手当: renders" kk --config data/towns/hiji.conf --render "$T/jidou.visit" --out "$T/j.pdf"
kk --config data/towns/hiji.conf --render "$T/jidou.visit" --forms jidou_teate --out "$T/jt.pdf" >/dev/null 2>&1
pdftotext -layout "$T/jt.pdf" "$T/jt.txt"
# A 年長の子 is on a line of the 年長の子 block (with its 監護・生計費の負担
# column); the 対象児童 are not.
grep '監護・生計費の負担' "$T/jt.txt" >"$T/jt-elder.txt"
grep -v '監護・生計費の負担' "$T/jt.txt" >"$T/jt-children.txt"
contains "児童手当: 18歳年度末 not past: a 対象児童" "$T/jt-children.txt" "山﨑 高志"
lacks "児童手当: past the 18歳年度末: not a 対象児童" "$T/jt-children.txt" "山﨑 大学"
contains "児童手当: the 大学生年代 is a 年長の子 (多子加算)" "$T/jt-elder.txt" "山﨑 大学"
contains "児童手当: the 別居 child is listed" "$T/jt-children.txt" "山﨑 別子"
kk --config data/towns/hiji.conf --render "$T/jidou.visit" --forms jumin_ido --out "$T/ji.pdf" >/dev/null 2>&1
pdftotext "$T/ji.pdf" "$T/ji.txt"
lacks "住民異動届: the 別居 child does not move" "$T/ji.txt" "別子"
contains "住民異動届: the others do" "$T/ji.txt" "高志"
# 同居 circled for the first child, 別居 for the 別居 one (rows from y 113,
# 13 mm apart; 同居 at x 128.5, 別居 at 137.5, 6.5 mm down; the rows are
# 陽菜, 蒼, 高志, 別子): ink on the circle's left edge.
pdftoppm -r 100 -gray -f 1 -l 1 "$T/jt.pdf" "$T/jtp"
ring() { pgmbox ink "$T/jtp-1.pgm" $(awk -v x="$1" -v y="$2" 'BEGIN { d = 100 / 25.4
	printf "%d %d %d %d", (x - 3.9) * d, (y - 1.5) * d, 0.8 * d, 3 * d }'); }
[ "$(ring 128.5 119.5)" -gt 0 ] && ok "児童手当: 同居 circled for a child at home" ||
	not_ok "児童手当: 同居 not circled for a child at home"
[ "$(ring 137.5 158.5)" -gt 0 ] && ok "児童手当: 別居 circled for the child apart" ||
	not_ok "児童手当: 別居 not circled for the child apart"
equal "児童手当: 同居 not circled for the child apart" "$(ring 128.5 158.5)" 0

# The 請求者 is the parent: in the household of twenty the 孫 are claimed
# by their father 誠 (jidou.claimant = 5) with his wife 彩 as 配偶者, and
# the 世帯主 健一郎's grown children are not listed.
kk --config data/towns/hinode.conf --render tests/fixtures/twenty.visit --forms jidou_teate --out "$T/tw.pdf" >/dev/null 2>&1
pdftotext -layout -f 1 -l 1 "$T/tw.pdf" "$T/tw.txt"
contains "児童手当: the 孫's father claims" "$T/tw.txt" "大久野 誠"
contains "児童手当: his wife is the 配偶者" "$T/tw.txt" "大久野 彩"
contains "児童手当: a 孫 is listed" "$T/tw.txt" "大久野 陽斗"
lacks "児童手当: the 世帯主 is not the 請求者" "$T/tw.txt" "大久野 健一郎"
lacks "児童手当: the 世帯主's daughter is no child here" "$T/tw.txt" "大久野 真央"
sed '/^jidou.claimant/d' tests/fixtures/twenty.visit >"$T/tw0.visit"
kk --config data/towns/hinode.conf --render "$T/tw0.visit" --out "$T/tw0.pdf" >"$T/tw0.out" 2>&1
lacks "児童手当: a 世帯主 with no child under 22 is not proposed" "$T/tw0.out" "jidou_teate"

# A 公務員 claims from the employer: the form is not proposed.
{ cat data/samples/hiji-family.visit; echo "jidou.koumuin = はい"; } >"$T/koumuin.visit"
kk --config data/towns/hiji.conf --render "$T/koumuin.visit" --out "$T/k.pdf" >"$T/k.out" 2>&1
lacks "児童手当: not proposed for a 公務員" "$T/k.out" "jidou_teate"
# No account: the form cannot be printed, each missing item named -
# unless the 公金受取口座 is chosen.
sed '/^bank\./d' data/samples/hiji-family.visit >"$T/nobank.visit"
expect_exit 1 "児童手当: not printed without an account" \
	kk --config data/towns/hiji.conf --render "$T/nobank.visit" --forms jidou_teate --out "$T/nb.pdf"
contains "児童手当: the missing account number is named" "$T/.out" "missing: bank.account_number: 口座番号がありません"
contains "児童手当: the missing bank is named" "$T/.out" "missing: bank.name: 金融機関名がありません"
{ cat "$T/nobank.visit"; echo "jidou.kokin = はい"; } >"$T/kokin.visit"
expect_exit 0 "児童手当: the 公金受取口座 needs no account" \
	kk --config data/towns/hiji.conf --render "$T/kokin.visit" --forms jidou_teate --out "$T/kk.pdf"

# Nothing missing: a 転入 without its 従前の住所 is not printed; the 届出人
# is the 世帯主 the clerk typed when the 世帯主 files but does not move
# (美咲町: 𠮷田 誠 files for his wife's mother), and that 届出人's own
# phone is printed.
sed '/^old\./d' data/samples/hinode-seven.visit >"$T/noold.visit"
expect_exit 1 "住民異動届: a 転入 without its 従前の住所 is not printed" \
	kk --config data/towns/hinode.conf --render "$T/noold.visit" --forms jumin_ido --out "$T/no.pdf"
contains "住民異動届: the missing 旧住所 is named" "$T/.out" "missing: old.address: 旧住所がありません"
sed 's/^applicant.kind = .*/applicant.kind = 世帯主/; /^applicant.name/d; /^applicant.kana/d; s/^applicant.phone = .*/applicant.phone = 090-8765-4321/' \
	data/samples/misaki-elder.visit >"$T/son.visit"
expect_exit 0 "住民異動届: the 世帯主 who does not move files" \
	kk --config data/towns/misaki.conf --render "$T/son.visit" --forms jumin_ido --out "$T/son.pdf"
pdftotext -layout "$T/son.pdf" "$T/son.txt"
grep '氏名' "$T/son.txt" | head -1 >"$T/son-line.txt"
contains "住民異動届: the 届出人 is the 世帯主 typed" "$T/son-line.txt" "𠮷田 誠"
contains "住民異動届: the 届出人's own phone" "$T/son-line.txt" "090-8765-4321"
sed 's/^applicant.kind = .*/applicant.kind = 世帯主/; /^applicant.name/d; /^new.head = /d' \
	data/samples/misaki-elder.visit >"$T/nohead.visit"
expect_exit 1 "住民異動届: a 届出人 nobody knows is not printed" \
	kk --config data/towns/misaki.conf --render "$T/nohead.visit" --forms jumin_ido --out "$T/nh.pdf"
contains "住民異動届: the missing 届出人 is named" "$T/.out" "missing: applicant.name"

# 介護保険: a 世帯主 who does not move (美咲町's 𠮷田 誠) is not among the
# persons; the 生年月日 and 性別 typed for him are printed, and without them
# the form is not printed.
kk --config data/towns/misaki.conf --render data/samples/misaki-elder.visit --forms kaigo_shikaku --out "$T/mh.pdf" >/dev/null 2>&1
pdftotext -layout "$T/mh.pdf" - | grep '世帯主' | head -1 >"$T/mh.txt"
contains "介護保険: the 世帯主's 生年月日 as typed" "$T/mh.txt" "昭和45年7月14日"
sed '/^new.head_birth/d' data/samples/misaki-elder.visit >"$T/mh0.visit"
expect_exit 1 "介護保険: not printed without the 世帯主's 生年月日" \
	kk --config data/towns/misaki.conf --render "$T/mh0.visit" --forms kaigo_shikaku --out "$T/mh0.pdf"
contains "介護保険: the missing 世帯主's 生年月日 is named" "$T/.out" "missing: new.head_birth: 世帯主の生年月日がありません"
finish
