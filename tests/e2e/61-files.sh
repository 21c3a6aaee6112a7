#!/bin/sh
# Secrets and files: the database and stored PDFs are created 0600 in 0700
# folders even with umask 0; a rendered PDF is 0600 and written through a
# temporary name in its own folder; a render leaves nothing in $TMPDIR,
# whether it succeeds or is refused, and (under strace, when installed)
# creates no file anywhere but its output and the database; a --forms or
# --form id that names a path is refused; no shell anywhere in src/; a
# My Number never appears in what a render, import, check, regeneration or
# export prints, nor in the audit log or an export without --with-mynumber.
. "$(dirname "$0")/lib.sh"

VISIT=data/samples/hiji-family.visit
MN1=520193847564		# person.1.mynumber of that sample
MN2=716302984153

# ----------------------------------------------- database and stored PDFs
unset KAKANAI_DB
export XDG_DATA_HOME="$T/xdg"
(umask 0; kk --import-visit "$VISIT" >"$T/import.out" 2>&1)
DB="$T/xdg/kakanai/kakanai.db"
[ -f "$DB" ] && ok "files: the default database is under XDG_DATA_HOME" \
	|| not_ok "files: no database at $DB"
equal "files: the database is 0600 (umask 0)" "$(stat -c %a "$DB" 2>/dev/null)" 600
equal "files: its folder is 0700 (umask 0)" "$(stat -c %a "$T/xdg/kakanai" 2>/dev/null)" 700
for f in "$DB-wal" "$DB-shm" "$DB-journal"; do
	[ -e "$f" ] || continue
	equal "files: $(basename "$f") is 0600" "$(stat -c %a "$f")" 600
done
(umask 0; kk --regenerate --quiet >"$T/regen.out" 2>&1)
equal "files: --regenerate into the store works" "$?" 0
PDFDIR="$T/xdg/kakanai/pdf"
equal "files: the pdf folder is 0700" "$(stat -c %a "$PDFDIR" 2>/dev/null)" 700
n=0
bad=""
for d in $(find "$PDFDIR" -type d); do
	[ "$(stat -c %a "$d")" = 700 ] || bad="$bad $d"
done
for f in $(find "$PDFDIR" -type f); do
	n=$((n + 1))
	[ "$(stat -c %a "$f")" = 600 ] || bad="$bad $f"
done
[ "$n" -gt 0 ] && ok "files: $n stored PDF(s)" || not_ok "files: no stored PDF under $PDFDIR"
equal "files: every stored PDF 0600, every folder 0700" "$bad" ""
(umask 0; kk --render "$VISIT" --out "$T/out.pdf" --quiet >/dev/null 2>&1)
equal "files: a rendered PDF is 0600 (umask 0)" "$(stat -c %a "$T/out.pdf" 2>/dev/null)" 600
KAKANAI_DB="$T/new/deep/k.db"
(umask 0; KAKANAI_DB=$KAKANAI_DB kk --import-visit "$VISIT" >/dev/null 2>&1)
equal "files: a --db folder made on the way is 0700" "$(stat -c %a "$T/new/deep" 2>/dev/null)" 700
equal "files: and the database in it 0600" "$(stat -c %a "$T/new/deep/k.db" 2>/dev/null)" 600
export KAKANAI_DB="$T/kakanai.db"

# ------------------------------------------------------- temporary files
mkdir -p "$T/tmp"
chmod 700 "$T/tmp"
TMPDIR=$T/tmp expect_exit 0 "tmp: a render works with a private TMPDIR" \
	kk --render "$VISIT" --out "$T/t.pdf" --quiet
equal "tmp: TMPDIR is empty after a render" "$(ls -A "$T/tmp")" ""
# 葛 + U+E0109: no font has it, so the render is refused
sed 's/^person.1.name = .*/person.1.name = 葛󠄉西 大輔/' "$VISIT" >"$T/nog.visit"
TMPDIR=$T/tmp expect_exit 1 "tmp: a render with a missing glyph is refused" \
	kk --render "$T/nog.visit" --out "$T/nog.pdf"
contains "tmp: the character is named" "$T/.out" "U+845B U+E0109"
[ -e "$T/nog.pdf" ] && not_ok "tmp: no PDF for the refused render" \
	|| ok "tmp: no PDF for the refused render"
equal "tmp: TMPDIR is empty after a refused render" "$(ls -A "$T/tmp")" ""
equal "tmp: nothing left beside the output" \
	"$(ls -A "$T" | grep -c '\.tmp-')" 0
if command -v strace >/dev/null; then
	rm -f "$T/t.pdf"
	TMPDIR=$T/tmp strace -f -qq -e trace=open,openat,creat,mkdir,mkdirat \
		-o "$T/strace.txt" "$KAKANAI" --render "$VISIT" --out "$T/t.pdf" \
		--quiet >/dev/null 2>&1
	grep -E 'O_CREAT|creat\(|mkdir' "$T/strace.txt" | grep -v ' = -1 ' >"$T/created.txt"
	n=$(grep -c . "$T/created.txt")
	equal "tmp: a render creates one file (the PDF's temporary name)" "$n" 1
	contains "tmp: next to its output" "$T/created.txt" "\"$T/t.pdf.tmp-"
	contains "tmp: created 0600 and exclusive" "$T/created.txt" "O_EXCL, 0600)"
	TMPDIR=$T/tmp strace -f -qq -e trace=open,openat,creat,mkdir,mkdirat \
		-o "$T/strace2.txt" "$KAKANAI" --render "$T/nog.visit" --out "$T/nog.pdf" \
		>/dev/null 2>&1
	n=$(grep -E 'O_CREAT|creat\(|mkdir' "$T/strace2.txt" | grep -vc ' = -1 ')
	equal "tmp: a refused render creates no file at all" "$n" 0
else
	skip "strace is not installed (no check of what a render creates)"
fi

# ------------------------------------------------ ids and paths that escape
for id in ../../etc/passwd /etc/passwd ../forms/jumin_ido 'jumin_ido/../../x' '.'; do
	expect_exit 1 "paths: --forms '$id' is refused" \
		kk --render "$VISIT" --forms "$id" --out "$T/esc.pdf"
	[ -e "$T/esc.pdf" ] && not_ok "paths: no PDF for --forms '$id'" \
		|| ok "paths: no PDF for --forms '$id'"
	expect_exit 1 "paths: --regenerate --form '$id' is refused" \
		kk --regenerate --form "$id" --out "$T/esc" --quiet
done
contains "paths: --form says what an id is" "$T/.out" "not a form id"
[ -e "$T/esc" ] && [ -n "$(ls -A "$T/esc")" ] && not_ok "paths: nothing was regenerated" \
	|| ok "paths: nothing was regenerated"
# regeneration names its files itself: whatever the visit holds, every PDF
# lands inside --out
kk --import-visit data/samples/hinode-seven.visit >/dev/null 2>&1
mkdir -p "$T/regen"
expect_exit 0 "paths: --regenerate --out DIR works" kk --regenerate --out "$T/regen" --quiet
outside=$(find "$T" -name '*.pdf' -newer "$T/regen" ! -path "$T/regen/*" ! -path "$T/xdg/*" | grep -c .)
equal "paths: no regenerated PDF outside --out" "$outside" 0
# a symlink planted where a PDF will go is replaced, never written through
mkdir -p "$T/regen2"
echo "not to be overwritten" >"$T/victim"
ln -s "$T/victim" "$T/regen2/1.pdf"
expect_exit 0 "paths: --regenerate over a planted symlink works" \
	kk --regenerate --visit 1 --out "$T/regen2" --quiet
equal "paths: the symlink's target is untouched" "$(cat "$T/victim")" "not to be overwritten"
[ -f "$T/regen2/1.pdf" ] && [ ! -L "$T/regen2/1.pdf" ] \
	&& ok "paths: the PDF replaced the symlink" \
	|| not_ok "paths: the PDF replaced the symlink"
ln -sf "$T/victim" "$T/link.pdf"
expect_exit 0 "paths: --render over a symlink works" \
	kk --render "$VISIT" --out "$T/link.pdf" --quiet
equal "paths: and leaves its target alone" "$(cat "$T/victim")" "not to be overwritten"
expect_exit 1 "paths: --out into a missing folder is refused" \
	kk --render "$VISIT" --out "$T/no/such/dir/x.pdf" --quiet

# --------------------------------------------------------------- no shell
n=$(grep -rn 'system(\|popen(\|execl(\|"/bin/sh"\|"sh", "-c"' src | grep -c .)
equal "shell: no system(), popen() or sh -c in src/" "$n" 0
grep -rn 'system(\|popen(' src | sed 's/^/    /'
# SQL only through prepared statements: no value pasted into SQL text
n=$(grep -rnE 'sqlite3_mprintf|sqlite3_vmprintf|printf\(.*(SELECT|INSERT|UPDATE|DELETE|WHERE|VALUES).*%[sq]' src | grep -c .)
equal "sql: no SQL text built with printf" "$n" 0
grep -rnE 'sqlite3_mprintf|sqlite3_vmprintf|printf\(.*(SELECT|INSERT|UPDATE|DELETE|WHERE|VALUES).*%[sq]' src | sed 's/^/    /'


# ------------------------------------------- the My Number in output and logs
kk --render "$VISIT" --out "$T/mn.pdf" >"$T/mn-render.out" 2>&1
kk --render "$T/nog.visit" --out "$T/mn2.pdf" >>"$T/mn-render.out" 2>&1
kk --check-visit "$VISIT" >"$T/mn-check.out" 2>&1
kk --import-visit "$VISIT" >"$T/mn-import.out" 2>&1
kk --regenerate --out "$T/regen" >"$T/mn-regen.out" 2>&1
kk --export-csv --out "$T/mn.csv" >"$T/mn-export.out" 2>&1
kk --export-csv --encoding cp932 --out "$T/mn932.csv" >>"$T/mn-export.out" 2>&1
kk --report >"$T/mn-report.out" 2>&1
for f in mn-render mn-check mn-import mn-regen mn-export mn-report import regen; do
	lacks "mynumber: not in the output of $f" "$T/$f.out" "$MN1"
	lacks "mynumber: nor the second person's in $f" "$T/$f.out" "$MN2"
done
lacks "mynumber: --check-visit does not show it" "$T/mn-check.out" "5201 9384 7564"
[ -s "$T/mn.csv" ] && ok "mynumber: an export was written" || not_ok "mynumber: no export written"
lacks "mynumber: not in a UTF-8 export without --with-mynumber" "$T/mn.csv" "$MN1"
lacks "mynumber: not in a CP932 export without --with-mynumber" "$T/mn932.csv" "$MN1"
sqlite3 "$KAKANAI_DB" 'SELECT * FROM audit' >"$T/audit.txt" 2>&1
sqlite3 "$T/xdg/kakanai/kakanai.db" 'SELECT * FROM audit' >>"$T/audit.txt" 2>&1
[ -s "$T/audit.txt" ] && ok "mynumber: the audit log has entries" || not_ok "mynumber: no audit log"
lacks "mynumber: not in the audit log" "$T/audit.txt" "$MN1"
lacks "mynumber: not in the audit log (2)" "$T/audit.txt" "$MN2"
# the visits' own items hold no My Number either: it has its own table
n=$(sqlite3 "$KAKANAI_DB" "SELECT count(*) FROM visit_items WHERE value LIKE '%$MN1%'")
equal "mynumber: not among the visit items" "$n" 0
kk --export-csv --with-mynumber --out "$T/with.csv" >/dev/null 2>&1
contains "mynumber: --with-mynumber does export it (the test can fail)" "$T/with.csv" "$MN1"

finish
