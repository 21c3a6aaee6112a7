#!/bin/sh
# 58-tui-hold.sh - one draft, one counter: a draft open on one screen is
# held by it. A second screen that opens it is told who has it and where,
# may look, and writes nothing; the hold ends by itself when the first
# screen's process is killed (kill -9: no clean-up runs).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

printf 'town.name = 日の出町\nprinter = counter1\nclerk = tanaka\n' >"$T/tanaka.conf"
printf 'town.name = 日の出町\nprinter = counter1\nclerk = suzuki\n' >"$T/suzuki.conf"
q() { sqlite3 "$KAKANAI_DB" "$1" 2>&1; }

tui_start A KAKANAI_CONFIG="$T/tanaka.conf"
expect_screen A '担当 tanaka' "A is up"
expect_screen A '単独' "the title line says single-user mode"
tui_keys A F6; tui_type A 1
expect_screen A '受付No\.1' "A starts visit 1"
tui_type A 'R8.11.1'; tui_keys A Enter
tui_type A 1; tui_keys A Enter; tui_keys A Enter
tui_type A '田中 一郎'; tui_keys A Enter
expect_screen A '世帯員 1  田中 一郎' "A typed a name"

tui_start B KAKANAI_CONFIG="$T/suzuki.conf"
expect_screen B '担当 suzuki' "B is up"
lacks_offer=$(tui_screen B | grep -c '中断した受付')
equal "B is not invited to resume a draft A holds" "$lacks_offer" "0"
tui_keys B F2; tui_type B '1'; tui_keys B Enter
expect_screen B '1 +入力中' "B finds visit 1"
tui_keys B Enter
expect_screen B '受付No\.1 は 端末 [^ ]* .担当 tanaka. が入力中です' \
	"B is told the draft is open at A's terminal, by tanaka"
expect_screen B '見るだけ' "and that it may only look"
expect_screen B '田中 一郎' "B sees what A typed"
before=$(q "SELECT group_concat(key || '=' || value, ';') FROM visit_items WHERE visit_id = 1")
tui_type B 'かいざん'; tui_keys B Enter
expect_screen B '見るだけで、変更できません' "typing into it is refused, with the reason"
if tui_screen B | grep -q 'カイザン\|かいざん'; then not_ok "B's typing was shown"; else ok "nothing B typed is shown"; fi
tui_keys B F4
expect_screen B '\[住所\]' "B may still move through the screens to look"
tui_keys B F10
tui_ended B && ok "B ends" || not_ok "B ends"
after=$(q "SELECT group_concat(key || '=' || value, ';') FROM visit_items WHERE visit_id = 1")
equal "B wrote nothing to A's draft" "$after" "$before"
equal "no edit of visit 1 is audited under suzuki" \
	"$(q "SELECT count(*) FROM audit WHERE visit_id = 1 AND clerk = 'suzuki' AND what = 'edit'")" "0"

# B's cancel of a held draft is refused too.
tui_start B2 KAKANAI_CONFIG="$T/suzuki.conf"
expect_screen B2 '1 +入力中' "B2 lists visit 1"
tui_keys B2 F7; tui_keys B2 F7
expect_screen B2 '受付No\.1 は 端末 .*取り消せません' "cancelling a held draft is refused"
equal "visit 1 is still a draft" "$(q "SELECT status FROM visits WHERE id = 1")" "draft"
tui_keys B2 F5
expect_screen B2 '受付No\.1 は 端末 .*印刷できません' "so is printing it from the list"
tui_keys B2 F10

# kill -9: the kernel drops the hold with the process.
pid=$(tui_pid A)
kill -9 "$pid"
proc_gone "$pid" && ok "A was killed" || not_ok "A still runs"
tui_start C KAKANAI_CONFIG="$T/suzuki.conf"
expect_screen C '担当 suzuki' "C is up"
tui_keys C F2; tui_type C '1'; tui_keys C Enter
expect_screen C '1 +入力中' "C finds visit 1"
tui_keys C Enter
expect_screen C 'tanaka さんが入力していた受付です' "C opens it: no longer held"
if tui_screen C | grep -q '入力中です'; then not_ok "C: still held after kill -9"; else ok "C: the hold ended with A"; fi
tui_type C 'しゅうせい'; tui_keys C Enter
tui_keys C F10
tui_ended C && ok "C ends" || not_ok "C ends"
equal "C's change was saved" \
	"$(q "SELECT count(*) FROM visit_items WHERE visit_id = 1 AND value LIKE 'シュウセイ%'")" "1"

# Opening a draft and leaving it unchanged writes nothing.
edits=$(q "SELECT count(*) FROM audit WHERE visit_id = 1 AND what = 'edit'")
tui_start D KAKANAI_CONFIG="$T/suzuki.conf"
tui_keys D F2; tui_type D '1'; tui_keys D Enter
expect_screen D '1 +入力中' "D finds visit 1"
tui_keys D Enter
expect_screen D '受付No\.1' "D opens it"
tui_keys D F10
tui_ended D && ok "D ends" || not_ok "D ends"
equal "opening and leaving wrote no edit" \
	"$(q "SELECT count(*) FROM audit WHERE visit_id = 1 AND what = 'edit'")" "$edits"
finish
