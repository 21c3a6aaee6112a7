#!/bin/sh
# 59-tui-print-hang.sh - printing never hangs the screen: an lp that
# ignores SIGTERM and leaves a child that ignores it too is stopped after
# printer.timeout with everything it started, and the clerk is told; F10
# while such an lp runs ends the screen within 15 seconds, and no process
# of the print is left.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

mkdir -p "$T/bin"
# lp that hangs: ignores SIGTERM, starts a child that ignores it too, and
# writes both process ids down
cat >"$T/bin/lp-hang" <<EOS
#!/bin/sh
trap '' TERM
echo \$\$ >"$T/lp.pid.tmp"; mv "$T/lp.pid.tmp" "$T/lp.pid"
sh -c 'trap "" TERM; echo \$\$ >"$T/child.pid.tmp"; mv "$T/child.pid.tmp" "$T/child.pid"; while :; do sleep 1; done' &
while :; do sleep 1; done
EOS
chmod 755 "$T/bin/lp-hang"
check "a visit stored from a file" kk --import-visit data/samples/hiji-family.visit


# to_preview NAME [resume]: open visit 1 and go to the preview (where a
# second opening resumes), then print (F5)
to_preview() {
	expect_screen "$1" '1 +入力中 +転入 +山﨑 大輔' "$1: the visit is listed"
	tui_keys "$1" Enter
	if [ "${2:-}" != resume ]; then
		expect_screen "$1" '\[世帯\]' "$1: opened"
		tui_keys "$1" F4; tui_keys "$1" F4
		expect_screen "$1" '\[手続\]' "$1: procedures"
		tui_keys "$1" F4; tui_keys "$1" F4
	fi
	expect_screen "$1" 'F5 で印刷します' "$1: preview ready" 30
	tui_keys "$1" F5
}

# 1. the timeout from the configuration stops lp and its child
printf 'town.name = 日出町\nprinter = counter1\nprinter.timeout = 2\n' >"$T/kakanai.conf"
export KAKANAI_CONFIG="$T/kakanai.conf"
tui_start A KAKANAI_LP="$T/bin/lp-hang"
to_preview A
wait_file "$T/child.pid" 20 && ok "lp and its child are running" || not_ok "lp did not start its child"
expect_screen A '2秒以内に終わらないため止めました' "the clerk is told lp was stopped" 20
lp=$(cat "$T/lp.pid"); child=$(cat "$T/child.pid")
proc_gone "$lp" && ok "lp is gone" || not_ok "lp $lp still runs"
proc_gone "$child" && ok "lp's child is gone" || not_ok "lp's child $child still runs"
equal "the visit is still a draft" "$(sqlite3 "$KAKANAI_DB" 'SELECT status FROM visits WHERE id = 1')" "draft"
tui_keys A F10
tui_ended A && ok "A ends" || not_ok "A ends"

# 2. F10 while lp hangs (default timeout, 60 s): back within 15 s
rm -f "$T/lp.pid" "$T/child.pid"
printf 'town.name = 日出町\nprinter = counter1\n' >"$T/kakanai.conf"
tui_start B KAKANAI_LP="$T/bin/lp-hang"
to_preview B resume
wait_file "$T/child.pid" 20 && ok "B: lp and its child are running" || not_ok "B: lp did not start its child"
t0=$(date +%s)
tui_keys B F10
wait_for 30 tui_dead B
t1=$(date +%s)
tui_dead B && ok "F10 ends the screen while lp hangs" || not_ok "F10: the screen still runs"
[ $((t1 - t0)) -le 15 ] && ok "within 15 seconds ($((t1 - t0)) s)" || not_ok "F10 took $((t1 - t0)) s"
lp=$(cat "$T/lp.pid"); child=$(cat "$T/child.pid")
proc_gone "$lp" && ok "B: lp is gone" || not_ok "B: lp $lp still runs"
proc_gone "$child" && ok "B: lp's child is gone" || not_ok "B: lp's child $child still runs"
finish
