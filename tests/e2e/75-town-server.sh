#!/bin/sh
# 70-town-server.sh - two towns on one server, their clerks and admins, each
# their own Unix login: who may do what, whose name the audit log records,
# and every way around it refused (the database opened directly, another
# town's data, paths and environment given to the setgid program, links
# planted for the database and pdf/).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/town-lib.sh"
town_need_root "the town server"
# root runs the installed program as a town's IT person would
unset KAKANAI_DB KAKANAI_TODAY

check "make install into a temporary root with the group $G" town_install
[ -f "$KK" ] || { sed 's/^/    /' "$T/.install" | tail -n 20; finish; }
equal "the program is root:$G 2755" "$(stat -c '%U:%G %a' "$KK")" "root:$G 2755"
equal "the towns' folder is root:$G 750" \
	"$(stat -c '%U:%G %a' "$R/var/lib/kakanai")" "root:$G 750"

A=a$N B=b$N
cp data/towns/hinode.conf "$T/a.conf"
check "root sets up town A" "$KK" --setup-town "$A" --from "$T/a.conf"
contains "it names the groups to add clerks to" "$T/.out" "adduser NAME $G-$A"
check "root sets up town B" "$KK" --setup-town "$B" --from data/towns/hiji.conf
for g in "$G-$A" "$G-$A-admin" "$G-$B" "$G-$B-admin"; do
	getent group "$g" >/dev/null && ok "the group $g was made" || not_ok "no group $g"
done
TA=$R/var/lib/kakanai/$A
equal "town A's folder is root:$G 2770" "$(stat -c '%U:%G %a' "$TA")" "root:$G 2770"
equal "its database is root:$G 660" "$(stat -c '%U:%G %a' "$TA/kakanai.db")" "root:$G 660"
equal "its screens' lock is root:$G 660" "$(stat -c '%U:%G %a' "$TA/kakanai.db.screens")" "root:$G 660"
equal "its pdf/ is root:$G 2770" "$(stat -c '%U:%G %a' "$TA/pdf")" "root:$G 2770"
equal "its configuration is root:$G-$A-admin 664" \
	"$(stat -c '%U:%G %a' "$R/etc/kakanai/towns/$A.conf")" "root:$G-$A-admin 664"
check "setting town A up again" "$KK" --setup-town "$A" --from "$T/a.conf"
lacks "changes nothing that is right" "$T/.out" "made"

town_user "kc1$N" "$G-$A" && town_user "kc2$N" "$G-$A" &&
	town_user "ka1$N" "$G-$A-admin" && town_user "kcb$N" "$G-$B" &&
	town_user "kab$N" "$G-$A" "$G-$B" && town_user "kno$N" ||
	{ not_ok "could not make the test users"; finish; }
C1=kc1$N C2=kc2$N AD=ka1$N CB=kcb$N BOTH=kab$N NONE=kno$N

# The files themselves are closed to every clerk.
expect_exit 1 "a clerk cannot open the database with sqlite3" \
	as "$C1" sqlite3 "$TA/kakanai.db" "SELECT count(*) FROM mynumbers"
expect_exit 1 "nor can an admin" \
	as "$AD" sqlite3 "$TA/kakanai.db" "SELECT count(*) FROM audit"
expect_exit 2 "a clerk cannot list the town's PDFs" as "$C1" ls "$TA/pdf"
expect_exit 1 "a clerk cannot read the My Number key" as "$C1" cat "$TA/kakanai.db.key"

# Roles.
cp data/samples/hinode-seven.visit "$T/v.visit"
chmod 644 "$T/v.visit"
expect_exit 1 "a clerk may not import visits" as "$C1" "$KK" --import-visit "$T/v.visit"
contains "the refusal names the group it needs" "$T/.out" "$G-$A-admin"
check "the town's admin imports a visit" as "$AD" "$KK" --import-visit "$T/v.visit"
for cmd in --purge --regenerate --audit "--export-csv --with-mynumber" \
	"--import-postal $T/v.visit"; do
	# shellcheck disable=SC2086
	expect_exit 1 "a clerk may not run $cmd" as "$C1" "$KK" $cmd
	contains "$cmd: names $G-$A-admin" "$T/.out" "$G-$A-admin"
done
check "a clerk may run --report" as "$C1" "$KK" --report
check "a clerk may export without My Numbers" as "$C1" "$KK" --export-csv
contains "and sees the town's visit" "$T/.out" "佐藤 浩"
expect_exit 1 "a user in no town's group may do nothing" as "$NONE" "$KK" --report
contains "they are told how to be added" "$T/.out" "adduser"
check "root may run an admin's command (with --town)" "$KK" --town "$A" --audit

# Files the caller names are read and written with the caller's rights.
cp "$T/v.visit" "$T/secret.visit"; chmod 600 "$T/secret.visit"
expect_exit 1 "an admin cannot import a visit file they cannot read" \
	as "$AD" "$KK" --import-visit "$T/secret.visit"
contains "the reason is the file's" "$T/.out" "Permission denied"
mkdir "$T/grp"; chgrp "$G" "$T/grp"; chmod 770 "$T/grp"
expect_exit 1 "--out into a folder only kakanai's group may write is refused" \
	as "$C1" "$KK" --export-csv --out "$T/grp/x.csv"
test ! -e "$T/grp/x.csv" && ok "nothing was written there" || not_ok "kakanai wrote for its caller"

# Paths and environment given to a setgid kakanai.
cp /dev/null "$T/other.db"; chmod 666 "$T/other.db"
for a in "--db $T/other.db" "--config $T/a.conf" "--forms-dir forms"; do
	# shellcheck disable=SC2086
	expect_exit 2 "$a is refused" as "$C1" "$KK" $a --report
	contains "$a: says why" "$T/.out" "takes no path from its caller"
done
for v in KAKANAI_DB KAKANAI_CONFIG KAKANAI_HOME; do
	expect_exit 2 "$v is refused" as "$C1" env "$v=$T/x" "$KK" --report
	contains "$v: named" "$T/.out" "$v: refused"
done

# The audit log names the real login.
printf 'clerk = %s\n' "$AD" >"$T/evil.conf"
as "$C1" env USER="$AD" LOGNAME="$AD" "$KK" --export-csv >/dev/null 2>&1
as "$C1" "$KK" --config "$T/evil.conf" --export-csv >/dev/null 2>&1
check "the admin reads the audit log" as "$AD" "$KK" --audit
grep "	export	" "$T/.out" >"$T/exports"
contains "an export is recorded under the clerk's login" "$T/exports" "$C1"
lacks "never under the name the clerk's environment gave" "$T/exports" "$AD"
expect_exit 2 "a clerk cannot change the town's configuration" \
	as "$C1" sh -c "echo 'clerk = $AD' >>'$R/etc/kakanai/towns/$A.conf'"
check "an admin may add display names" \
	as "$AD" sh -c "echo 'clerk = 窓口一' >>'$R/etc/kakanai/towns/$A.conf'"
as "$C2" "$KK" --export-csv >/dev/null 2>&1
as "$AD" "$KK" --audit >"$T/audit" 2>&1
contains "the display name stands beside the real login" "$T/audit" "$C2 (窓口一)"
check "--audit --visit 1" as "$AD" "$KK" --audit --visit 1
contains "the import of visit 1 is listed" "$T/.out" "	import	"
lacks "and only visit 1" "$T/.out" "	export	"
check "--audit --since tomorrow" as "$AD" "$KK" --audit --since 2999-01-01
lacks "lists nothing" "$T/.out" "	import	"

# Backups: the admin's own file, written and read with the admin's rights.
mkdir "$T/adm"; chown "$AD" "$T/adm"; chmod 700 "$T/adm"
check "the admin backs the town up into their own folder" \
	as "$AD" "$KK" --backup "$T/adm/a.db"
equal "the backup is the admin's own file" "$(stat -c %U "$T/adm/a.db")" "$AD"
expect_exit 1 "a clerk may not back up" as "$C1" "$KK" --backup "$T/c1.db"
contains "and is told the group it needs" "$T/.out" "$G-$A-admin"
expect_exit 1 "the admin cannot back up into town B's folder" \
	as "$AD" "$KK" --backup "$R/var/lib/kakanai/$B/kakanai.db"
expect_exit 1 "nor restore from town B's database" \
	as "$AD" "$KK" --restore "$R/var/lib/kakanai/$B/kakanai.db"
check "town B's database is untouched" "$KK" --town "$B" --report
check "the admin restores from their own backup" as "$AD" "$KK" --restore "$T/adm/a.db"
check "the admin regenerates into their own folder" \
	as "$AD" "$KK" --regenerate --quiet --out "$T/adm/out"
equal "the PDFs there are the admin's own" "$(stat -c %U "$T/adm/out/1.pdf" 2>&1)" "$AD"
expect_exit 1 "but not into a folder only kakanai's group may write" \
	as "$AD" "$KK" --regenerate --quiet --out "$T/grp/out"
test ! -e "$T/grp/out" && ok "nothing was made there" || not_ok "kakanai made a folder for its caller"
check "--check-config FILE reads the caller's file" as "$C1" "$KK" --check-config "$T/a.conf"
expect_exit 1 "--check-config cannot read what the caller cannot" \
	as "$C1" "$KK" --check-config "$R/etc/../var/lib/kakanai/$A/kakanai.db"

# My Numbers: sealed with the town's key, shown only to admins.
check "the admin exports with My Numbers" as "$AD" "$KK" --export-csv --with-mynumber
contains "which are there" "$T/.out" "831650274961"
check "the admin rotates the town's key" as "$AD" "$KK" --rotate-key
equal "the new key is still closed to all but kakanai's group" \
	"$(stat -c '%G %a' "$TA/kakanai.db.key")" "$G 640"
check "a clerk's kakanai still opens the town" as "$C2" "$KK" --export-csv
lacks "and shows no My Number" "$T/.out" "831650274961"
check "the admin still reads them with the new key" as "$AD" "$KK" --export-csv --with-mynumber
contains "every one" "$T/.out" "831650274961"

# Setting up is root's; running it again puts back what was changed.
expect_exit 1 "a clerk cannot set up a town" as "$C1" "$KK" --setup-town "x$N" --from "$T/a.conf"
contains "only root" "$T/.out" "only root"
chmod 2777 "$TA"; chmod 666 "$TA/kakanai.db"
check "setting town A up again" "$KK" --setup-town "$A" --from "$T/a.conf"
equal "puts the folder's mode back" "$(stat -c %a "$TA")" "2770"
equal "and the database's" "$(stat -c %a "$TA/kakanai.db")" "660"
equal "the My Number key is root:$G 640" "$(stat -c '%U:%G %a' "$TA/kakanai.db.key")" "root:$G 640"

# The other town.
expect_exit 1 "town B's clerk cannot choose town A" as "$CB" "$KK" --town "$A" --report
contains "and is told which group that needs" "$T/.out" "$G-$A"
check "town B's clerk exports town B" as "$CB" "$KK" --export-csv
lacks "which has none of town A's visits" "$T/.out" "佐藤 浩"
expect_exit 2 "town B's clerk cannot read town A's folder" as "$CB" ls "$TA"
expect_exit 1 "a clerk of two towns must choose" as "$BOTH" "$KK" --report
contains "and is told the choices" "$T/.out" "--town"
check "a clerk of two towns chooses with --town" as "$BOTH" "$KK" --town "$B" --report

# Two clerks of one town at once on one database.
as "$C1" "$KK" --export-csv >"$T/c1.csv" 2>&1 &
p1=$!
as "$C2" "$KK" --export-csv >"$T/c2.csv" 2>&1 &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
equal "two clerks' exports at once both succeed" "$r1 $r2" "0 0"
cmp -s "$T/c1.csv" "$T/c2.csv" && ok "and read the same database" || not_ok "they differ"

# Links planted where the database and pdf/ should be.
TC=c$N
check "root sets up town C" "$KK" --setup-town "$TC" --from "$T/a.conf"
mv "$R/var/lib/kakanai/$TC/pdf" "$T/pdf.real"
cp /etc/passwd "$T/victim"; chmod 644 "$T/victim"
mkdir "$T/victimdir"
ln -s "$T/victimdir" "$R/var/lib/kakanai/$TC/pdf"
"$KK" --town "$TC" --import-visit "$T/v.visit" >/dev/null 2>&1
expect_exit 1 "regenerate refuses a pdf/ that is a link" "$KK" --town "$TC" --regenerate
contains "naming it" "$T/.out" "$TC/pdf: a symbolic link"
equal "nothing was written through it" "$(ls "$T/victimdir" | wc -l)" "0"
rm "$R/var/lib/kakanai/$TC/pdf"; mv "$T/pdf.real" "$R/var/lib/kakanai/$TC/pdf"
mv "$R/var/lib/kakanai/$TC/kakanai.db" "$T/c.db"
rm -f "$R/var/lib/kakanai/$TC/kakanai.db-wal" "$R/var/lib/kakanai/$TC/kakanai.db-shm"
ln -s "$T/victim" "$R/var/lib/kakanai/$TC/kakanai.db"
expect_exit 1 "a link where the town's database should be is refused" \
	"$KK" --town "$TC" --report
contains "naming it" "$T/.out" "$TC/kakanai.db: a symbolic link"
equal "the link's target keeps its mode" "$(stat -c %a "$T/victim")" "644"
cmp -s /etc/passwd "$T/victim" && ok "and its bytes" || not_ok "the target was written"

# The same in single-user mode (the tree's own program, run by root).
ln -s "$T/victim" "$T/single.db"
expect_exit 1 "single-user: a link for --db is refused" kk --db "$T/single.db" --report
equal "the link's target keeps its mode" "$(stat -c %a "$T/victim")" "644"
mkdir "$T/su"; ln -s "$T/victimdir" "$T/su/pdf"
kk --db "$T/su/k.db" --import-visit "$T/v.visit" >/dev/null 2>&1
expect_exit 1 "single-user: a link for pdf/ is refused" kk --db "$T/su/k.db" --regenerate
contains "naming it" "$T/.out" "su/pdf: a symbolic link"
equal "nothing was written through it" "$(ls "$T/victimdir" | wc -l)" "0"
finish
