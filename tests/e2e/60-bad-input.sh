#!/bin/sh
# Bad input (README "Bad input"): each row of the table, driven through the
# real binary. A malformed form definition; a visit file with unknown keys,
# bad dates and a bad My Number; bytes that are not UTF-8; a truncated or
# garbage font file; invalid CP932 in a postal import; a full disk and a
# read-only output folder while saving a PDF (no partial file is left, and
# an older complete file is kept whole); a database locked for a while
# (the command waits and nothing is lost) and for too long (a clear message,
# nothing half-stored, and the same command works once the lock goes).
# The printer rows are tests/unit/test-print-refused.c.
. "$(dirname "$0")/lib.sh"

VISIT=data/samples/hiji-family.visit
count_visits() { sqlite3 "$KAKANAI_DB" 'SELECT count(*) FROM visits' 2>/dev/null; }
# files_in DIR: the names in DIR, one line, sorted ("" if empty)
files_in() { ls -A "$1" 2>/dev/null | sort | tr '\n' ' ' | sed 's/ $//'; }

# ---------------------------------------------------------------- database
# Started first, in the background: a lock held for longer than kakanai
# waits while the other rows run. The wait (STORE_WAIT_MS, 60 s) is cut
# to LWAIT seconds with the test knob KAKANAI_STORE_WAIT_MS, so the row
# takes seconds; the code that waits and gives up is the same.
LWAIT=5
have_sqlite=1
command -v sqlite3 >/dev/null || have_sqlite=0
if [ "$have_sqlite" = 1 ]; then
	LDB="$T/lock.db"
	KAKANAI_DB=$LDB kk --import-visit data/samples/hinan-single.visit \
		>/dev/null 2>&1
	mkfifo "$T/lockfifo"
	sqlite3 "$LDB" <"$T/lockfifo" >"$T/lock.out" 2>&1 &
	lockpid=$!
	exec 7>"$T/lockfifo"
	stop_lock() { exec 7>&-; kill "$lockpid" 2>/dev/null; }
	at_exit stop_lock
	# a busy timeout, so that the probe below cannot make BEGIN fail
	printf '.timeout 10000\nBEGIN EXCLUSIVE;\n' >&7
	# wait until the lock is really held
	i=0
	while [ $i -lt 50 ] && sqlite3 "$LDB" 'BEGIN IMMEDIATE; ROLLBACK;' \
		>/dev/null 2>&1; do sleep 0.1; i=$((i + 1)); done
	lstart=$(date +%s)
	KAKANAI_DB=$LDB KAKANAI_STORE_WAIT_MS=$((LWAIT * 1000)) \
		kk --import-visit data/samples/misaki-elder.visit \
		>"$T/longlock.out" 2>&1 &
	longpid=$!
fi

# ------------------------------------------------- malformed form definition
mkdir -p "$T/forms"
cp forms/*.form "$T/forms/"
printf 'field  no.such.item 12 10 40 8\ntext 12 20 "unterminated\nrect 12 30 abc 10\n' \
	>>"$T/forms/jumin_ido.form"
n=$(wc -l <forms/jumin_ido.form)
expect_exit 1 "form: --check-forms refuses a malformed definition" \
	kk --check-forms --forms-dir "$T/forms"
contains "form: the unknown item is named with file:line" "$T/.out" \
	"jumin_ido.form:$((n + 1)): field: unknown item \"no.such.item\""
contains "form: the unterminated quote is named with file:line and column" \
	"$T/.out" "jumin_ido.form:$((n + 2)): column"
contains "form: the bad number is named with its line" "$T/.out" \
	"jumin_ido.form:$((n + 3)):"
contains "form: the other forms are still checked" "$T/.out" "ok  jidou_teate"
expect_exit 1 "form: a render with the malformed form is refused" \
	kk --render "$VISIT" --forms-dir "$T/forms" --forms jumin_ido --out "$T/f.pdf"
contains "form: it says nothing was done" "$T/.out" "jumin_ido.form:$((n + 1)):"
[ -e "$T/f.pdf" ] && not_ok "form: no PDF was written" || ok "form: no PDF was written"
printf 'form garbage\n\377\376\375 1 2\n' >"$T/forms/garbage.form"
expect_exit 1 "form: bytes that are not UTF-8 in a form are refused" \
	kk --check-forms --forms-dir "$T/forms"
contains "form: the non-UTF-8 line is named" "$T/.out" "garbage.form:2:"

# ------------------------------------- visit: unknown key, bad date, My Number
cat >"$T/bad.visit" <<'EOF'
event = 転入
filed_date = 2026-11-21
move_date = 2026-11-08
applicant.kind = 本人
favourite.colour = 青
person.1.name = 山田 太郎
person.1.kana = ヤマダ タロウ
person.1.birth = 昭和65年1月8日
person.1.sex = 男
person.1.relation = 世帯主
person.1.mynumber = 123456789012
person.2.birth = 2026-02-30
EOF
expect_exit 1 "visit: --check-visit refuses the file" kk --check-visit "$T/bad.visit"
contains "visit: unknown key with file:line: key" "$T/.out" "bad.visit:5: favourite.colour:"
contains "visit: 昭和65年 with file:line: key" "$T/.out" "bad.visit:8: person.1.birth: 昭和は64年"
contains "visit: 2月30日 with file:line: key" "$T/.out" "bad.visit:12: person.2.birth:"
contains "visit: bad My Number with file:line: key" "$T/.out" "bad.visit:11: person.1.mynumber:"
lacks "visit: the bad My Number is not echoed" "$T/.out" "123456789012"
lacks "visit: not even in part" "$T/.out" "9012"
before=$(count_visits)
expect_exit 1 "visit: --import-visit refuses it" kk --import-visit "$T/bad.visit"
contains "visit: nothing was stored" "$T/.out" "nothing was stored"
lacks "visit: the import does not echo the My Number" "$T/.out" "123456789012"
equal "visit: the database has no new visit" "$(count_visits)" "$before"
expect_exit 1 "visit: a good file with a bad one is not half-imported" \
	kk --import-visit data/samples/hinan-single.visit "$T/bad.visit"
equal "visit: still no new visit" "$(count_visits)" "$before"
expect_exit 1 "visit: a render is refused too" kk --render "$T/bad.visit" --out "$T/v.pdf"
[ -e "$T/v.pdf" ] && not_ok "visit: no PDF" || ok "visit: no PDF"

# ---------------------------------------------------------- not UTF-8 bytes
printf 'event = 転入\nperson.1.name = \377\376山田\nnote = \343\201\n' >"$T/latin.visit"
expect_exit 1 "utf-8: a visit with non-UTF-8 bytes is refused" kk --check-visit "$T/latin.visit"
contains "utf-8: the line, key and byte offset are named" "$T/.out" "latin.visit:2: person.1.name: UTF-8 ではありません(バイト位置"
contains "utf-8: a cut-off character is named too" "$T/.out" "latin.visit:3:"
expect_exit 1 "utf-8: a non-UTF-8 postal code argument is refused" \
	kk --lookup-postal "$(printf '19\37700182')"
# The terminal: bytes that are not UTF-8 typed at the counter screen (a
# terminal set to Shift_JIS or EUC-JP, line noise) are dropped, and what is
# typed after them still arrives. The line editor itself is fuzzed
# (tests/fuzz/fuzz-edit.c).
if [ -f src/ui/ui-edit.c ] && command -v tmux >/dev/null; then
	S=kk-bad-$$
	stop_tmux() { tmux kill-session -t "$S" 2>/dev/null; }
	at_exit stop_tmux
	tmux new-session -d -s "$S" -x 80 -y 24 \
		"$KAKANAI; echo \$? >$T/tui.rc; sleep 60"
	# screen_has TEXT: wait up to 10 s for TEXT on the screen
	screen_has() {
		i=0
		while [ $i -lt 100 ]; do
			tmux capture-pane -p -t "$S" >"$T/screen.txt" 2>/dev/null
			grep -qF -- "$1" "$T/screen.txt" && return 0
			sleep 0.1
			i=$((i + 1))
		done
		return 1
	}
	if screen_has "F10"; then ok "terminal: the counter screen is up"; else
		not_ok "terminal: the counter screen did not start"; sed 's/^/    /' "$T/screen.txt"
	fi
	tmux send-keys -t "$S" C-f
	tmux send-keys -t "$S" -l 'やま'
	screen_has "検索: やま" && ok "terminal: typed text arrives" \
		|| not_ok "terminal: typed text arrives"
	# 0xFF, 0xFE, an overlong C0 80, a cut-off E3 81, a surrogate ED A0 80
	tmux send-keys -t "$S" -H ff fe c0 80 e3 81
	tmux send-keys -t "$S" -l 'だ'
	tmux send-keys -t "$S" -H ed a0 80
	tmux send-keys -t "$S" -l 'ab'
	if screen_has "検索: やまだab"; then
		ok "terminal: text typed after non-UTF-8 bytes still arrives"
	else
		not_ok "terminal: text typed after non-UTF-8 bytes still arrives"
		sed -n 3p "$T/screen.txt" | sed 's/^/    screen: /'
	fi
	lacks "terminal: no replacement garbage on the screen" "$T/screen.txt" "�"
	tmux send-keys -t "$S" Escape
	screen_has "検索: (F2 で検索)" || not_ok "terminal: Esc did not end the search"
	tmux send-keys -t "$S" C-x
	# ended_rc: wait up to 10 s for the exit status the pane writes
	ended_rc() {
		i=0
		while [ $i -lt 100 ] && [ ! -s "$T/tui.rc" ]; do sleep 0.1; i=$((i + 1)); done
	}
	ended_rc
	if [ ! -s "$T/tui.rc" ]; then
		tmux send-keys -t "$S" F10
		ended_rc
		not_ok "terminal: ^X still quits after non-UTF-8 bytes (F10 did: $(cat "$T/tui.rc" 2>/dev/null))"
	else
		equal "terminal: ^X quits cleanly afterwards" "$(cat "$T/tui.rc")" 0
	fi
	stop_tmux
else
	not_ok "terminal: non-UTF-8 bytes at the counter screen cannot be tested: no src/ui/ui-edit.c or tmux"
fi

# ---------------------------------------------- truncated or garbage font
H="$T/home"
mkdir -p "$H/fonts" "$T/tmp"
ln -s "$ROOT/data" "$ROOT/forms" "$H/"
MINCHO=/usr/share/fonts/truetype/bizud-mincho/BIZUDMincho-Regular.ttf
GOTHIC=/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf
printf 'mincho = town.ttf\ngothic = %s\n' "$GOTHIC" >"$H/fonts/fontmap"
head -c 40000 "$MINCHO" >"$H/fonts/town.ttf"
KAKANAI_HOME=$H TMPDIR=$T/tmp expect_exit 1 "font: a truncated font is refused" \
	kk --render "$VISIT" --out "$T/font.pdf"
contains "font: the map line and file are named" "$T/.out" "fontmap:1: $H/fonts/town.ttf:"
contains "font: and what is wrong with it" "$T/.out" "runs past the end of the file"
[ -e "$T/font.pdf" ] && not_ok "font: no PDF" || ok "font: no PDF"
head -c 3000 /dev/urandom >"$H/fonts/town.ttf"
KAKANAI_HOME=$H TMPDIR=$T/tmp expect_exit 1 "font: a garbage font is refused" \
	kk --render "$VISIT" --out "$T/font.pdf"
contains "font: garbage is named" "$T/.out" "town.ttf: not a TrueType font"
: >"$H/fonts/town.ttf"
KAKANAI_HOME=$H TMPDIR=$T/tmp expect_exit 1 "font: an empty font file is refused" \
	kk --render "$VISIT" --out "$T/font.pdf"
contains "font: the empty file is named" "$T/.out" "town.ttf:"
equal "font: no temporary file is left" "$(files_in "$T/tmp")" ""
rm -f "$H/fonts/town.ttf"
KAKANAI_HOME=$H expect_exit 1 "font: a missing font file is refused" \
	kk --render "$VISIT" --out "$T/font.pdf"
contains "font: the missing file is named" "$T/.out" "town.ttf"

# --------------------------------------------------- invalid CP932 in import
# Real KEN_ALL lines are CP932 (half-width kana, kanji); iconv makes them.
line1='13305,"190  ","1900999","ﾄｳｷｮｳﾄ","ﾆｼﾀﾏｸﾞﾝﾋﾉﾃﾞﾏﾁ","ﾃｽﾄ","東京都","西多摩郡日の出町","テスト",0,0,0,0,0,0'
line2='13305,"190  ","1900182","ﾄｳｷｮｳﾄ","ﾆｼﾀﾏｸﾞﾝﾋﾉﾃﾞﾏﾁ","ﾋﾗｲ","東京都","西多摩郡日の出町","平井",0,0,0,0,0,0'
printf '%s\r\n' "$line1" | iconv -f UTF-8 -t CP932 >"$T/good.csv"
# line 2: 平 then 0x81 0x20 - a lead byte with no trail byte
printf '%s\r\n' "$line2" | iconv -f UTF-8 -t CP932 | LC_ALL=C sed "s/\"\(\x95\xbd\)/\"\1\x81 /" >"$T/bad2.csv"
printf '\201 \r\n' | cat "$T/good.csv" - >"$T/bad-cp932.csv"
expect_exit 1 "cp932: an undecodable byte is refused" kk --import-postal "$T/bad-cp932.csv"
contains "cp932: the line is named" "$T/.out" "bad-cp932.csv:2"
contains "cp932: it says the byte is not CP932" "$T/.out" "byte 0x81 (offset 105) is not valid CP932"
expect_exit 0 "cp932: the postal codes are unchanged" kk --lookup-postal 1900182
contains "cp932: 平井 is still there" "$T/.out" "平井"
expect_exit 1 "cp932: its good line 1 was not stored" kk --lookup-postal 1900999
cat "$T/good.csv" "$T/bad2.csv" >"$T/half.csv"
expect_exit 1 "cp932: a file bad inside a kanji field is refused" kk --import-postal "$T/half.csv"
contains "cp932: line 2 is named" "$T/.out" "half.csv:2"
expect_exit 0 "cp932: the good file alone imports (the test can fail)" kk --import-postal "$T/good.csv"
expect_exit 0 "cp932: and its code is there" kk --lookup-postal 1900999
contains "cp932: decoded" "$T/.out" "西多摩郡日の出町	テスト"
# UTF-8 cut in the middle of a character
printf '13305,"190  ","1900182","ﾄｳｷｮｳﾄ","ﾆｼﾀﾏｸﾞﾝﾋﾉﾃﾞﾏﾁ","ﾋﾗｲ","東京都","西多摩郡日の出町","平\351\207' \
	>"$T/cut.csv"
expect_exit 1 "cp932: a cut UTF-8 file is refused" kk --import-postal "$T/cut.csv"
contains "cp932: the cut file names its line" "$T/.out" "cut.csv:1"

# ------------------------------------ full disk, read-only output folder
full="$T/full"
mkdir -p "$full"
if mount -t tmpfs -o size=256k tmpfs "$full" 2>/dev/null; then
	unmount_full() { umount "$full" 2>/dev/null || umount -l "$full"; }
	at_exit unmount_full
	# a complete PDF from before, then the disk fills up
	expect_exit 0 "disk: a PDF is written while there is room" \
		kk --render "$VISIT" --out "$full/visit.pdf" --quiet
	sum=$(sha256sum <"$full/visit.pdf")
	size=$(stat -c %s "$full/visit.pdf")
	avail=$(df -k --output=avail "$full" | tail -n 1)
	# leave less room than one more PDF needs, but some
	fill=$((avail - size / 1024 / 2))
	[ "$fill" -gt 0 ] && dd if=/dev/zero of="$full/fill" bs=1k count="$fill" 2>/dev/null
	expect_exit 1 "disk: overwriting on a full disk fails" \
		kk --render "$VISIT" --out "$full/visit.pdf" --quiet
	contains "disk: the message says the disk is full" "$T/.out" "No space left on device"
	equal "disk: the older PDF is intact" "$(sha256sum <"$full/visit.pdf")" "$sum"
	expect_exit 1 "disk: a new PDF on a full disk fails" \
		kk --render "$VISIT" --out "$full/new.pdf" --quiet
	[ -e "$full/new.pdf" ] && not_ok "disk: no partial new.pdf" || ok "disk: no partial new.pdf"
	equal "disk: no temporary file is left" "$(files_in "$full")" "fill visit.pdf"
	RDB="$T/regen.db"
	KAKANAI_DB=$RDB kk --import-visit "$VISIT" >/dev/null 2>&1
	KAKANAI_DB=$RDB expect_exit 1 "disk: --regenerate onto a full disk fails" \
		kk --regenerate --out "$full" --quiet
	contains "disk: the visit is named" "$T/.out" "visit 1:"
	contains "disk: with the reason" "$T/.out" "No space left on device"
	equal "disk: --regenerate leaves no file" "$(files_in "$full")" "fill visit.pdf"
	rm -f "$full/fill"
	mount -o remount,ro "$full"
	expect_exit 1 "read-only: a render into a read-only folder fails" \
		kk --render "$VISIT" --out "$full/ro.pdf" --quiet
	contains "read-only: the message says so" "$T/.out" "Read-only file system"
	equal "read-only: nothing was written" "$(files_in "$full")" "visit.pdf"
	KAKANAI_DB=$RDB expect_exit 1 "read-only: --regenerate into it fails" \
		kk --regenerate --out "$full" --quiet
	contains "read-only: --regenerate says so" "$T/.out" "Read-only file system"
	unmount_full
else
	skip "cannot mount a tmpfs here (not root?): full disk and read-only rows untested"
fi

# ---------------------------------------------------------------- database
if [ "$have_sqlite" = 1 ]; then
	# a short lock while the long one is still waiting on another file
	SDB="$T/short.db"
	KAKANAI_DB=$SDB kk --import-visit data/samples/hinan-single.visit >/dev/null 2>&1
	mkfifo "$T/shortfifo"
	sqlite3 "$SDB" <"$T/shortfifo" >/dev/null 2>&1 &
	shortpid=$!
	exec 8>"$T/shortfifo"
	printf '.timeout 10000\nBEGIN EXCLUSIVE;\n' >&8
	i=0
	while [ $i -lt 50 ] && sqlite3 "$SDB" 'BEGIN IMMEDIATE; ROLLBACK;' \
		>/dev/null 2>&1; do sleep 0.1; i=$((i + 1)); done
	( sleep 3; echo 'COMMIT;' >&8 ) &
	s0=$(date +%s)
	KAKANAI_DB=$SDB expect_exit 0 "locked: an import waits for a 3 s lock" \
		kk --import-visit data/samples/misaki-elder.visit
	s1=$(date +%s)
	exec 8>&-
	wait "$shortpid" 2>/dev/null
	[ $((s1 - s0)) -ge 2 ] && ok "locked: it did wait ($((s1 - s0)) s)" \
		|| not_ok "locked: it did not wait for the lock ($((s1 - s0)) s)"
	lacks "locked: no 'database is locked' for the clerk" "$T/.out" "database is locked"
	equal "locked: both visits are there" \
		"$(sqlite3 "$SDB" 'SELECT count(*) FROM visits')" 2

	# the long lock: kakanai gives up with a clear message
	wait "$longpid"
	rc=$?
	lend=$(date +%s)
	equal "locked long: the import gives up with exit 1" "$rc" 1
	[ $((lend - lstart)) -ge $((LWAIT - 1)) ] && ok "locked long: after waiting ($((lend - lstart)) s)" \
		|| not_ok "locked long: gave up after only $((lend - lstart)) s"
	# store.h: "database is locked" never reaches a user; the clerk is
	# told which file was not stored and that it can be tried again.
	contains "locked long: the message names the visit file" "$T/longlock.out" "misaki-elder.visit"
	lacks "locked long: not SQLite's bare 'database is locked'" "$T/longlock.out" "database is locked"
	contains "locked long: it says the database is busy and to try again" \
		"$T/longlock.out" "the database is busy"
	echo 'COMMIT;' >&7
	exec 7>&-
	wait "$lockpid" 2>/dev/null
	equal "locked long: nothing half-stored" \
		"$(sqlite3 "$LDB" 'SELECT count(*) FROM visits')" 1
	KAKANAI_DB=$LDB expect_exit 0 "locked long: the same import works once the lock goes" \
		kk --import-visit data/samples/misaki-elder.visit
	equal "locked long: now both visits are there" \
		"$(sqlite3 "$LDB" 'SELECT count(*) FROM visits')" 2
	equal "locked long: with every item" \
		"$(sqlite3 "$LDB" "SELECT count(*) FROM visit_items WHERE visit_id = 2")" \
		"$(sqlite3 "$SDB" "SELECT count(*) FROM visit_items WHERE visit_id = 2")"
else
	not_ok "locked: sqlite3 is not installed (make deps)"
fi

finish
