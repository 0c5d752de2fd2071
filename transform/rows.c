/* transform/rows.c: one file's facts -> rows of blobs, functions, classes, imports and metrics,
   in the column order of schema/tables.c. Qualified names and NLOC are computed here. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mi_p.h"
#include "rows_p.h"

#include "banned.h"

int sp_transformer_new(sp_transformer **out)
{
	sp_transformer *t = calloc(1, sizeof *t);
	*out = t;
	if (!t)
		return SP_ENOMEM;
	sp_buf_init(&t->names);
	sp_buf_init(&t->json);
	sp_buf_init(&t->text);
	sp_rows_call_columns(t);
	return sp_callres_new(&t->calls);
}

void sp_transformer_free(sp_transformer *t)
{
	if (!t)
		return;
	sp_buf_release(&t->names);
	sp_buf_release(&t->json);
	sp_buf_release(&t->text);
	sp_array_release(&t->name_off);
	sp_array_release(&t->class_of);
	sp_array_release(&t->scope_off);
	sp_array_release(&t->scope_len);
	sp_array_release(&t->short_name);
	sp_array_release(&t->imports);
	sp_array_release(&t->function_id);
	sp_callres_free(t->calls);
	free(t);
}

/* The value of a docstring: one string literal or several implicitly concatenated ones, bodies
   appended to out as written (escapes are not decoded). False when it is no docstring: bytes and
   f-strings are expressions to Python's ast. */
static bool doc_text(sp_str lit, sp_buf *out)
{
	size_t i = 0;
	bool any = false;
	while (i < lit.n) {
		char c = lit.p[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\') {
			i++;
			continue;
		}
		bool raw = false;
		while (i < lit.n && lit.p[i] != '"' && lit.p[i] != '\'') {
			c = lit.p[i++];
			if (c == 'f' || c == 'F' || c == 'b' || c == 'B')
				return false;
			raw = raw || c == 'r' || c == 'R';
		}
		if (i >= lit.n)
			break;
		char q = lit.p[i];
		size_t qn = (i + 2 < lit.n && lit.p[i + 1] == q && lit.p[i + 2] == q) ? 3 : 1;
		size_t start = i + qn, k = start;
		while (k < lit.n) {
			if (lit.p[k] == '\\' && !raw) {
				k += 2;
				continue;
			}
			if (lit.p[k] == q &&
			    (qn == 1 || (k + 2 < lit.n && lit.p[k + 1] == q && lit.p[k + 2] == q)))
				break;
			k++;
		}
		if (k > lit.n)
			k = lit.n;
		sp_buf_append(out, lit.p + start, k - start);
		any = true;
		i = k + qn;
	}
	return any;
}

/* First non-blank line of a docstring, trimmed (empty when it has none). */
static bool doc_first_line(sp_str lit, sp_buf *tmp, sp_str *out)
{
	sp_buf_reset(tmp);
	if (!doc_text(lit, tmp) || tmp->err)
		return false;
	const char *p = tmp->data ? tmp->data : "";
	size_t n = tmp->len, a = 0;
	while (a < n) {
		size_t e = a;
		while (e < n && p[e] != '\n')
			e++;
		size_t s = a, t = e;
		while (s < t && (p[s] == ' ' || p[s] == '\t' || p[s] == '\r'))
			s++;
		while (t > s && (p[t - 1] == ' ' || p[t - 1] == '\t' || p[t - 1] == '\r'))
			t--;
		if (t > s) {
			*out = (sp_str){p + s, t - s};
			return true;
		}
		a = e + 1;
	}
	*out = (sp_str){p, 0};
	return true;
}

/* Appends "a, b, c" of the given items to buf (newlines and runs of blanks collapsed). */
static void join_items(sp_buf *buf, const sp_str *items, uint32_t n, const char *sep)
{
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			sp_buf_puts(buf, sep);
		bool space = false;
		for (size_t k = 0; k < items[i].n; k++) {
			char c = items[i].p[k];
			if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
				space = true;
				continue;
			}
			if (space && buf->len && buf->data[buf->len - 1] != '(' && c != ')')
				sp_buf_putc(buf, ' ');
			space = false;
			sp_buf_putc(buf, c);
		}
	}
}

static void attrs_json(sp_buf *j, const sp_facts *f, const sp_def *d, sp_buf *tmp)
{
	sp_buf_reset(j);
	sp_buf_putc(j, '{');
	if (d->kind == SP_DEF_FUNCTION)
		sp_buf_puts(j, d->is_async ? "\"async\": true, " : "\"async\": false, ");
	sp_buf_puts(j, "\"decorators\": [");
	const sp_str *dec = sp_def_items(f, d, SP_ITEM_DECORATOR);
	for (uint32_t i = 0; i < d->item_n[SP_ITEM_DECORATOR]; i++) {
		if (i)
			sp_buf_puts(j, ", ");
		sp_buf_reset(tmp);
		join_items(tmp, &dec[i], 1, "");
		sp_buf_json_str(j, tmp->data ? tmp->data : "", tmp->len);
	}
	sp_buf_puts(j, "], \"docstring\": ");
	sp_str doc;
	if (d->doc.n && doc_first_line(d->doc, tmp, &doc))
		sp_buf_json_str(j, doc.p, doc.n);
	else
		sp_buf_puts(j, "null");
	sp_buf_putc(j, '}');
}

/* A name captured with its parameter list (a C++ conversion operator: `operator bool() const`)
   ends before the last '(' outside parentheses; `operator()` and other names are kept whole. */
static sp_str cut_parameters(sp_str nm)
{
	static const char op[] = "operator";
	if (nm.n <= sizeof op || memcmp(nm.p, op, sizeof op - 1) || nm.p[sizeof op - 1] == '(')
		return nm;
	size_t cut = 0, depth = 0;
	for (size_t i = sizeof op - 1; i < nm.n; i++) {
		if (nm.p[i] == '(' && depth++ == 0)
			cut = i;
		else if (nm.p[i] == ')' && depth)
			depth--;
	}
	while (cut > 0 && (nm.p[cut - 1] == ' ' || nm.p[cut - 1] == '\t' || nm.p[cut - 1] == '\n'))
		cut--;
	return cut ? (sp_str){nm.p, cut} : nm;
}

/* A class-like definition that makes the functions directly in it methods: any but a namespace
   or module, which only group functions (a language whose module functions are methods, as
   Ruby's, marks them @definition.method itself). */
static bool is_type(const sp_def *d)
{
	return d->kind == SP_DEF_CLASS &&
	       !(d->subkind && (!strcmp(d->subkind, "namespace") || !strcmp(d->subkind, "module")));
}

/* Qualified names by the chain of enclosing definitions ("Class.method", "outer.inner"), with the
   language's separator; a scope written outside the body (a Go receiver) or inside the name (C++
   `A::f`) joins in. A function outside any class but with such a scope names it as its class. */
static int qualify(sp_transformer *t, const sp_language *lang, const sp_facts *f)
{
	size_t n = sp_facts_count(f, SP_FACT_DEF);
	const sp_def *defs = sp_facts_defs(f);
	const char *sep = sp_language_scope_separator(lang);
	size_t sl = strlen(sep);
	sp_buf_reset(&t->names);
	t->name_off.n = t->class_of.n = t->scope_off.n = t->scope_len.n = t->short_name.n = 0;
	if (sp_array_reserve(&t->name_off, n + 1) || sp_array_reserve(&t->class_of, n + 1) ||
	    sp_array_reserve(&t->scope_off, n + 1) || sp_array_reserve(&t->scope_len, n + 1) ||
	    sp_array_reserve(&t->short_name, n + 1))
		return SP_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const sp_def *d = &defs[i];
		t->name_off.v[i] = t->names.len;
		if (d->parent >= 0) {
			size_t po = t->name_off.v[d->parent];
			sp_buf_append(&t->names, t->names.data + po,
				      strlen(t->names.data + po)); /* alias-safe */
			sp_buf_puts(&t->names, sep);
		}
		size_t scope_start = t->names.len;
		if (d->scope.n) {
			sp_buf_append(&t->names, d->scope.p, d->scope.n);
			sp_buf_puts(&t->names, sep);
		}
		/* the last separator of the written name splits it into scope and short name */
		sp_str nm = cut_parameters(d->name);
		if (!nm.p) /* a definition whose name the parser did not recover: stored as "" */
			nm = (sp_str){"", 0};
		size_t cut = 0;
		for (size_t k = 0; sl && k + sl <= nm.n; k++) {
			if (nm.n - k > 8 && !memcmp(nm.p + k, "operator", 8))
				break; /* `operator ::ns::T` names a type, not a scope */
			if (!memcmp(nm.p + k, sep, sl))
				cut = k + sl;
		}
		sp_buf_append(&t->names, nm.p, nm.n);
		t->scope_off.v[i] = scope_start;
		t->scope_len.v[i] =
			d->scope.n || cut ? t->names.len - scope_start - (nm.n - cut) - sl : 0;
		t->short_name.v[i] = (sp_str){nm.p + cut, nm.n - cut};
		sp_buf_putc(&t->names, '\0');
		int32_t cls = -1;
		for (int32_t p = d->parent; p >= 0; p = defs[p].parent)
			if (is_type(&defs[p])) {
				cls = p;
				break;
			}
		t->class_of.v[i] = cls;
	}
	return t->names.err;
}

static uint32_t code_lines_between(const sp_facts *f, uint32_t first, uint32_t last)
{
	uint32_t n = 0;
	for (uint32_t l = first; l <= last && l <= f->line_kinds.n; l++)
		n += f->line_kinds.v[l - 1] == 2;
	return n;
}

static void put_span(sp_batch *b, sp_table_id tb, const sp_def *d)
{
	sp_batch_int(b, tb, d->def_line);
	sp_batch_int(b, tb, d->start_line);
	sp_batch_int(b, tb, d->start_col);
	sp_batch_int(b, tb, d->end_line);
	sp_batch_int(b, tb, d->end_col);
}

/* class_name of a function: its enclosing type, else the scope written with it, else (for a
   method: a Ruby `def` in a module) the nearest enclosing module or namespace, else none. */
static void put_class_name(sp_transformer *t, sp_batch *b, size_t i, const sp_facts *f, bool method)
{
	const sp_def *defs = sp_facts_defs(f);
	int32_t cls = t->class_of.v[i];
	for (int32_t p = defs[i].parent; cls < 0 && method && p >= 0; p = defs[p].parent)
		if (defs[p].kind == SP_DEF_CLASS)
			cls = p;
	if (cls >= 0)
		sp_batch_cstr(b, SP_TBL_FUNCTIONS, t->names.data + t->name_off.v[cls]);
	else if (t->scope_len.v[i])
		sp_batch_text(b, SP_TBL_FUNCTIONS, t->names.data + t->scope_off.v[i], t->scope_len.v[i]);
	else
		sp_batch_null(b, SP_TBL_FUNCTIONS);
}

/* imports rows, and the normalised imports that dependency resolution reads */
static int emit_imports(sp_transformer *t, sp_batch *b, const sp_blob_key *k, const sp_language *lang,
			const sp_facts *f, file_totals *tot)
{
	char prefix = sp_language_relative_prefix(lang);
	size_t n = sp_facts_count(f, SP_FACT_IMPORT);
	t->imports.n = 0;
	t->imports_cell = b->cells[SP_TBL_IMPORTS].n;
	tot->imports = (int64_t)n;
	if (sp_array_reserve(&t->imports, n + 1))
		return SP_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const sp_import *im = &sp_facts_imports(f)[i];
		sp_str mod = im->module;
		int32_t level = 0;
		while (prefix && mod.n && mod.p[0] == prefix)
			level++, mod.p++, mod.n--;
		sp_batch_int(b, SP_TBL_IMPORTS, k->repository_id);
		sp_batch_int(b, SP_TBL_IMPORTS, k->blob_id);
		sp_batch_int(b, SP_TBL_IMPORTS, (int64_t)i + 1);
		size_t mod_cell = b->cells[SP_TBL_IMPORTS].n;
		sp_batch_text(b, SP_TBL_IMPORTS, mod.p, mod.n);
		size_t name_cell = b->cells[SP_TBL_IMPORTS].n;
		sp_batch_text_or_null(b, SP_TBL_IMPORTS, im->name.p, im->name.n);
		sp_batch_text_or_null(b, SP_TBL_IMPORTS, im->alias.p, im->alias.n);
		sp_batch_int(b, SP_TBL_IMPORTS, level);
		sp_batch_int(b, SP_TBL_IMPORTS, im->line);
		sp_batch_cstr(b, SP_TBL_IMPORTS, im->kind ? im->kind : "import");
		sp_batch_end_row(b, SP_TBL_IMPORTS);
		if (b->err)
			return b->err;
		/* the normalised import shares the cleaned strings just stored in the batch */
		sp_import_row row = {(int32_t)i + 1, b->cells[SP_TBL_IMPORTS].v[mod_cell].s,
				     b->cells[SP_TBL_IMPORTS].v[name_cell].s, level,
				     im->kind ? im->kind : "import"};
		t->imports.v[t->imports.n++] = row;
	}
	return 0;
}

/* Halstead's counts and radon's derived figures: volume N log2 h, difficulty h1/2 * N2/h2,
   effort D * V (0 where a logarithm or a quotient is undefined, as radon has it). */
static void put_halstead(sp_batch *b, sp_table_id tb, const sp_halstead *h)
{
	double volume = sp_halstead_volume(h);
	double difficulty = h->h2 ? (double)h->h1 * h->n2 / (2.0 * h->h2) : 0;
	sp_batch_int(b, tb, h->h1);
	sp_batch_int(b, tb, h->h2);
	sp_batch_int(b, tb, h->n1);
	sp_batch_int(b, tb, h->n2);
	sp_batch_real(b, tb, volume);
	sp_batch_real(b, tb, difficulty);
	sp_batch_real(b, tb, difficulty * volume);
}

/* functions and function_metrics rows of definition i, a function */
static void emit_function(sp_transformer *t, sp_batch *b, const sp_blob_key *k, const sp_facts *f,
			  size_t i, file_totals *tot)
{
	const sp_def *defs = sp_facts_defs(f), *d = &defs[i];
	/* a plain function directly inside a class (or impl, trait...) is a method */
	const char *kind = d->subkind ? d->subkind : "function";
	if (!strcmp(kind, "function") && d->parent >= 0 && is_type(&defs[d->parent]))
		kind = "method";
	sp_str name = t->short_name.v[i];
	sp_table_id tb = SP_TBL_FUNCTIONS;
	sp_batch_int(b, tb, k->repository_id);
	sp_batch_int(b, tb, k->blob_id);
	sp_batch_int(b, tb, ++tot->functions);
	sp_batch_text(b, tb, name.p, name.n);
	sp_batch_cstr(b, tb, t->names.data + t->name_off.v[i]);
	sp_batch_cstr(b, tb, kind);
	put_class_name(t, b, i, f, !strcmp(kind, "method"));
	put_span(b, tb, d);
	sp_batch_int(b, tb, d->item_n[SP_ITEM_PARAM]);
	sp_buf_reset(&t->text);
	join_items(&t->text, sp_def_items(f, d, SP_ITEM_PARAM), d->item_n[SP_ITEM_PARAM], ", ");
	sp_batch_text(b, tb, t->text.data ? t->text.data : "", t->text.len);
	sp_batch_text(b, tb, t->json.data, t->json.len);
	sp_batch_int(b, tb, d->name_line);
	sp_batch_end_row(b, tb);

	tb = SP_TBL_FUNCTION_METRICS;
	sp_batch_int(b, tb, k->repository_id);
	sp_batch_int(b, tb, k->blob_id);
	sp_batch_int(b, tb, tot->functions);
	sp_batch_int(b, tb, d->complexity);
	sp_batch_int(b, tb, code_lines_between(f, d->def_line, d->end_line));
	sp_batch_int(b, tb, d->max_nesting);
	sp_batch_int(b, tb, d->item_n[SP_ITEM_PARAM]);
	sp_batch_int(b, tb, d->cognitive);
	put_halstead(b, tb, &d->halstead);
	sp_batch_int(b, tb, d->raw.lloc);
	sp_batch_real(b, tb, sp_mi(&d->halstead, &d->raw));
	sp_batch_end_row(b, tb);
	tot->complexity_sum += d->complexity;
	if (d->complexity > tot->complexity_max)
		tot->complexity_max = d->complexity;
	if (d->max_nesting > tot->nesting_max)
		tot->nesting_max = d->max_nesting;
}

/* classes row of definition i, a class */
static void emit_class(sp_transformer *t, sp_batch *b, const sp_blob_key *k, const sp_facts *f, size_t i,
		       file_totals *tot)
{
	const sp_def *d = &sp_facts_defs(f)[i];
	sp_str name = t->short_name.v[i];
	sp_table_id tb = SP_TBL_CLASSES;
	sp_batch_int(b, tb, k->repository_id);
	sp_batch_int(b, tb, k->blob_id);
	sp_batch_int(b, tb, ++tot->classes);
	sp_batch_text(b, tb, name.p, name.n);
	sp_batch_cstr(b, tb, t->names.data + t->name_off.v[i]);
	sp_buf_reset(&t->text);
	join_items(&t->text, sp_def_items(f, d, SP_ITEM_BASE), d->item_n[SP_ITEM_BASE], ", ");
	sp_batch_text(b, tb, t->text.data ? t->text.data : "", t->text.len);
	put_span(b, tb, d);
	sp_batch_text(b, tb, t->json.data, t->json.len);
	sp_batch_cstr(b, tb, d->subkind ? d->subkind : "class");
	sp_batch_int(b, tb, d->name_line);
	sp_batch_end_row(b, tb);
}

/* functions, function_metrics and classes rows of the definitions */
static int emit_defs(sp_transformer *t, sp_batch *b, const sp_blob_key *k, const sp_language *lang,
		     const sp_facts *f, file_totals *tot)
{
	int rc = qualify(t, lang, f);
	if (rc)
		return rc;
	t->functions_cell = b->cells[SP_TBL_FUNCTIONS].n;
	t->function_id.n = 0;
	if (sp_array_reserve(&t->function_id, sp_facts_count(f, SP_FACT_DEF) + 1))
		return SP_ENOMEM;
	for (size_t i = 0; i < sp_facts_count(f, SP_FACT_DEF); i++) {
		const sp_def *d = &sp_facts_defs(f)[i];
		attrs_json(&t->json, f, d, &t->text);
		if (t->json.err)
			return SP_ENOMEM;
		if (d->kind == SP_DEF_CLASS)
			emit_class(t, b, k, f, i, tot);
		else
			emit_function(t, b, k, f, i, tot);
		t->function_id.v[t->function_id.n++] = d->kind == SP_DEF_CLASS ? 0 : tot->functions;
	}
	return b->err;
}

/* One row builder per fact kind: adding a kind adds a line here. */
static int (*const builders[SP_FACT_KINDS])(sp_transformer *, sp_batch *, const sp_blob_key *,
					    const sp_language *, const sp_facts *, file_totals *) = {
	[SP_FACT_DEF] = emit_defs,
	[SP_FACT_IMPORT] = emit_imports,
	[SP_FACT_CALL] = sp_rows_emit_calls,
};

int sp_transform_blob(sp_transformer *t, sp_batch *b, const sp_blob_key *k, const sp_language *lang,
		      const sp_facts *f, sp_import_row **imports, size_t *nimports)
{
	sp_batch_int(b, SP_TBL_BLOBS, k->repository_id);
	sp_batch_int(b, SP_TBL_BLOBS, k->blob_id);
	sp_batch_cstr(b, SP_TBL_BLOBS, k->hash);
	sp_batch_int(b, SP_TBL_BLOBS, SP_EXTRACTOR_VERSION);
	sp_batch_cstr(b, SP_TBL_BLOBS, k->language);
	sp_batch_int(b, SP_TBL_BLOBS, k->size);
	sp_batch_int(b, SP_TBL_BLOBS, f->lines.total);
	sp_batch_int(b, SP_TBL_BLOBS, f->lines.code);
	sp_batch_int(b, SP_TBL_BLOBS, f->lines.comment);
	sp_batch_int(b, SP_TBL_BLOBS, f->lines.blank);
	sp_batch_bool(b, SP_TBL_BLOBS, f->parse_error);
	if (f->parse_error)
		sp_batch_int(b, SP_TBL_BLOBS, f->parse_error_line);
	else
		sp_batch_null(b, SP_TBL_BLOBS);
	sp_batch_cstr(b, SP_TBL_BLOBS, k->skip_reason);
	sp_batch_end_row(b, SP_TBL_BLOBS);

	file_totals tot = {0};
	t->imports.n = t->function_id.n = 0;
	for (int kind = 0; kind < SP_FACT_KINDS; kind++) {
		int rc = builders[kind](t, b, k, lang, f, &tot);
		if (rc)
			return rc;
	}
	sp_table_id tb = SP_TBL_FILE_METRICS;
	sp_batch_int(b, tb, k->repository_id);
	sp_batch_int(b, tb, k->blob_id);
	sp_batch_int(b, tb, tot.functions);
	sp_batch_int(b, tb, tot.classes);
	sp_batch_int(b, tb, tot.imports);
	sp_batch_int(b, tb, tot.complexity_sum);
	sp_batch_int(b, tb, tot.complexity_max);
	sp_batch_int(b, tb, tot.nesting_max);
	sp_batch_int(b, tb, f->raw.lloc);
	sp_batch_real(b, tb, sp_mi(&f->halstead, &f->raw));
	sp_batch_end_row(b, tb);
	*imports = t->imports.v;
	*nimports = t->imports.n;
	return b->err;
}

void sp_transform_file(sp_batch *b, int64_t repository_id, int64_t snapshot_id, const sp_file_seen *f)
{
	sp_table_id t = SP_TBL_FILES;
	sp_batch_int(b, t, repository_id);
	sp_batch_int(b, t, snapshot_id);
	sp_batch_cstr(b, t, f->path);
	sp_batch_int(b, t, f->blob_id);
	if (f->size >= 0)
		sp_batch_int(b, t, f->size);
	else
		sp_batch_null(b, t);
	if (f->mtime_ns >= 0)
		sp_batch_int(b, t, f->mtime_ns);
	else
		sp_batch_null(b, t);
	sp_batch_cstr(b, t, f->git_blob && *f->git_blob ? f->git_blob : NULL);
	sp_batch_end_row(b, t);
}
