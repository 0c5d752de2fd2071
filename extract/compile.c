/* extract/compile.c: the extractor. Compiles each language's query once (its captures through
   the vocabulary of facts.c, its text predicates, its metric node sets) and finds a file's language. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "query_p.h"

#include "banned.h"

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

/* Field names are the grammars' shared vocabulary, so one list serves every language: the parts of
   a structure that are evaluated before its body (a condition, the value switched on, a loop's
   header) stay at the structure's own nesting level, as SonarSource's rule reads them. */
const char sp_cognitive_flat_fields[] = "condition value left right initializer increment update "
					"parameter subject pattern";

static int cognitive_fields(compiled *c)
{
	c->f_alternative = ts_language_field_id_for_name(c->ts, "alternative", 11);
	c->f_body = ts_language_field_id_for_name(c->ts, "body", 4);
	c->f_operator = ts_language_field_id_for_name(c->ts, "operator", 8);
	c->f_left = ts_language_field_id_for_name(c->ts, "left", 4);
	c->f_right = ts_language_field_id_for_name(c->ts, "right", 5);
	c->nfields = ts_language_field_count(c->ts) + 1;
	c->flat_field = calloc(c->nfields, sizeof *c->flat_field);
	if (!c->flat_field)
		return SP_ENOMEM;
	for (const char *p = sp_cognitive_flat_fields; *p;) {
		size_t len = strcspn(p, " ");
		TSFieldId id = ts_language_field_id_for_name(c->ts, p, (uint32_t)len);
		if (id && id < c->nfields)
			c->flat_field[id] = true;
		p += len;
		p += strspn(p, " ");
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

/* The C API leaves predicates to the caller: these five are evaluated (apply_match), any other
   is refused loudly rather than silently ignored. #parent-any-of? @c "t"... holds when the node of
   @c has a parent of one of the types named: one pattern rooted at the node instead of one per
   parent type, (t1 (node …)) (t2 (node …)) …, each of which tree-sitter analyses on its own when
   it compiles the query (C++: 33 such patterns took 0.7 s of the query's 1 s). */
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
			     any = !strcmp(op, "any-of?"), match = !strcmp(op, "match?"),
			     parent = !strcmp(op, "parent-any-of?");
			bool ok = (eq || neq || any || match || parent) && end - i >= 3 &&
				  st[i + 1].type == TSQueryPredicateStepTypeCapture;
			for (uint32_t k = i + 2; ok && k < end; k++)
				ok = st[k].type == TSQueryPredicateStepTypeString;
			if (!ok || ((eq || neq || match) && end - i != 3)) {
				sp_buf_printf(
					err,
					"language %s: pattern at byte offset %u uses a predicate "
					"snakepipe does not evaluate (only #eq?, #not-eq?, #any-of?, "
					"#match?, #parent-any-of? of a capture and strings)",
					c->lang->name, ts_query_start_byte_for_pattern(c->query, p));
				return SP_EQUERY;
			}
			predicate *pr = &c->preds[c->npreds++];
			*pr = (predicate){
				p, st[i + 1].value_id, neq, parent, c->npred_strings, end - i - 2, NULL};
			if (match) {
				uint32_t len;
				const char *rx =
					ts_query_string_value_for_id(c->query, st[i + 2].value_id, &len);
				pr->re = malloc(sizeof *pr->re);
				if (!pr->re)
					return SP_ENOMEM;
				if (regcomp(pr->re, rx, REG_EXTENDED | REG_NOSUB)) {
					free(pr->re);
					pr->re = NULL;
					sp_buf_printf(err,
						      "language %s: pattern at byte offset %u: #match? "
						      "has an invalid regular expression",
						      c->lang->name,
						      ts_query_start_byte_for_pattern(c->query, p));
					return SP_EQUERY;
				}
			}
			for (uint32_t k = i + 2; k < end; k++)
				c->pred_strings[c->npred_strings++] = st[k].value_id;
			i = end + 1;
		}
	}
	return 0;
}

/* Whether t[0..n) is one of the predicate's strings. */
static bool one_of(const compiled *c, const predicate *pr, const char *t, size_t n)
{
	for (uint32_t s = 0; s < pr->count; s++) {
		uint32_t len;
		const char *v =
			ts_query_string_value_for_id(c->query, c->pred_strings[pr->first + s], &len);
		if (len == n && !memcmp(t, v, len))
			return true;
	}
	return false;
}

bool sp_predicates_hold(const compiled *c, const TSQueryMatch *m, const char *src)
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
			if (pr->parent) {
				TSNode up = ts_node_parent(n);
				const char *t = ts_node_is_null(up) ? "" : ts_node_type(up);
				hit = one_of(c, pr, t, strlen(t));
				continue;
			}
			uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
			if (pr->re) {
				/* names are short: a longer text (or one holding a NUL) never matches */
				char text[256];
				if (b - a < sizeof text && !memchr(src + a, 0, b - a)) {
					memcpy(text, src + a, b - a);
					text[b - a] = 0;
					hit = !regexec(pr->re, text, 0, NULL, 0);
				}
				continue;
			}
			hit = one_of(c, pr, src + a, b - a);
		}
		if (seen && hit == pr->negate)
			return false;
	}
	return true;
}

/* ---- where patterns start: read off the query's text ---- */

enum { HEAD_SET = 1, HEAD_ANY = 0, HEAD_WHOLE = -1 };

static size_t skip_blank(const char *s, size_t n, size_t i)
{
	for (;;) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
			i++;
		if (i >= n || s[i] != ';')
			return i;
		while (i < n && s[i] != '\n')
			i++;
	}
}

/* Past one element at i: a string, a parenthesised or bracketed group, or a bare token (a
   capture, a quantifier, an anchor, a field name); nesting is counted, strings are skipped. */
static size_t skip_element(const char *s, size_t n, size_t i)
{
	int depth = 0;
	do {
		if (s[i] == '"') {
			for (i++; i < n && s[i] != '"'; i++)
				if (s[i] == '\\')
					i++;
			i++;
		} else if (s[i] == '(' || s[i] == '[') {
			depth++, i++;
		} else if (s[i] == ')' || s[i] == ']') {
			depth--, i++;
		} else if (depth) {
			i++;
		} else {
			while (i < n && !strchr(" \t\r\n()[]\";", s[i]))
				i++;
		}
		if (depth)
			i = skip_blank(s, n, i);
	} while (depth > 0 && i < n);
	return i;
}

/* Marks every symbol named s[0..len) (a named node type, or a token when anon); false when the
   name is none, or a supertype (its pattern starts at any of its subtypes). */
static bool mark_name(compiled *c, const char *s, size_t len, bool anon)
{
	bool found = false;
	uint32_t count = ts_language_symbol_count(c->ts);
	for (uint32_t k = 0; k < count; k++) {
		const char *sn = ts_language_symbol_name(c->ts, (TSSymbol)k);
		TSSymbolType t = ts_language_symbol_type(c->ts, (TSSymbol)k);
		if (!sn || strlen(sn) != len || memcmp(sn, s, len) ||
		    (t == TSSymbolTypeAnonymous) != anon)
			continue;
		if (t == TSSymbolTypeSupertype)
			return false;
		c->starts.bits[k >> 3] |= (uint8_t)(1u << (k & 7));
		found = true;
	}
	return found;
}

/* The head of the pattern element at s[i]: its node types marked in c->starts. */
static int pattern_head(compiled *c, const char *s, size_t n, size_t i)
{
	i = skip_blank(s, n, i);
	if (i >= n)
		return HEAD_ANY;
	if (s[i] == '[') { /* an alternation: each branch's head */
		int rc = HEAD_SET;
		for (i = skip_blank(s, n, i + 1); i < n && s[i] != ']' && rc == HEAD_SET;
		     i = skip_blank(s, n, skip_element(s, n, i)))
			if (s[i] == '(' || s[i] == '[' || s[i] == '"')
				rc = pattern_head(c, s, n, i);
		return rc;
	}
	if (s[i] == '"') {
		size_t e = i + 1;
		while (e < n && s[e] != '"' && s[e] != '\\')
			e++;
		return e < n && s[e] == '"' && mark_name(c, s + i + 1, e - i - 1, true) ? HEAD_SET
											: HEAD_ANY;
	}
	if (s[i] != '(')
		return HEAD_WHOLE; /* a field on the root, or something this reader does not know */
	i = skip_blank(s, n, i + 1);
	if (i < n && (s[i] == '(' || s[i] == '[' || s[i] == '"'))
		return pattern_head(c, s, n, i); /* a group: ((type …) @c (#pred? …)) */
	size_t e = i;
	while (e < n && !strchr(" \t\r\n()[]\";:", s[e]))
		e++;
	if (e < n && s[e] == ':')
		return HEAD_WHOLE;
	if (e - i == 5 && !memcmp(s + i, "ERROR", 5)) {
		c->start_error = true;
		return HEAD_SET;
	}
	return e > i && mark_name(c, s + i, e - i, false) ? HEAD_SET : HEAD_ANY;
}

static int pattern_starts(compiled *c)
{
	uint32_t count = ts_language_symbol_count(c->ts);
	c->starts.n = count;
	c->starts.bits = calloc((count + 7) / 8, 1);
	if (!c->starts.bits)
		return SP_ENOMEM;
	const char *s = c->lang->query;
	size_t n = c->lang->query_len;
	for (uint32_t p = 0; p < ts_query_pattern_count(c->query) && !c->whole_tree; p++) {
		int h = ts_query_is_pattern_rooted(c->query, p)
				? pattern_head(c, s, n, ts_query_start_byte_for_pattern(c->query, p))
				: HEAD_WHOLE;
		c->whole_tree = h == HEAD_WHOLE;
		c->start_any |= h == HEAD_ANY;
	}
	return 0;
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
	c->caps = calloc(ncap ? ncap : 1, sizeof *c->caps);
	if (!c->caps)
		return SP_ENOMEM;
	for (uint32_t i = 0; i < ncap; i++) {
		uint32_t len;
		const char *name = ts_query_capture_name_for_id(c->query, i, &len);
		bool known = sp_capture_lookup(name, len, &c->caps[i]);
		if (len && name[0] == '_') /* a helper capture, for predicates only */
			continue;
		if (!known) {
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
	for (int k = 0; k < SP_COG_SETS && !rc; k++)
		rc = symset_build(c, lang->cognitive[k] ? lang->cognitive[k] : "",
				  k == SP_COG_LOGICAL_OP || k == SP_COG_LOGICAL_ADDS, &c->cog[k], err);
	for (int k = 0; k < SP_HAL_SETS && !rc; k++)
		rc = symset_build(c, lang->halstead[k] ? lang->halstead[k] : "", false, &c->hal[k], err);
	for (int k = 0; k < SP_RAW_SETS && !rc; k++)
		rc = symset_build(c, lang->raw[k] ? lang->raw[k] : "", true, &c->raw[k], err);
	const char *dec = lang->raw[SP_RAW_DECISION];
	c->raw_decisions = dec && dec[strspn(dec, " ")];
	const char *adds = lang->cognitive[SP_COG_LOGICAL_ADDS];
	c->cog_adds_all = !adds || !adds[strspn(adds, " ")];
	if (!rc)
		rc = pattern_starts(c);
	return rc ? rc : cognitive_fields(c);
}

static void compiled_release(compiled *c)
{
	if (c->query)
		ts_query_delete(c->query);
	c->query = NULL;
	free(c->caps);
	for (uint32_t i = 0; c->preds && i < c->npreds; i++)
		if (c->preds[i].re) {
			regfree(c->preds[i].re);
			free(c->preds[i].re);
		}
	free(c->preds);
	free(c->pred_strings);
	free(c->decision.bits);
	free(c->opaque.bits);
	free(c->nesting.bits);
	free(c->container.bits);
	free(c->starts.bits);
	for (int k = 0; k < SP_COG_SETS; k++)
		free(c->cog[k].bits);
	for (int k = 0; k < SP_HAL_SETS; k++)
		free(c->hal[k].bits);
	for (int k = 0; k < SP_RAW_SETS; k++)
		free(c->raw[k].bits);
	free(c->flat_field);
	memset(&c->caps, 0, sizeof *c - offsetof(compiled, caps));
}

int sp_extractor_new(sp_extractor **out, unsigned flags)
{
	sp_extractor *ex = calloc(1, sizeof *ex);
	*out = ex;
	if (!ex)
		return SP_ENOMEM;
	sp_buf_init(&ex->err);
	pthread_mutex_init(&ex->lock, NULL);
	ex->langs = calloc(sp_languages_count, sizeof *ex->langs);
	if (!ex->langs)
		return SP_ENOMEM;
	ex->n = sp_languages_count;
	for (size_t i = 0; i < ex->n; i++) {
		ex->langs[i].lang = &sp_languages[i];
		pthread_mutex_init(&ex->langs[i].lock, NULL);
		atomic_init(&ex->langs[i].state, 0);
	}
	for (size_t i = 0; i < ex->n && !(flags & SP_EXTRACTOR_LAZY); i++) {
		int rc = sp_extractor_prepare(ex, &sp_languages[i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* Double-checked: a prepared language costs one atomic load; the first caller compiles under the
   language's lock while the others wait for it (other languages compile beside it), and everything
   it wrote is published by the release store. */
int sp_extractor_prepare(sp_extractor *ex, const sp_language *lang)
{
	compiled *c = NULL;
	for (size_t i = 0; i < ex->n && !c; i++)
		if (ex->langs[i].lang == lang)
			c = &ex->langs[i];
	if (!c) {
		pthread_mutex_lock(&ex->lock);
		sp_buf_reset(&ex->err);
		sp_buf_printf(&ex->err, "language %s is not in the language table", lang->name);
		pthread_mutex_unlock(&ex->lock);
		return SP_EUSAGE;
	}
	int st = atomic_load_explicit(&c->state, memory_order_acquire);
	if (st)
		return st > 0 ? 0 : st;
	pthread_mutex_lock(&c->lock);
	int rc = atomic_load_explicit(&c->state, memory_order_relaxed);
	if (rc) {
		rc = rc > 0 ? 0 : rc; /* another thread compiled it while this one waited */
	} else {
		sp_buf why;
		sp_buf_init(&why);
		rc = compile_language(c, lang, &why);
		if (rc) { /* half-compiled: keep it unusable */
			compiled_release(c);
			pthread_mutex_lock(&ex->lock);
			sp_buf_reset(&ex->err);
			sp_buf_puts(&ex->err, why.len ? sp_buf_cstr(&why) : sp_strerror(rc));
			pthread_mutex_unlock(&ex->lock);
		}
		sp_buf_release(&why);
		atomic_store_explicit(&c->state, rc ? rc : 1, memory_order_release);
	}
	pthread_mutex_unlock(&c->lock);
	return rc;
}

void sp_extractor_free(sp_extractor *ex)
{
	if (!ex)
		return;
	for (size_t i = 0; ex->langs && i < ex->n; i++) {
		compiled_release(&ex->langs[i]);
		pthread_mutex_destroy(&ex->langs[i].lock);
	}
	free(ex->langs);
	sp_macro_map_release(&ex->macros);
	pthread_mutex_destroy(&ex->lock);
	sp_buf_release(&ex->err);
	free(ex);
}

const compiled *sp_compiled_for(const sp_extractor *ex, const sp_language *lang)
{
	for (size_t i = 0; i < ex->n; i++)
		if (ex->langs[i].lang == lang)
			return atomic_load_explicit(&ex->langs[i].state, memory_order_acquire) > 0
				       ? &ex->langs[i]
				       : NULL;
	return NULL;
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
