#!/bin/sh
# The command line: help, version, usage errors (exit 2), --check-forms and
# --list-forms on the shipped forms, and a broken form refused with
# file:line.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "--help exits 0" kk --help
contains "--help lists --render" "$T/.out" "--render VISITFILE"
contains "--help lists --check-forms" "$T/.out" "--check-forms"
expect_exit 0 "--version exits 0" kk --version
contains "--version names kakanai" "$T/.out" "kakanai 0."
expect_exit 2 "an unknown flag is a usage error" kk --no-such-flag
contains "the unknown flag is named" "$T/.out" "--no-such-flag"
expect_exit 2 "--render without --out is a usage error" kk --render data/samples/none.visit
expect_exit 2 "two commands at once is a usage error" kk --list-forms --check-forms
expect_exit 2 "a number flag refuses words" kk --regenerate --jobs many
expect_exit 2 "a date flag refuses a day that does not exist" kk --report --since 2026-02-30
contains "the bad date is named" "$T/.out" "--since: not a date (YYYY-MM-DD): 2026-02-30"
expect_exit 1 "a missing visit file is bad input" kk --render "$T/none.visit" --out "$T/x.pdf"
contains "the missing file is named" "$T/.out" "$T/none.visit"
test -e "$T/x.pdf" && not_ok "nothing written for a missing visit" || ok "nothing written for a missing visit"

expect_exit 0 "the shipped forms have no mistakes" kk --check-forms
for id in jumin_ido kokuho_shutoku jidou_teate inkan_toroku juminhyo_seikyu \
	kaigo_shikaku kouki_shikaku tennyugaku suido_kaishi; do
	contains "form $id is shipped and checks" "$T/.out" "ok  $id "
done
expect_exit 0 "--list-forms exits 0" kk --list-forms
contains "--list-forms shows titles" "$T/.out" "住民異動届"

mkdir -p "$T/empty"
expect_exit 1 "a folder without forms is not a clean check" kk --check-forms "$T/empty"
contains "it says there are no forms" "$T/.out" "no forms"

# A form with two mistakes: both are reported with their lines, and the
# form is refused.
mkdir -p "$T/forms"
cp forms/suido_kaishi.form "$T/forms/"
cat >"$T/forms/broken.form" <<'FORM'
form       broken
title      壊れた様式
version    1
effective  2024-04-01
paper      A4 portrait
unit       mm
font       mincho
size       10.5
feild      person.name 10 10 50 8
field      persn.name 10 20 50 8
FORM
expect_exit 1 "a broken form is refused" kk --check-forms "$T/forms"
contains "the misspelt statement is named with its line" "$T/.out" "broken.form:9:"
contains "the unknown item is named with its line" "$T/.out" "broken.form:10:"
contains "the good form beside it still checks" "$T/.out" "ok  suido_kaishi"
expect_exit 1 "render refuses while a form is broken" \
	kk --forms-dir "$T/forms" --render data/samples/hiji-family.visit --out "$T/y.pdf"
test -e "$T/y.pdf" && not_ok "no PDF from broken forms" || ok "no PDF from broken forms"

finish
