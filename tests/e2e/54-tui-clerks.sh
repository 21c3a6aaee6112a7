#!/bin/sh
# 54-tui-clerks.sh - two clerks at once, each in their own process on the
# same database: their visits get distinct numbers, their fields are saved
# while the other types (no "database is locked"), each visit and every
# audit record names the clerk who did it, and a third session sees both
# visits but offers to resume only its own clerk's draft.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

for c in tanaka suzuki; do
	printf 'town.name = 日の出町\nprinter = counter1\nclerk = %s\n' "$c" >"$T/$c.conf"
done
tui_start A KAKANAI_CONFIG="$T/tanaka.conf"
tui_start B KAKANAI_CONFIG="$T/suzuki.conf"
expect_screen A '担当 tanaka' "clerk A is tanaka (config clerk)"
expect_screen B '担当 suzuki' "clerk B is suzuki"
tui_keys A F6; tui_keys B F6
tui_type A 1; tui_type B 3
expect_screen A '受付No\.1' "A's visit is No.1"
expect_screen B '受付No\.2' "B's visit is No.2"
tui_type A 'R8.11.1'; tui_type B 'R8.11.20'
tui_keys A Enter; tui_keys B Enter
tui_type A 1; tui_type B 1; tui_keys A Enter; tui_keys B Enter
tui_keys A Enter; tui_keys B Enter
# Interleaved members, every field saved by both processes in turn.
i=1
while [ $i -le 4 ]; do
	tui_type A "田中 $i郎"; tui_type B "鈴木 $i子"
	tui_keys A Enter; tui_keys B Enter
	tui_type A "たなか"; tui_type B "すずき"
	tui_keys A Enter; tui_keys B Enter
	tui_type A "S5$i.1.1"; tui_type B "H$i.2.2"
	tui_keys A Enter; tui_keys B Enter
	tui_type A 1; tui_type B 2; tui_keys A Enter; tui_keys B Enter
	tui_type A 4; tui_type B 4; tui_keys A Enter; tui_keys B Enter
	tui_keys A Enter Enter; tui_keys B Enter Enter
	i=$((i + 1))
done
expect_screen A '世帯員 4  田中 4郎' "A typed four members"
expect_screen B '世帯員 4  鈴木 4子' "B typed four members"
for s in A B; do
	if tui_screen $s | grep -q 'locked\|保存できません'; then
		not_ok "$s: a save failed"; tui_screen $s | sed 's/^/    | /'
	else ok "$s: every save went through"; fi
done
q() { sqlite3 "$KAKANAI_DB" "$1" 2>&1; }
equal "visit 1 is tanaka's" "$(q "SELECT clerk FROM visits WHERE id = 1")" "tanaka"
equal "visit 2 is suzuki's" "$(q "SELECT clerk FROM visits WHERE id = 2")" "suzuki"
equal "A's members stored" "$(q "SELECT count(*) FROM visit_items WHERE visit_id = 1 AND key GLOB 'person.*.name'")" "4"
equal "B's members stored" "$(q "SELECT count(*) FROM visit_items WHERE visit_id = 2 AND key GLOB 'person.*.name'")" "4"
equal "no member crossed over" "$(q "SELECT count(*) FROM visit_items WHERE visit_id = 1 AND value LIKE '鈴木%'")" "0"
equal "audit of visit 1: tanaka only" "$(q "SELECT DISTINCT clerk FROM audit WHERE visit_id = 1")" "tanaka"
equal "audit of visit 2: suzuki only" "$(q "SELECT DISTINCT clerk FROM audit WHERE visit_id = 2")" "suzuki"
equal "no audit record without a clerk" "$(q "SELECT count(*) FROM audit WHERE clerk = ''")" "0"
n=$(q "SELECT count(*) FROM audit WHERE what = 'edit'")
[ "$n" -ge 40 ] 2>/dev/null && ok "each field saved is audited ($n edits)" || not_ok "too few edits audited: $n"

tui_keys B F10
tui_ended B && ok "B ends" || not_ok "B ends"
tui_start C KAKANAI_CONFIG="$T/suzuki.conf"
expect_screen C '1 +入力中 +転入 +田中 1郎 .*tanaka' "a new session lists tanaka's draft"
expect_screen C '2 +入力中 +転出 +鈴木 1子 .*suzuki' "and suzuki's"
expect_screen C '中断した受付 No\.2' "it offers suzuki's own draft (No.2)"
# Search: by フリガナ (typed in hiragana), by visit number, by birth date.
tui_keys C F2; tui_type C 'すずき'; tui_keys C Enter
expect_screen C '2 +入力中 +転出 +鈴木 1子' "search by kana finds suzuki's visit"
if tui_gone C '田中 1郎'; then ok "search by kana: only that one"; else not_ok "search by kana: tanaka's too"; fi
tui_keys C F2 C-u; tui_type C '1'; tui_keys C Enter
expect_screen C '1 +入力中 +転入 +田中 1郎' "search by number"
tui_keys C F2 C-u; tui_type C 'S51.1.1'; tui_keys C Enter
expect_screen C '1 +入力中 +転入 +田中 1郎' "search by birth date (和暦)"
tui_keys C F2 C-u; tui_type C 'やまもと'; tui_keys C Enter
expect_screen C 'に合う受付はありません' "no match is said so"
tui_keys C F3
expect_screen C '2 +入力中 +転出 +鈴木' "F3 goes back to today's list"
# Opening the other clerk's draft says whose it is.
tui_keys C F2 C-u; tui_type C '1'; tui_keys C Enter
expect_screen C '1 +入力中 +転入 +田中 1郎' "found by number"
tui_keys C Enter
expect_screen C '受付No\.1 は 端末 [^ ]* .担当 tanaka. が入力中です' \
	"tanaka's draft, open on A, is held: suzuki may only look"
tui_keys C F10
tui_keys A F10
tui_ended A && ok "A ends" || not_ok "A ends"
# Once A has ended, the draft is free; it still says whose it was.
tui_start D KAKANAI_CONFIG="$T/suzuki.conf"
expect_screen D '受付' "a new session as suzuki"
tui_keys D F2; tui_type D '1'; tui_keys D Enter
expect_screen D '1 +入力中 +転入 +田中 1郎' "found by number"
tui_keys D Enter
expect_screen D 'tanaka さんが入力していた受付です' "opening tanaka's draft as suzuki warns"
tui_keys D F10
finish
