/* extract/query.c: the per-thread parser. Per file: counts lines, parses within the time budget,
   records its tree in one walk (nodes.c), runs the language's query at the walk's start nodes and
   hands each match to the builder of the fact kind it anchors (facts.c), then feeds the walk to
   the metric visitors (metrics.c, cognitive.c with raw.c, halstead.c). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "macros_p.h"
#include "pp_p.h"
#include "query_p.h"

#include "banned.h"

/* Nodes (48 bytes each) of the largest list a parser keeps between files: ~6 MB. */
#define SP_NODES_KEPT (1u << 17)

int sp_parser_new(sp_extractor *ex, sp_parser **out)
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
	sp_array_release(&p->nodes);
	sp_array_release(&p->walk);
	sp_array_release(&p->held);
	sp_array_release(&p->held_caps);
	sp_array_release(&p->opaque);
	sp_array_release(&p->order);
	sp_array_release(&p->remap);
	sp_array_release(&p->frames);
	sp_array_release(&p->tmp_defs);
	sp_array_release(&p->cog_nodes);
	sp_array_release(&p->cog_funcs);
	sp_array_release(&p->cog_seq);
	sp_array_release(&p->hal_nodes);
	sp_array_release(&p->hal_funcs);
	sp_array_release(&p->hal_events);
	sp_array_release(&p->raw_scopes);
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

/* A match makes or fills one record: of the first kind (in sp_fact_kind order) that one of its
   captures anchors, the last such capture being the anchor; the other captures of that kind fill
   the record's fields. Opaque nodes are collected whatever the match anchors. */
static int apply_match(sp_parser *p, const compiled *c, const TSQueryMatch *m, const char *src,
		       sp_facts *f)
{
	if (c->npreds && !sp_predicates_hold(c, m, src))
		return 0;
	const TSQueryCapture *anchor[SP_FACT_KINDS] = {0};
	for (uint16_t i = 0; i < m->capture_count; i++) {
		const sp_capture *cw = &c->caps[m->captures[i].index];
		if (cw->role == SP_ROLE_ANCHOR) {
			anchor[cw->kind] = &m->captures[i];
		} else if (cw->role == SP_ROLE_OPAQUE) {
			TSNode n = m->captures[i].node;
			node_key k = {ts_node_start_byte(n), ts_node_end_byte(n), ts_node_symbol(n)};
			if (sp_array_push(&p->opaque, k))
				return SP_ENOMEM;
		}
	}
	for (int k = 0; k < SP_FACT_KINDS; k++) {
		if (!anchor[k])
			continue;
		const sp_fact_ops *ops = &sp_fact_kinds[k];
		size_t rec;
		int rc = ops->begin(p, f, &c->caps[anchor[k]->index], anchor[k]->node, src, &rec);
		for (uint16_t i = 0; i < m->capture_count && !rc; i++) {
			const sp_capture *cw = &c->caps[m->captures[i].index];
			if (cw->kind == k && cw->role >= SP_ROLE_FIELD)
				rc = ops->field(p, f, rec, cw->role, m->captures[i].node, src);
		}
		return rc;
	}
	return 0;
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

/* The time from since to now (the query's compile, or the wait for it) is not the file's: the deadline
   moves by it. */
static void clock_exclude(parse_clock *pc, const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long ns = (long long)(now.tv_sec - since->tv_sec) * 1000000000LL +
		       (now.tv_nsec - since->tv_nsec) + pc->deadline.tv_nsec;
	pc->deadline.tv_sec += (time_t)(ns / 1000000000LL);
	pc->deadline.tv_nsec = (long)(ns % 1000000000LL);
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
	if (sp_too_deep(ts_tree_root_node(tree))) {
		ts_tree_delete(tree);
		sp_buf_printf(&p->err, "syntax tree nested deeper than %d levels", SP_MAX_TREE_DEPTH);
		return NULL;
	}
	return tree;
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
	sp_facts_clear(f);
	int rc = count_lines(lang, src, len, f);
	if (rc == SP_ENOMEM)
		sp_buf_puts(&p->err, "out of memory");
	return rc;
}

/* C, C++: *src becomes the parser's copy with preprocessor recovery (pp_p.h) and annotation
   macros blanked, when it has any (same offsets and lines; facts then point into the copy). */
static int blank_macros(sp_parser *p, const char **src, size_t len)
{
	if (len > p->blanked_cap) {
		char *nb = realloc(p->blanked, len);
		if (!nb) {
			sp_buf_puts(&p->err, "out of memory");
			return SP_ENOMEM;
		}
		p->blanked = nb, p->blanked_cap = len;
	}
	memcpy(p->blanked, *src, len);
	size_t edits = sp_pp_recover(p->blanked, len);
	if (sp_blank_macros(p->blanked, len, p->blanked, &p->ex->macros) + edits)
		*src = p->blanked;
	return 0;
}

/* Every match of c's query under n, in the cursor's order, to apply_match; when starts_here,
   only the patterns starting at n itself, and the matches are held (p->held) instead. */
static int run_at(sp_parser *p, const compiled *c, TSNode n, bool starts_here, parse_clock *pc,
		  const char *src, sp_facts *f)
{
	/* the cursor keeps a pointer to the options until the next exec */
	TSQueryCursorOptions qopts = {.payload = pc, .progress_callback = query_progress};
	ts_query_cursor_set_max_start_depth(p->cursor, starts_here ? 0 : UINT32_MAX);
	ts_query_cursor_exec_with_options(p->cursor, c->query, n, &qopts);
	TSQueryMatch m;
	int rc = 0;
	while (!rc && ts_query_cursor_next_match(p->cursor, &m)) {
		if (!starts_here) {
			rc = apply_match(p, c, &m, src, f);
			continue;
		}
		held_match h = {0, (uint32_t)p->held_caps.n, m.pattern_index, m.capture_count};
		for (uint16_t i = 0; i < m.capture_count && !rc; i++) {
			uint32_t b = ts_node_start_byte(m.captures[i].node);
			h.key = b > h.key ? b : h.key;
			rc = sp_array_push(&p->held_caps, m.captures[i]);
		}
		if (!rc)
			rc = sp_array_push(&p->held, h);
	}
	return rc;
}

/* Emission order breaks ties: first grows with it. */
static int cmp_held(const void *a, const void *b)
{
	const held_match *x = a, *y = b;
	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	return (x->first > y->first) - (x->first < y->first);
}

/* The held matches to apply_match in the order one cursor over the whole tree gives them: as
   they complete, i.e. by their last capture, else in the order they were found. */
static int apply_held(sp_parser *p, const compiled *c, const char *src, sp_facts *f)
{
	if (p->held.n > 1)
		qsort(p->held.v, p->held.n, sizeof *p->held.v, cmp_held);
	int rc = 0;
	for (size_t i = 0; i < p->held.n && !rc; i++) {
		const held_match *h = &p->held.v[i];
		TSQueryMatch m = {0, h->pattern, h->count, p->held_caps.v + h->first};
		rc = apply_match(p, c, &m, src, f);
	}
	return rc;
}

/* The query's matches. One cursor over the whole tree keeps, at every node, a state for each
   pattern in progress above it, so it costs the tree times the patterns open; instead, the query
   runs at each node of the recorded walk (p->nodes) where a pattern can start (c->starts), each
   run going no deeper than its patterns reach, and the matches are then applied in the whole-tree
   cursor's order (the builders merge matches of one node first come, first served). */
static int run_query(sp_parser *p, const compiled *c, TSNode root, parse_clock *pc, const char *src,
		     sp_facts *f)
{
	if (c->whole_tree || c->start_any)
		return run_at(p, c, root, false, pc, src, f);
	p->held.n = p->held_caps.n = 0;
	int rc = 0;
	uint32_t runs = 0;
	for (size_t i = 0; i < p->nodes.n; i++) {
		const sp_node *x = &p->nodes.v[i];
		if (symset_has(&c->starts, x->sym) || (c->start_error && ts_node_is_error(x->node))) {
			if ((rc = run_at(p, c, x->node, true, pc, src, f)))
				break;
			/* each run is short: the cursor's own clock checks may never come */
			if (pc->expired || (++runs % 256 == 0 && clock_expired(pc)))
				break;
		}
	}
	return rc || pc->expired ? rc : apply_held(p, c, src, f);
}

int sp_parser_run(sp_parser *p, const sp_language *lang, const char *src, size_t len, sp_facts *f)
{
	sp_buf_reset(&p->err);
	sp_facts_clear(f);
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
	if (lang->blank_macros && len && (rc = blank_macros(p, &src, len)))
		return rc;
	if (!ts_parser_set_language(p->ts, lang->grammar())) {
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
		sp_first_error(root, f);
	}
	p->pending.n = 0;
	p->opaque.n = 0;
	rc = sp_defmap_reset(p);
	if (!rc)
		rc = sp_nodes_record(p, root);
	/* the query is needed from here on: compiled by now (ahead, on another thread) or here */
	const compiled *c = NULL;
	struct timespec prep;
	clock_gettime(CLOCK_MONOTONIC, &prep);
	if (!rc && (rc = sp_extractor_prepare(p->ex, lang)))
		sp_buf_printf(&p->err, "%s", sp_extractor_errmsg(p->ex));
	clock_exclude(&pc, &prep);
	if (!rc && !(c = sp_compiled_for(p->ex, lang)))
		rc = SP_EUSAGE;
	if (!rc)
		rc = run_query(p, c, root, &pc, src, f);
	if (rc)
		goto out;
	if (pc.expired) {
		/* a query whose pending matches grow with the input (1 MB of Python decorators) */
		sp_buf_printf(&p->err, "query timed out after %d s", SP_PARSE_SECONDS);
		rc = SP_EPARSE;
		goto out;
	}
	for (int k = 0; k < SP_FACT_KINDS && !rc; k++)
		if (sp_fact_kinds[k].finish)
			rc = sp_fact_kinds[k].finish(p, f);
	if (!rc)
		rc = sp_nodes_visit(p, c, src, f);
out:
	ts_tree_delete(tree);
	/* the node list of a big file is not kept for the next one: a worker's memory between files
	   stays small whatever it met (16 workers each keeping a 2 MB file's list: ~0.8 GB) */
	if (p->nodes.cap > SP_NODES_KEPT)
		sp_array_release(&p->nodes);
	if (rc == SP_ENOMEM)
		sp_buf_puts(&p->err, "out of memory");
	return rc;
}
