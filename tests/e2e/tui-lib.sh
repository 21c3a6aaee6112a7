# tests/e2e/tui-lib.sh - driving the counter screen in tmux, and a private
# CUPS server; sourced by the 5N-tui-*.sh tests after lib.sh.
#
# Each test gets its own tmux server (-L, a socket of its own) so tests and
# a developer's tmux never meet; panes stay after the program exits
# (remain-on-exit) so its exit status and last screen can be checked. The
# server is killed at exit. Screens are read with capture-pane, as a
# person would read them.
#
#   tui_start NAME [COLS LINES] [VAR=VALUE ...]   run $KAKANAI in a session
#   tui_type NAME TEXT        type TEXT literally (IME-committed or pasted)
#   tui_keys NAME KEY...      send keys by name: Enter F4 C-u BSpace Left
#   tui_screen NAME           print the screen
#   tui_focus NAME LABEL      move down to the field LABEL
#   tui_wait NAME REGEX [S]   wait up to S seconds (5) for the screen to match
#   tui_exit_status NAME      the program's exit status once it ended
#   tui_pid NAME              the program's process id
#   tui_chrome_ok NAME        no East-Asian-ambiguous chrome characters
#   cups_start QUEUE          a private cupsd on 127.0.0.1 with QUEUE, whose
#                             jobs land in $CUPS_OUT/QUEUE.pdf; exports
#                             CUPS_SERVER; stopped at exit
TSOCK="kk-e2e-$$"
command -v tmux >/dev/null 2>&1 || { echo "not ok - tmux is not installed"; exit 1; }

_tmux() { tmux -L "$TSOCK" -f /dev/null "$@"; }
_tui_stop() { _tmux kill-server 2>/dev/null; }
at_exit _tui_stop

# A session that holds the server and its options.
_tmux new-session -d -s keep -x 80 -y 24 "sleep 100000" || exit 1
_tmux set-option -g remain-on-exit on >/dev/null
_tmux set-option -g history-limit 0 >/dev/null

# The environment the program runs with (tmux would give it the server's).
_tui_env() {
	printf 'env -i PATH=%s HOME=%s TERM=screen LANG=%s LC_ALL=%s' \
	    "$PATH" "$HOME" "${TUI_LANG:-C.UTF-8}" "${TUI_LANG:-C.UTF-8}"
	for v in KAKANAI_TODAY KAKANAI_DB KAKANAI_CONFIG KAKANAI_HOME \
	    XDG_DATA_HOME XDG_CONFIG_HOME CUPS_SERVER KAKANAI_LP TMPDIR; do
		eval "val=\${$v:-}"
		[ -n "$val" ] && printf ' %s=%s' "$v" "$val"
	done
}

tui_start() {
	_name=$1; shift
	_cols=80; _lines=24
	case "${1:-}" in [0-9]*) _cols=$1; _lines=$2; shift 2 ;; esac
	_tmux new-session -d -s "$_name" -x "$_cols" -y "$_lines" \
	    "exec $(_tui_env) $* $KAKANAI"
}
tui_type() { _tmux send-keys -t "$1" -l "$2"; sleep 0.05; }
tui_keys() { _n=$1; shift; for _k in "$@"; do _tmux send-keys -t "$_n" "$_k"; done; sleep 0.05; }
tui_screen() { _tmux capture-pane -p -t "$1"; }
tui_resize() { _tmux resize-window -t "$1" -x "$2" -y "$3"; }
tui_pid() { _tmux display-message -p -t "$1" '#{pane_pid}'; }
tui_dead() { [ "$(_tmux display-message -p -t "$1" '#{pane_dead}')" = 1 ]; }
tui_exit_status() {
	_i=0
	while ! tui_dead "$1" && [ $_i -lt 50 ]; do sleep 0.1; _i=$((_i + 1)); done
	tui_dead "$1" || { echo running; return; }
	_st=$(_tmux display-message -p -t "$1" '#{pane_dead_status}')
	_sig=$(_tmux display-message -p -t "$1" '#{pane_dead_signal}')
	if [ -n "$_sig" ]; then echo "signal $_sig"; else echo "${_st:-0}"; fi
}
tui_wait() {
	_i=0; _max=$(( ${3:-5} * 10 ))
	while [ $_i -lt $_max ]; do
		if tui_screen "$1" | grep -Eq -- "$2"; then return 0; fi
		sleep 0.1; _i=$((_i + 1))
	done
	return 1
}
# tui_focus NAME LABEL: move down (at most 40 fields) to the field LABEL.
tui_focus() {
	_i=0
	while [ $_i -lt 40 ]; do
		tui_screen "$1" | grep -q "^> $2" && return 0
		_tmux send-keys -t "$1" Down; sleep 0.05; _i=$((_i + 1))
	done
	return 1
}
# expect_screen NAME REGEX DESCRIPTION [SECONDS]: one ok / not ok line.
expect_screen() {
	if tui_wait "$1" "$2" "${4:-5}"; then ok "$3"; else
		not_ok "$3 (screen does not show /$2/)"
		tui_screen "$1" | sed 's/^/    | /'
	fi
}
# Box drawing, arrows, circles, reference marks, blocks: drawn wide or
# narrow depending on the terminal, so never in the screen's own chrome.
# (East Asian Width "A": U+2500-259F, U+25A0-25FF, U+2190-21FF, ※ … ‥
# · × ÷ § ° ①-⑳, ★ ☆.) Reads the screen, or stdin when NAME is "-".
tui_ambiguous() {
	grep -P '[\x{2500}-\x{25FF}\x{2190}-\x{21FF}\x{203B}\x{2025}\x{2026}\x{00B7}\x{00D7}\x{00F7}\x{00A7}\x{00B0}\x{2460}-\x{24FF}\x{2605}\x{2606}]'
}
tui_chrome_ok() {
	if [ "$1" = - ]; then _s=$(cat); else _s=$(tui_screen "$1"); fi
	printf '%s\n' "$_s" | tui_ambiguous >/dev/null && return 1
	return 0
}

# A private CUPS server: its own configuration, spool and port, a queue
# whose backend writes each job's bytes to a file. Needs root (cupsd).
cups_start() {
	_q=$1
	command -v cupsd >/dev/null 2>&1 || command -v /usr/sbin/cupsd \
	    >/dev/null 2>&1 || { echo "not ok - cupsd is not installed"; return 1; }
	CUPS_DIR=$T/cups
	CUPS_OUT=$CUPS_DIR/out
	mkdir -p "$CUPS_DIR/state" "$CUPS_DIR/cache" "$CUPS_DIR/spool" \
	    "$CUPS_DIR/tmp" "$CUPS_DIR/ppd" "$CUPS_DIR/bin/backend" "$CUPS_OUT"
	chmod 755 "$T"
	chmod 777 "$CUPS_OUT" "$CUPS_DIR/tmp"
	for _x in filter daemon cgi-bin notifier monitor driver; do
		[ -e "/usr/lib/cups/$_x" ] && ln -sfn "/usr/lib/cups/$_x" \
		    "$CUPS_DIR/bin/$_x"
	done
	cat >"$CUPS_DIR/bin/backend/save" <<'EOF'
#!/bin/sh
# save:/PATH - write the job's bytes, unfiltered, to PATH.
[ $# -eq 0 ] && { echo 'file save "Unknown" "Save to a file"'; exit 0; }
out=${DEVICE_URI#save:}
if [ -n "${6:-}" ]; then cat "$6" >"$out.tmp"; else cat >"$out.tmp"; fi &&
mv "$out.tmp" "$out"
EOF
	chmod 700 "$CUPS_DIR/bin/backend/save"
	cat >"$CUPS_DIR/cups-files.conf" <<EOF
ServerRoot $CUPS_DIR
StateDir $CUPS_DIR/state
CacheDir $CUPS_DIR/cache
RequestRoot $CUPS_DIR/spool
TempDir $CUPS_DIR/tmp
ErrorLog $CUPS_DIR/error_log
AccessLog $CUPS_DIR/access_log
PageLog $CUPS_DIR/page_log
ServerBin $CUPS_DIR/bin
DataDir /usr/share/cups
FileDevice Yes
SystemGroup root
User lp
Group lp
EOF
	_try=0
	while [ $_try -lt 5 ]; do
		CUPS_PORT=$(( 20000 + ($$ * 7 + _try * 131) % 30000 ))
		cat >"$CUPS_DIR/cupsd.conf" <<EOF
Listen 127.0.0.1:$CUPS_PORT
LogLevel warn
Browsing No
DefaultAuthType None
WebInterface No
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
		/usr/sbin/cupsd -f -c "$CUPS_DIR/cupsd.conf" \
		    -s "$CUPS_DIR/cups-files.conf" >"$CUPS_DIR/cupsd.out" 2>&1 &
		CUPS_PID=$!
		export CUPS_SERVER=127.0.0.1:$CUPS_PORT
		_i=0
		while [ $_i -lt 50 ]; do
			lpstat -r >/dev/null 2>&1 && break
			kill -0 "$CUPS_PID" 2>/dev/null || break
			sleep 0.1; _i=$((_i + 1))
		done
		if lpstat -r >/dev/null 2>&1; then
			at_exit cups_stop
			lpadmin -p "$_q" -E -v "save:$CUPS_OUT/$_q.pdf" -m raw \
			    >/dev/null 2>&1 || return 1
			return 0
		fi
		kill "$CUPS_PID" 2>/dev/null
		wait "$CUPS_PID" 2>/dev/null
		_try=$((_try + 1))
	done
	echo "not ok - cupsd did not start"; cat "$CUPS_DIR/cupsd.out" \
	    "$CUPS_DIR/error_log" 2>/dev/null | sed 's/^/    /'
	return 1
}
cups_stop() {
	[ -n "${CUPS_PID:-}" ] || return 0
	kill "$CUPS_PID" 2>/dev/null
	wait "$CUPS_PID" 2>/dev/null
	CUPS_PID=
}
# cups_wait_file QUEUE [S]: the printed file appears.
cups_wait_file() {
	_i=0; _max=$(( ${2:-10} * 10 ))
	while [ $_i -lt $_max ]; do
		[ -s "$CUPS_OUT/$1.pdf" ] && return 0
		sleep 0.1; _i=$((_i + 1))
	done
	return 1
}
