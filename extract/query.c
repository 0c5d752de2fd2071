/* extract/query.c: compiles each language's query once, then per file parses, runs the query,
   merges matches into definitions and imports, and walks the tree once for complexity and nesting. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang_p.h"
#include "macros_p.h"

#include "banned.h"

/* What a capture name means; resolved once per query, so matching never compares strings. */
typedef enum role {
	ROLE_NONE,
	ROLE_DEF_FUNCTION,
	ROLE_DEF_CLASS,
	ROLE_NAME,
	ROLE_SCOPE,
	ROLE_SPAN,
	ROLE_PARAM,
	ROLE_DECORATOR,
	ROLE_BASE,
	ROLE_DOC,
	ROLE_ASYNC,
	ROLE_IMPORT,
	ROLE_IMPORT_MODULE,
	ROLE_IMPORT_NAME,
	ROLE_IMPORT_ALIAS,
	ROLE_OPAQUE, /* a node the complexity rule treats as one plain statement */
} role;

static const struct {
	const char *name;
	role r;
} role_names[] = {
	{"name", ROLE_NAME},
	{"scope", ROLE_SCOPE},
	{"span", ROLE_SPAN},
	{"parameter", ROLE_PARAM},
	{"decorator", ROLE_DECORATOR},
	{"base", ROLE_BASE},
	{"doc", ROLE_DOC},
	{"async", ROLE_ASYNC},
	{"import.module", ROLE_IMPORT_MODULE},
	{"import.name", ROLE_IMPORT_NAME},
	{"import.alias", ROLE_IMPORT_ALIAS},
	{"metric.opaque", ROLE_OPAQUE},
};

/* @definition.<kind> and @import.<kind>: the kinds a query may use, stored as written. */
static const char *const function_kinds[] = {"function", "method", "constructor", NULL};
static const char *const class_kinds[] = {"class",     "struct", "union",      "interface",
					  "trait",     "enum",   "impl",       "module",
					  "namespace", "record", "annotation", NULL};
static const char *const import_kinds[] = {"import",           "include", "system", "require",
					   "require_relative", "use",     "mod",    "extern_crate",
					   "export",           "dynamic", NULL};

/* The kind named by name[0..len) in list, or NULL. */
static const char *kind_in(const char *const *list, const char *name, size_t len)
{
	for (; *list; list++)
		if (strlen(*list) == len && !memcmp(*list, name, len))
			return *list;
	return NULL;
}

/* Role and kind of a capture name. */
static role role_of(const char *name, size_t len, const char **kind)
{
	*kind = NULL;
	for (size_t k = 0; k < sizeof role_names / sizeof role_names[0]; k++)
		if (strlen(role_names[k].name) == len && !memcmp(role_names[k].name, name, len))
			return role_names[k].r;
	static const char def[] = "definition.", imp[] = "import";
	if (len > sizeof def - 1 && !memcmp(name, def, sizeof def - 1)) {
		const char *k = name + sizeof def - 1;
		size_t kl = len - (sizeof def - 1);
		if ((*kind = kind_in(function_kinds, k, kl)))
			return ROLE_DEF_FUNCTION;
		if ((*kind = kind_in(class_kinds, k, kl)))
			return ROLE_DEF_CLASS;
		return ROLE_NONE;
	}
	if (len == sizeof imp - 1 && !memcmp(name, imp, len)) {
		*kind = "import";
		return ROLE_IMPORT;
	}
	if (len > sizeof imp && !memcmp(name, "import.", sizeof imp) &&
	    (*kind = kind_in(import_kinds, name + sizeof imp, len - sizeof imp)))
		return ROLE_IMPORT;
	return ROLE_NONE;
}

/* A set of grammar symbols as a bitmap. */
typedef struct symset {
	uint8_t *bits;
	uint32_t n;
} symset;

static inline bool symset_has(const symset *s, TSSymbol sym)
{
	return sym < s->n && (s->bits[sym >> 3] >> (sym & 7)) & 1;
}

/* A text predicate of a pattern: (#eq? @c "s"), (#not-eq? @c "s"), (#any-of? @c "a" "b"...). */
typedef struct predicate {
	uint32_t pattern, capture;
	bool negate;
	uint32_t first, count; /* strings: string ids of the query, in pred_strings */
} predicate;

typedef struct compiled {
	const sp_language *lang;
	const TSLanguage *ts;
	TSQuery *query;
	role *roles; /* by capture id */
	const char **kinds; /* by capture id: the <kind> of @definition.<kind> / @import.<kind> */
	symset decision, opaque, nesting, container;
	bool descend_all; /* no container list: the metrics walk enters every node */
	predicate *preds;
	uint32_t npreds;
	uint32_t *pred_strings;
	uint32_t npred_strings;
	TSSymbol function_sym; /* node type captured as @definition.function */
} compiled;

struct sp_extractor {
	compiled *langs;
	size_t n;
	sp_buf err;
};

/* ---- extractor ---- */

/* anonymous: names may be tokens ("&&") as well as named node types */
static int symset_build(compiled *c, const char *names, bool anonymous, symset *out, sp_buf *err)
{
	uint32_t count = ts_language_symbol_count(c->ts);
	out->n = count;
	out->bits = calloc((count + 7) / 8, 1);
	if (!out->bits)
		return SP_ENOMEM;
	const char *p = names;
	while (*p) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, " ");
		if (!len)
			break;
		/* a name that is both a node type and a token (Ruby's `if`) means the node: the
		   token inside it must not count again; a token is used only when no node has the name */
		bool found = false;
		for (int pass = 0; pass < 2 && !found; pass++) {
			TSSymbolType want = pass ? TSSymbolTypeAnonymous : TSSymbolTypeRegular;
			if (pass && !anonymous)
				break;
			for (uint32_t s = 0; s < count; s++) {
				const char *sn = ts_language_symbol_name(c->ts, (TSSymbol)s);
				if (ts_language_symbol_type(c->ts, (TSSymbol)s) == want && sn &&
				    strlen(sn) == len && !memcmp(sn, p, len)) {
					out->bits[s >> 3] |= (uint8_t)(1u << (s & 7));
					found = true;
				}
			}
		}
		if (!found) {
			sp_buf_printf(err, "language %s: unknown node type '%.*s' in the language table",
				      c->lang->name, (int)len, p);
			return SP_EQUERY;
		}
		p += len;
	}
	return 0;
}

static const char *query_error_text(TSQueryError e)
{
	switch (e) {
	case TSQueryErrorSyntax: return "syntax error";
	case TSQueryErrorNodeType: return "unknown node type";
	case TSQueryErrorField: return "unknown field";
	case TSQueryErrorCapture: return "unknown capture";
	case TSQueryErrorStructure: return "impossible pattern structure";
	case TSQueryErrorLanguage: return "language mismatch";
	default: return "error";
	}
}

/* The C API leaves predicates to the caller: these three are evaluated (apply_match), any other
   is refused loudly rather than silently ignored. */
static int compile_predicates(compiled *c, sp_buf *err)
{
	uint32_t np = ts_query_pattern_count(c->query), total = 0;
	for (uint32_t p = 0; p < np; p++) {
		uint32_t steps;
		ts_query_predicates_for_pattern(c->query, p, &steps);
		total += steps;
	}
	c->preds = calloc(total ? total : 1, sizeof *c->preds);
	c->pred_strings = calloc(total ? total : 1, sizeof *c->pred_strings);
	if (!c->preds || !c->pred_strings)
		return SP_ENOMEM;
	for (uint32_t p = 0; p < np; p++) {
		uint32_t steps;
		const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(c->query, p, &steps);
		for (uint32_t i = 0; i < steps;) {
			uint32_t end = i;
			while (end < steps && st[end].type != TSQueryPredicateStepTypeDone)
				end++;
			uint32_t len = 0;
			const char *op =
				end > i && st[i].type == TSQueryPredicateStepTypeString
					? ts_query_string_value_for_id(c->query, st[i].value_id, &len)
					: "";
			bool eq = !strcmp(op, "eq?"), neq = !strcmp(op, "not-eq?"),
			     any = !strcmp(op, "any-of?");
			bool ok = (eq || neq || any) && end - i >= 3 &&
				  st[i + 1].type == TSQueryPredicateStepTypeCapture;
			for (uint32_t k = i + 2; ok && k < end; k++)
				ok = st[k].type == TSQueryPredicateStepTypeString;
			if (!ok || ((eq || neq) && end - i != 3)) {
				sp_buf_printf(
					err,
					"language %s: pattern at byte offset %u uses a predicate "
					"snakepipe does not evaluate (only #eq?, #not-eq?, #any-of? "
					"of a capture and strings)",
					c->lang->name, ts_query_start_byte_for_pattern(c->query, p));
				return SP_EQUERY;
			}
			predicate *pr = &c->preds[c->npreds++];
			*pr = (predicate){p, st[i + 1].value_id, neq, c->npred_strings, end - i - 2};
			for (uint32_t k = i + 2; k < end; k++)
				c->pred_strings[c->npred_strings++] = st[k].value_id;
			i = end + 1;
		}
	}
	return 0;
}

/* Whether every text predicate of m's pattern holds. */
static bool predicates_hold(const compiled *c, const TSQueryMatch *m, const char *src)
{
	for (uint32_t i = 0; i < c->npreds; i++) {
		const predicate *pr = &c->preds[i];
		if (pr->pattern != m->pattern_index)
			continue;
		bool seen = false, hit = false;
		for (uint16_t k = 0; k < m->capture_count && !hit; k++) {
			if (m->captures[k].index != pr->capture)
				continue;
			seen = true;
			TSNode n = m->captures[k].node;
			uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
			for (uint32_t s = 0; s < pr->count && !hit; s++) {
				uint32_t len;
				const char *v = ts_query_string_value_for_id(
					c->query, c->pred_strings[pr->first + s], &len);
				hit = len == b - a && !memcmp(src + a, v, len);
			}
		}
		if (seen && hit == pr->negate)
			return false;
	}
	return true;
}

static int compile_language(compiled *c, const sp_language *lang, sp_buf *err)
{
	c->lang = lang;
	c->ts = lang->grammar();
	uint32_t err_off = 0;
	TSQueryError qerr = TSQueryErrorNone;
	c->query = ts_query_new(c->ts, lang->query, (uint32_t)lang->query_len, &err_off, &qerr);
	if (!c->query) {
		sp_buf_printf(err, "language %s: query %s at byte offset %u of extract/lang/%s.scm",
			      lang->name, query_error_text(qerr), err_off, lang->name);
		return SP_EQUERY;
	}
	uint32_t ncap = ts_query_capture_count(c->query);
	c->roles = calloc(ncap ? ncap : 1, sizeof *c->roles);
	c->kinds = calloc(ncap ? ncap : 1, sizeof *c->kinds);
	if (!c->roles || !c->kinds)
		return SP_ENOMEM;
	for (uint32_t i = 0; i < ncap; i++) {
		uint32_t len;
		const char *name = ts_query_capture_name_for_id(c->query, i, &len);
		c->roles[i] = role_of(name, len, &c->kinds[i]);
		if (len && name[0] == '_') /* a helper capture, for predicates only */
			continue;
		if (c->roles[i] == ROLE_NONE) {
			sp_buf_printf(err, "language %s: unknown capture @%.*s in extract/lang/%s.scm",
				      lang->name, (int)len, name, lang->name);
			return SP_EQUERY;
		}
	}
	int prc = compile_predicates(c, err);
	if (prc)
		return prc;
	int rc = symset_build(c, lang->decision_nodes, true, &c->decision, err);
	if (!rc)
		rc = symset_build(c, lang->opaque_nodes, false, &c->opaque, err);
	if (!rc)
		rc = symset_build(c, lang->nesting_nodes, false, &c->nesting, err);
	if (!rc)
		rc = symset_build(c, lang->container_nodes, false, &c->container, err);
	c->descend_all = !lang->container_nodes[strspn(lang->container_nodes, " ")];
	return rc;
}

int sp_extractor_new(sp_extractor **out, unsigned flags)
{
	sp_extractor *ex = calloc(1, sizeof *ex);
	*out = ex;
	if (!ex)
		return SP_ENOMEM;
	sp_buf_init(&ex->err);
	ex->langs = calloc(sp_languages_count, sizeof *ex->langs);
	if (!ex->langs)
		return SP_ENOMEM;
	ex->n = sp_languages_count;
	for (size_t i = 0; i < ex->n; i++) {
		ex->langs[i].lang = &sp_languages[i];
		if (!(flags & SP_EXTRACTOR_LAZY)) {
			int rc = sp_extractor_prepare(ex, &sp_languages[i]);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int sp_extractor_prepare(sp_extractor *ex, const sp_language *lang)
{
	for (size_t i = 0; i < ex->n; i++) {
		compiled *c = &ex->langs[i];
		if (c->lang != lang)
			continue;
		if (c->query)
			return 0;
		int rc = compile_language(c, lang, &ex->err);
		if (rc && c->query) { /* half-compiled: keep it unusable */
			ts_query_delete(c->query);
			c->query = NULL;
		}
		return rc;
	}
	sp_buf_printf(&ex->err, "language %s is not in the language table", lang->name);
	return SP_EUSAGE;
}

void sp_extractor_free(sp_extractor *ex)
{
	if (!ex)
		return;
	for (size_t i = 0; ex->langs && i < ex->n; i++) {
		compiled *c = &ex->langs[i];
		if (c->query)
			ts_query_delete(c->query);
		free(c->roles);
		free(c->kinds);
		free(c->preds);
		free(c->pred_strings);
		free(c->decision.bits);
		free(c->opaque.bits);
		free(c->nesting.bits);
		free(c->container.bits);
	}
	free(ex->langs);
	sp_buf_release(&ex->err);
	free(ex);
}

const char *sp_extractor_errmsg(const sp_extractor *ex)
{
	return ex && ex->err.data ? ex->err.data : "";
}

const sp_language *sp_extractor_by_path(const sp_extractor *ex, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base)
		return NULL;
	for (size_t i = 0; i < ex->n; i++)
		for (const char *const *e = ex->langs[i].lang->extensions; *e; e++)
			if (!strcmp(dot, *e))
				return ex->langs[i].lang;
	return NULL;
}

const sp_language *sp_extractor_by_shebang(const sp_extractor *ex, const char *head, size_t n)
{
	if (n < 2 || head[0] != '#' || head[1] != '!')
		return NULL;
	const char *nl = memchr(head, '\n', n);
	size_t len = nl ? (size_t)(nl - head) : n;
	/* the interpreter is the program's base name, or the first argument of env */
	for (size_t i = 0; i < ex->n; i++)
		for (const char *const *s = ex->langs[i].lang->shebangs; *s; s++) {
			size_t sl = strlen(*s);
			for (size_t k = 2; k + sl <= len; k++)
				if (!memcmp(head + k, *s, sl) &&
				    (head[k - 1] == '/' || head[k - 1] == ' '))
					return ex->langs[i].lang;
		}
	return NULL;
}

const sp_language *sp_extractor_by_name(const sp_extractor *ex, const char *name)
{
	for (size_t i = 0; i < ex->n; i++)
		if (!strcmp(ex->langs[i].lang->name, name))
			return ex->langs[i].lang;
	return NULL;
}

/* ---- facts ---- */

void sp_facts_init(sp_facts *f)
{
	memset(f, 0, sizeof *f);
}

void sp_facts_release(sp_facts *f)
{
	sp_array_release(&f->defs);
	sp_array_release(&f->items);
	sp_array_release(&f->imports);
	sp_array_release(&f->line_kinds);
}

static void facts_clear(sp_facts *f)
{
	f->defs.n = f->items.n = f->imports.n = f->line_kinds.n = 0;
	memset(&f->lines, 0, sizeof f->lines);
	f->parse_error = false;
	f->parse_error_line = 0;
}

/* ---- parser ---- */

typedef struct pending_item {
	uint32_t def; /* index into defs in creation order */
	uint32_t kind; /* sp_item_kind */
	uint32_t byte; /* source position, for ordering and de-duplication */
	sp_str s;
} pending_item;

typedef struct frame {
	uint32_t depth; /* cursor depth of the node that pushed it */
	int32_t func; /* innermost function at this point, -1 outside any */
	uint32_t nest; /* nesting level inside that function */
	bool is_func, is_opaque;
} frame;

typedef struct node_key {
	uint32_t start, end;
	TSSymbol sym;
} node_key;

struct sp_parser {
	const sp_extractor *ex;
	sp_array(node_key) opaque; /* @metric.opaque nodes of the current file */
	TSParser *ts;
	TSQueryCursor *cursor;
	sp_array(pending_item) pending;
	sp_array(uint32_t) order; /* def indexes sorted by start byte */
	sp_array(uint32_t) remap;
	sp_array(frame) frames;
	sp_array(sp_def) tmp_defs;
	char *blanked; /* the current file with its annotation macros blanked (C, C++) */
	size_t blanked_cap;
	sp_buf err;
	/* open-addressing map from definition node start byte to def index, reset per file */
	uint32_t *map_key, *map_val;
	size_t map_cap, map_used;
};

int sp_parser_new(const sp_extractor *ex, sp_parser **out)
{
	sp_parser *p = calloc(1, sizeof *p);
	*out = p;
	if (!p)
		return SP_ENOMEM;
	p->ex = ex;
	sp_buf_init(&p->err);
	p->ts = ts_parser_new();
	p->cursor = ts_query_cursor_new();
	if (!p->ts || !p->cursor)
		return SP_ENOMEM;
	return 0;
}

void sp_parser_free(sp_parser *p)
{
	if (!p)
		return;
	if (p->ts)
		ts_parser_delete(p->ts);
	if (p->cursor)
		ts_query_cursor_delete(p->cursor);
	sp_array_release(&p->pending);
	sp_array_release(&p->opaque);
	sp_array_release(&p->order);
	sp_array_release(&p->remap);
	sp_array_release(&p->frames);
	sp_array_release(&p->tmp_defs);
	free(p->blanked);
	free(p->map_key);
	free(p->map_val);
	sp_buf_release(&p->err);
	free(p);
}

const char *sp_parser_errmsg(const sp_parser *p)
{
	return p && p->err.data ? p->err.data : "";
}

static int map_reset(sp_parser *p)
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

static sp_str node_str(TSNode n, const char *src)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	return (sp_str){src + a, b - a};
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
		sp_def *d = &f->defs.v[*idx];
		if (d->kind == kind && subkind && d->subkind && !strcmp(d->subkind, "function"))
			d->subkind = subkind;
		return 0;
	}
	if (p->map_used * 2 >= p->map_cap) {
		if (map_grow(p))
			return SP_ENOMEM;
		slot = map_slot(p, key, &found);
	}
	sp_def d = {0};
	d.kind = kind;
	d.subkind = subkind;
	d.parent = -1;
	TSPoint s = ts_node_start_point(n), e = ts_node_end_point(n);
	d.def_line = d.name_line = s.row + 1;
	d.start_line = s.row + 1, d.start_col = s.column;
	d.end_line = e.row + 1, d.end_col = e.column;
	d.start_byte = key;
	d.end_byte = ts_node_end_byte(n);
	d.node_symbol = ts_node_symbol(n);
	if (sp_array_push(&f->defs, d))
		return SP_ENOMEM;
	p->map_key[slot] = key;
	p->map_val[slot] = *idx = (uint32_t)(f->defs.n - 1);
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

static int apply_match(sp_parser *p, const compiled *c, const TSQueryMatch *m, const char *src,
		       sp_facts *f)
{
	const TSQueryCapture *def_cap = NULL;
	const char *import_kind = NULL;
	if (c->npreds && !predicates_hold(c, m, src))
		return 0;
	for (uint16_t i = 0; i < m->capture_count; i++) {
		role r = c->roles[m->captures[i].index];
		if (r == ROLE_DEF_FUNCTION || r == ROLE_DEF_CLASS) {
			def_cap = &m->captures[i];
		} else if (r == ROLE_IMPORT) {
			import_kind = c->kinds[m->captures[i].index];
		} else if (r == ROLE_OPAQUE) {
			TSNode n = m->captures[i].node;
			node_key k = {ts_node_start_byte(n), ts_node_end_byte(n), ts_node_symbol(n)};
			if (sp_array_push(&p->opaque, k))
				return SP_ENOMEM;
		}
	}
	if (import_kind) {
		sp_import im = {0};
		im.kind = import_kind;
		for (uint16_t i = 0; i < m->capture_count; i++) {
			TSNode n = m->captures[i].node;
			switch (c->roles[m->captures[i].index]) {
			case ROLE_IMPORT: im.line = ts_node_start_point(n).row + 1; break;
			case ROLE_IMPORT_MODULE: im.module = unquote(node_str(n, src)); break;
			case ROLE_IMPORT_NAME: im.name = node_str(n, src); break;
			case ROLE_IMPORT_ALIAS: im.alias = node_str(n, src); break;
			default: break;
			}
		}
		return sp_array_push(&f->imports, im);
	}
	if (!def_cap)
		return 0;
	uint32_t di;
	sp_def_kind kind = c->roles[def_cap->index] == ROLE_DEF_CLASS ? SP_DEF_CLASS : SP_DEF_FUNCTION;
	if (def_for(p, f, def_cap->node, kind, c->kinds[def_cap->index], &di))
		return SP_ENOMEM;
	for (uint16_t i = 0; i < m->capture_count; i++) {
		TSNode n = m->captures[i].node;
		sp_def *d = &f->defs.v[di];
		int rc = 0;
		switch (c->roles[m->captures[i].index]) {
		case ROLE_NAME:
			/* the first name wins: a binding (`const X = class _X {}`) starts before
			   the definition's own name and is what code refers to it by */
			if (!d->name.p || ts_node_start_byte(n) < (uint32_t)(d->name.p - src)) {
				d->name = node_str(n, src);
				d->name_line = ts_node_start_point(n).row + 1;
			}
			break;
		case ROLE_SCOPE: d->scope = node_str(n, src); break;
		case ROLE_DOC: d->doc = node_str(n, src); break;
		case ROLE_ASYNC: d->is_async = true; break;
		case ROLE_SPAN: {
			TSPoint s = ts_node_start_point(n), e = ts_node_end_point(n);
			d->start_line = s.row + 1, d->start_col = s.column;
			d->end_line = e.row + 1, d->end_col = e.column;
			break;
		}
		case ROLE_PARAM: rc = add_item(p, di, SP_ITEM_PARAM, n, src); break;
		case ROLE_DECORATOR: rc = add_item(p, di, SP_ITEM_DECORATOR, n, src); break;
		case ROLE_BASE: rc = add_item(p, di, SP_ITEM_BASE, n, src); break;
		default: break;
		}
		if (rc)
			return rc;
	}
	return 0;
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
	size_t n = f->defs.n;
	if (sp_array_reserve(&p->order, n) || sp_array_reserve(&p->remap, n) ||
	    sp_array_reserve(&p->tmp_defs, n))
		return SP_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		uint32_t key = f->defs.v[i].start_byte;
		size_t j = i;
		while (j > 0 && f->defs.v[p->order.v[j - 1]].start_byte > key) {
			p->order.v[j] = p->order.v[j - 1];
			j--;
		}
		p->order.v[j] = (uint32_t)i;
	}
	for (size_t k = 0; k < n; k++) {
		p->tmp_defs.v[k] = f->defs.v[p->order.v[k]];
		p->remap.v[p->order.v[k]] = (uint32_t)k;
	}
	if (n)
		memcpy(f->defs.v, p->tmp_defs.v, n * sizeof *f->defs.v);
	/* parents: a stack of open definitions by byte range */
	p->frames.n = 0;
	for (size_t k = 0; k < n; k++) {
		sp_def *d = &f->defs.v[k];
		while (p->frames.n &&
		       f->defs.v[p->frames.v[p->frames.n - 1].func].end_byte <= d->start_byte)
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
		sp_def *d = &f->defs.v[it->def];
		if (!d->item_n[it->kind])
			d->item_off[it->kind] = (uint32_t)f->items.n;
		d->item_n[it->kind]++;
		if (sp_array_push(&f->items, it->s))
			return SP_ENOMEM;
	}
	return 0;
}

/* The first error: the earliest, deepest ERROR or MISSING node. tree-sitter's recovery often wraps
   a run of valid statements in one ERROR node around the real mistake, so an ERROR node that holds a
   child with an error points to that child, not to its own start. */
static void first_error(TSNode root, sp_facts *f)
{
	TSNode n = root;
	for (;;) {
		if (ts_node_is_missing(n))
			break;
		uint32_t k = ts_node_child_count(n);
		bool descended = false;
		for (uint32_t i = 0; i < k; i++) {
			TSNode ch = ts_node_child(n, i);
			if (ts_node_has_error(ch)) {
				n = ch;
				descended = true;
				break;
			}
		}
		if (!descended)
			break;
	}
	f->parse_error_line = ts_node_start_point(n).row + 1;
}

/* True when a node lies deeper than SP_MAX_TREE_DEPTH below the root. A subtree of k visible
   nodes is at most k deep, so the walk (iterative: the tree may be deeper than the C stack) only
   enters subtrees big enough to break the budget: in ordinary files, the root's children. */
static bool too_deep(TSNode root)
{
	TSTreeCursor cur = ts_tree_cursor_new(root);
	uint32_t depth = 0;
	bool deep = false;
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		if (depth > SP_MAX_TREE_DEPTH) {
			deep = true;
			break;
		}
		if ((uint64_t)depth + ts_node_descendant_count(n) - 1 > SP_MAX_TREE_DEPTH &&
		    ts_tree_cursor_goto_first_child(&cur)) {
			depth++;
			continue;
		}
		bool done = false;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur)) {
				done = true;
				break;
			}
			depth--;
		}
		if (done)
			break;
	}
	ts_tree_cursor_delete(&cur);
	return deep;
}

/* A file's time budget (parse and query together): tree-sitter asks every few hundred
   operations whether to stop. */
typedef struct parse_clock {
	struct timespec deadline;
	bool expired;
} parse_clock;

static void clock_start(parse_clock *pc)
{
	pc->expired = false;
	clock_gettime(CLOCK_MONOTONIC, &pc->deadline);
	pc->deadline.tv_sec += SP_PARSE_SECONDS;
}

static bool clock_expired(parse_clock *pc)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > pc->deadline.tv_sec ||
	    (now.tv_sec == pc->deadline.tv_sec && now.tv_nsec >= pc->deadline.tv_nsec))
		pc->expired = true;
	return pc->expired;
}

static bool parse_progress(TSParseState *state)
{
	return clock_expired(state->payload);
}

static bool query_progress(TSQueryCursorState *state)
{
	return clock_expired(state->payload);
}

typedef struct source {
	const char *s;
	uint32_t len;
} source;

static const char *read_source(void *payload, uint32_t byte, TSPoint pos, uint32_t *n)
{
	(void)pos;
	const source *in = payload;
	*n = byte < in->len ? in->len - byte : 0;
	return in->s + (byte < in->len ? byte : in->len);
}

/* Parses src within the file's time budget; NULL, with the reason in p->err, when it cannot. */
static TSTree *parse(sp_parser *p, parse_clock *pc, const char *src, size_t len)
{
	source in = {src, (uint32_t)len};
	TSInput input = {.payload = &in, .read = read_source, .encoding = TSInputEncodingUTF8};
	TSParseOptions opts = {.payload = pc, .progress_callback = parse_progress};
	TSTree *tree = ts_parser_parse_with_options(p->ts, NULL, input, opts);
	if (!tree) {
		ts_parser_reset(p->ts);
		if (pc->expired)
			sp_buf_printf(&p->err, "parse timed out after %d s", SP_PARSE_SECONDS);
		else
			sp_buf_puts(&p->err, "tree-sitter could not parse the file");
		return NULL;
	}
	if (too_deep(ts_tree_root_node(tree))) {
		ts_tree_delete(tree);
		sp_buf_printf(&p->err, "syntax tree nested deeper than %d levels", SP_MAX_TREE_DEPTH);
		return NULL;
	}
	return tree;
}

/* A decision at the current point of the walk. */
static void count_decision(sp_parser *p, const compiled *c, sp_facts *f)
{
	for (size_t k = p->frames.n; k-- > 0;) {
		if (p->frames.v[k].is_opaque)
			break;
		if (p->frames.v[k].is_func) {
			f->defs.v[p->frames.v[k].func].complexity++;
			if (!c->lang->outward_decisions)
				break;
		}
	}
}

/* One depth-first walk: decisions raise the complexity of every enclosing function up to the
   nearest opaque node; nesting nodes raise the nesting level of the innermost function. */
static int measure(sp_parser *p, const compiled *c, TSNode root, sp_facts *f)
{
	for (size_t i = 0; i < f->defs.n; i++)
		if (f->defs.v[i].kind == SP_DEF_FUNCTION)
			f->defs.v[i].complexity = 1;
	size_t next_def = 0, next_opaque = 0;
	/* query matches arrive roughly in order; the walk wants them sorted */
	for (size_t i = 1; i < p->opaque.n; i++)
		for (size_t k = i; k > 0 && p->opaque.v[k - 1].start > p->opaque.v[k].start; k--) {
			node_key t = p->opaque.v[k];
			p->opaque.v[k] = p->opaque.v[k - 1];
			p->opaque.v[k - 1] = t;
		}
	TSTreeCursor cur = ts_tree_cursor_new(root);
	uint32_t depth = 0;
	p->frames.n = 0;
	int rc = 0;
	for (;;) {
		while (p->frames.n && p->frames.v[p->frames.n - 1].depth >= depth)
			p->frames.n--;
		TSNode n = ts_tree_cursor_current_node(&cur);
		TSSymbol sym = ts_node_symbol(n);
		bool descend = c->descend_all || symset_has(&c->container, sym);
		if (!ts_node_is_named(n)) {
			/* a token: only a decision ("&&", "?") matters */
			if (symset_has(&c->decision, sym))
				count_decision(p, c, f);
		} else {
			uint32_t start = ts_node_start_byte(n);
			frame top = p->frames.n ? p->frames.v[p->frames.n - 1] : (frame){.func = -1};
			while (next_opaque < p->opaque.n && p->opaque.v[next_opaque].start < start)
				next_opaque++;
			bool marked = false;
			for (size_t k = next_opaque; k < p->opaque.n && p->opaque.v[k].start == start;
			     k++)
				marked = marked || (p->opaque.v[k].end == ts_node_end_byte(n) &&
						    p->opaque.v[k].sym == sym);
			if (!marked && symset_has(&c->decision, sym))
				count_decision(p, c, f);
			while (next_def < f->defs.n && f->defs.v[next_def].start_byte < start)
				next_def++;
			frame fr = {.depth = depth, .func = top.func, .nest = top.nest};
			bool push = false;
			if (next_def < f->defs.n && f->defs.v[next_def].start_byte == start &&
			    f->defs.v[next_def].end_byte == ts_node_end_byte(n) &&
			    f->defs.v[next_def].node_symbol == sym) {
				if (f->defs.v[next_def].kind == SP_DEF_FUNCTION) {
					fr.is_func = push = true;
					fr.func = (int32_t)next_def;
					fr.nest = 0;
				}
				next_def++;
			}
			if (!fr.is_func && (marked || symset_has(&c->opaque, sym)))
				fr.is_opaque = push = true;
			if (!fr.is_func && symset_has(&c->nesting, sym) && top.func >= 0) {
				fr.nest = top.nest + 1;
				sp_def *d = &f->defs.v[top.func];
				if (fr.nest > d->max_nesting)
					d->max_nesting = fr.nest;
				push = true;
			}
			if (push && sp_array_push(&p->frames, fr)) {
				rc = SP_ENOMEM;
				break;
			}
		}
		if (descend && ts_tree_cursor_goto_first_child(&cur)) {
			depth++;
			continue;
		}
		bool done = false;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur)) {
				done = true;
				break;
			}
			depth--;
		}
		if (done)
			break;
	}
	ts_tree_cursor_delete(&cur);
	return rc;
}

static const compiled *compiled_for(const sp_extractor *ex, const sp_language *lang)
{
	for (size_t i = 0; i < ex->n; i++)
		if (ex->langs[i].lang == lang)
			return &ex->langs[i];
	return NULL;
}

const char *sp_skip_reason(const char *src, size_t len, size_t max_size)
{
	if (len > max_size)
		return "too large";
	size_t head = len < SP_GENERATED_HEAD ? len : SP_GENERATED_HEAD;
	/* upper case only, the generators' convention: "do not edit below this line" in a
	   hand-written header marks nothing */
	static const char *const markers[] = {"@generated", "DO NOT EDIT"};
	for (size_t k = 0; k < sizeof markers / sizeof markers[0]; k++) {
		size_t ml = strlen(markers[k]);
		for (size_t i = 0; i + ml <= head; i++)
			if (src[i] == markers[k][0] && !memcmp(src + i, markers[k], ml))
				return "generated";
	}
	/* minified: most of the bytes are on lines too long for a person to have written them (a
	   few long data lines in a big hand-written file do not make it minified) */
	size_t on_long = 0;
	const char *p = src, *end = src + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		if (e - p > SP_MINIFIED_LINE)
			on_long += (size_t)(e - p);
		p = e + 1;
	}
	return on_long * 2 > len ? "minified" : NULL;
}

static int count_lines(const sp_language *lang, const char *src, size_t len, sp_facts *f)
{
	size_t nlines = sp_lines_count_lines(src, len);
	if (sp_array_reserve(&f->line_kinds, nlines ? nlines : 1))
		return SP_ENOMEM;
	sp_line_counts lc;
	int rc = sp_lines_classify(src, len, lang->comments, f->line_kinds.v, &lc);
	if (rc)
		return rc;
	f->line_kinds.n = nlines;
	f->lines = (sp_line_totals){lc.total, lc.blank, lc.comment, lc.code};
	return 0;
}

int sp_parser_lines(sp_parser *p, const sp_language *lang, const char *src, size_t len, sp_facts *f)
{
	sp_buf_reset(&p->err);
	facts_clear(f);
	int rc = count_lines(lang, src, len, f);
	if (rc == SP_ENOMEM)
		sp_buf_puts(&p->err, "out of memory");
	return rc;
}

int sp_parser_run(sp_parser *p, const sp_language *lang, const char *src, size_t len, sp_facts *f)
{
	sp_buf_reset(&p->err);
	facts_clear(f);
	const compiled *c = compiled_for(p->ex, lang);
	if (!c || !c->query) {
		sp_buf_printf(&p->err, "language %s is not prepared (sp_extractor_prepare)", lang->name);
		return SP_EUSAGE;
	}
	if (len > UINT32_MAX / 2) {
		sp_buf_puts(&p->err, "file too large for tree-sitter");
		return SP_EPARSE;
	}
	/* line counts first: they need no tree and are wanted even if parsing gives up */
	int rc = count_lines(lang, src, len, f);
	if (rc)
		return rc;

	/* a UTF-8 byte-order mark is no part of the code: columns on line 1 count from after it, as
	   Python's ast counts them (line counting above saw the whole file, as cloc does) */
	if (len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3))
		src += 3, len -= 3;
	if (lang->blank_macros && len) {
		if (len > p->blanked_cap) {
			char *nb = realloc(p->blanked, len);
			if (!nb) {
				sp_buf_puts(&p->err, "out of memory");
				return SP_ENOMEM;
			}
			p->blanked = nb, p->blanked_cap = len;
		}
		if (sp_blank_macros(src, len, p->blanked))
			src = p->blanked; /* same offsets and lines; facts point into the copy */
	}
	if (!ts_parser_set_language(p->ts, c->ts)) {
		sp_buf_printf(&p->err, "grammar of %s has an ABI this tree-sitter cannot load",
			      lang->name);
		return SP_EPARSE;
	}
	parse_clock pc;
	clock_start(&pc);
	TSTree *tree = parse(p, &pc, src, len);
	if (!tree)
		return SP_EPARSE;
	TSNode root = ts_tree_root_node(tree);
	if (ts_node_has_error(root)) {
		f->parse_error = true;
		first_error(root, f);
	}
	p->pending.n = 0;
	p->opaque.n = 0;
	rc = map_reset(p);
	if (rc)
		goto out;
	/* the cursor keeps a pointer to the options until the next exec */
	TSQueryCursorOptions qopts = {.payload = &pc, .progress_callback = query_progress};
	ts_query_cursor_exec_with_options(p->cursor, c->query, root, &qopts);
	TSQueryMatch m;
	while (ts_query_cursor_next_match(p->cursor, &m)) {
		rc = apply_match(p, c, &m, src, f);
		if (rc)
			goto out;
	}
	if (pc.expired) {
		/* a query whose pending matches grow with the input (1 MB of Python decorators) */
		sp_buf_printf(&p->err, "query timed out after %d s", SP_PARSE_SECONDS);
		rc = SP_EPARSE;
		goto out;
	}
	rc = finish_defs(p, f);
	if (rc)
		goto out;
	rc = measure(p, c, root, f);
out:
	ts_tree_delete(tree);
	if (rc == SP_ENOMEM)
		sp_buf_puts(&p->err, "out of memory");
	return rc;
}
