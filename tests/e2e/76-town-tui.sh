#!/bin/sh
# 76-town-tui.sh - the counter screen on a town server: two clerks, each
# their own login, on one town's database at once; a draft one has open is
# held against the other; each counter prints to its own CUPS queue (the
# SSH client's address mapped in the town's configuration), the others to
# the town's printer, and lp reads the PDF without kakanai's group.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/town-lib.sh"
town_need_root "the counter screen on a town server"
# Several screens load their forms at once here: a generous limit, so a
# busy machine makes the test slower, not wrong.
TUI_LIMIT=${TUI_LIMIT:-30}
. "$(dirname "$0")/tui-lib.sh"
unset KAKANAI_DB KAKANAI_TODAY KAKANAI_CONFIG

check "make install into a temporary root with the group $G" town_install
[ -f "$KK" ] || { sed 's/^/    /' "$T/.install" | tail -n 20; finish; }
A=a$N
# The guide sheet is a print job of its own, which a file: queue would
# write over the forms with: off here, so the queue's file is the forms.
grep -v '^printer *=\|^guide\.print *=' data/towns/hiji.conf >"$T/a.conf"
printf 'printer = counter1\nprinter.map.10.9.8.7 = counterA\nguide.print = no\n' >>"$T/a.conf"
check "root sets up the town" "$KK" --setup-town "$A" --from "$T/a.conf"
B=b$N
check "and a second town" "$KK" --setup-town "$B" --from data/towns/hinode.conf
town_user "kc1$N" "$G-$A" && town_user "kc2$N" "$G-$A" &&
	town_user "ka1$N" "$G-$A-admin" && town_user "kab$N" "$G-$A" "$G-$B" ||
	{ not_ok "could not make the test users"; finish; }
C1=kc1$N C2=kc2$N AD=ka1$N
cp data/samples/hiji-family.visit "$T/v.visit"; chmod 644 "$T/v.visit"
check "the admin stores a visit" as "$AD" "$KK" --import-visit "$T/v.visit"
cups_start counterA || { not_ok "no CUPS"; finish; }
lpadmin -p counter1 -E -v "file://$CUPS_OUT/counter1.pdf" -P "$CUPS_DIR/pass.ppd" >/dev/null 2>&1 ||
	not_ok "no second queue"

# clerk_screen NAME USER [VAR=VALUE...]: the installed program as USER in
# a tmux session NAME; a root shell around it writes its exit status where
# tui_ended looks for it.
clerk_screen() {
	_n=$1 _u=$2; shift 2
	{
		printf 'setpriv --reuid=%s --regid=%s --init-groups -- env USER=%s %s %s\n' \
			"$_u" "$(id -g "$_u")" "$_u" "$*" "$KK"
		printf 'echo $? >%s/.tui-%s.rc\n' "$T" "$_n"
	} >"$T/clerk-$_n.sh"
	rm -f "$T/.tui-$_n.rc"
	: >"$T/.tui-$_n.wrapped"	# tui_exit_status reads the .rc file
	_tmux new-session -d -s "$_n" -x 80 -y 24 "exec $(_tui_env) sh $T/clerk-$_n.sh"
	wait_for "$TUI_LIMIT" _tui_drawn "$_n" || _tui_show "$_n" "nothing drawn"
}
clerk_screen P "$C1" "SSH_CONNECTION='10.9.8.7 50022 10.0.0.1 22'"
clerk_screen Q "$C2"
expect_screen P "担当 $C1" "clerk 1's screen names their login"
expect_screen Q "担当 $C2" "clerk 2's screen names theirs"
expect_screen P '共用' "the title line says a town server"
expect_screen P '1 +入力中 +転入 +山﨑 大輔' "clerk 1 sees the town's visit"
expect_screen Q '1 +入力中 +転入 +山﨑 大輔' "so does clerk 2"

tui_keys P Enter
expect_screen P '\[世帯\]' "clerk 1 opens it"
# While screens are open the WAL and its index are there, and closed too.
TA=$R/var/lib/kakanai/$A
for f in kakanai.db-wal kakanai.db-shm; do
	if [ -e "$TA/$f" ]; then
		expect_exit 1 "a clerk cannot read $f" as "$C2" cat "$TA/$f"
		equal "$f is the group's only" "$(stat -c %a "$TA/$f")" "660"
	else
		not_ok "no $f while a screen is open"
	fi
done
tui_keys Q Enter
expect_screen Q "受付No\\.1 は 端末 10\\.9\\.8\\.7 .担当 $C1. が入力中です" \
	"clerk 2 is told clerk 1 holds it, at which terminal"
tui_keys Q F10
tui_ended Q && ok "clerk 2 ends" || not_ok "clerk 2 ends"

# Clerk 2 starts a visit of their own while clerk 1 works: both save.
clerk_screen Q2 "$C2"
tui_keys Q2 F6; tui_type Q2 3
expect_screen Q2 '受付No\.2' "clerk 2's new visit is No.2"

tui_keys P F4; tui_keys P F4
expect_screen P '\[手続\]' "procedures"
tui_keys P F4; tui_keys P F4
expect_screen P 'F5 で印刷します' "preview ready" 30
tui_keys P F5
expect_screen P 'プリンタ counterA' "the print screen names the counter's printer" 10
expect_screen P '印刷しました' "printed" 20
wait_file "$CUPS_OUT/counterA.pdf" 20
[ -s "$CUPS_OUT/counterA.pdf" ] && ok "the job reached counterA" || not_ok "nothing on counterA"
pdftotext "$CUPS_OUT/counterA.pdf" "$T/a.txt" 2>/dev/null
contains "and is the visit's forms" "$T/a.txt" "山﨑"
test ! -e "$CUPS_OUT/counter1.pdf" && ok "the town's printer got nothing" || not_ok "counter1 printed too"
tui_keys P F10
tui_ended P && ok "clerk 1 ends" || not_ok "clerk 1 ends"
tui_keys Q2 F10
tui_ended Q2 && ok "clerk 2 ends" || not_ok "clerk 2 ends"

# A counter with no mapping reprints on the town's printer.
clerk_screen R "$C2"
expect_screen R '1 +印刷済' "the visit is printed"
expect_screen R '中断した受付 No\.2' "clerk 2 is offered their own draft"
tui_keys R Down
tui_keys R F5
expect_screen R '印刷しました' "clerk 2 reprints" 20
wait_file "$CUPS_OUT/counter1.pdf" 20
[ -s "$CUPS_OUT/counter1.pdf" ] && ok "on the town's printer" || not_ok "nothing on counter1"
tui_keys R F10

# kill -9 of a clerk's screen: the hold ends with it.
clerk_screen K "$C1"
tui_keys K F2; tui_type K '2'; tui_keys K Enter
expect_screen K '2 +入力中' "clerk 1 finds clerk 2's draft"
tui_keys K Enter
expect_screen K '受付No\.2' "and opens it"
clerk_screen L "$C2"
tui_keys L F2; tui_type L '2'; tui_keys L Enter
expect_screen L '2 +入力中' "clerk 2 finds it"
tui_keys L Enter
expect_screen L "受付No\\.2 は 端末 .*担当 $C1. が入力中です" "clerk 2 is told clerk 1 has it"
tui_keys L F10
kpid=$(pgrep -P "$(tui_pid K)" -x kakanai)
[ -n "$kpid" ] && kill -9 "$kpid"
proc_gone "$kpid" && ok "clerk 1's screen was killed (kill -9)" || not_ok "clerk 1's screen still runs"
clerk_screen M "$C2"
tui_keys M F2; tui_type M '2'; tui_keys M Enter
expect_screen M '2 +入力中' "clerk 2 finds it again"
tui_keys M Enter
expect_screen M '受付No\.2 を続けます' "and may work on it: the hold ended with the process"
tui_keys M F10
tui_ended M && ok "ends" || not_ok "ends"

# A clerk of two towns is asked which one.
BOTH=kab$N
{
	printf 'setpriv --reuid=%s --regid=%s --init-groups -- env USER=%s %s\n' \
		"$BOTH" "$(id -g "$BOTH")" "$BOTH" "$KK"
	printf 'echo $? >%s/.tui-W.rc\n' "$T"
} >"$T/clerk-W.sh"
: >"$T/.tui-W.wrapped"
_tmux new-session -d -s W -x 80 -y 24 "exec $(_tui_env) sh $T/clerk-W.sh"
expect_screen W 'どの町で仕事をしますか' "a clerk of two towns is asked which"
expect_screen W "[12]\\) $B" "town B is one choice"
n=$(tui_screen W | sed -n "s/^ *\([12]\)) $B\$/\1/p")
tui_type W "$n"; tui_keys W Enter
expect_screen W '共用 日の出町' "the chosen town's screen opens"
tui_keys W F10
tui_ended W && ok "ends" || not_ok "ends"

as "$AD" "$KK" --audit >"$T/audit" 2>&1
contains "the print is audited under clerk 1's login" "$T/audit" "$C1	print"
contains "the reprint under clerk 2's" "$T/audit" "$C2	reprint"
contains "clerk 2's new visit under theirs" "$T/audit" "$C2	create	2"
finish
