/* extract/halstead.c: Halstead's operators and operands of every function and of the whole file,
   a visitor of the one walk (nodes.c); the language row's token classes (lang_p.h) say what each
   node is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query_p.h"

#include "banned.h"

/* The model is radon's (radon hal, schema/README.md "Halstead"): an operator node (binary, unary,
   boolean, comparison, compound assignment) counts its operator tokens as operators and its
   operand expressions as operands; nothing else counts. Distinct operators are told apart by their
   token (a unary `-` is not a binary `-`; `+=` is `+`); distinct operands by their value within
   the innermost function: a name or a member's last name by its text, a number by its value, a
   string by its content, anything else (a call, a subscript) is distinct at each occurrence.
   A function counts its body, nested functions' bodies included; parameters, defaults and
   decorators count nowhere. The file counts everything outside those headers. */

enum {
	HAL_COUNTED = 1, /* inside a function's body or outside every function header */
	HAL_BODIED = 2, /* a function with a body field: its other children are its header */
};

typedef struct hwalk {
	sp_parser *p;
	const compiled *c;
	const char *src;
	sp_facts *f;
	sp_def *defs;
	size_t ndefs;
	TSFieldId f_body;
	sp_buf key;
} hwalk;

static bool in(const compiled *c, int set, TSSymbol sym)
{
	return symset_has(&c->hal[set], sym);
}

static sp_str text(const hwalk *w, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	return (sp_str){w->src + a, b - a};
}

/* Records one operator or operand (its key in w->key) for every function whose body holds the
   node, and for the file. */
static int record(hwalk *w, uint8_t kind)
{
	if (w->key.err)
		return SP_ENOMEM;
	uint64_t h = sp_hash64(w->key.data, w->key.len);
	sp_parser *p = w->p;
	for (size_t k = 0; k <= p->hal_funcs.n; k++) {
		uint32_t def = k < p->hal_funcs.n ? (uint32_t)p->hal_funcs.v[k].def : (uint32_t)w->ndefs;
		hal_event e = {def, kind, h};
		if (sp_array_push(&p->hal_events, e))
			return SP_ENOMEM;
	}
	return 0;
}

/* The operand's value class and value, after the innermost function's name (the context). */
static void number_key(sp_buf *key, sp_str t)
{
	char buf[64];
	size_t n = 0;
	for (size_t i = 0; i < t.n && n + 1 < sizeof buf; i++)
		if (t.p[i] != '_')
			buf[n++] = t.p[i];
	buf[n] = 0;
	if (!strcmp(buf, "True") || !strcmp(buf, "true")) {
		sp_buf_puts(key, "n:1"); /* Python: True == 1, False == 0 */
		return;
	}
	if (!strcmp(buf, "False") || !strcmp(buf, "false")) {
		sp_buf_puts(key, "n:0");
		return;
	}
	char *end;
	int base = 10;
	const char *digits = buf;
	if (n > 2 && buf[0] == '0' && strchr("xXoObB", buf[1])) {
		base = strchr("xX", buf[1]) ? 16 : strchr("oO", buf[1]) ? 8 : 2;
		digits = buf + 2;
	}
	unsigned long long u = strtoull(digits, &end, base);
	if (*digits && !*end && (base != 10 || !strpbrk(buf, ".eE"))) {
		sp_buf_printf(key, "n:%llu", u);
		return;
	}
	double d = strtod(buf, &end);
	if (*buf && !*end) {
		if (d == (double)(long long)d && d > -9e15 && d < 9e15)
			sp_buf_printf(key, "n:%lld", (long long)d);
		else
			sp_buf_printf(key, "n:%.17g", d);
		return;
	}
	sp_buf_printf(key, "t:%.*s", (int)t.n, t.p); /* 1j, 10u: by their text */
}

/* A string literal's content: prefix letters and quotes stripped; whether it is bytes; false for an
   f-string (distinct at each occurrence). */
static bool string_body(sp_str t, bool *bytes, sp_str *body)
{
	size_t a = 0, b = t.n;
	*bytes = false;
	while (a < b && ((t.p[a] >= 'a' && t.p[a] <= 'z') || (t.p[a] >= 'A' && t.p[a] <= 'Z'))) {
		if (t.p[a] == 'f' || t.p[a] == 'F')
			return false;
		*bytes |= t.p[a] == 'b' || t.p[a] == 'B';
		a++;
	}
	/* one quote, or three when three more close the string: `''` is the empty string */
	size_t q = 0;
	if (a < b && t.p[a] && strchr("'\"`", t.p[a]))
		q = b - a >= 6 && t.p[a + 1] == t.p[a] && t.p[a + 2] == t.p[a] ? 3 : 1;
	if (b - a < 2 * q)
		return false;
	*body = (sp_str){t.p + a + q, b - a - 2 * q};
	return true;
}

/* A string by its content, bytes apart; a string node whose children are strings (Python's
   `'a' 'b'`) is their concatenation, equal to `'ab'` as in Python's AST. */
static bool string_key(const hwalk *w, sp_buf *key, TSNode n)
{
	const compiled *c = w->c;
	uint32_t nc = ts_node_named_child_count(n);
	bool concat = nc && in(c, SP_HAL_STRING, ts_node_symbol(ts_node_named_child(n, 0)));
	size_t base = key->len;
	bool bytes;
	sp_str body;
	if (!concat) {
		if (!string_body(text(w, n), &bytes, &body))
			return false;
		sp_buf_puts(key, bytes ? "b:" : "s:");
		sp_buf_append(key, body.p, body.n);
		return true;
	}
	for (uint32_t i = 0; i < nc; i++) {
		TSNode part = ts_node_named_child(n, i);
		if (ts_node_is_extra(part))
			continue;
		if (!in(c, SP_HAL_STRING, ts_node_symbol(part)) ||
		    !string_body(text(w, part), &bytes, &body)) {
			key->len = base;
			return false;
		}
		if (key->len == base)
			sp_buf_puts(key, bytes ? "b:" : "s:");
		sp_buf_append(key, body.p, body.n);
	}
	return true;
}

/* Parentheses are transparent to operands. */
static TSNode unparen(const compiled *c, TSNode n)
{
	while (symset_has(&c->cog[SP_COG_PAREN], ts_node_symbol(n)) && ts_node_named_child_count(n) == 1)
		n = ts_node_named_child(n, 0);
	return n;
}

static int operand(hwalk *w, TSNode n)
{
	const compiled *c = w->c;
	sp_parser *p = w->p;
	n = unparen(c, n);
	TSSymbol sym = ts_node_symbol(n);
	sp_buf_reset(&w->key);
	if (p->hal_funcs.n) {
		sp_str ctx = w->defs[p->hal_funcs.v[p->hal_funcs.n - 1].def].name;
		sp_buf_append(&w->key, ctx.p, ctx.n);
	}
	sp_buf_putc(&w->key, 0);
	bool valued = true;
	if (in(c, SP_HAL_NAME, sym)) {
		sp_str t = text(w, n);
		sp_buf_puts(&w->key, "s:");
		sp_buf_append(&w->key, t.p, t.n);
	} else if (in(c, SP_HAL_MEMBER, sym) && ts_node_named_child_count(n)) {
		sp_str t = text(w, ts_node_named_child(n, ts_node_named_child_count(n) - 1));
		sp_buf_puts(&w->key, "s:");
		sp_buf_append(&w->key, t.p, t.n);
	} else if (in(c, SP_HAL_NUMBER, sym)) {
		number_key(&w->key, text(w, n));
	} else if (in(c, SP_HAL_STRING, sym)) {
		valued = string_key(w, &w->key, n);
	} else if (in(c, SP_HAL_KEYWORD, sym)) {
		sp_str t = text(w, n);
		sp_buf_puts(&w->key, "k:");
		sp_buf_append(&w->key, t.p, t.n);
	} else {
		valued = false;
	}
	if (!valued)
		sp_buf_printf(&w->key, "@%u:%u:%u", ts_node_start_byte(n), ts_node_end_byte(n),
			      (unsigned)sym);
	return record(w, 1);
}

/* The operator token of a boolean chain link, 0 when n is no link. */
static TSSymbol link_op(const compiled *c, TSNode n, TSSymbol chain)
{
	if (ts_node_is_null(n) || ts_node_symbol(n) != chain || !c->f_operator)
		return 0;
	TSNode op = ts_node_child_by_field_id(n, c->f_operator);
	return ts_node_is_null(op) ? 0 : ts_node_symbol(op);
}

/* An operator node: its tokens, then its operands. A flattened node (Python's `a and b and c`,
   one BoolOp of three values) takes the operands of the links of its left chain. */
static int operator_node(hwalk *w, TSNode n, TSSymbol sym, bool *skip)
{
	const compiled *c = w->c;
	*skip = false;
	bool flatten = in(c, SP_HAL_FLATTEN, sym);
	TSSymbol op = flatten ? link_op(c, n, sym) : 0;
	if (flatten && op) {
		/* a link whose parent is a link of the same operator is counted there */
		const hal_node *up =
			w->p->hal_nodes.n ? &w->p->hal_nodes.v[w->p->hal_nodes.n - 1] : NULL;
		if (up && up->sym == sym && up->op == op) {
			*skip = true;
			return 0;
		}
	}
	sp_buf_reset(&w->key);
	sp_buf_puts(&w->key, in(c, SP_HAL_UNARY, sym) ? "u" : "b");
	size_t base = w->key.len, tokens = 0;
	for (uint32_t i = 0, nc = ts_node_child_count(n); i < nc; i++) {
		TSNode t = ts_node_child(n, i);
		if (ts_node_is_named(t))
			continue;
		sp_str s = text(w, t);
		if (s.n == 1 && strchr("(),", s.p[0]))
			continue;
		if (in(c, SP_HAL_ASSIGN, sym) && s.n && s.p[s.n - 1] == '=')
			s.n--; /* `+=` is `+`; a plain `=` is no operator */
		if (!s.n)
			continue;
		w->key.len = base;
		sp_buf_append(&w->key, s.p, s.n);
		int rc = record(w, 0);
		if (rc)
			return rc;
		tokens++;
		if (flatten)
			break;
	}
	if (!tokens)
		return 0;
	/* the links of the left chain, outermost first (a flattened node); else n alone */
	sp_parser *p = w->p;
	p->cog_seq.n = 0;
	TSNode cur = n;
	for (;;) {
		if (sp_array_push(&p->cog_seq, cur))
			return SP_ENOMEM;
		TSNode left = ts_node_named_child(cur, 0);
		if (!flatten || !op || link_op(c, left, sym) != op)
			break;
		cur = left;
	}
	/* the innermost link gives all its operands, each link above it its right one */
	for (size_t k = p->cog_seq.n; k-- > 0;) {
		TSNode link = p->cog_seq.v[k];
		uint32_t nc = ts_node_named_child_count(link);
		for (uint32_t i = k + 1 == p->cog_seq.n ? 0 : nc - 1; i < nc; i++) {
			TSNode o = ts_node_named_child(link, i);
			if (ts_node_is_extra(o))
				continue;
			int rc = operand(w, o);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int by_def_kind_hash(const void *a, const void *b)
{
	const hal_event *x = a, *y = b;
	if (x->def != y->def)
		return x->def < y->def ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

/* Totals and distinct counts per function (and the file, def == ndefs) from the sorted events. */
static void tally(hwalk *w, sp_facts *f)
{
	sp_parser *p = w->p;
	if (!p->hal_events.n) /* qsort(NULL, 0) is undefined */
		return;
	qsort(p->hal_events.v, p->hal_events.n, sizeof *p->hal_events.v, by_def_kind_hash);
	for (size_t i = 0; i < p->hal_events.n; i++) {
		const hal_event *e = &p->hal_events.v[i];
		sp_halstead *h = e->def < w->ndefs ? &w->defs[e->def].halstead : &f->halstead;
		bool fresh = !i || e->def != e[-1].def || e->kind != e[-1].kind || e->hash != e[-1].hash;
		if (e->kind) {
			h->n2++;
			h->h2 += fresh;
		} else {
			h->n1++;
			h->h1 += fresh;
		}
	}
}

/* Visits the named node n at depth: whether it counts, its operator and operands, its function. */
static int visit(hwalk *w, const sp_node *x, int32_t def)
{
	sp_parser *p = w->p;
	const compiled *c = w->c;
	TSNode n = x->node;
	TSSymbol sym = x->sym;
	uint32_t depth = x->depth;
	TSFieldId field = x->field;
	const hal_node *up = depth ? &p->hal_nodes.v[depth - 1] : NULL;
	hal_node me = {.sym = sym, .flags = HAL_COUNTED};
	if (up) {
		bool in_header = (up->flags & HAL_BODIED) && (!field || field != w->f_body);
		if (!(up->flags & HAL_COUNTED) || in_header)
			me.flags = 0;
	}
	if (in(c, SP_HAL_FLATTEN, sym))
		me.op = link_op(c, n, sym);
	p->hal_nodes.n = depth;
	if ((me.flags & HAL_COUNTED) && in(c, SP_HAL_OPERATOR, sym)) {
		bool skip;
		int rc = operator_node(w, n, sym, &skip);
		if (rc)
			return rc;
	}
	if (def >= 0 && w->defs[def].kind == SP_DEF_FUNCTION) {
		hal_func fn = {.depth = depth, .def = def};
		if (sp_array_push(&p->hal_funcs, fn))
			return SP_ENOMEM;
		if (w->f_body && !ts_node_is_null(ts_node_child_by_field_id(n, w->f_body)))
			me.flags |= HAL_BODIED;
	}
	if (sp_array_reserve(&p->hal_nodes, depth + 1))
		return SP_ENOMEM;
	p->hal_nodes.v[depth] = me;
	p->hal_nodes.n = depth + 1;
	return 0;
}

/* One node of the walk: first leaves the functions it lies after, then visits it if named; the
   children of a token are not seen. */
static int halstead_node(void *st, const sp_node *x, int32_t def)
{
	hwalk *w = st;
	sp_parser *p = w->p;
	while (p->hal_funcs.n && p->hal_funcs.v[p->hal_funcs.n - 1].depth >= x->depth)
		p->hal_funcs.n--;
	return x->named ? visit(w, x, def) : SP_VISIT_SKIP;
}

static void halstead_begin(void *st, sp_parser *p, const compiled *c, const char *src, sp_facts *f)
{
	hwalk *w = st;
	*w = (hwalk){.p = p,
		     .c = c,
		     .src = src,
		     .f = f,
		     .defs = sp_facts_defs(f),
		     .ndefs = sp_facts_count(f, SP_FACT_DEF),
		     .f_body = c->f_body};
	sp_buf_init(&w->key);
	for (size_t i = 0; i < w->ndefs; i++)
		w->defs[i].halstead = (sp_halstead){0};
	f->halstead = (sp_halstead){0};
	p->hal_funcs.n = p->hal_nodes.n = p->hal_events.n = 0;
}

static int halstead_end(void *st, int rc)
{
	hwalk *w = st;
	if (!rc)
		tally(w, w->f);
	sp_buf_release(&w->key);
	return 0;
}

const sp_visitor sp_halstead_visitor = {sizeof(hwalk), halstead_begin, halstead_node, halstead_end};
