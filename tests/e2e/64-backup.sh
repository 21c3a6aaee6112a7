#!/bin/sh
# Backups while clerks work: a backup taken while 8 processes keep adding
# visits passes --backup --verify, holds no My Number in plaintext, and
# restored gives a database that passes integrity_check and holds every
# visit committed before the backup began. --restore is refused while a
# counter screen is open.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

expect_exit 0 "the samples import" kk --import-visit data/samples/*.visit
numbers=$(grep -h '^person\.[0-9]*\.mynumber' data/samples/*.visit | sed 's/.*= *//; s/ //g' | sort -u)

# sql DB QUERY: the sqlite3 tool waits for the writers' locks (10 s at most)
# instead of failing at once with "database is locked".
sql() { sqlite3 -cmd '.timeout 10000' "$@"; }

# 8 writers, each adding visits until told to stop
rm -f "$T/stop"
i=1
while [ $i -le 8 ]; do
	(while [ ! -e "$T/stop" ]; do "$KAKANAI" --import-visit data/samples/hiji-family.visit >/dev/null 2>&1 || echo fail >>"$T/writer-fail"; done) &
	i=$((i + 1))
done
# wait until they are writing
_writing() { [ "$(sql "$KAKANAI_DB" 'SELECT count(*) FROM visits' 2>/dev/null || echo 0)" -ge 20 ]; }
wait_for 60 _writing
before=$(sql "$KAKANAI_DB" 'SELECT max(id) FROM visits')
expect_exit 0 "--backup while 8 writers run" kk --backup "$T/b.db"
touch "$T/stop"
wait
equal "the writers never failed" "$(cat "$T/writer-fail" 2>/dev/null | wc -l)" 0
equal "the backup is 0600" "$(stat -c %a "$T/b.db")" 600
equal "no temporary file is left" "$(ls "$T" | grep -c 'tmp-')" 0
after=$(sql "$KAKANAI_DB" 'SELECT max(id) FROM visits')
[ "$after" -gt "$before" ] && ok "writers went on during the backup ($before → $after)" || not_ok "writers did not go on ($before, $after)"
expect_exit 0 "--backup --verify" kk --backup --verify "$T/b.db"
contains "it reports integrity and counts" "$T/.out" "integrity ok"
hits=""
for mn in $numbers; do grep -qaF "$mn" "$T/b.db" && hits="$hits $mn"; done
equal "the backup holds no My Number in plaintext" "$hits" ""
if grep -qaF '山﨑' "$T/b.db"; then ok "the same search finds a resident's name in it"; else not_ok "no resident name in the backup: the search looks at nothing"; fi

expect_exit 1 "a backup over the database itself is refused" kk --backup "$KAKANAI_DB"
contains "and says so" "$T/.out" "that is the database itself"

# a damaged backup is refused by --verify and --restore
head -c 8192 "$T/b.db" >"$T/broken.db"
expect_exit 1 "a truncated backup fails --verify" kk --backup "$T/broken.db" --verify
expect_exit 1 "and --restore refuses it" kk --restore "$T/broken.db"
equal "the database is untouched" "$(sqlite3 "$KAKANAI_DB" 'PRAGMA integrity_check')" ok

# restore into a fresh database with the same key
mkdir -p "$T/r"
cp "$T/kakanai.db.key" "$T/r/kakanai.db.key"
expect_exit 0 "--restore into another database" kk --db "$T/r/kakanai.db" --restore "$T/b.db"
equal "the restored database passes integrity_check" "$(sqlite3 "$T/r/kakanai.db" 'PRAGMA integrity_check')" ok
missing=$(sqlite3 "$T/r/kakanai.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $before) SELECT count(*) FROM n WHERE i NOT IN (SELECT id FROM visits)")
equal "every visit committed before the backup began is there ($before)" "$missing" 0
expect_exit 0 "its My Numbers open with the key" kk --db "$T/r/kakanai.db" --export-csv --with-mynumber --out "$T/r.csv"
contains "a My Number is in the export" "$T/r.csv" "831650274961"

# refused while a counter screen is open
KAKANAI_DB="$T/r/kakanai.db" tui_start S
expect_screen S '受付' "a counter screen is open"
expect_exit 1 "--restore is refused while a screen is open" kk --db "$T/r/kakanai.db" --restore "$T/b.db"
contains "and says why" "$T/.out" "counter screen open"
pid=$(tui_pid S)
tui_keys S F10
proc_gone "$pid" && ok "the screen closed" || not_ok "the screen still runs"
expect_exit 0 "--restore once every screen is closed" kk --db "$T/r/kakanai.db" --restore "$T/b.db"

# a backup sealed with a key since rotated is not restored over the data
expect_exit 0 "--rotate-key on the restored database" kk --db "$T/r/kakanai.db" --rotate-key
expect_exit 1 "a backup made with the old key is refused" kk --db "$T/r/kakanai.db" --restore "$T/b.db"
contains "it says the key differs" "$T/.out" "sealed with another key"
expect_exit 0 "the My Numbers still open" kk --db "$T/r/kakanai.db" --export-csv --with-mynumber --out "$T/r2.csv"
contains "a My Number is in that export" "$T/r2.csv" "831650274961"
finish
