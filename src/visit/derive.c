/*
 * derive.c - values computed from other values: the joined addresses,
 * each person's age and school grade, the household head's name and the
 * 届出人 when they were not entered, and the town's settings (town.* from the
 * configuration), so that forms ask for all of them by key like any
 * stored item.
 *
 * Ages and grades are counted on derive_reference_date: the 異動日
 * (move_date) if given, else the 届出日 (filed_date), else today
 * (clock_today, which tests fix with $KAKANAI_TODAY).
 *
 * Lookup order for derive_value: the stored value, then a derivation,
 * else NULL. The dictionary's default= is NOT applied here: it is what
 * the counter screen offers when asking, and a form must not circle 普通
 * for an account nobody gave.
 */
#include <stdlib.h>
#include <string.h>

#include "visit/visit.h"

struct date
derive_form_date(const struct derive_ctx *ctx)
{
	const char *s;
	struct date d;

	if ((s = visit_get(ctx->visit, "filed_date")) != NULL &&
	    date_parse_iso(s, &d) == 0)
		return d;
	if (date_valid(ctx->today))
		return ctx->today;
	return clock_today();
}

struct date
derive_reference_date(const struct derive_ctx *ctx)
{
	const char *s;
	struct date d;

	if ((s = visit_get(ctx->visit, "move_date")) != NULL &&
	    date_parse_iso(s, &d) == 0)
		return d;
	return derive_form_date(ctx);
}

/* pref + county + city + town + banchi, then a blank and the building;
 * empty parts are skipped. A county is left out when the city already
 * starts with it (postal data writes 西多摩郡日の出町 as the city). */
static char *
derive_address(const struct derive_ctx *ctx, const char *prefix)
{
	static const char *parts[] = { "pref", "county", "city", "town",
	    "banchi" };
	struct strbuf sb = { 0 };
	const char *val, *city;
	char *key;
	size_t i;

	for (i = 0; i < nitems(parts); i++) {
		key = xasprintf("%s.%s", prefix, parts[i]);
		val = visit_get(ctx->visit, key);
		free(key);
		if (val == NULL || *val == '\0')
			continue;
		if (strcmp(parts[i], "county") == 0) {
			key = xasprintf("%s.city", prefix);
			city = visit_get(ctx->visit, key);
			free(key);
			if (city != NULL && strncmp(city, val,
			    strlen(val)) == 0)
				continue;
		}
		sb_add(&sb, val);
	}
	key = xasprintf("%s.building", prefix);
	val = visit_get(ctx->visit, key);
	free(key);
	if (val != NULL && *val != '\0') {
		if (sb.len > 0)
			sb_add(&sb, " ");
		sb_add(&sb, val);
	}
	if (sb.len == 0)
		return NULL;
	return sb_detach(&sb);
}

/* The number of the first person whose 続柄 is 世帯主, or 0. */
static int
head_index(const struct derive_ctx *ctx)
{
	int i, n = visit_count(ctx->visit, "person");
	const char *rel;

	for (i = 1; i <= n; i++) {
		rel = visit_get_member(ctx->visit, "person", i, "relation");
		if (rel != NULL && strcmp(rel, "世帯主") == 0)
			return i;
	}
	return 0;
}

static char *
member_value(const struct derive_ctx *ctx, int index, const char *field)
{
	const char *val;

	if (index < 1)
		return NULL;
	val = visit_get_member(ctx->visit, "person", index, field);
	return val != NULL ? xstrdup(val) : NULL;
}

/*
 * The 届出人 when the clerk did not type one: for 世帯主 the household
 * head, for 本人 the first person of the visit (the one at the counter);
 * their address is the address the visit is about (the old one for a
 * 転出) and their phone the visit's. A 代理人 is never guessed: the agent
 * must be typed.
 */
static char *
derive_applicant(const struct derive_ctx *ctx, const char *field)
{
	const char *kind = visit_get(ctx->visit, "applicant.kind");
	const char *event = visit_get(ctx->visit, "event");
	const char *val;
	int who;

	if (kind == NULL || strcmp(kind, "代理人") == 0)
		return NULL;
	if (strcmp(field, "phone") == 0) {
		val = visit_get(ctx->visit, "phone");
		return val != NULL ? xstrdup(val) : NULL;
	}
	if (strcmp(field, "address") == 0)
		return derive_address(ctx, event != NULL &&
		    strcmp(event, "転出") == 0 ? "old" : "new");
	who = strcmp(kind, "世帯主") == 0 ? head_index(ctx) : 1;
	/* A 世帯主 who files for someone joining the household but does
	 * not move is not among the persons: the 世帯主 the clerk typed. */
	if (who == 0 && strcmp(field, "name") == 0) {
		val = visit_get(ctx->visit, "new.head");
		return val != NULL && *val != '\0' ? xstrdup(val) : NULL;
	}
	return member_value(ctx, who, field);
}

/*
 * 印鑑登録: the clerk names the member who registers (inkan.person, the
 * first when not given); only a resident of 15 or over may register (町の
 * 印鑑条例, after 印鑑登録証明事務処理要領 第2-1), so a younger one is no
 * registrant at all.
 */
static int
inkan_member(const struct derive_ctx *ctx)
{
	const char *who = visit_get(ctx->visit, "inkan.person");
	const char *birth;
	struct date b;
	int n = who != NULL && *who != '\0' ? atoi(who) : 1;

	if (n < 1 || n > visit_count(ctx->visit, "person"))
		return 0;
	birth = visit_get_member(ctx->visit, "person", n, "birth");
	if (birth == NULL || date_parse_iso(birth, &b) != 0 ||
	    age_on(b, derive_reference_date(ctx)) < 15)
		return 0;
	return n;
}

/*
 * 児童手当 (児童手当法, as amended from 2024-10-01). The 請求者 is the
 * member the clerk names (jidou.claimant), else the 世帯主: the parent of
 * the children, not necessarily the household's head - a 子 claims for
 * the 孫 living with the grandparents. Roles, by 続柄 to the 世帯主:
 *   the 請求者's 配偶者: 世帯主 <-> 妻/夫, 子 <-> 子の妻/子の夫, 父 <-> 母;
 *   the 請求者's children: of the 世帯主 (or 妻, 夫) the 子, of a 子 (or
 *   子の妻, 子の夫) the 孫, of the 父 or 母 the 世帯主 and the siblings;
 * a child to the end of the school year in which they turn 18 (grade 12)
 * is a 対象児童; one to the end of the year they turn 22 (grade 16, the
 * 大学生年代) is a 年長の子, counted for the 多子加算 (第3子以降).
 */
static int
rel_in(const char *rel, const char *const *set)
{
	for (; rel != NULL && *set != NULL; set++)
		if (strcmp(rel, *set) == 0)
			return 1;
	return 0;
}

static int
jidou_claimant(const struct derive_ctx *ctx)
{
	const char *who = visit_get(ctx->visit, "jidou.claimant");
	int n = who != NULL && *who != '\0' ? atoi(who) : head_index(ctx);

	return n >= 1 && n <= visit_count(ctx->visit, "person") ? n : 0;
}

static char *
derive_jidou(const struct derive_ctx *ctx, int index)
{
	static const char *const head[] = { "世帯主", "妻", "夫", NULL };
	static const char *const son[] = { "子", "子の妻", "子の夫", NULL };
	static const char *const elder[] = { "父", "母", NULL };
	static const char *const head_kids[] = { "子", NULL };
	static const char *const son_kids[] = { "孫", NULL };
	static const char *const elder_kids[] = { "世帯主", "兄", "姉", "弟",
	    "妹", "兄弟姉妹", NULL };
	static const char *const head_mate[] = { "妻", "夫", NULL };
	static const char *const mate_head[] = { "世帯主", NULL };
	static const char *const son_mate[] = { "子の妻", "子の夫", NULL };
	static const char *const mate_son[] = { "子", NULL };
	static const char *const father[] = { "母", NULL };
	static const char *const mother[] = { "父", NULL };
	const char *crel, *rel, *birth;
	const char *const *kids, *const *mate;
	int c = jidou_claimant(ctx), m, grade;
	struct date b;

	if (c == 0)
		return NULL;
	if (index == c)
		return xstrdup("請求者");
	crel = visit_get_member(ctx->visit, "person", c, "relation");
	rel = visit_get_member(ctx->visit, "person", index, "relation");
	kids = rel_in(crel, head) ? head_kids : rel_in(crel, son) ? son_kids :
	    rel_in(crel, elder) ? elder_kids : NULL;
	mate = crel == NULL ? NULL : strcmp(crel, "世帯主") == 0 ? head_mate :
	    rel_in(crel, head_mate) ? mate_head : strcmp(crel, "子") == 0 ?
	    son_mate : rel_in(crel, son_mate) ? mate_son :
	    strcmp(crel, "父") == 0 ? father : strcmp(crel, "母") == 0 ?
	    mother : NULL;
	if (mate != NULL && rel_in(rel, mate)) {
		/* Only the first such member is the 配偶者. */
		for (m = 1; m < index; m++)
			if (m != c && rel_in(visit_get_member(ctx->visit,
			    "person", m, "relation"), mate))
				break;
		if (m == index)
			return xstrdup("配偶者");
	}
	if (kids == NULL || !rel_in(rel, kids))
		return NULL;
	birth = visit_get_member(ctx->visit, "person", index, "birth");
	if (birth == NULL || date_parse_iso(birth, &b) != 0)
		return NULL;
	grade = age_school_grade(b, derive_reference_date(ctx));
	if (grade <= 12)
		return xstrdup("対象児童");
	if (grade <= 16)
		return xstrdup("年長の子");
	return NULL;
}

/* person.N.age and person.N.grade from person.N.birth. */
static char *
derive_person(const struct derive_ctx *ctx, const struct dict_item *it,
    int index)
{
	const char *birth;
	struct date b, on;

	if (index < 1)
		return NULL;
	if (strcmp(it->field, "inkan") == 0)
		return xstrdup(index == inkan_member(ctx) ? "はい" : "いいえ");
	if (strcmp(it->field, "jidou") == 0)
		return derive_jidou(ctx, index);
	if (strcmp(it->field, "calendar") == 0) {
		/* A foreign resident's 住民票 is written in 西暦, and the
		 * standard 住民異動届 lets their dates be so. */
		const char *v = visit_get_member(ctx->visit, "person", index,
		    "nationality");

		return xstrdup(v != NULL && *v != '\0' && strcmp(v, "日本") !=
		    0 ? "西暦" : "和暦");
	}
	if (strcmp(it->field, "kyoju") == 0) {
		const char *v = visit_get_member(ctx->visit, "person", index,
		    "bekkyo");

		return xstrdup(v != NULL && strcmp(v, "はい") == 0 ? "別居" :
		    "同居");
	}
	birth = visit_get_member(ctx->visit, it->group, index, "birth");
	if (birth == NULL || date_parse_iso(birth, &b) != 0)
		return NULL;
	on = derive_reference_date(ctx);
	if (strcmp(it->field, "age") == 0)
		return xasprintf("%d", age_on(b, on));
	if (strcmp(it->field, "grade") == 0)
		return xasprintf("%d", age_school_grade(b, on));
	return NULL;
}

/*
 * 後期高齢者医療 is run by each prefecture's 広域連合 (高齢者の医療の確保
 * に関する法律 第48条): a 転入 from another prefecture makes a resident
 * insured here (資格取得, with the old 広域連合's 負担区分証明書), but a
 * 転入 from a town of the same prefecture, like a 転居, only changes the
 * address the 広域連合 holds (住所変更). An old address without its
 * prefecture is taken as another prefecture's: the 証明書 is asked for
 * rather than forgotten.
 */
static char *
derive_kouki_kind(const struct derive_ctx *ctx)
{
	const char *event = visit_get(ctx->visit, "event");
	const char *old = visit_get(ctx->visit, "old.pref");
	const char *new = visit_get(ctx->visit, "new.pref");

	if (event == NULL)
		return NULL;
	if (new == NULL || *new == '\0')
		new = config_get(ctx->config, "town.pref");
	if (strcmp(event, "転入") == 0)
		return xstrdup(old != NULL && new != NULL && *old != '\0' &&
		    strcmp(old, new) == 0 ? "住所変更" : "資格取得");
	if (strcmp(event, "転居") == 0)
		return xstrdup("住所変更");
	if (strcmp(event, "世帯変更") == 0)
		return xstrdup("世帯変更");
	return NULL;
}

char *
derive_value(const struct derive_ctx *ctx, const char *key)
{
	const struct dict_item *it = NULL;
	const char *val;
	char *out = NULL;
	int index = 0;

	if ((val = visit_get(ctx->visit, key)) != NULL)
		return xstrdup(val);
	if (strncmp(key, "town.", 5) == 0) {
		val = config_get(ctx->config, key);
		return val != NULL ? xstrdup(val) : NULL;
	}
	if (strcmp(key, "kouki.kind") == 0)
		return derive_kouki_kind(ctx);
	/* 国保 is had from the day of the 転入 or 出生 (国民健康保険法 第7条)
	 * unless the clerk typed another day (社保離脱). */
	if (strcmp(key, "kokuho.date") == 0) {
		const char *ev = visit_get(ctx->visit, "event");

		if (ev != NULL && (strcmp(ev, "転入") == 0 ||
		    strcmp(ev, "出生") == 0) &&
		    (val = visit_get(ctx->visit, "move_date")) != NULL)
			return xstrdup(val);
		return NULL;
	}
	if (strcmp(key, "new.address") == 0)
		return derive_address(ctx, "new");
	if (strcmp(key, "old.address") == 0)
		return derive_address(ctx, "old");
	if (strcmp(key, "new.head") == 0 &&
	    (out = member_value(ctx, head_index(ctx), "name")) != NULL)
		return out;
	if (strncmp(key, "applicant.", 10) == 0 && strcmp(key,
	    "applicant.kind") != 0)
		return derive_applicant(ctx, key + 10);
	if (ctx->dict != NULL)
		it = dict_find(ctx->dict, key, &index);
	if (strcmp(key, "inkan.registrant") == 0)
		return member_value(ctx, inkan_member(ctx), "name");
	if (it != NULL && it->group != NULL && strcmp(it->group,
	    "person") == 0 && (strcmp(it->field, "age") == 0 ||
	    strcmp(it->field, "grade") == 0 || strcmp(it->field, "inkan") ==
	    0 || strcmp(it->field, "jidou") == 0 || strcmp(it->field,
	    "kyoju") == 0 || strcmp(it->field, "calendar") == 0))
		return derive_person(ctx, it, index);
	return NULL;
}
