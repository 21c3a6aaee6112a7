# tests/e2e/card-lib.sh - a private pcscd with a virtual reader, and the
# card emulator (tests/tools/myna-card.py) in it; for the 7N-card-*.sh
# tests. Sourced FIRST (before lib.sh): it re-runs the test inside its own
# mount and network namespaces (`unshare -m -n`), where a tmpfs over
# /run/pcscd gives the test's pcscd a socket no other program sees (this
# pcscd always uses /run/pcscd/pcscd.comm) and the emulator's TCP port
# 35963 lives on a loopback of its own. Nothing reaches the machine's own
# pcscd, readers or network.
#
# When that is impossible (not root; unshare refused, as in a container
# without CAP_SYS_ADMIN; pcscd, vpcd or python3 missing) the test reports
# one "skip" line with the reason and ends: skipped, never passed.
#
#   card_start              start pcscd with only the virtual reader
#   card_insert NAME [ARG]  (re)start the emulator with card NAME and wait
#                           until pcscd reports the card present
#   card_remove             stop the emulator, wait until pcscd sees no card
#   card_cli NAME ARGS...   run kakanai ARGS in tmux session NAME (a tty,
#                           for the PIN prompt)
#   $CARD_LOG               the emulator's APDU log (INS only, no data)

card_skip_reason() {
	[ "$(id -u)" = 0 ] || { echo "needs root for unshare -m -n (a private pcscd socket)"; return; }
	for _c in unshare pcscd ip python3; do
		command -v "$_c" >/dev/null 2>&1 || { echo "$_c is not installed"; return; }
	done
	[ -e /usr/lib/pcsc/drivers/serial/libifdvpcd.so ] || { echo "vsmartcard-vpcd is not installed"; return; }
	unshare -m -n true 2>/dev/null || { echo "unshare -m -n is refused here (no CAP_SYS_ADMIN)"; return; }
}
if [ -z "${KAKANAI_CARD_NS:-}" ]; then
	KAKANAI_CARD_SKIP=$(card_skip_reason)
	if [ -z "$KAKANAI_CARD_SKIP" ]; then
		KAKANAI_CARD_NS=1 exec unshare -m -n sh "$0" "$@"
	fi
	export KAKANAI_CARD_SKIP
fi

CARD_EMU_PID=""
CARD_PCSCD_PID=""
CARD_N=0

_card_stop() {
	[ -n "$CARD_EMU_PID" ] && kill "$CARD_EMU_PID" 2>/dev/null
	[ -n "$CARD_PCSCD_PID" ] && kill "$CARD_PCSCD_PID" 2>/dev/null
	[ -n "$CARD_PCSCD_PID" ] && wait "$CARD_PCSCD_PID" 2>/dev/null
}

# (card_start waits with lib.sh's wait_for: source lib.sh before it runs.)

card_start() {
	if [ -n "${KAKANAI_CARD_SKIP:-}" ]; then
		skip "card tests: $KAKANAI_CARD_SKIP"
		finish
	fi
	command -v pcsc-wait >/dev/null 2>&1 || {
		not_ok "pcsc-wait is not built (make build/tools/pcsc-wait)"; finish; }
	mkdir -p /run/pcscd
	mount -t tmpfs -o mode=0755 tmpfs /run/pcscd || { not_ok "tmpfs on /run/pcscd"; finish; }
	ip link set lo up || { not_ok "loopback up"; finish; }
	mkdir -p "$T/reader.conf.d"
	cat >"$T/reader.conf.d/vpcd" <<'CONF'
FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:0x8C7B
LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so
CHANNELID    0x8C7B
CONF
	at_exit _card_stop
	pcscd -f -c "$T/reader.conf.d" >"$T/pcscd.log" 2>&1 &
	CARD_PCSCD_PID=$!
	wait_for 30 test -S /run/pcscd/pcscd.comm || { not_ok "pcscd did not start"; cat "$T/pcscd.log"; finish; }
	CARD_LOG="$T/card.log"
	: >"$CARD_LOG"
	export KAKANAI_CARD_READER="Virtual PCD"
}

card_remove() {
	if [ -n "$CARD_EMU_PID" ]; then
		kill "$CARD_EMU_PID" 2>/dev/null
		wait "$CARD_EMU_PID" 2>/dev/null
		CARD_EMU_PID=""
	fi
	pcsc-wait absent "Virtual PCD" 30
}

card_insert() {
	card_remove
	CARD_N=$((CARD_N + 1))
	python3 "$ROOT/tests/tools/myna-card.py" --card "$@" \
	    --ready "$T/card-ready.$CARD_N" --log "$CARD_LOG" &
	CARD_EMU_PID=$!
	pcsc-wait present "Virtual PCD" 30
}

card_cli() {
	_n=$1; shift
	tui_start "$_n" 100 30 KAKANAI_CARD_READER=Virtual -- "$@"
}

# card_verifies: how many VERIFY APDUs carried a PIN since the log was cut.
card_verifies() { grep -c '^VERIFY-DATA' "$CARD_LOG"; }

# card_wait NAME REGEX [S]: like tui_wait, on the joined output (history
# and wrapped lines included), as a long message wraps on the screen.
card_wait() {
	_i=0; _max=$(( ${3:-5} * 10 ))
	while [ $_i -lt $_max ]; do
		if tui_all "$1" | grep -Eq -- "$2"; then return 0; fi
		sleep 0.1; _i=$((_i + 1))
	done
	return 1
}
