/*
 * dict.h - the data dictionary: every item a visit can carry.
 *
 * data/dictionary.txt is the one definition of each item (key, type,
 * Japanese label, validation). The visit parser, the form parser, the
 * renderer, the TUI, the database and the exports all read it through this
 * interface, so a label or a rule is changed in one place.
 *
 * Values are kept as UTF-8 strings in a canonical stored form:
 *   text      as typed (never NFC/NFKC-normalised: 﨑 and 塚 must survive)
 *   kana      full-width katakana, spaces as U+3000
 *   date      YYYY-MM-DD
 *   postal    7 ASCII digits
 *   phone     ASCII digits and hyphens
 *   mynumber  12 ASCII digits, check digit verified
 *   corpnumber 13 ASCII digits, check digit verified
 *   digits    ASCII digits (length from digits=N)
 *   choice    one of the list's values, exactly
 *   yesno     はい or いいえ
 *   number    decimal integer
 */
#ifndef KAKANAI_DICT_H
#define KAKANAI_DICT_H

#include "util/util.h"

enum dict_type {
	DICT_TEXT,
	DICT_KANA,
	DICT_DATE,
	DICT_POSTAL,
	DICT_PHONE,
	DICT_MYNUMBER,
	DICT_CORPNUMBER,
	DICT_DIGITS,
	DICT_CHOICE,
	DICT_YESNO,
	DICT_NUMBER,
};

struct dict_choice {
	char *name;		/* "sex" */
	char **values;		/* "男", "女" */
	size_t nvalues;
	int line;
};

struct dict_group {
	char *name;		/* "person" */
	char *label;		/* "世帯員" */
	int max;		/* most members a visit may have */
	int line;
};

struct dict_item {
	char *key;		/* "person.name", "new.postal", "event" */
	char *group;		/* "person" for group members, else NULL */
	char *field;		/* "name" (the key without its group) */
	enum dict_type type;
	const struct dict_choice *choice; /* DICT_CHOICE only */
	char *label;		/* "氏名" */
	char *help;		/* a hint for the clerk, or NULL */
	char *def;		/* default value (stored form), or NULL */
	int required;		/* must be given (for each member, in a group) */
	int secret;		/* My Number: kept apart, masked, never logged */
	int derived;		/* computed from other items (visit/derive.c) */
	int maxlen;		/* most characters, 0 for no limit */
	int digits;		/* DICT_DIGITS: exact count, 0 for any */
	long min, max;		/* DICT_NUMBER range */
	int line;		/* where it is defined */
};

struct dict {
	char *path;
	struct dict_item *items;
	size_t nitems;
	struct dict_choice *choices;
	size_t nchoices;
	struct dict_group *groups;
	size_t ngroups;
};

/* dict.c */
/* Load and check a dictionary file; every mistake is reported (joined
 * into *cause as file:line: lines) and NULL returned. */
struct dict *dict_load(const char *path, char **cause);
/* The default dictionary: <home>/data/dictionary.txt. */
struct dict *dict_load_default(char **cause);
void dict_free(struct dict *);
/* Find an item. "person.3.name" finds "person.name" and sets *index to 3;
 * an ungrouped key sets *index to 0. index may be NULL. NULL if unknown. */
const struct dict_item *dict_find(const struct dict *, const char *key,
    int *index);
const struct dict_group *dict_find_group(const struct dict *,
    const char *name);
const struct dict_choice *dict_find_choice(const struct dict *,
    const char *name);
const char *dict_type_name(enum dict_type);

/* dict-value.c */
/*
 * What each type does, one row per type (dict-value.c): the one place that
 * says how a value is checked and stored, shown, typed and explained, for
 * the loader, the counter screen and the forms alike.
 */
enum dict_input {
	DICT_INPUT_PLAIN,	/* as typed */
	DICT_INPUT_KANA,	/* hiragana and half-width kana to katakana */
	DICT_INPUT_NARROW,	/* full-width digits, letters, hyphens to ASCII */
};
struct dict_type_def {
	const char *name;	/* as written in the dictionary: "date" */
	/* input (trimmed, not empty) to the stored form; see dict_normalize */
	int (*normalize)(const struct dict_item *, const char *, char **out,
	    char **cause);
	/* the stored form on screen (caller frees); NULL: as stored */
	char *(*display)(const struct dict_item *, const char *stored);
	enum dict_input input;
	int replace;		/* typing replaces the value, not edits it */
	const char *hint;	/* how to type it, if the item has no help */
	/* the stored value that prints widest, for the fit guarantee
	 * (layout-fit.c): fixed, or made for the item; see dict_widest */
	const char *widest;
	char *(*widest_of)(const struct dict_item *);
};
#define DICT_NTYPES (DICT_NUMBER + 1)
/* The row of a type, or NULL for a number that is no type. */
const struct dict_type_def *dict_type_def(enum dict_type);
/* The type a dictionary file names ("date"), or -1. */
int dict_type_find(const char *name);
/* The fixed values an item takes: a choice's, or はい and いいえ; NULL
 * (and *n 0) for any other item. */
const char *const *dict_item_values(const struct dict_item *, size_t *n);
/* The stored value of an item that prints widest (caller frees), or NULL
 * when its type has none. */
char *dict_widest(const struct dict_item *);
/* Check input for an item and produce its stored form in *out (caller
 * frees). On a mistake returns -1 and a message for the clerk in *cause
 * (Japanese, naming the character and its U+ code point where one is at
 * fault), e.g. "昭和は64年(1989年1月7日)までです". */
int dict_normalize(const struct dict_item *, const char *input, char **out,
    char **cause);
/* How a stored value is shown on screen: My Numbers masked as
 * "**** **** 9018", postal codes as 190-0182, dates in 和暦 (caller frees). */
char *dict_display(const struct dict_item *, const char *stored);

/* wareki.c: Japanese eras (domain.md §1). */
enum era {
	ERA_MEIJI,
	ERA_TAISHO,
	ERA_SHOWA,
	ERA_HEISEI,
	ERA_REIWA,
	ERA_COUNT
};
struct wareki {
	enum era era;
	int year;		/* 1 is 元年 */
	int month;
	int day;
};
#define WAREKI_GANNEN		0x1	/* 元年 instead of 1年 */
#define WAREKI_FULLWIDTH	0x2	/* full-width digits: 令和８年 */
/* Date to era; -1 before 1873-01-01 (lunisolar calendar). */
int wareki_from_date(struct date, struct wareki *);
/* Era, year, month, day to a date; -1 and a message if that era has no
 * such year or the day is outside the era (昭和65年, 平成31年5月1日). */
int wareki_to_date(enum era, int year, int month, int day, struct date *,
    char **cause);
const char *wareki_era_name(enum era);	/* 令和 */
const char *wareki_era_short(enum era);	/* 令 */
char wareki_era_letter(enum era);	/* R */
/* "令和元年5月1日" (caller frees). */
char *wareki_format(struct date, int flags);
/* "元" or "8" / "８": the year part alone, for split boxes (caller frees). */
char *wareki_year_string(int year, int flags);
/* Parse what a clerk types: S45.3.12, S450312, R1.5.1, H31.4.30,
 * 昭和45年3月12日, 1970-03-12, 19700312, 1970/3/12, with full-width digits
 * allowed. Refuses dates that do not exist and dates before 1873. */
int date_parse_input(const char *, struct date *, char **cause);

/* age.c: 年齢計算ニ関スル法律 (domain.md §2). */
/* Age on a date: the birthday is reached at the end of the day before. */
int age_on(struct date birth, struct date on);
/* School grade on a date: 1..6 小学校, 7..9 中学校, 10..12 高校相当;
 * 0 or less before school; the school year runs 4/1 to 3/31 and a child
 * born on 1 April enters a year before one born on 2 April. */
int age_school_grade(struct date birth, struct date on);

/* kana.c */
/* Hiragana, half-width katakana (with ﾞ ﾟ joined) and full-width katakana
 * to full-width katakana; ASCII and full-width spaces to one U+3000.
 * -1 and a message naming the character and its U+ code point for
 * anything else. */
int kana_to_katakana(const char *in, char **out, char **cause);
/* ASCII letters, digits, symbols and blanks, and half-width katakana
 * (ｶﾞ joined into ガ) and punctuation, to their full-width forms; anything
 * else is kept. Used where a field wants full-width text, and for Japan
 * Post's half-width kana columns. */
char *kana_to_fullwidth(const char *in);
/* One half-width katakana or punctuation character (U+FF61..U+FF9F) as
 * full-width; ﾞ and ﾟ alone become ゛ and ゜; anything else is returned
 * as it is. For input typed one character at a time. */
uint32_t kana_widen(uint32_t cp);
/* Full-width digits and hyphens to ASCII (for numbers typed through an
 * IME in full-width mode). */
char *kana_to_halfwidth_digits(const char *in);

/* checkdigit.c: domain.md §3. */
/* 1 if s is 12 ASCII digits with a valid My Number check digit. */
int checkdigit_mynumber(const char *s);
/* 1 if s is 13 ASCII digits with a valid 法人番号 check digit. */
int checkdigit_corpnumber(const char *s);

#endif
