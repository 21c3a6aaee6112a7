#!/bin/sh
# 55-tui-print-fail.sh - printing that goes wrong keeps everything: with
# lp missing, or a printer that refuses the job, the clerk is told why
# (lp's own words), the visit stays unprinted with its PDF stored, and it
# is printed later from the reception list. lp runs without a shell: a
# printer name with shell characters reaches lp as one argument. The
# screen keeps answering keys while lp runs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

mkdir -p "$T/bin"
# An lp that takes its time and writes down its arguments, one per line.
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"%s/lp-args"\nsleep 2\necho "request id is counter1-7 (1 file(s))"\n' \
    "$T" >"$T/bin/lp-slow"
printf '#!/bin/sh\necho "lp: The printer or class does not exist." >&2\nexit 1\n' \
    >"$T/bin/lp-refuse"
chmod 755 "$T/bin/lp-slow" "$T/bin/lp-refuse"
# (a queue name has no blanks or slashes, so the shell's words are
# `touch>pwned`, run in the screen's folder $T)
printf 'town.name = 日出町\nprinter = counter1;touch>pwned\nclerk = sato\n' >"$T/kakanai.conf"
export KAKANAI_CONFIG="$T/kakanai.conf"
check "a visit stored from a file" kk --import-visit data/samples/hiji-family.visit

# Open it, go through to the preview and print with lp missing.
tui_start P KAKANAI_LP="$T/bin/no-such-lp"
expect_screen P '1 +入力中 +転入 +山﨑 大輔' "the imported visit is listed"
tui_keys P Enter
expect_screen P '\[世帯\]' "opened on the household screen"
tui_keys P F4; tui_keys P F4
expect_screen P '\[手続\]' "procedures"
tui_keys P F4; tui_keys P F4
expect_screen P 'F5 で印刷します' "preview ready" 20
tui_keys P F5
expect_screen P '印刷できませんでした' "lp missing: told so" 10
expect_screen P '印刷の命令を起動できません \(.*no-such-lp' "naming the program"
equal "still a draft" "$(sqlite3 "$KAKANAI_DB" 'SELECT status FROM visits WHERE id = 1')" "draft"
equal "its PDF is stored" "$(sqlite3 "$KAKANAI_DB" 'SELECT count(*) FROM documents WHERE visit_id = 1')" "1"
f=$(sqlite3 "$KAKANAI_DB" 'SELECT file FROM documents WHERE visit_id = 1')
[ -s "$f" ] && ok "the stored PDF file exists" || not_ok "no stored PDF at '$f'"
tui_keys P F10
tui_ended P && ok "ends" || not_ok "ends"

# A printer that refuses the job.
tui_start Q KAKANAI_LP="$T/bin/lp-refuse"
tui_keys Q F5
expect_screen Q 'プリンタが受け付けませんでした' "a refused job: said so" 10
if tui_screen Q | grep -q 'refused the job'; then
	not_ok "the reception list says it in Japanese only"
else ok "the reception list says it in Japanese only"; fi
equal "still a draft after the refusal" "$(sqlite3 "$KAKANAI_DB" 'SELECT status FROM visits WHERE id = 1')" "draft"
tui_keys Q F10
tui_ended Q && ok "ends" || not_ok "ends"

# Later, a printer that works (slowly): reprint from the list.
(cd "$T" && tui_start R KAKANAI_LP="$T/bin/lp-slow")
tui_keys R F5
expect_screen R 'プリンタ .* へ送っています' "reprint started"
tui_keys R F2
expect_screen R 'Esc やめる' "keys still answered while lp runs"
tui_keys R Escape
expect_screen R '印刷しました.*counter1-7' "printed later" 10
equal "now marked printed" "$(sqlite3 "$KAKANAI_DB" 'SELECT status FROM visits WHERE id = 1')" "printed"
equal "lp -d" "$(sed -n 1p "$T/lp-args")" "-d"
equal "lp got the printer name as one argument" "$(sed -n 2p "$T/lp-args")" "counter1;touch>pwned"
if [ -e "$T/pwned" ]; then not_ok "a shell ran the printer name"; else ok "no shell ran"; fi
equal "lp got the stored PDF" "$(tail -n 1 "$T/lp-args")" "$f"
tui_keys R F10
tui_ended R && ok "ends" || not_ok "ends"
finish
