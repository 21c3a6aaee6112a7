/*
 * dict-value.c - the types of the dictionary: checking what a clerk typed
 * against an item's type, and showing a stored value on screen.
 *
 * Every type is one row of types[] (name, normalise, display, how it is
 * typed, its hint); the rest of the program asks the row rather than
 * switching on the type.
 *
 * dict_normalize turns input into the stored form described in dict.h;
 * its messages are for the clerk at the counter: short Japanese, naming
 * the character and its U+ code point when one character is at fault.
 * Blanks (ASCII and U+3000) at either end are dropped for every type; an
 * input that is empty after that is stored as "" (visit_set removes the
 * key). Text is kept exactly as typed otherwise: never NFC/NFKC, so 﨑
 * (U+FA11), 𠮷 and 葛+U+E0100 reach the form unchanged.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dict/dict.h"

/* A copy of s without leading and trailing ASCII or ideographic blanks. */
static char *
trim_blanks(const char *s)
{
	const char *e;

	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			break;
	}
	e = s + strlen(s);
	for (;;) {
		if (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
		    e[-1] == '\n'))
			e--;
		else if (e - s >= 3 && strncmp(e - 3, "\xe3\x80\x80", 3) == 0)
			e -= 3;
		else
			break;
	}
	return xstrndup(s, (size_t)(e - s));
}

/* 「X」(U+XXXX) for the message about one character. */
static char *
name_char(uint32_t cp)
{
	char buf[5] = { 0 };

	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return xasprintf("制御文字(U+%04X)", (unsigned)cp);
	utf8_encode(cp, buf);
	return xasprintf("「%s」(U+%04X)", buf, (unsigned)cp);
}

/* Characters, not counting variation selectors (葛+E0100 is one). */
static size_t
char_count(const char *s)
{
	size_t len = strlen(s), off = 0, n, count = 0;
	uint32_t cp;

	while (off < len) {
		n = utf8_decode(s + off, len - off, &cp);
		if (n == 0)
			n = 1;
		else if (!utf8_is_vs(cp))
			count++;
		off += n;
	}
	return count;
}

static int
check_maxlen(const struct dict_item *it, const char *s, char **cause)
{
	if (it->maxlen > 0 && char_count(s) > (size_t)it->maxlen) {
		*cause = xasprintf("%sは%d文字までです(%zu文字あります)",
		    it->label, it->maxlen, char_count(s));
		return -1;
	}
	return 0;
}

static int
norm_text(const struct dict_item *it, const char *s, char **out,
    char **cause)
{
	size_t len = strlen(s), off = 0, n;
	uint32_t cp;
	char *what;

	while (off < len) {
		n = utf8_decode(s + off, len - off, &cp);
		if (n == 0) {
			*cause = xasprintf("UTF-8 として読めない文字があります"
			    "(%zuバイト目)", off + 1);
			return -1;
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    cp == 0x2028 || cp == 0x2029) {
			what = name_char(cp);
			*cause = xasprintf("%sは使えません", what);
			free(what);
			return -1;
		}
		off += n;
	}
	if (check_maxlen(it, s, cause) != 0)
		return -1;
	*out = xstrdup(s);
	return 0;
}

/* Keep only ASCII digits, allowing the characters in skip to be dropped;
 * anything else is refused by name. */
static char *
only_digits(const char *in, const char *skip, const char *label,
    char **cause)
{
	char *h = kana_to_halfwidth_digits(in), *what;
	struct strbuf sb = { 0 };
	size_t len = strlen(h), off = 0, n;
	uint32_t cp;

	sb_add(&sb, "");
	while (off < len) {
		n = utf8_decode(h + off, len - off, &cp);
		if (n == 0) {
			*cause = xasprintf("%sに UTF-8 として読めない文字が"
			    "あります", label);
			goto fail;
		}
		off += n;
		if (cp >= '0' && cp <= '9')
			sb_addc(&sb, (char)cp);
		else if (cp < 0x80 && cp != 0 && strchr(skip, (int)cp) != NULL)
			continue;
		else if (cp == 0x3000 && strchr(skip, ' ') != NULL)
			continue;
		else {
			what = name_char(cp);
			*cause = xasprintf("%sに%sは使えません(数字で入力"
			    "してください)", label, what);
			free(what);
			goto fail;
		}
	}
	free(h);
	return sb_detach(&sb);
fail:
	free(h);
	sb_free(&sb);
	return NULL;
}

static int
norm_postal(const struct dict_item *it, const char *s, char **out,
    char **cause)
{
	char *d;

	if (strncmp(s, "〒", strlen("〒")) == 0)
		s += strlen("〒");
	if ((d = only_digits(s, "- ", it->label, cause)) == NULL)
		return -1;
	if (strlen(d) != 7) {
		*cause = xasprintf("郵便番号は7桁です(例: 190-0182)。"
		    "%zu桁あります", strlen(d));
		free(d);
		return -1;
	}
	*out = d;
	return 0;
}

/* Phone numbers: digits and hyphens; (0422)12-3456 becomes 0422-12-3456. */
static int
norm_phone(const struct dict_item *it, const char *s, char **out,
    char **cause)
{
	char *h = kana_to_halfwidth_digits(s), *what, *p;
	struct strbuf sb = { 0 };
	size_t len = strlen(h), off = 0, n, ndig = 0;
	uint32_t cp;

	sb_add(&sb, "");
	while (off < len) {
		n = utf8_decode(h + off, len - off, &cp);
		if (n == 0)
			cp = 0xfffd, n = 1;
		off += n;
		if (cp == 0xff08)
			cp = '(';
		else if (cp == 0xff09)
			cp = ')';
		if (cp >= '0' && cp <= '9') {
			sb_addc(&sb, (char)cp);
			ndig++;
		} else if (cp == '-' || cp == '(' || cp == ')' || cp == ' ' ||
		    cp == 0x3000) {
			if (sb.len > 0 && sb.s[sb.len - 1] != '-')
				sb_addc(&sb, '-');
		} else {
			what = name_char(cp);
			*cause = xasprintf("電話番号に%sは使えません", what);
			free(what);
			free(h);
			sb_free(&sb);
			return -1;
		}
	}
	free(h);
	p = sb_detach(&sb);
	len = strlen(p);
	if (len > 0 && p[len - 1] == '-')
		p[len - 1] = '\0';
	if (ndig < 10 || ndig > 11 || p[0] != '0') {
		*cause = xasprintf("%sは0から始まる10桁か11桁の番号です"
		    "(例: 042-597-0511)", it->label);
		free(p);
		return -1;
	}
	*out = p;
	return 0;
}

static int
norm_mynumber(const struct dict_item *it, const char *s, char **out,
    char **cause)
{
	char *d;

	if ((d = only_digits(s, "- ", it->label, cause)) == NULL)
		return -1;
	if (strlen(d) != 12) {
		*cause = xasprintf("個人番号は12桁です(%zu桁あります)",
		    strlen(d));
		free(d);
		return -1;
	}
	if (!checkdigit_mynumber(d)) {
		*cause = xstrdup("個人番号の検査用数字(最後の桁)が合いません。"
		    "番号を確かめてください");
		free(d);
		return -1;
	}
	*out = d;
	return 0;
}

static int
norm_corpnumber(const struct dict_item *it, const char *s, char **out,
    char **cause)
{
	char *d;

	if ((d = only_digits(s, "- ", it->label, cause)) == NULL)
		return -1;
	if (strlen(d) != 13) {
		*cause = xasprintf("法人番号は13桁です(%zu桁あります)",
		    strlen(d));
		free(d);
		return -1;
	}
	if (!checkdigit_corpnumber(d)) {
		*cause = xstrdup("法人番号の検査用数字(最初の桁)が合いません。"
		    "番号を確かめてください");
		free(d);
		return -1;
	}
	*out = d;
	return 0;
}

static int
norm_digits(const struct dict_item *it, const char *s, char **out,
    char **cause)
{
	char *d;

	if ((d = only_digits(s, "", it->label, cause)) == NULL)
		return -1;
	if (it->digits > 0 && strlen(d) != (size_t)it->digits) {
		*cause = xasprintf("%sは%d桁です(%zu桁あります)", it->label,
		    it->digits, strlen(d));
		free(d);
		return -1;
	}
	if (it->maxlen > 0 && strlen(d) > (size_t)it->maxlen) {
		*cause = xasprintf("%sは%d桁までです", it->label, it->maxlen);
		free(d);
		return -1;
	}
	*out = d;
	return 0;
}

static int
norm_choice(const struct dict_item *it, const char *s, char **out,
    char **cause)
{
	const struct dict_choice *c = it->choice;
	struct strbuf sb = { 0 };
	size_t i;

	if (c == NULL) {
		*cause = xasprintf("%sの選択肢がありません", it->label);
		return -1;
	}
	for (i = 0; i < c->nvalues; i++) {
		if (strcmp(s, c->values[i]) == 0) {
			*out = xstrdup(c->values[i]);
			return 0;
		}
	}
	for (i = 0; i < c->nvalues; i++) {
		if (i > 0)
			sb_add(&sb, " ");
		sb_add(&sb, c->values[i]);
	}
	*cause = xasprintf("「%s」は%sに選べません(選べるもの: %s)", s,
	    it->label, sb.s);
	sb_free(&sb);
	return -1;
}

static int
norm_yesno(const struct dict_item *it, const char *s, char **out,
    char **cause)
{
	static const char *yes[] = { "はい", "yes", "y", "1", "○", "有" };
	static const char *no[] = { "いいえ", "no", "n", "0", "×", "無" };
	size_t i;

	for (i = 0; i < nitems(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = xstrdup("はい");
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = xstrdup("いいえ");
			return 0;
		}
	}
	*cause = xasprintf("%sは「はい」か「いいえ」です", it->label);
	return -1;
}

static int
norm_number(const struct dict_item *it, const char *s, char **out,
    char **cause)
{
	char *h = kana_to_halfwidth_digits(s), *end;
	long v;

	v = strtol(h, &end, 10);
	if (*h == '\0' || *end != '\0' || h[0] == '+' || h[0] == ' ' ||
	    v == LONG_MIN || v == LONG_MAX) {
		*cause = xasprintf("%sは数で入力してください", it->label);
		free(h);
		return -1;
	}
	free(h);
	if (v < it->min || v > it->max) {
		if (it->min != LONG_MIN && it->max != LONG_MAX)
			*cause = xasprintf("%sは%ldから%ldまでです",
			    it->label, it->min, it->max);
		else if (it->min != LONG_MIN)
			*cause = xasprintf("%sは%ld以上です", it->label,
			    it->min);
		else
			*cause = xasprintf("%sは%ld以下です", it->label,
			    it->max);
		return -1;
	}
	*out = xasprintf("%ld", v);
	return 0;
}

static int
norm_kana(const struct dict_item *it, const char *s, char **out,
    char **cause)
{
	char *k;

	if (kana_to_katakana(s, &k, cause) != 0)
		return -1;
	if (check_maxlen(it, k, cause) != 0) {
		free(k);
		return -1;
	}
	*out = k;
	return 0;
}

static int
norm_date(const struct dict_item *it, const char *s, char **out,
    char **cause)
{
	struct date d;
	char buf[11];

	(void)it;
	if (date_parse_input(s, &d, cause) != 0)
		return -1;
	*out = xstrdup(date_format_iso(d, buf));
	return 0;
}

static char *
show_mynumber(const struct dict_item *it, const char *stored)
{
	size_t len = strlen(stored);

	(void)it;
	if (len == 12)
		return xasprintf("**** **** %s", stored + 8);
	return xstrdup(len > 0 ? "****" : "");
}

static char *
show_postal(const struct dict_item *it, const char *stored)
{
	(void)it;
	if (strlen(stored) == 7)
		return xasprintf("%.3s-%s", stored, stored + 3);
	return xstrdup(stored);
}

static char *
show_date(const struct dict_item *it, const char *stored)
{
	struct date d;

	(void)it;
	if (date_parse_iso(stored, &d) == 0)
		return wareki_format(d, WAREKI_GANNEN);
	return xstrdup(stored);
}

/*
 * The widest value of each type: as many characters as the item allows,
 * in characters one em wide in every face of the font map (国, ヴ); the
 * dates, numbers and choices whose text is longest.
 */
#define WIDEST_TEXT	"国"
#define WIDEST_KANA	"ヴ"
#define WIDEST_NO_MAX	400	/* an item with no maxlen */

static char *
repeat(const char *s, int n)
{
	struct strbuf sb;

	sb_init(&sb);
	while (n-- > 0)
		sb_add(&sb, s);
	return sb_detach(&sb);
}

static char *
widest_text(const struct dict_item *it)
{
	return repeat(WIDEST_TEXT, it->maxlen > 0 ? it->maxlen :
	    WIDEST_NO_MAX);
}

static char *
widest_kana(const struct dict_item *it)
{
	return repeat(WIDEST_KANA, it->maxlen > 0 ? it->maxlen :
	    WIDEST_NO_MAX);
}

static char *
widest_digits(const struct dict_item *it)
{
	return repeat("8", it->digits > 0 ? it->digits : it->maxlen > 0 ?
	    it->maxlen : 20);
}

/* いいえ is the longer, and keeps every member in the household
 * (person.bekkyo) and every form proposed. */
static char *
widest_number(const struct dict_item *it)
{
	return xasprintf("%ld", it->max > it->min ? it->max : 99999L);
}

static char *
widest_choice(const struct dict_item *it)
{
	const char *pick = NULL;
	size_t i, len, best = 0;

	for (i = 0; it->choice != NULL && i < it->choice->nvalues; i++) {
		len = utf8_count(it->choice->values[i]);
		if (len > best) {
			best = len;
			pick = it->choice->values[i];
		}
	}
	return pick != NULL ? xstrdup(pick) : NULL;
}

/* いいえ is the wider yesno, and keeps every member in the household
 * (person.bekkyo) and every form proposed; 2018-12-28 is 平成30年12月28日. */
static const struct dict_type_def types[DICT_NTYPES] = {
	[DICT_TEXT] = { "text", norm_text, NULL, DICT_INPUT_PLAIN, 0, NULL,
	    NULL, widest_text },
	[DICT_KANA] = { "kana", norm_kana, NULL, DICT_INPUT_KANA, 0,
	    "ひらがなで入力するとカタカナになります", NULL, widest_kana },
	[DICT_DATE] = { "date", norm_date, show_date, DICT_INPUT_NARROW, 1,
	    "例 S45.3.12  R1.5.1  1970-03-12  昭和45年3月12日", "2018-12-28",
	    NULL },
	[DICT_POSTAL] = { "postal", norm_postal, show_postal,
	    DICT_INPUT_NARROW, 1, "7桁 例 190-0182 (住所を検索します)",
	    "1900182", NULL },
	[DICT_PHONE] = { "phone", norm_phone, NULL, DICT_INPUT_NARROW, 1,
	    "例 042-597-0511", "090-8888-8888", NULL },
	[DICT_MYNUMBER] = { "mynumber", norm_mynumber, show_mynumber,
	    DICT_INPUT_NARROW, 1,
	    "12桁 (入力後は伏せて表示します。空のままなら変更しません)",
	    "888888888880", NULL },
	[DICT_CORPNUMBER] = { "corpnumber", norm_corpnumber, NULL,
	    DICT_INPUT_NARROW, 1, NULL, "7123456789012", NULL },
	[DICT_DIGITS] = { "digits", norm_digits, NULL, DICT_INPUT_NARROW, 1,
	    NULL, NULL, widest_digits },
	[DICT_CHOICE] = { "choice", norm_choice, NULL, DICT_INPUT_PLAIN, 1,
	    NULL, NULL, widest_choice },
	[DICT_YESNO] = { "yesno", norm_yesno, NULL, DICT_INPUT_PLAIN, 1,
	    NULL, "いいえ", NULL },
	[DICT_NUMBER] = { "number", norm_number, NULL, DICT_INPUT_NARROW, 1,
	    NULL, NULL, widest_number },
};

const struct dict_type_def *
dict_type_def(enum dict_type t)
{
	if ((size_t)t < nitems(types) && types[t].name != NULL)
		return &types[t];
	return NULL;
}

const char *
dict_type_name(enum dict_type t)
{
	const struct dict_type_def *def = dict_type_def(t);

	return def != NULL ? def->name : "?";
}

int
dict_type_find(const char *name)
{
	size_t t;

	for (t = 0; t < nitems(types); t++) {
		if (types[t].name != NULL && strcmp(types[t].name, name) == 0)
			return (int)t;
	}
	return -1;
}

const char *const *
dict_item_values(const struct dict_item *it, size_t *n)
{
	static const char *const yesno[] = { "はい", "いいえ" };

	*n = 0;
	if (it->type == DICT_YESNO) {
		*n = nitems(yesno);
		return yesno;
	}
	if (it->type == DICT_CHOICE && it->choice != NULL) {
		*n = it->choice->nvalues;
		return (const char *const *)it->choice->values;
	}
	return NULL;
}

int
dict_normalize(const struct dict_item *it, const char *input, char **out,
    char **cause)
{
	const struct dict_type_def *def = dict_type_def(it->type);
	size_t bad;
	char *s;
	int rc;

	*out = NULL;
	if (!utf8_valid(input, strlen(input), &bad)) {
		*cause = xasprintf("%sに UTF-8 として読めない文字があります"
		    "(%zuバイト目)", it->label, bad + 1);
		return -1;
	}
	s = trim_blanks(input);
	if (*s == '\0') {
		*out = s;
		return 0;
	}
	if (def != NULL)
		rc = def->normalize(it, s, out, cause);
	else {
		*cause = xstrdup("型が正しくありません");
		rc = -1;
	}
	free(s);
	return rc;
}

char *
dict_widest(const struct dict_item *it)
{
	const struct dict_type_def *def = dict_type_def(it->type);

	if (def == NULL)
		return NULL;
	if (def->widest_of != NULL)
		return def->widest_of(it);
	return def->widest != NULL ? xstrdup(def->widest) : NULL;
}

char *
dict_display(const struct dict_item *it, const char *stored)
{
	const struct dict_type_def *def = dict_type_def(it->type);

	if (stored == NULL)
		return xstrdup("");
	if (def != NULL && def->display != NULL)
		return def->display(it, stored);
	if (it->secret && *stored != '\0')
		return xstrdup("****");
	return xstrdup(stored);
}
