# tests/e2e/tui-lib.sh - driving the counter screen in tmux, and a private
# CUPS server; sourced by the 5N-tui-*.sh tests after lib.sh.
#
# Each test gets its own tmux server (-L, a socket of its own) so tests and
# a developer's tmux never meet; panes stay after the program exits
# (remain-on-exit) so its exit status and last screen can be checked. The
# server is killed at exit. Screens are read with capture-pane, as a
# person would read them.
#
# Nothing here waits a fixed time: every helper that reads the screen
# waits until it shows the state asked for, for up to TUI_LIMIT seconds
# (10; generous, so a busy machine only makes a test slower), and on
# failure prints the screen it last saw. tui_type and tui_keys return once
# the program has taken the keys (the terminal's input queue is empty, see
# tests/tools/ttyq.c), it waits for the next, and tmux shows its screen;
# so a helper that decides from the screen what to press next (tui_select)
# never looks at a screen that has not caught up.
#
#   tui_start NAME [COLS LINES] [VAR=VALUE ...] [-- ARG ...]
#                             run $KAKANAI ARG ... in a session; returns
#                             once it has drawn its first screen (or ended)
#   tui_type NAME TEXT        type TEXT literally (IME-committed or pasted)
#   tui_keys NAME KEY...      send keys by name: Enter F4 C-u BSpace Left
#   tui_screen NAME           print the screen
#   tui_wrapped NAME          a pane command's start that notes the exit
#                             status (for sessions a test starts itself)
#   tui_select NAME MARK WANT [KEY]
#                             press KEY (Down) until the selected line (the
#                             one matching MARK) matches WANT
#   tui_focus NAME LABEL      move down to the field LABEL (tui_select)
#   tui_wait NAME REGEX [S]   wait up to S seconds (TUI_LIMIT) for the
#                             screen to match
#   tui_gone NAME REGEX [S]   wait until it no longer matches
#   tui_all NAME              everything shown, history included
#   tui_exit_status NAME      the program's exit status once it ended
#   tui_ended NAME            the program ended, with status 0
#   tui_pid NAME              the program's process id
#   proc_gone PID             the process has ended
#   tui_chrome_ok NAME        no East-Asian-ambiguous chrome characters
#   cups_start QUEUE          a private cupsd on 127.0.0.1 with QUEUE on the
#                             file: device; its jobs land unchanged in
#                             $CUPS_OUT/QUEUE.pdf; exports CUPS_SERVER;
#                             stopped at exit
TUI_LIMIT=${TUI_LIMIT:-10}
# The socket is named after the test's own folder, not its process id: a
# server another run left behind (killed before its clean-up) may hold a
# name made from a process id that has come round again.
TSOCK="kk-$(basename "$T")"
command -v tmux >/dev/null 2>&1 || { echo "not ok - tmux is not installed"; exit 1; }
command -v ttyq >/dev/null 2>&1 ||
    { echo "not ok - ttyq is not built (make $TOOLS/ttyq)"; exit 1; }

_tmux() { tmux -L "$TSOCK" -f /dev/null "$@"; }
_tui_stop() {
	_tmux kill-server 2>/dev/null
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TSOCK"
}
at_exit _tui_stop

# A session that holds the server and its options.
_tmux new-session -d -s keep -x 80 -y 24 "sleep 100000" || exit 1
_tmux set-option -g remain-on-exit on >/dev/null
_tmux set-option -g history-limit 1000 >/dev/null

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

# _tui_show NAME WHY: say why a helper gave up, and what the screen showed.
_tui_show() {
	echo "    ($2)"
	tui_screen "$1" | sed 's/^/    | /'
}

tui_screen() { _tmux capture-pane -p -t "$1"; }
# Everything the pane showed, history included, wrapped lines joined.
tui_all() { _tmux capture-pane -p -J -S - -t "$1"; }
tui_resize() { _tmux resize-window -t "$1" -x "$2" -y "$3"; }
# The program's process: the child of the shell tui_start runs it in
# (noted when it had drawn its first screen), or the pane's own process in
# a session a test started itself.
tui_pid() {
	if [ -e "$T/.tui-$1.pid" ]; then cat "$T/.tui-$1.pid"; return; fi
	_tmux display-message -p -t "$1" '#{pane_pid}'
}
tui_dead() { [ "$(_tmux display-message -p -t "$1" '#{pane_dead}')" = 1 ]; }
_tui_drawn() { tui_dead "$1" || tui_screen "$1" | grep -q '[^ ]'; }

# tui_wrapped NAME: the start of a pane command (the program and its
# arguments follow) that runs the program under a shell which writes down
# its exit status for tui_exit_status: tmux does not always learn it (a
# quick exit, a race with the terminal closing).
tui_wrapped() {
	rm -f "$T/.tui-$1.rc"
	: >"$T/.tui-$1.wrapped"
	printf "sh -c '\"\$0\" \"\$@\"; echo \$? >%s' " "$T/.tui-$1.rc"
}
tui_start() {
	_name=$1; shift
	_cols=80; _lines=24
	case "${1:-}" in [0-9]*) _cols=$1; _lines=$2; shift 2 ;; esac
	_vars=""
	while [ $# -gt 0 ] && [ "$1" != -- ]; do _vars="$_vars $1"; shift; done
	[ "${1:-}" = -- ] && shift
	rm -f "$T/.tui-$_name.pid"
	_tmux new-session -d -s "$_name" -x "$_cols" -y "$_lines" \
	    "exec $(_tui_env)$_vars $(tui_wrapped "$_name")$KAKANAI $*"
	# Keys sent before the screen is up would meet a terminal still in
	# line mode, which eats some of them (^U erases the line).
	if wait_for "$TUI_LIMIT" _tui_drawn "$_name"; then
		# The program's process, noted while it runs.
		_pp=$(_tmux display-message -p -t "$_name" '#{pane_pid}')
		set -- $(cat "/proc/$_pp/task/$_pp/children" 2>/dev/null)
		echo "${1:-}" >"$T/.tui-$_name.pid"
		return 0
	fi
	_tui_show "$_name" "nothing drawn in $TUI_LIMIT s"
	return 1
}
# _tui_idle NAME: the program has taken every key sent (its terminal's
# input queue is empty), waits for the next (it sleeps), and tmux shows
# what it drew (two captures agree); or it has ended.
_tui_idle() {
	tui_dead "$1" && return 0
	[ "$(ttyq "$(_tmux display-message -p -t "$1" '#{pane_tty}')")" = 0 ] ||
	    return 1
	_p=$(tui_pid "$1")
	case "$(sed 's/.*) //' "/proc/$_p/stat" 2>/dev/null)" in
	S*) ;;
	*) return 1 ;;
	esac
	[ "$(tui_screen "$1")" = "$(tui_screen "$1")" ]
}
# tui_settle NAME: wait until the program has taken every key sent and
# its screen shows the result, so what is read next is not stale.
tui_settle() {
	wait_for "$TUI_LIMIT" _tui_idle "$1" && return 0
	_tui_show "$1" "keys still not taken after $TUI_LIMIT s"
	return 1
}
tui_type() { _tmux send-keys -t "$1" -l "$2"; tui_settle "$1"; }
tui_keys() {
	_n=$1; shift
	for _k in "$@"; do _tmux send-keys -t "$_n" "$_k"; done
	tui_settle "$_n"
}

# proc_gone PID: the process has ended (a zombie not yet reaped counts).
_proc_ended() {
	[ -n "$1" ] || return 1		# no process named: nothing to see end
	[ -r "/proc/$1/stat" ] || return 0
	case "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null)" in Z*|X*) return 0 ;; esac
	return 1
}
proc_gone() { wait_for "$TUI_LIMIT" _proc_ended "$1"; }

_tui_rc() { [ -s "$T/.tui-$1.rc" ]; }
# In a session a test started itself, what tmux learnt: "Pane is dead
# (status N, ...)" or "(signal N, ...)"; #{pane_dead_status} is empty
# after a signal.
_tui_tmux_status() {
	_st=$(tui_screen "$1" | sed -n 's/.*Pane is dead (\(status\|signal\) \([0-9]*\).*/\1 \2/p')
	case "$_st" in
	"status "*) _st=${_st#status }; return 0 ;;
	"signal "*) return 0 ;;
	esac
	_st=$(_tmux display-message -p -t "$1" '#{pane_dead_status}')
	[ -n "$_st" ]
}
# Is the exit status there: written down by the shell around the program
# (tui_wrapped, or a test's own that writes $T/.tui-NAME.rc), else, in a
# session with no such shell, learnt by tmux?
_tui_status_known() {
	_tui_rc "$1" && return 0
	[ -e "$T/.tui-$1.wrapped" ] && return 1
	tui_dead "$1" && _tui_tmux_status "$1"
}
# The exit status; "running" if the program has not ended, "unknown" if no
# status came.
tui_exit_status() {
	if wait_for "$TUI_LIMIT" _tui_status_known "$1"; then
		if _tui_rc "$1"; then cat "$T/.tui-$1.rc"; else echo "$_st"; fi
		return
	fi
	if tui_dead "$1"; then echo unknown; else echo running; fi
}
# The program ended with status 0. Still running, another status, a
# signal, or no status at all ("unknown") is a failure.
tui_ended() {
	_st=$(tui_exit_status "$1")
	[ "$_st" = 0 ] && return 0
	_tui_show "$1" "status: $_st"
	return 1
}
_tui_match() { tui_screen "$1" | grep -Eq -- "$2"; }
_tui_absent() { ! _tui_match "$1" "$2"; }
tui_wait() { wait_for "${3:-$TUI_LIMIT}" _tui_match "$1" "$2"; }
# tui_gone NAME REGEX [S]: wait until the screen no longer matches (what a
# key removed may still be drawn for a moment).
tui_gone() { wait_for "${3:-$TUI_LIMIT}" _tui_absent "$1" "$2"; }
# The selected line: the first one matching MARK, with its line number so
# that a move to an identical line still counts.
_tui_selected() { tui_screen "$1" | grep -nE -- "$2" | head -n 1; }
_tui_moved() {
	_now=$(_tui_selected "$1" "$2")
	[ -n "$_now" ] && [ "$_now" != "$3" ]
}
# tui_select NAME MARK WANT [KEY]: press KEY (default Down, at most 40
# times) until the selected line matches WANT. Before it looks it waits
# until every key sent so far was taken and drawn, so it never presses on
# a screen that has not caught up (which would skip past WANT).
tui_select() {
	_i=0
	while [ $_i -lt 40 ]; do
		tui_settle "$1" || return 1
		_sel=$(_tui_selected "$1" "$2")
		printf '%s\n' "$_sel" | sed 's/^[0-9]*://' | grep -Eq -- "$3" && return 0
		_tmux send-keys -t "$1" "${4:-Down}"
		tui_settle "$1" || return 1
		if ! _tui_moved "$1" "$2" "$_sel"; then
			_tui_show "$1" "the selection did not move towards /$3/"
			return 1
		fi
		_i=$((_i + 1))
	done
	_tui_show "$1" "no /$3/ within 40 presses"
	return 1
}
# tui_focus NAME LABEL: move down to the field LABEL.
tui_focus() { tui_select "$1" '^> ' "^> $2"; }
# expect_screen NAME REGEX DESCRIPTION [SECONDS]: one ok / not ok line.
expect_screen() {
	if tui_wait "$1" "$2" "${4:-$TUI_LIMIT}"; then ok "$3"; else
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

# A private CUPS server: its own configuration, spool and port, and a
# queue on the file: device (FileDevice Yes) whose PPD passes PDF through
# unchanged (CUPS's gziptoany filter), so the printed file is the PDF
# kakanai sent, byte for byte. Needs root (cupsd).
# cupsd answers, or has died (no use waiting longer).
_cups_up() { lpstat -r >/dev/null 2>&1 || ! kill -0 "$CUPS_PID" 2>/dev/null; }
cups_start() {
	_q=$1
	[ -x /usr/sbin/cupsd ] || { echo "not ok - cupsd is not installed"; return 1; }
	CUPS_DIR=$T/cups
	CUPS_OUT=$CUPS_DIR/out
	mkdir -p "$CUPS_DIR/state" "$CUPS_DIR/cache" "$CUPS_DIR/spool" \
	    "$CUPS_DIR/tmp" "$CUPS_DIR/ppd" "$CUPS_OUT"
	# cupsd's children run as lp: they must reach and write these.
	chmod 755 "$T" "$CUPS_DIR"
	chmod 777 "$CUPS_OUT" "$CUPS_DIR/tmp"
	printf '%s\n' '*PPD-Adobe: "4.3"' '*FormatVersion: "4.3"' \
	    '*FileVersion: "1.0"' '*LanguageVersion: English' \
	    '*LanguageEncoding: ISOLatin1' '*PCFileName: "PASS.PPD"' \
	    '*Manufacturer: "kakanai"' '*Product: "(pass)"' \
	    '*ModelName: "kakanai pass-through"' \
	    '*ShortNickName: "kakanai pass-through"' \
	    '*NickName: "kakanai pass-through"' '*PSVersion: "(3010.000) 0"' \
	    '*LanguageLevel: "3"' '*ColorDevice: False' \
	    '*DefaultColorSpace: Gray' '*FileSystem: False' '*Throughput: "1"' \
	    '*cupsFilter2: "application/pdf application/vnd.cups-raw 0 gziptoany"' \
	    '*OpenUI *PageSize/Media Size: PickOne' '*DefaultPageSize: A4' \
	    '*PageSize A4/A4: ""' '*CloseUI: *PageSize' \
	    '*OpenUI *PageRegion: PickOne' '*DefaultPageRegion: A4' \
	    '*PageRegion A4/A4: ""' '*CloseUI: *PageRegion' \
	    '*DefaultImageableArea: A4' '*ImageableArea A4/A4: "0 0 595 842"' \
	    '*DefaultPaperDimension: A4' '*PaperDimension A4/A4: "595 842"' \
	    >"$CUPS_DIR/pass.ppd"
	cat >"$CUPS_DIR/cups-files.conf" <<EOF
ServerRoot $CUPS_DIR
StateDir $CUPS_DIR/state
CacheDir $CUPS_DIR/cache
RequestRoot $CUPS_DIR/spool
TempDir $CUPS_DIR/tmp
ErrorLog $CUPS_DIR/error_log
AccessLog $CUPS_DIR/access_log
PageLog $CUPS_DIR/page_log
ServerBin /usr/lib/cups
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
		# A busy machine can take long to start cupsd: wait for it
		# to answer (30 s at most), not for a fixed time.
		wait_for 30 _cups_up
		if lpstat -r >/dev/null 2>&1; then
			at_exit cups_stop
			# cupsd answers before it takes every request: retry the
			# queue's creation until it is there (30 s at most).
			wait_for 30 _cups_queue "$_q" && return 0
			echo "not ok - lpadmin $_q:"
			sed 's/^/    /' "$CUPS_DIR/lpadmin.out"
			return 1
		fi
		kill "$CUPS_PID" 2>/dev/null
		wait "$CUPS_PID" 2>/dev/null
		_try=$((_try + 1))
	done
	echo "not ok - cupsd did not start"; cat "$CUPS_DIR/cupsd.out" \
	    "$CUPS_DIR/error_log" 2>/dev/null | sed 's/^/    /'
	return 1
}
_cups_queue() {
	lpadmin -p "$1" -E -v "file://$CUPS_OUT/$1.pdf" -P "$CUPS_DIR/pass.ppd" \
	    >"$CUPS_DIR/lpadmin.out" 2>&1 && lpstat -p "$1" >/dev/null 2>&1
}
cups_stop() {
	[ -n "${CUPS_PID:-}" ] || return 0
	kill "$CUPS_PID" 2>/dev/null
	wait "$CUPS_PID" 2>/dev/null
	CUPS_PID=
}
# cups_wait_file QUEUE [S]: the printed file appears.
_cups_printed() { [ -s "$CUPS_OUT/$1.pdf" ]; }
cups_wait_file() { wait_for "${2:-$TUI_LIMIT}" _cups_printed "$1"; }
