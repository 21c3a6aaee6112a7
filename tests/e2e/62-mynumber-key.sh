#!/bin/sh
# My Numbers sealed at rest: after importing the samples neither the
# database file nor its WAL holds any of their My Numbers (as digits in
# any grouping); the key file is 0600 beside the database; --rotate-key
# re-seals them and exports still show them; without the key everything
# else works and My Numbers say plainly that the key is missing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui-lib.sh"

# a counter screen keeps the database open, so the WAL stays with every
# frame the import writes (the last connection to close would fold it in)
tui_start hold
expect_screen hold '受付' "a counter screen holds the database open"
expect_exit 0 "the samples import" kk --import-visit data/samples/*.visit
numbers=$(grep -h '^person\.[0-9]*\.mynumber' data/samples/*.visit | sed 's/.*= *//; s/ //g' | sort -u)
equal "the samples hold My Numbers" "$(echo "$numbers" | grep -c .)" 9
key="$T/kakanai.db.key"
equal "the key file is 0600 beside the database" "$(stat -c %a "$key")" 600

# no_plaintext NAME FILE...: none of the samples' My Numbers in the files
no_plaintext() {
	_n=$1; shift
	_hits=""
	for f in "$@"; do
		[ -f "$f" ] || continue
		for mn in $numbers; do
			grep -qaF "$mn" "$f" && _hits="$_hits $mn@$(basename "$f")"
		done
	done
	if [ -z "$_hits" ]; then ok "$_n"; else not_ok "$_n:$_hits"; fi
}
wal=$(stat -c %s "$T/kakanai.db-wal" 2>/dev/null || echo 0)
[ "$wal" -gt 0 ] && ok "the WAL holds the import's frames ($wal bytes)" || not_ok "the WAL is empty"
no_plaintext "the database and its WAL hold no My Number" "$T/kakanai.db" "$T/kakanai.db-wal"
# the names typed with them are there, so the search looks at real data
if grep -qaF "$(printf '山﨑')" "$T/kakanai.db" "$T/kakanai.db-wal"; then ok "the WAL or file holds the residents' names"; else not_ok "no resident name found: the search looks at nothing"; fi
tui_keys hold F10
# the search really would find one: the same grep on a plaintext copy
printf '%s\n' $numbers >"$T/plain.txt"
if grep -qaF "$(echo "$numbers" | head -n 1)" "$T/plain.txt"; then ok "the search finds a plaintext My Number"; else not_ok "the search finds a plaintext My Number"; fi

expect_exit 0 "export with My Numbers" kk --export-csv --with-mynumber --out "$T/m.csv"
contains "the export opens them" "$T/m.csv" "831650274961"
cp "$key" "$T/old.key"
expect_exit 0 "--rotate-key" kk --rotate-key
contains "it says how many were re-sealed" "$T/.out" "9 My Numbers re-sealed"
if cmp -s "$key" "$T/old.key"; then not_ok "the key file changed"; else ok "the key file changed"; fi
equal "the new key file is 0600" "$(stat -c %a "$key")" 600
expect_exit 0 "export after rotation" kk --export-csv --with-mynumber --out "$T/m2.csv"
if cmp -s "$T/m.csv" "$T/m2.csv"; then ok "the same export after rotation"; else not_ok "the same export after rotation"; fi
no_plaintext "still no My Number in the database or WAL" "$T/kakanai.db" "$T/kakanai.db-wal"

mv "$key" "$T/aside.key"
expect_exit 0 "without the key: the report still runs" kk --report
expect_exit 0 "without the key: an export without My Numbers runs" kk --export-csv --out "$T/u.csv"
expect_exit 1 "without the key: an export with My Numbers fails" kk --export-csv --with-mynumber --out "$T/m3.csv"
contains "it says the key file is missing" "$T/.out" "key file $key is missing"
lacks "and shows no My Number" "$T/.out" "831650274961"
equal "no new key was made" "$(ls "$key" 2>/dev/null)" ""
expect_exit 1 "without the key: --rotate-key fails" kk --rotate-key
contains "and says why" "$T/.out" "missing"
mv "$T/aside.key" "$key"
expect_exit 0 "with the key back the export opens them" kk --export-csv --with-mynumber --out "$T/m4.csv"
contains "the My Number is back" "$T/m4.csv" "831650274961"

chmod 644 "$key"
expect_exit 1 "a key readable by every user is refused" kk --export-csv --with-mynumber --out "$T/m5.csv"
contains "and says so" "$T/.out" "can be read by every user"
chmod 600 "$key"

finish
