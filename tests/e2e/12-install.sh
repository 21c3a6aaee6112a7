#!/bin/sh
# make install: the installed program finds its forms, font map, dictionary
# and data under PREFIX without the source tree, and the manual page is
# there. Built in its own build folder so the tree's binary is untouched.
. "$(dirname "$0")/lib.sh"

P=$T/prefix
check "make install into a private prefix" \
	make -s install BUILD="$T/build" PROGRAM="$T/kakanai" PREFIX="$P" \
	LOCALSTATEDIR="$P/var" SYSCONFDIR="$P/etc" KAKANAI_GROUP=root
for f in bin/kakanai share/kakanai/forms/jumin_ido.form \
	share/kakanai/fonts/fontmap share/kakanai/data/dictionary.txt \
	share/kakanai/data/kakanai.conf share/kakanai/data/postal-towns.csv \
	share/kakanai/data/samples/hiji-family.visit \
	share/kakanai/data/towns/hiji.conf share/man/man1/kakanai.1; do
	test -f "$P/$f" && ok "installed $f" || not_ok "$f is not installed"
done

# Run it from / with no source tree in sight.
cd / || exit 2
expect_exit 0 "the installed program checks its installed forms" "$P/bin/kakanai" --check-forms
contains "it found them under the prefix" "$T/.out" "$P/share/kakanai/forms/"
expect_exit 0 "the installed program renders an installed sample" \
	"$P/bin/kakanai" --render "$P/share/kakanai/data/samples/hiji-family.visit" --out "$T/x.pdf"
test -s "$T/x.pdf" && ok "a PDF was written" || not_ok "no PDF"
expect_exit 0 "the installed program looks up a shipped postal code" \
	"$P/bin/kakanai" --db "$T/i.db" --lookup-postal 8791504
contains "日出町 大神 from the shipped postal data" "$T/.out" "大神"
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man -l "$P/share/man/man1/kakanai.1" >"$T/man.txt" 2>&1
	contains "the manual page formats" "$T/man.txt" "--render"
else
	skip "no man command to format the manual page"
fi
cd "$ROOT" || exit 2
finish
