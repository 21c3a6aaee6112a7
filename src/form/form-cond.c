/*
 * form-cond.c - the condition language of `applies` and `rows ... where`.
 *
 *	expr  := and ('or' and)*	and := not ('and' not)*
 *	not   := 'not' not | '(' expr ')' | cmp
 *	cmp   := value [op value | 'in' '(' value, value, ... ')']
 *	op    := = != < <= > >=
 *	value := KEY | NUMBER | WORD | "string" | count(GROUP [where expr])
 *
 * A condition is parsed once, when its form is loaded, into a small tree
 * whose keys are already checked against the dictionary; evaluating it
 * cannot fail. Words are told apart by their first character: one that
 * starts with an ASCII letter is a dictionary key (and an unknown one is a
 * mistake, so a typo is not silently a text), an integer is a number, and
 * anything else (転入, はい, 2024-04-01) is a word; quote a text that
 * looks like a key.
 *
 * Inside count(GROUP ...) and `rows GROUP where`, a group field is written
 * bare (age) or as GROUP.FIELD and means the member being looked at; the
 * evaluator carries a chain of (group, member) for nested counts.
 *
 * Comparison: numeric when both sides are integers, else byte order of
 * the stored text, which orders ISO dates correctly. A missing value is
 * empty; an ordering (< <= > >=) with an empty side is false, so a person
 * without a birth date is neither under nor over 65.
 */
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "form/form.h"

enum cnode_kind { CN_OR, CN_AND, CN_NOT, CN_CMP, CN_IN, CN_TRUTH };
enum cval_kind { CV_LIT, CV_KEY, CV_MEMBER, CV_COUNT };
enum cop { COP_EQ, COP_NE, COP_LT, COP_LE, COP_GT, COP_GE };

struct cnode;

struct cval {
	enum cval_kind kind;
	char *s;		/* literal, key, or member field */
	char *group;		/* CV_MEMBER, CV_COUNT */
	struct cnode *where;	/* CV_COUNT, or NULL */
};

struct cnode {
	enum cnode_kind kind;
	struct cnode *a, *b;	/* CN_OR, CN_AND; CN_NOT uses a */
	enum cop op;
	struct cval *left;	/* CN_CMP, CN_IN, CN_TRUTH */
	struct cval **right;	/* CN_CMP: one; CN_IN: nright */
	size_t nright;
};

struct form_cond {
	struct cnode *root;
	char *group;		/* group of a `where`, whose member is index */
};

/* Tokens of a condition. */
enum ctok_kind { CT_END, CT_LP, CT_RP, CT_COMMA, CT_OP, CT_STR, CT_WORD };
struct ctok {
	enum ctok_kind kind;
	char *s;
	int col;
	enum cop op;
};

#define MAX_SCOPE 8

struct cparse {
	const struct dict *dict;
	struct ctok *t;
	size_t n, i;
	const char *scope[MAX_SCOPE];	/* groups whose member is in view */
	int nscope;
	char *error;
	int depth;
};

static const char *op_names[] = { "=", "!=", "<", "<=", ">", ">=" };

static void cnode_free(struct cnode *);
static struct cnode *cparse_expr(struct cparse *);

static void
cval_free(struct cval *v)
{
	if (v == NULL)
		return;
	free(v->s);
	free(v->group);
	cnode_free(v->where);
	free(v);
}

static void
cnode_free(struct cnode *n)
{
	size_t i;

	if (n == NULL)
		return;
	cnode_free(n->a);
	cnode_free(n->b);
	cval_free(n->left);
	for (i = 0; i < n->nright; i++)
		cval_free(n->right[i]);
	free(n->right);
	free(n);
}

void
form_cond_free(struct form_cond *c)
{
	if (c == NULL)
		return;
	cnode_free(c->root);
	free(c->group);
	free(c);
}

/* Lexing. */

static int
ctok_special(char c)
{
	return c == ' ' || c == '\t' || c == '(' || c == ')' || c == ',' ||
	    c == '"' || c == '=' || c == '!' || c == '<' || c == '>' ||
	    c == '\r';
}

static void
ctok_push(struct cparse *p, enum ctok_kind kind, char *s, int col)
{
	p->t = xreallocarray(p->t, p->n + 1, sizeof *p->t);
	p->t[p->n].kind = kind;
	p->t[p->n].s = s;
	p->t[p->n].col = col;
	p->t[p->n].op = COP_EQ;
	p->n++;
}

static int
clex(struct cparse *p, const char *text, int col0)
{
	size_t len = strlen(text), i = 0, j, used, k;
	struct strbuf sb = { 0 };
	char *why, *op;
	int col;

	while (i < len) {
		if (text[i] == ' ' || text[i] == '\t' || text[i] == '\r') {
			i++;
			continue;
		}
		col = col0 + form_lex_column(text, i) - 1;
		switch (text[i]) {
		case '(':
			ctok_push(p, CT_LP, xstrdup("("), col);
			i++;
			continue;
		case ')':
			ctok_push(p, CT_RP, xstrdup(")"), col);
			i++;
			continue;
		case ',':
			ctok_push(p, CT_COMMA, xstrdup(","), col);
			i++;
			continue;
		case '"':
			if (form_lex_quoted(text + i, len - i, &used, &sb,
			    &why) != 0) {
				p->error = xasprintf("column %d: %s", col0 +
				    form_lex_column(text, i + used) - 1, why);
				free(why);
				sb_free(&sb);
				return -1;
			}
			ctok_push(p, CT_STR, sb_detach(&sb), col);
			i += used;
			continue;
		case '=': case '!': case '<': case '>':
			for (j = i; j < len && strchr("=!<>", text[j]) != NULL;
			    j++)
				;
			op = xstrndup(text + i, j - i);
			for (k = 0; k < nitems(op_names); k++) {
				if (strcmp(op, op_names[k]) == 0)
					break;
			}
			if (k == nitems(op_names)) {
				p->error = xasprintf("column %d: unknown "
				    "operator \"%s\" (use = != < <= > >=)",
				    col, op);
				free(op);
				return -1;
			}
			ctok_push(p, CT_OP, op, col);
			p->t[p->n - 1].op = (enum cop)k;
			i = j;
			continue;
		}
		for (j = i; j < len && !ctok_special(text[j]); j++)
			;
		ctok_push(p, CT_WORD, xstrndup(text + i, j - i), col);
		i = j;
	}
	ctok_push(p, CT_END, xstrdup(""), col0 + form_lex_column(text, len) -
	    1);
	return 0;
}

/* Parsing. */

static struct ctok *
cpeek(struct cparse *p)
{
	return &p->t[p->i];
}

static int
cword(struct cparse *p, const char *w)
{
	struct ctok *t = cpeek(p);

	return t->kind == CT_WORD && strcmp(t->s, w) == 0;
}

static void
cfail(struct cparse *p, const struct ctok *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
cfail(struct cparse *p, const struct ctok *t, const char *fmt, ...)
{
	va_list ap;
	char *msg, *quoted;

	if (p->error != NULL)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	quoted = xasprintf("\"%s\"", t->s);
	if (t->kind == CT_END)
		p->error = xasprintf("column %d: %s, at the end of the "
		    "condition", t->col, msg);
	else if (strstr(msg, quoted) != NULL)
		p->error = xasprintf("column %d: %s", t->col, msg);
	else
		p->error = xasprintf("column %d: %s, at %s", t->col, msg,
		    quoted);
	free(quoted);
	free(msg);
}

static int
is_integer(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return 0;
	}
	return 1;
}

static int
is_reserved(const char *s)
{
	return strcmp(s, "and") == 0 || strcmp(s, "or") == 0 ||
	    strcmp(s, "not") == 0 || strcmp(s, "in") == 0 ||
	    strcmp(s, "where") == 0;
}

static struct cval *
cval_new(enum cval_kind kind, const char *s, const char *group)
{
	struct cval *v = xcalloc(1, sizeof *v);

	v->kind = kind;
	v->s = xstrdup(s);
	v->group = group != NULL ? xstrdup(group) : NULL;
	return v;
}

static int
in_scope(struct cparse *p, const char *group)
{
	int i;

	for (i = 0; i < p->nscope; i++) {
		if (strcmp(p->scope[i], group) == 0)
			return 1;
	}
	return 0;
}

/* Resolve a word that starts with a letter to a key or a member field. */
static struct cval *
cparse_key(struct cparse *p, const struct ctok *t)
{
	const struct dict_item *it;
	const struct dict_group *g;
	const char *dot;
	char *k, *grp;
	int idx;

	/* A bare field of the innermost group in view: age. */
	if (p->nscope > 0 && strchr(t->s, '.') == NULL) {
		k = xasprintf("%s.%s", p->scope[p->nscope - 1], t->s);
		it = dict_find(p->dict, k, &idx);
		free(k);
		if (it != NULL && it->group != NULL)
			return cval_new(CV_MEMBER, it->field,
			    p->scope[p->nscope - 1]);
	}
	/* GROUP.FIELD of a group in view: person.age. */
	if ((dot = strchr(t->s, '.')) != NULL && strchr(dot + 1, '.') ==
	    NULL) {
		grp = xstrndup(t->s, dot - t->s);
		if (in_scope(p, grp)) {
			it = dict_find(p->dict, t->s, &idx);
			if (it != NULL && it->group != NULL && idx == 0) {
				struct cval *v = cval_new(CV_MEMBER, it->field,
				    grp);
				free(grp);
				return v;
			}
		}
		free(grp);
	}
	it = dict_find(p->dict, t->s, &idx);
	if (it != NULL && it->group == NULL)
		return cval_new(CV_KEY, t->s, NULL);
	if (it != NULL) {
		g = dict_find_group(p->dict, it->group);
		if (idx < 1) {
			cfail(p, t, "%s is an item of each member of %s: write "
			    "%s.1.%s, or use it inside count(%s ...)", t->s,
			    it->group, it->group, it->field, it->group);
			return NULL;
		}
		if (g != NULL && idx > g->max) {
			cfail(p, t, "%s has at most %d members", it->group,
			    g->max);
			return NULL;
		}
		return cval_new(CV_KEY, t->s, NULL);
	}
	if (dict_find_group(p->dict, t->s) != NULL) {
		cfail(p, t, "%s is a group: use count(%s) or one of its "
		    "items", t->s, t->s);
		return NULL;
	}
	if (is_reserved(t->s))
		cfail(p, t, "expected a value");
	else
		cfail(p, t, "unknown item \"%s\" (quote a text that is "
		    "not an item)", t->s);
	return NULL;
}

static struct cval *
cparse_count(struct cparse *p)
{
	struct ctok *t;
	struct cval *v;

	p->i += 2;			/* count ( */
	t = cpeek(p);
	if (t->kind != CT_WORD) {
		cfail(p, t, "expected a group name in count()");
		return NULL;
	}
	if (dict_find_group(p->dict, t->s) == NULL) {
		cfail(p, t, "unknown group in count()");
		return NULL;
	}
	v = cval_new(CV_COUNT, "count", t->s);
	p->i++;
	if (cword(p, "where")) {
		p->i++;
		if (p->nscope == MAX_SCOPE) {
			cfail(p, cpeek(p), "count() nested too deeply");
			cval_free(v);
			return NULL;
		}
		p->scope[p->nscope++] = v->group;
		v->where = cparse_expr(p);
		p->nscope--;
		if (v->where == NULL) {
			cval_free(v);
			return NULL;
		}
	}
	if (cpeek(p)->kind != CT_RP) {
		cfail(p, cpeek(p), "expected \")\" to close count(%s",
		    v->group);
		cval_free(v);
		return NULL;
	}
	p->i++;
	return v;
}

static struct cval *
cparse_value(struct cparse *p)
{
	struct ctok *t = cpeek(p);
	unsigned char c;

	switch (t->kind) {
	case CT_STR:
		p->i++;
		return cval_new(CV_LIT, t->s, NULL);
	case CT_WORD:
		break;
	default:
		cfail(p, t, "expected a value");
		return NULL;
	}
	if (strcmp(t->s, "count") == 0 && p->t[p->i + 1].kind == CT_LP)
		return cparse_count(p);
	if (is_integer(t->s)) {
		p->i++;
		return cval_new(CV_LIT, t->s, NULL);
	}
	c = (unsigned char)t->s[0];
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
		struct cval *v = cparse_key(p, t);
		if (v != NULL)
			p->i++;
		return v;
	}
	p->i++;
	return cval_new(CV_LIT, t->s, NULL);
}

static struct cnode *
cnode_new(enum cnode_kind kind)
{
	struct cnode *n = xcalloc(1, sizeof *n);

	n->kind = kind;
	return n;
}

static struct cnode *
cparse_cmp(struct cparse *p)
{
	struct cnode *n;
	struct cval *v;
	struct ctok *t;

	if ((v = cparse_value(p)) == NULL)
		return NULL;
	t = cpeek(p);
	if (t->kind == CT_OP) {
		n = cnode_new(CN_CMP);
		n->left = v;
		n->op = t->op;
		p->i++;
		n->right = xcalloc(1, sizeof *n->right);
		if ((n->right[0] = cparse_value(p)) == NULL) {
			cnode_free(n);
			return NULL;
		}
		n->nright = 1;
		return n;
	}
	if (cword(p, "in")) {
		n = cnode_new(CN_IN);
		n->left = v;
		p->i++;
		if (cpeek(p)->kind != CT_LP) {
			cfail(p, cpeek(p), "expected \"(\" after in");
			cnode_free(n);
			return NULL;
		}
		p->i++;
		for (;;) {
			if ((v = cparse_value(p)) == NULL) {
				cnode_free(n);
				return NULL;
			}
			n->right = xreallocarray(n->right, n->nright + 1,
			    sizeof *n->right);
			n->right[n->nright++] = v;
			t = cpeek(p);
			if (t->kind == CT_RP)
				break;
			if (t->kind != CT_COMMA) {
				cfail(p, t, "expected \",\" or \")\" in the "
				    "list after in");
				cnode_free(n);
				return NULL;
			}
			p->i++;
		}
		p->i++;
		return n;
	}
	n = cnode_new(CN_TRUTH);
	n->left = v;
	return n;
}

static struct cnode *
cparse_not(struct cparse *p)
{
	struct cnode *n;

	if (++p->depth > 64) {
		cfail(p, cpeek(p), "condition nested too deeply");
		return NULL;
	}
	if (cword(p, "not")) {
		p->i++;
		n = cnode_new(CN_NOT);
		if ((n->a = cparse_not(p)) == NULL) {
			cnode_free(n);
			n = NULL;
		}
	} else if (cpeek(p)->kind == CT_LP) {
		p->i++;
		if ((n = cparse_expr(p)) != NULL && cpeek(p)->kind != CT_RP) {
			cfail(p, cpeek(p), "expected \")\"");
			cnode_free(n);
			n = NULL;
		} else if (n != NULL)
			p->i++;
	} else
		n = cparse_cmp(p);
	p->depth--;
	return n;
}

static struct cnode *
cparse_binary(struct cparse *p, const char *word, enum cnode_kind kind,
    struct cnode *(*sub)(struct cparse *))
{
	struct cnode *left, *n;

	if ((left = sub(p)) == NULL)
		return NULL;
	while (cword(p, word)) {
		p->i++;
		n = cnode_new(kind);
		n->a = left;
		if ((n->b = sub(p)) == NULL) {
			cnode_free(n);
			return NULL;
		}
		left = n;
	}
	return left;
}

static struct cnode *
cparse_and(struct cparse *p)
{
	return cparse_binary(p, "and", CN_AND, cparse_not);
}

static struct cnode *
cparse_expr(struct cparse *p)
{
	return cparse_binary(p, "or", CN_OR, cparse_and);
}

struct form_cond *
form_cond_parse_at(const char *text, const struct dict *dict,
    const char *group, int col, char **cause)
{
	struct cparse p;
	struct form_cond *c = NULL;
	struct cnode *root = NULL;
	size_t i;

	memset(&p, 0, sizeof p);
	p.dict = dict;
	if (group != NULL) {
		if (dict_find_group(dict, group) == NULL) {
			*cause = xasprintf("unknown group \"%s\"", group);
			return NULL;
		}
		p.scope[p.nscope++] = group;
	}
	if (clex(&p, text, col) == 0) {
		if (p.t[0].kind == CT_END)
			cfail(&p, &p.t[0], "empty condition");
		else if ((root = cparse_expr(&p)) != NULL &&
		    cpeek(&p)->kind != CT_END) {
			if (cpeek(&p)->kind == CT_WORD ||
			    cpeek(&p)->kind == CT_STR)
				cfail(&p, cpeek(&p), "expected and, or, an "
				    "operator or the end");
			else
				cfail(&p, cpeek(&p), "unexpected");
		}
	}
	if (p.error != NULL) {
		cnode_free(root);
		*cause = p.error;
	} else {
		c = xcalloc(1, sizeof *c);
		c->root = root;
		c->group = group != NULL ? xstrdup(group) : NULL;
	}
	for (i = 0; i < p.n; i++)
		free(p.t[i].s);
	free(p.t);
	return c;
}

struct form_cond *
form_cond_parse(const char *text, const struct dict *dict,
    const char *group, char **cause)
{
	return form_cond_parse_at(text, dict, group, 1, cause);
}

/* Evaluation. */

struct cscope {
	const char *group;
	int index;
	const struct cscope *up;
};

struct ceval {
	const struct derive_ctx *ctx;
	long *count;
	int counted;
	int nest;		/* inside a count()'s where */
};

static int ceval_node(struct ceval *, const struct cnode *,
    const struct cscope *);

/* The value as text (caller frees); a missing value is "". */
static char *
ceval_value(struct ceval *e, const struct cval *v, const struct cscope *sc)
{
	const struct cscope *s;
	struct cscope inner;
	char *key, *val;
	long n = 0;
	int i, members;

	switch (v->kind) {
	case CV_LIT:
		return xstrdup(v->s);
	case CV_KEY:
		val = derive_value(e->ctx, v->s);
		return val != NULL ? val : xstrdup("");
	case CV_MEMBER:
		for (s = sc; s != NULL; s = s->up) {
			if (strcmp(s->group, v->group) == 0)
				break;
		}
		if (s == NULL || s->index < 1)
			return xstrdup("");
		key = xasprintf("%s.%d.%s", v->group, s->index, v->s);
		val = derive_value(e->ctx, key);
		free(key);
		return val != NULL ? val : xstrdup("");
	case CV_COUNT:
		members = visit_count(e->ctx->visit, v->group);
		for (i = 1; i <= members; i++) {
			inner.group = v->group;
			inner.index = i;
			inner.up = sc;
			e->nest++;
			if (v->where == NULL || ceval_node(e, v->where, &inner))
				n++;
			e->nest--;
		}
		/* The reason's {count} is the first count() of the text
		 * that was evaluated, not one nested inside it. */
		if (!e->counted && e->nest == 0 && e->count != NULL) {
			*e->count = n;
			e->counted = 1;
		}
		return xasprintf("%ld", n);
	}
	return xstrdup("");
}

static int
parse_long(const char *s, long *out)
{
	char *end;

	if (!is_integer(s))
		return 0;
	errno = 0;
	*out = strtol(s, &end, 10);
	return errno == 0 && *end == '\0';
}

static int
ceval_compare(enum cop op, const char *a, const char *b)
{
	long x, y;
	int c;

	if (parse_long(a, &x) && parse_long(b, &y))
		c = x < y ? -1 : x > y;
	else {
		if (op != COP_EQ && op != COP_NE && (*a == '\0' || *b == '\0'))
			return 0;
		c = strcmp(a, b);
	}
	switch (op) {
	case COP_EQ:
		return c == 0;
	case COP_NE:
		return c != 0;
	case COP_LT:
		return c < 0;
	case COP_LE:
		return c <= 0;
	case COP_GT:
		return c > 0;
	case COP_GE:
		return c >= 0;
	}
	return 0;
}

static int
ceval_node(struct ceval *e, const struct cnode *n, const struct cscope *sc)
{
	char *a, *b;
	size_t i;
	int r = 0;

	switch (n->kind) {
	case CN_OR:
		return ceval_node(e, n->a, sc) || ceval_node(e, n->b, sc);
	case CN_AND:
		return ceval_node(e, n->a, sc) && ceval_node(e, n->b, sc);
	case CN_NOT:
		return !ceval_node(e, n->a, sc);
	case CN_TRUTH:
		a = ceval_value(e, n->left, sc);
		r = *a != '\0' && strcmp(a, "いいえ") != 0 &&
		    strcmp(a, "0") != 0;
		free(a);
		return r;
	case CN_CMP:
	case CN_IN:
		a = ceval_value(e, n->left, sc);
		for (i = 0; i < n->nright && !r; i++) {
			b = ceval_value(e, n->right[i], sc);
			r = ceval_compare(n->kind == CN_IN ? COP_EQ : n->op,
			    a, b);
			free(b);
		}
		free(a);
		return r;
	}
	return 0;
}

int
form_cond_eval(const struct form_cond *c, const struct derive_ctx *ctx,
    int index, long *count)
{
	struct ceval e = { ctx, count, 0, 0 };
	struct cscope top = { c->group, index, NULL };

	if (count != NULL)
		*count = 0;
	return ceval_node(&e, c->root, c->group != NULL ? &top : NULL);
}

/* A town switches a form off with `form.ID.enabled = no`: it is never
 * proposed, and refused when asked for by name. */
int
form_enabled(const struct form *f, const struct config *cf)
{
	char *key = xasprintf("form.%s.enabled", f->id);
	const char *v = config_get(cf, key);

	free(key);
	return v == NULL || strcmp(v, "no") != 0;
}

int
form_applies(const struct form *f, const struct derive_ctx *ctx,
    char **reason)
{
	struct strbuf sb = { 0 };
	const char *s, *at;
	long count = 0;

	if (reason != NULL)
		*reason = NULL;
	if (!form_enabled(f, ctx->config))
		return 0;
	if (f->applies == NULL || !form_cond_eval(f->applies, ctx, 0, &count))
		return 0;
	if (reason == NULL)
		return 1;
	/* Every {count} is replaced; other braces are left as written. */
	for (s = f->reason != NULL ? f->reason : "";
	    (at = strstr(s, "{count}")) != NULL; s = at + 7) {
		sb_addn(&sb, s, at - s);
		sb_addf(&sb, "%ld", count);
	}
	sb_add(&sb, s);
	*reason = sb_detach(&sb);
	return 1;
}

/* The first item a condition looks at (for a warning, the field the
 * clerk is taken to), or NULL. */
static const char *
node_first_key(const struct cnode *n)
{
	const char *k;
	size_t i;

	if (n == NULL)
		return NULL;
	if (n->left != NULL && n->left->kind == CV_KEY)
		return n->left->s;
	for (i = 0; n->right != NULL && i < (n->kind == CN_CMP ? 1 :
	    n->nright); i++)
		if (n->right[i] != NULL && n->right[i]->kind == CV_KEY)
			return n->right[i]->s;
	if ((k = node_first_key(n->a)) != NULL)
		return k;
	return node_first_key(n->b);
}

const char *
form_cond_first_key(const struct form_cond *c)
{
	return c != NULL ? node_first_key(c->root) : NULL;
}
