#!/bin/sh
# No leftovers, no duplicates: what a render killed with -9 leaves (a
# complete FILE.tmp-XXXXXX) is removed by the next run writing there once
# it is older than an hour, in the output folder and in pdf/<visit>/;
# a younger one, or one a running writer holds, stays. --regenerate of the
# same bytes records a check instead of another document. A read-only
# database is read by --report and --export-csv and not changed. A failed
# export records only the failure. A stray My Number line in a visit file
# is never echoed.
. "$(dirname "$0")/lib.sh"

v=data/samples/hiji-family.visit
mkdir -p "$T/out"
expect_exit 0 "a render" kk --render "$v" --out "$T/out/a.pdf"
# what kill -9 between write and rename leaves: a complete temporary
cp "$T/out/a.pdf" "$T/out/a.pdf.tmp-Xk9q2Z"
touch -d '2 hours ago' "$T/out/a.pdf.tmp-Xk9q2Z"
cp "$T/out/a.pdf" "$T/out/b.pdf.tmp-Pq81aZ"		# just now: maybe a live writer
cp "$T/out/a.pdf" "$T/out/notes.txt"			# not ours
touch -d '2 hours ago' "$T/out/notes.txt"
expect_exit 0 "another render into the same folder" kk --render "$v" --out "$T/out/a.pdf"
[ -e "$T/out/a.pdf.tmp-Xk9q2Z" ] && not_ok "the stale temporary file was removed" || ok "the stale temporary file was removed"
[ -e "$T/out/b.pdf.tmp-Pq81aZ" ] && ok "a temporary file younger than an hour stays" || not_ok "a temporary file younger than an hour stays"
[ -e "$T/out/notes.txt" ] && ok "other files stay" || not_ok "other files stay"

# a real kill -9 during renders: whatever it leaves goes with the next run
i=0
while [ $i -lt 5 ]; do
	"$KAKANAI" --render "$v" --out "$T/out/k.pdf" >/dev/null 2>&1 &
	pid=$!
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	i=$((i + 1))
done
for f in "$T"/out/k.pdf.tmp-*; do [ -e "$f" ] && touch -d '2 hours ago' "$f"; done
rm -f "$T/out/b.pdf.tmp-Pq81aZ"
expect_exit 0 "a render after kill -9" kk --render "$v" --out "$T/out/k.pdf"
equal "no temporary file remains" "$(ls "$T/out" | grep -c '\.tmp-')" 0

# --- regeneration into the store: the same bytes, no new document ---
expect_exit 0 "the samples import" kk --import-visit data/samples/*.visit
expect_exit 0 "regenerate into the store" kk --regenerate --visit 1
d1=$(sqlite3 "$KAKANAI_DB" 'SELECT count(*) FROM documents WHERE visit_id = 1')
dir=$(dirname "$(sqlite3 "$KAKANAI_DB" 'SELECT file FROM documents WHERE visit_id = 1 LIMIT 1')")
cp "$T/out/a.pdf" "$dir/x.pdf.tmp-Zz11aa"; touch -d '2 hours ago' "$dir/x.pdf.tmp-Zz11aa"
expect_exit 0 "regenerate again" kk --regenerate --visit 1
expect_exit 0 "and again" kk --regenerate --visit 1
equal "no new document rows for the same bytes" "$(sqlite3 "$KAKANAI_DB" 'SELECT count(*) FROM documents WHERE visit_id = 1')" "$d1"
equal "each check is recorded" "$(sqlite3 "$KAKANAI_DB" "SELECT count(*) FROM audit WHERE visit_id = 1 AND what = 'regenerate-check'")" 2
[ -e "$dir/x.pdf.tmp-Zz11aa" ] && not_ok "the stale temporary in pdf/<visit>/ was removed" || ok "the stale temporary in pdf/<visit>/ was removed"

# stored PDFs lost (a restore brings back only the database): the same
# bytes come back at the same place, recorded as checks
expect_exit 0 "every visit regenerated into the store" kk --regenerate
docs=$(sqlite3 "$KAKANAI_DB" 'SELECT count(*) FROM documents')
rm -rf "$T/pdf"
expect_exit 0 "regenerate with pdf/ gone" kk --regenerate
bad=0
sqlite3 -separator ' ' "$KAKANAI_DB" 'SELECT sha256, file FROM documents' >"$T/docs.txt"
while read -r sha file; do
	[ "$(sha256sum <"$file" 2>/dev/null | cut -d' ' -f1)" = "$sha" ] || bad=$((bad + 1))
done <"$T/docs.txt"
equal "every stored PDF is back, byte for byte" "$bad" 0
equal "and no document row was added" "$(sqlite3 "$KAKANAI_DB" 'SELECT count(*) FROM documents')" "$docs"

# --- a failed export records only the failure ---
before_mn=$(sqlite3 "$KAKANAI_DB" "SELECT count(*) FROM audit WHERE what = 'mynumber'")
before_ex=$(sqlite3 "$KAKANAI_DB" "SELECT count(*) FROM audit WHERE what = 'export'")
expect_exit 1 "an export into a missing folder fails" kk --export-csv --with-mynumber --out "$T/no/such/x.csv"
equal "no export is recorded" "$(sqlite3 "$KAKANAI_DB" "SELECT count(*) FROM audit WHERE what = 'export'")" "$before_ex"
equal "no My Number read is recorded" "$(sqlite3 "$KAKANAI_DB" "SELECT count(*) FROM audit WHERE what = 'mynumber'")" "$before_mn"
equal "the failure is recorded" "$(sqlite3 "$KAKANAI_DB" "SELECT count(*) FROM audit WHERE what = 'export-failed'")" 1

# --- a read-only database (an archived copy) ---
mkdir -p "$T/arch"
kk --backup "$T/arch/kakanai.db" >/dev/null
cp "$T/kakanai.db.key" "$T/arch/kakanai.db.key"
chmod 444 "$T/arch/kakanai.db"
sum=$(md5sum <"$T/arch/kakanai.db")
expect_exit 0 "--report reads a read-only database" kk --db "$T/arch/kakanai.db" --report
contains "and reports its visits" "$T/.out" "Visits per day"
expect_exit 0 "--export-csv reads it" kk --db "$T/arch/kakanai.db" --export-csv --out "$T/arch.csv"
equal "every visit is exported" "$(grep -c '^[0-9]' "$T/arch.csv")" "$(sqlite3 "$T/arch/kakanai.db" 'SELECT count(*) FROM visits')"
expect_exit 1 "My Numbers are not read where the read cannot be recorded" kk --db "$T/arch/kakanai.db" --export-csv --with-mynumber --out "$T/arch2.csv"
contains "it says why" "$T/.out" "read-only"
equal "the archived file is unchanged" "$(md5sum <"$T/arch/kakanai.db")" "$sum"

# --- a stray My Number line is never echoed ---
cp "$v" "$T/stray.visit"
echo "3048 1726 5919" >>"$T/stray.visit"
expect_exit 1 "a visit file with a stray number line" kk --check-visit "$T/stray.visit"
contains "the line is named, masked" "$T/.out" "**** **** ****: 「=」がありません"
lacks "the number is not shown" "$T/.out" "3048"
finish
