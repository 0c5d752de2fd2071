/* extract/facts.c: the fact kinds. The capture vocabulary says which capture names make and fill
   which kind's records; each kind has its record builder (begin, field, finish) and its store in
   sp_facts. A new kind (calls.c) is one vocabulary block, one builder and one sp_fact_kind entry. */
#include <stdlib.h>
#include <string.h>

#include "query_p.h"

#include "banned.h"

/* ---- the capture vocabulary ---- */

/* Field roles of definitions and imports (after SP_ROLE_FIELD). */
enum {
	DEF_NAME = SP_ROLE_FIELD,
	DEF_SCOPE,
	DEF_SPAN,
	DEF_PARAM,
	DEF_DECORATOR,
	DEF_BASE,
	DEF_DOC,
	DEF_ASYNC
};
enum { IMPORT_MODULE = SP_ROLE_FIELD, IMPORT_NAME, IMPORT_ALIAS };

/* @definition.<kind> and @import.<kind>: the kinds a query may use, stored as written. */
static const char *const function_kinds[] = {"function", "method", "constructor", NULL};
static const char *const class_kinds[] = {"class",     "struct", "union",      "interface",
					  "trait",     "enum",   "impl",       "module",
					  "namespace", "record", "annotation", NULL};
static const char *const import_kinds[] = {"import",           "include", "system", "require",
					   "require_relative", "use",     "mod",    "extern_crate",
					   "export",           "dynamic", NULL};
static const char *const import_plain[] = {"", NULL}; /* @import alone is an "import" */
static const char *const call_kinds[] = {"method", "new", "macro", NULL};
static const char *const call_plain[] = {"", NULL}; /* @call alone is a plain "call" */

/* One entry: an exact capture name, or (subkinds set) a prefix followed by one of subkinds. */
typedef struct word {
	const char *name;
	const char *const *subkinds;
	int8_t kind;
	uint8_t role, variant;
} word;

static const word vocabulary[] = {
	{"definition.", function_kinds, SP_FACT_DEF, SP_ROLE_ANCHOR, SP_DEF_FUNCTION},
	{"definition.", class_kinds, SP_FACT_DEF, SP_ROLE_ANCHOR, SP_DEF_CLASS},
	{"name", NULL, SP_FACT_DEF, DEF_NAME, 0},
	{"scope", NULL, SP_FACT_DEF, DEF_SCOPE, 0},
	{"span", NULL, SP_FACT_DEF, DEF_SPAN, 0},
	{"parameter", NULL, SP_FACT_DEF, DEF_PARAM, 0},
	{"decorator", NULL, SP_FACT_DEF, DEF_DECORATOR, 0},
	{"base", NULL, SP_FACT_DEF, DEF_BASE, 0},
	{"doc", NULL, SP_FACT_DEF, DEF_DOC, 0},
	{"async", NULL, SP_FACT_DEF, DEF_ASYNC, 0},
	{"import", import_plain, SP_FACT_IMPORT, SP_ROLE_ANCHOR, 0},
	{"import.", import_kinds, SP_FACT_IMPORT, SP_ROLE_ANCHOR, 0},
	{"import.module", NULL, SP_FACT_IMPORT, IMPORT_MODULE, 0},
	{"import.name", NULL, SP_FACT_IMPORT, IMPORT_NAME, 0},
	{"import.alias", NULL, SP_FACT_IMPORT, IMPORT_ALIAS, 0},
	{"call", call_plain, SP_FACT_CALL, SP_ROLE_ANCHOR, 0},
	{"call.", call_kinds, SP_FACT_CALL, SP_ROLE_ANCHOR, 0},
	{"call.name", NULL, SP_FACT_CALL, SP_CALL_NAME, 0},
	{"call.receiver", NULL, SP_FACT_CALL, SP_CALL_RECEIVER, 0},
	{"metric.opaque", NULL, -1, SP_ROLE_OPAQUE, 0},
};

bool sp_capture_lookup(const char *name, size_t len, sp_capture *out)
{
	*out = (sp_capture){.kind = -1, .role = SP_ROLE_NONE};
	for (size_t k = 0; k < sizeof vocabulary / sizeof vocabulary[0]; k++) {
		const word *w = &vocabulary[k];
		size_t wl = strlen(w->name);
		if (len < wl || memcmp(w->name, name, wl))
			continue;
		const char *sub = NULL;
		if (!w->subkinds && len != wl)
			continue;
		for (const char *const *s = w->subkinds; s && *s && !sub; s++)
			if (strlen(*s) == len - wl && !memcmp(*s, name + wl, len - wl))
				sub = **s ? *s : w->name; /* @import, @call alone */
		if (w->subkinds && !sub)
			continue;
		*out = (sp_capture){w->kind, w->role, w->variant, sub};
		return true;
	}
	return false;
}

/* ---- the store ---- */

const char *sp_fact_kind_name(sp_fact_kind k)
{
	return sp_fact_kinds[k].name;
}

size_t sp_fact_kind_size(sp_fact_kind k)
{
	return sp_fact_kinds[k].size;
}

void sp_facts_init(sp_facts *f)
{
	memset(f, 0, sizeof *f);
}

void sp_facts_release(sp_facts *f)
{
	for (int k = 0; k < SP_FACT_KINDS; k++)
		free(f->rec[k].v);
	sp_array_release(&f->items);
	sp_array_release(&f->line_kinds);
	memset(f, 0, sizeof *f);
}

void sp_facts_clear(sp_facts *f)
{
	for (int k = 0; k < SP_FACT_KINDS; k++)
		f->rec[k].n = 0;
	f->items.n = f->line_kinds.n = 0;
	memset(&f->lines, 0, sizeof f->lines);
	memset(&f->halstead, 0, sizeof f->halstead);
	f->raw = (sp_raw){0};
	f->parse_error = false;
	f->parse_error_line = 0;
}

void *sp_facts_push(sp_facts *f, sp_fact_kind k)
{
	sp_records *r = &f->rec[k];
	size_t size = sp_fact_kinds[k].size;
	if (r->n + 1 > r->cap && sp_array_grow_(&r->v, &r->cap, r->n + 1, size))
		return NULL;
	void *rec = (char *)r->v + r->n++ * size;
	memset(rec, 0, size);
	return rec;
}

/* ---- definitions ---- */

int sp_defmap_reset(sp_parser *p)
{
	if (!p->map_cap) {
		p->map_cap = 1024;
		p->map_key = malloc(p->map_cap * sizeof *p->map_key);
		p->map_val = malloc(p->map_cap * sizeof *p->map_val);
		if (!p->map_key || !p->map_val)
			return SP_ENOMEM;
	}
	memset(p->map_key, 0xff, p->map_cap * sizeof *p->map_key);
	p->map_used = 0;
	return 0;
}

static int map_grow(sp_parser *p);

/* Returns the slot for key; *found tells whether it already held a value. */
static size_t map_slot(sp_parser *p, uint32_t key, bool *found)
{
	size_t mask = p->map_cap - 1;
	size_t i = (key * 2654435761u) & mask;
	while (p->map_key[i] != UINT32_MAX && p->map_key[i] != key)
		i = (i + 1) & mask;
	*found = p->map_key[i] == key;
	return i;
}

static int map_grow(sp_parser *p)
{
	uint32_t *ok = p->map_key, *ov = p->map_val;
	size_t ocap = p->map_cap;
	p->map_cap *= 2;
	p->map_key = malloc(p->map_cap * sizeof *p->map_key);
	p->map_val = malloc(p->map_cap * sizeof *p->map_val);
	if (!p->map_key || !p->map_val) {
		free(p->map_key);
		free(p->map_val);
		p->map_key = ok, p->map_val = ov, p->map_cap = ocap;
		return SP_ENOMEM;
	}
	memset(p->map_key, 0xff, p->map_cap * sizeof *p->map_key);
	for (size_t i = 0; i < ocap; i++)
		if (ok[i] != UINT32_MAX) {
			bool f;
			size_t s = map_slot(p, ok[i], &f);
			p->map_key[s] = ok[i];
			p->map_val[s] = ov[i];
		}
	free(ok);
	free(ov);
	return 0;
}

static inline sp_str node_str(TSNode n, const char *src)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	return (sp_str){src + a, b - a};
}

/* Where a definition ends: the end of its last token that is not a comment (an extra) nor
   zero-width (a MISSING token of error recovery). Python's grammar folds comments that follow a
   function's last statement into its block; ast ends the definition at that statement, and so
   do we. In languages whose bodies close with a token (`}`, `end`) this is the node's end. */
static TSPoint span_end(TSNode n)
{
	for (;;) {
		bool found = false;
		for (uint32_t i = ts_node_child_count(n); i > 0 && !found; i--) {
			TSNode c = ts_node_child(n, i - 1);
			if (!ts_node_is_extra(c) && ts_node_end_byte(c) > ts_node_start_byte(c))
				n = c, found = true;
		}
		if (!found)
			return ts_node_end_point(n);
	}
}

/* The definition whose node is n, created on first sight. */
static int def_for(sp_parser *p, sp_facts *f, TSNode n, sp_def_kind kind, const char *subkind,
		   uint32_t *idx)
{
	uint32_t key = ts_node_start_byte(n);
	bool found;
	size_t slot = map_slot(p, key, &found);
	if (found) {
		*idx = p->map_val[slot];
		/* a more specific kind wins over plain "function" (a pattern marking methods) */
		sp_def *d = &sp_facts_defs(f)[*idx];
		if (d->kind == kind && subkind && d->subkind && !strcmp(d->subkind, "function"))
			d->subkind = subkind;
		return 0;
	}
	if (p->map_used * 2 >= p->map_cap) {
		if (map_grow(p))
			return SP_ENOMEM;
		slot = map_slot(p, key, &found);
	}
	sp_def *dp = sp_facts_push(f, SP_FACT_DEF);
	if (!dp)
		return SP_ENOMEM;
	sp_def d = {0};
	d.kind = kind;
	d.subkind = subkind;
	d.parent = -1;
	TSPoint s = ts_node_start_point(n), e = span_end(n);
	d.def_line = d.name_line = s.row + 1;
	d.start_line = s.row + 1, d.start_col = s.column;
	d.end_line = e.row + 1, d.end_col = e.column;
	d.start_byte = key;
	d.end_byte = ts_node_end_byte(n);
	d.node_symbol = ts_node_symbol(n);
	*dp = d;
	p->map_key[slot] = key;
	p->map_val[slot] = *idx = (uint32_t)(sp_facts_count(f, SP_FACT_DEF) - 1);
	p->map_used++;
	return 0;
}

/* A module written as a string or a system header: "x", 'x', `x`, <x> -> x. */
static sp_str unquote(sp_str s)
{
	if (s.n >= 2) {
		char a = s.p[0], z = s.p[s.n - 1];
		if (((a == '"' || a == '\'' || a == '`') && z == a) || (a == '<' && z == '>'))
			return (sp_str){s.p + 1, s.n - 2};
	}
	return s;
}

static int add_item(sp_parser *p, uint32_t def, sp_item_kind kind, TSNode n, const char *src)
{
	pending_item it = {def, kind, ts_node_start_byte(n), node_str(n, src)};
	return sp_array_push(&p->pending, it);
}

static int cmp_item(const void *a, const void *b)
{
	const pending_item *x = a, *y = b;
	if (x->def != y->def)
		return (x->def > y->def) - (x->def < y->def);
	if (x->kind != y->kind)
		return (x->kind > y->kind) - (x->kind < y->kind);
	return (x->byte > y->byte) - (x->byte < y->byte);
}

/* Puts definitions in source order, links each to its enclosing definition, and turns the
   pending items into per-definition slices. qsort with a file-static base pointer would not be
   thread-safe, so the order is computed by insertion sort into p->order (defs arrive nearly sorted). */
static int finish_defs(sp_parser *p, sp_facts *f)
{
	size_t n = sp_facts_count(f, SP_FACT_DEF);
	sp_def *defs = sp_facts_defs(f);
	if (sp_array_reserve(&p->order, n) || sp_array_reserve(&p->remap, n) ||
	    sp_array_reserve(&p->tmp_defs, n))
		return SP_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		uint32_t key = defs[i].start_byte;
		size_t j = i;
		while (j > 0 && defs[p->order.v[j - 1]].start_byte > key) {
			p->order.v[j] = p->order.v[j - 1];
			j--;
		}
		p->order.v[j] = (uint32_t)i;
	}
	for (size_t k = 0; k < n; k++) {
		p->tmp_defs.v[k] = defs[p->order.v[k]];
		p->remap.v[p->order.v[k]] = (uint32_t)k;
	}
	if (n)
		memcpy(defs, p->tmp_defs.v, n * sizeof *defs);
	/* parents: a stack of open definitions by byte range */
	p->frames.n = 0;
	for (size_t k = 0; k < n; k++) {
		sp_def *d = &defs[k];
		while (p->frames.n && defs[p->frames.v[p->frames.n - 1].func].end_byte <= d->start_byte)
			p->frames.n--;
		d->parent = p->frames.n ? p->frames.v[p->frames.n - 1].func : -1;
		frame fr = {0};
		fr.func = (int32_t)k;
		if (sp_array_push(&p->frames, fr))
			return SP_ENOMEM;
	}
	/* items: sort by (def, kind, byte), drop duplicates from overlapping patterns */
	for (size_t i = 0; i < p->pending.n; i++)
		p->pending.v[i].def = p->remap.v[p->pending.v[i].def];
	if (p->pending.n)
		qsort(p->pending.v, p->pending.n, sizeof *p->pending.v, cmp_item);
	f->items.n = 0;
	for (size_t i = 0; i < p->pending.n; i++) {
		pending_item *it = &p->pending.v[i];
		if (i && it->def == it[-1].def && it->kind == it[-1].kind && it->byte == it[-1].byte)
			continue;
		sp_def *d = &defs[it->def];
		if (!d->item_n[it->kind])
			d->item_off[it->kind] = (uint32_t)f->items.n;
		d->item_n[it->kind]++;
		if (sp_array_push(&f->items, it->s))
			return SP_ENOMEM;
	}
	return 0;
}

static int def_begin(sp_parser *p, sp_facts *f, const sp_capture *cw, TSNode anchor, const char *src,
		     size_t *rec)
{
	(void)src;
	uint32_t di;
	if (def_for(p, f, anchor, (sp_def_kind)cw->variant, cw->subkind, &di))
		return SP_ENOMEM;
	*rec = di;
	return 0;
}

static int def_field(sp_parser *p, sp_facts *f, size_t rec, uint8_t role, TSNode n, const char *src)
{
	sp_def *d = &sp_facts_defs(f)[rec];
	switch (role) {
	case DEF_NAME:
		/* the first name wins: a binding (`const X = class _X {}`) starts before
		   the definition's own name and is what code refers to it by */
		if (!d->name.p || ts_node_start_byte(n) < (uint32_t)(d->name.p - src)) {
			d->name = node_str(n, src);
			d->name_line = ts_node_start_point(n).row + 1;
		}
		return 0;
	case DEF_SCOPE: d->scope = node_str(n, src); return 0;
	case DEF_DOC: d->doc = node_str(n, src); return 0;
	case DEF_ASYNC: d->is_async = true; return 0;
	case DEF_SPAN: {
		TSPoint s = ts_node_start_point(n), e = span_end(n);
		d->start_line = s.row + 1, d->start_col = s.column;
		d->end_line = e.row + 1, d->end_col = e.column;
		return 0;
	}
	case DEF_PARAM: return add_item(p, (uint32_t)rec, SP_ITEM_PARAM, n, src);
	case DEF_DECORATOR: return add_item(p, (uint32_t)rec, SP_ITEM_DECORATOR, n, src);
	case DEF_BASE: return add_item(p, (uint32_t)rec, SP_ITEM_BASE, n, src);
	default: return 0;
	}
}

/* ---- imports ---- */

static int import_begin(sp_parser *p, sp_facts *f, const sp_capture *cw, TSNode anchor, const char *src,
			size_t *rec)
{
	(void)p, (void)src;
	sp_import *im = sp_facts_push(f, SP_FACT_IMPORT);
	if (!im)
		return SP_ENOMEM;
	im->kind = cw->subkind;
	im->line = ts_node_start_point(anchor).row + 1;
	*rec = sp_facts_count(f, SP_FACT_IMPORT) - 1;
	return 0;
}

static int import_field(sp_parser *p, sp_facts *f, size_t rec, uint8_t role, TSNode n, const char *src)
{
	(void)p;
	sp_import *im = &sp_facts_imports(f)[rec];
	switch (role) {
	case IMPORT_MODULE: im->module = unquote(node_str(n, src)); break;
	case IMPORT_NAME: im->name = node_str(n, src); break;
	case IMPORT_ALIAS: im->alias = node_str(n, src); break;
	default: break;
	}
	return 0;
}

const sp_fact_ops sp_fact_kinds[SP_FACT_KINDS] = {
	[SP_FACT_IMPORT] = {"import", sizeof(sp_import), import_begin, import_field, NULL},
	[SP_FACT_DEF] = {"definition", sizeof(sp_def), def_begin, def_field, finish_defs},
	[SP_FACT_CALL] = {"call", sizeof(sp_call), sp_call_begin, sp_call_field, sp_call_finish},
};
