/*
 * postal-match.c - finding the postal row an address written out in full
 * begins with, to split it into 都道府県 / 市区町村 / 町名 / the rest.
 *
 * The My Number card gives the address as one string
 * (東京都西多摩郡日の出町大久野１２３４); the visit keeps it in parts.
 * The longest pref||city||town that is a prefix of the address wins; a
 * row whose town is "" (the code covers the whole city) matches the city
 * alone. Comparison is exact, character for character: no guessing.
 * When the town has several codes (常盤 is 0050863 and, for 1～131番地,
 * 0050865; 西新宿 is one code per building floor) the address alone does
 * not say which, and the code comes back empty.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store-int.h"

int
postal_match_address(struct store *s, const char *address,
    struct postal_addr **res, char **cause)
{
	struct postal_addr *out;
	sqlite3_stmt *st;
	int rc;

	*res = NULL;
	st = store_prepare(s, "SELECT code, pref, city, town, note, kana,"
	    " (SELECT count(DISTINCT o.code) FROM postal o WHERE"
	    " o.pref = p.pref AND o.city = p.city AND o.town = p.town)"
	    " FROM postal p WHERE substr(?1, 1, length(pref || city || town))"
	    " = pref || city || town"
	    " ORDER BY length(town) DESC, code, seq LIMIT 1", cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, address, -1, SQLITE_STATIC);
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		*res = out = xcalloc(1, sizeof *out);
		const unsigned char *code = sqlite3_column_text(st, 0);
		if (code != NULL)
			strncpy(out->code, (const char *)code,
			    sizeof out->code - 1);
		out->pref = store_col(st, 1);
		out->city = store_col(st, 2);
		out->town = store_col(st, 3);
		out->note = store_col(st, 4);
		out->kana = store_col(st, 5);
		if (sqlite3_column_int(st, 6) > 1)
			out->code[0] = '\0';
		sqlite3_finalize(st);
		return 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "matching an address");
		return -1;
	}
	return 0;
}
