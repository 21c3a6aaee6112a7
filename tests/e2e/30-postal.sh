#!/bin/sh
# Postal codes: the shipped subset works on a new database with no import;
# the full real KEN_ALL.CSV (CP932) and utf_ken_all.csv (UTF-8) import and
# give the same answers for the quirks of domain.md §4 (8911275 one merged
# 町域, 0600042 大通西 with its note apart, 4980000 two prefectures, 1900100
# no 町域, 5220317 一円 kept); after the import no town holds a note
# (every kind of 町域 note in the files, src/store/postal.c) and the notes
# left are clean; a truncated or mis-encoded file changes nothing and
# names its line.
. "$(dirname "$0")/lib.sh"

# The shipped subset, with no import.
expect_exit 0 "a new database looks up 日の出町 平井" kk --lookup-postal 190-0182
contains "1900182 is 平井" "$T/.out" "1900182	東京都	西多摩郡日の出町	平井"
expect_exit 0 "日南町 生山 is shipped" kk --lookup-postal 6895211
contains "6895211 is 生山" "$T/.out" "生山"
expect_exit 0 "美咲町 柵原 is shipped" kk --lookup-postal 7081527
contains "7081527 is 柵原" "$T/.out" "柵原"
expect_exit 0 "日出町 大神 is shipped" kk --lookup-postal 8791504
contains "8791504 is 大神" "$T/.out" "大神"
expect_exit 1 "an unknown code is exit 1" kk --lookup-postal 0000000
contains "the unknown code is named" "$T/.out" "0000000: no such postal code"
expect_exit 1 "a malformed code is exit 1" kk --lookup-postal 12345
mode=$(stat -c %a "$KAKANAI_DB")
equal "the database is 0600" "$mode" 600
mode=$(stat -c %a "$(dirname "$KAKANAI_DB")")
# $T itself is mktemp's 0700
equal "its folder is 0700" "$mode" 700
export KAKANAI_DB="$T/sub/dir/k.db"
kk --lookup-postal 1900182 >/dev/null 2>&1
equal "a created folder is 0700" "$(stat -c %a "$T/sub/dir")" 700
equal "a created database is 0600" "$(stat -c %a "$T/sub/dir/k.db")" 600
chmod 644 "$T/sub/dir/k.db"
kk --lookup-postal 1900182 >/dev/null 2>&1
equal "a database left 0644 is closed up to 0600" "$(stat -c %a "$T/sub/dir/k.db")" 600

POSTAL=$SHARED/data/postal
if [ ! -f "$POSTAL/ken_all.zip" ] || ! command -v unzip >/dev/null; then
	not_ok "the real postal files are in $POSTAL (and unzip is installed)"
	finish
fi
unzip -q -o "$POSTAL/ken_all.zip" -d "$T/p"
unzip -q -o "$POSTAL/utf_ken_all.zip" -d "$T/p"
KEN=$(ls "$T"/p/* | grep -i 'ken_all.csv$' | grep -v utf)
UTF=$(ls "$T"/p/utf_ken_all.csv)

# has_line NAME FILE LINE: FILE has exactly this line.
has_line() {
	if grep -qxF -- "$3" "$2"; then ok "$1"; else
		not_ok "$1: no line '$3' in $2"; sed 's/^/    /' "$2" | cut -c1-120 | head -n 20
	fi
}

# lookup_all CODE...: the answers for every quirk code, into $T/$1.txt
quirks="8911275 0600042 4980000 1900100 5220317 0720819 6180000 8710000 1000301 7660002 1636001 1636090 0295503 4411324 0050863 8572427"
lookup_all() {
	: >"$T/$1.txt"
	for c in $quirks; do kk --lookup-postal "$c" >>"$T/$1.txt" 2>&1; done
}

for f in "$KEN" "$UTF"; do
	name=$(basename "$f")
	export KAKANAI_DB="$T/$name.db"
	expect_exit 0 "$name imports" kk --import-postal "$f"
	contains "$name: 124524 rows after merging and splitting town lists" "$T/.out" "imported 124524 postal code rows"
	lookup_all "$name"
	R="$T/$name.txt"
	n=$(grep -c '^8911275' "$R")
	equal "$name: 8911275 is one 町域" "$n" 1
	contains "$name: 8911275 merged: 川上町 with the whole note" "$R" "8911275	鹿児島県	鹿児島市	川上町	（３６４９、"
	contains "$name: 8911275 note runs to its close" "$R" "４２４４－４番地）	カワカミチョウ"
	has_line "$name: 0600042 大通西 with its note apart" "$R" "0600042	北海道	札幌市中央区	大通西	（１～１９丁目）	オオドオリニシ"
	has_line "$name: 4980000 in 愛知県" "$R" "4980000	愛知県	弥富市			"
	has_line "$name: 4980000 in 三重県" "$R" "4980000	三重県	桑名郡木曽岬町			"
	has_line "$name: 1900100 日の出町 with no 町域" "$R" "1900100	東京都	西多摩郡日の出町			"
	has_line "$name: 1900100 also あきる野市" "$R" "1900100	東京都	あきる野市			"
	lacks "$name: no 以下に掲載がない場合 as a 町域" "$R" "	以下に掲載がない場合"
	has_line "$name: 5220317 一円 is a real place" "$R" "5220317	滋賀県	犬上郡多賀町	一円		イチエン"
	has_line "$name: 1000301 利島村一円 means the whole village" "$R" "1000301	東京都	利島村			"
	n=$(grep -c '^0720819' "$R")
	equal "$name: 0720819 stays two 町域" "$n" 2
	contains "$name: 6180000 in 京都府" "$R" "6180000	京都府"
	contains "$name: 6180000 in 大阪府" "$R" "6180000	大阪府"
	contains "$name: 8710000 in 福岡県" "$R" "8710000	福岡県"
	contains "$name: 8710000 in 大分県" "$R" "8710000	大分県"
	has_line "$name: 7660002 次に…がくる場合: no town, its range the note" "$R" "7660002	香川県	仲多度郡琴平町		（１～４２６番地、川東）	"
	has_line "$name: 8572427 大島町の次に番地がくる場合 is 大島町" "$R" "8572427	長崎県	西海市	大島町		オオシマチョウ"
	has_line "$name: 1636001 a floor is its building's town" "$R" "1636001	東京都	新宿区	西新宿	（住友不動産新宿オークタワー　１階）	ニシシンジュク"
	has_line "$name: 1636090 地階・階層不明 is the building alone" "$R" "1636090	東京都	新宿区	西新宿	（住友不動産新宿オークタワー）	ニシシンジュク"
	has_line "$name: 0295503 穴明 with its 地割 in the note" "$R" "0295503	岩手県	和賀郡西和賀町	穴明	（２２地割、２３地割）	アナアケ"
	has_line "$name: 4411324 three towns: 井道" "$R" "4411324	愛知県	新城市	井道		イミチ"
	has_line "$name: 4411324 three towns: 内井道" "$R" "4411324	愛知県	新城市	内井道		ウチイミチ"
	has_line "$name: 0050863 （その他） is dropped" "$R" "0050863	北海道	札幌市南区	常盤		トキワ"

	# No town still holds a note: a bracket, a list, a range, the words
	# of a note. The one town that legitimately does is listed.
	sqlite3 -separator '	' "$KAKANAI_DB" "SELECT code, city, town FROM postal
	    WHERE town GLOB '*[（）「」〔〕、～]*' OR town LIKE '%場合%'
	    OR town LIKE '%除く%' OR town LIKE '%以外%' OR town LIKE '%その他%'
	    OR town LIKE '%一円%' OR town LIKE '%地割%' OR town LIKE '%階層%'
	    OR town GLOB '*[０-９]階' OR town GLOB '*[０-９]－[０-９]*'
	    ORDER BY code" >"$T/towns.txt" 2>&1
	printf '5220317	犬上郡多賀町	一円\n' >"$T/towns-want.txt"
	if cmp -s "$T/towns.txt" "$T/towns-want.txt"; then
		ok "$name: no town holds a note (only 多賀町 一円, a place)"
	else
		not_ok "$name: no town holds a note (only 多賀町 一円, a place)"
		head -n 20 "$T/towns.txt" | sed 's/^/    /'
	fi
	# No note is one that says nothing once the code is chosen, except
	# where it alone tells two rows of a code apart (八尾木).
	sqlite3 -separator '	' "$KAKANAI_DB" "SELECT code, town, note FROM postal
	    WHERE note IN ('（その他）', '（次のビルを除く）', '（丁目）',
	    '（番地）', '（番地のみ）', '（大字）', '（大字、番地）', '（全域）')
	    OR note LIKE '%の次に%' OR note LIKE '%階層不明%'
	    OR note GLOB '*）*（*' ORDER BY code, seq" >"$T/notes.txt" 2>&1
	printf '5810027	八尾木	（丁目）\n5810027	八尾木	（大字）\n' >"$T/notes-want.txt"
	if cmp -s "$T/notes.txt" "$T/notes-want.txt"; then
		ok "$name: every note left is a clean note"
	else
		not_ok "$name: every note left is a clean note"
		head -n 20 "$T/notes.txt" | sed 's/^/    /'
	fi
	n=$(sqlite3 "$KAKANAI_DB" "SELECT count(*) FROM postal WHERE note GLOB '*[０-９]階）'")
	equal "$name: 3351 floors of buildings, each a note under its town" "$n" 3351
done
if cmp -s "$T/$(basename "$KEN").txt" "$T/utf_ken_all.csv.txt"; then
	ok "KEN_ALL.CSV and utf_ken_all.csv give identical answers"
else
	not_ok "KEN_ALL.CSV and utf_ken_all.csv give identical answers"
	diff "$T/$(basename "$KEN").txt" "$T/utf_ken_all.csv.txt" | head
fi

# Bad files against the KEN_ALL database: each refused with its line, and
# the database answers as before.
export KAKANAI_DB="$T/$(basename "$KEN").db"
head -c 5000000 "$KEN" >"$T/trunc.csv"
head -c 7000000 "$UTF" >"$T/trunc-utf.csv"
# a byte that is not CP932 (0x81 0x20) in the middle of the file
{ head -c 6000000 "$KEN"; printf '\201 '; tail -c +6000001 "$KEN"; } >"$T/bad932.csv"
# a byte that is not UTF-8 in the middle of the UTF-8 file
{ head -c 9000000 "$UTF"; printf '\377'; tail -c +9000001 "$UTF"; } >"$T/badutf.csv"
for bad in trunc trunc-utf bad932 badutf; do
	expect_exit 1 "$bad.csv is refused" kk --import-postal "$T/$bad.csv"
	contains "$bad.csv: the message names file:line" "$T/.out" "$T/$bad.csv:"
	contains "$bad.csv: nothing was imported" "$T/.out" "nothing was imported"
	lookup_all after
	if cmp -s "$T/after.txt" "$T/$(basename "$KEN").txt"; then
		ok "$bad.csv changed nothing"
	else
		not_ok "$bad.csv changed nothing"
	fi
done
contains "the mis-encoded byte is shown" "$T/.out" "byte 0xFF"

finish
