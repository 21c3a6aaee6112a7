#!/bin/sh
# The configuration is checked when it is read: each bad value below is
# reported by --check-config as `file:line: key: message` naming what is
# allowed, and no command runs on it (a --purge with a bad
# retention_days deletes nothing). One test per row of the table.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "the samples import" kk --import-visit data/samples/*.visit
mn_before=$(sqlite3 "$KAKANAI_DB" 'SELECT count(*) FROM mynumbers')

# key | bad value | what the message must say
cat >"$T/table" <<'TABLE'
retention_days|2147483648|out of range: must be a whole number of days from 1 to 36500
retention_days|4294967297|out of range: must be a whole number of days from 1 to 36500
retention_days|0|out of range: must be a whole number of days from 1 to 36500
retention_days|-5|out of range: must be a whole number of days from 1 to 36500
retention_days|5 years|not a number: must be a whole number of days from 1 to 36500
retention_days|1.5|not a number: must be a whole number of days from 1 to 36500
printer.offset_x|nan|not a number: must be a number of mm from -50 to 50
printer.offset_x|inf|not a number: must be a number of mm from -50 to 50
printer.offset_x|1e308|not a number: must be a number of mm from -50 to 50
printer.offset_x|-1000|out of range: must be a number of mm from -50 to 50
printer.offset_y|50.01|out of range: must be a number of mm from -50 to 50
printer.offset_x|abc|not a number: must be a number of mm from -50 to 50
printer.offset_y|5mm|not a number: must be a number of mm from -50 to 50
printer.timeout|0|out of range: must be a whole number of seconds from 1 to 3600
printer.timeout|forever|not a number: must be a whole number of seconds from 1 to 3600
printer|counter 1|must be a CUPS queue name
printer|office/counter1|must be a CUPS queue name
printer|counter#1|must be a CUPS queue name
db|kakanai.db|must be an absolute path
printr|counter1|not a configuration key
TABLE

while IFS='|' read -r key value says; do
	printf 'town.name = 日の出町\n%s = %s\n' "$key" "$value" >"$T/bad.conf"
	expect_exit 1 "$key = $value: --check-config finds it" kk --check-config "$T/bad.conf"
	contains "$key = $value: file:line: key: what is allowed" "$T/.out" "$T/bad.conf:2: $key: $says"
	expect_exit 1 "$key = $value: --purge does not run" kk --config "$T/bad.conf" --purge
done <"$T/table"
equal "nothing was purged" "$(sqlite3 "$KAKANAI_DB" 'SELECT count(*) FROM mynumbers')" "$mn_before"

# every mistake is listed, not just the first
printf 'retention_days = 0\nprinter.offset_x = nan\nbogus\nprinter = a b\n' >"$T/many.conf"
expect_exit 1 "a file with four mistakes" kk --check-config "$T/many.conf"
equal "all four are listed" "$(grep -c "^$T/many.conf:[0-9]*: " "$T/.out")" 4

# good values
printf 'town.name = 日の出町\nprinter = counter1\nprinter.offset_x = -1.5\nprinter.offset_y = +2\nprinter.timeout = 30\nretention_days = 36500\ndb = %s\n' "$KAKANAI_DB" >"$T/good.conf"
expect_exit 0 "good values pass" kk --check-config "$T/good.conf"
contains "and it says so" "$T/.out" "no mistakes"
for f in data/kakanai.conf data/towns/*.conf; do
	expect_exit 0 "$f has no mistakes" kk --check-config "$f"
done
finish
