/* extract/metrics.c: what is read off the syntax tree besides the query's matches: the first
   syntax error, the depth guard, and every function's complexity and nesting (a visitor of the
   one walk, nodes.c). */
#include "query_p.h"

#include "banned.h"

/* The first error: the earliest, deepest ERROR or MISSING node. tree-sitter's recovery often wraps
   a run of valid statements in one ERROR node around the real mistake, so an ERROR node that holds a
   child with an error points to that child, not to its own start.
   A cursor walks the children: ts_node_child(n, i) costs O(i), which made an ERROR node of
   180,000 children (1 MB of unclosed TSX tags) take minutes outside the parse's time budget. */
void sp_first_error(TSNode root, sp_facts *f)
{
	TSTreeCursor cur = ts_tree_cursor_new(root);
	TSNode n = root;
	while (!ts_node_is_missing(n) && ts_tree_cursor_goto_first_child(&cur)) {
		bool found;
		while (!(found = ts_node_has_error(ts_tree_cursor_current_node(&cur))) &&
		       ts_tree_cursor_goto_next_sibling(&cur))
			;
		if (!found)
			break;
		n = ts_tree_cursor_current_node(&cur);
	}
	ts_tree_cursor_delete(&cur);
	f->parse_error_line = ts_node_start_point(n).row + 1;
}

/* Pre-order walk step past the current node's subtree: to its next sibling, else to the next
   sibling of the nearest ancestor that has one (depth follows); false once the walk is over. */
static bool cursor_skip(TSTreeCursor *cur, uint32_t *depth)
{
	while (!ts_tree_cursor_goto_next_sibling(cur)) {
		if (!ts_tree_cursor_goto_parent(cur))
			return false;
		(*depth)--;
	}
	return true;
}

/* True when a node lies deeper than SP_MAX_TREE_DEPTH below the root. A subtree of k visible
   nodes is at most k deep, so the walk (iterative: the tree may be deeper than the C stack) only
   enters subtrees big enough to break the budget: in ordinary files, the root's children. */
bool sp_too_deep(TSNode root)
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
		if (!cursor_skip(&cur, &depth))
			break;
	}
	ts_tree_cursor_delete(&cur);
	return deep;
}

/* A decision at the current point of the walk. */
static void count_decision(sp_parser *p, const compiled *c, sp_def *defs)
{
	for (size_t k = p->frames.n; k-- > 0;) {
		if (p->frames.v[k].is_opaque)
			break;
		if (p->frames.v[k].is_func) {
			defs[p->frames.v[k].func].complexity++;
			if (!c->lang->outward_decisions)
				break;
		}
	}
}

/* Where the walk is: the next definition and opaque node not yet passed, in source order. */
typedef struct walk {
	sp_parser *p;
	const compiled *c;
	sp_def *defs;
	size_t ndefs, next_opaque;
} walk;

/* Whether n was captured @metric.opaque. */
static bool marked_opaque(walk *w, TSNode n, uint32_t start, TSSymbol sym)
{
	const sp_parser *p = w->p;
	while (w->next_opaque < p->opaque.n && p->opaque.v[w->next_opaque].start < start)
		w->next_opaque++;
	for (size_t k = w->next_opaque; k < p->opaque.n && p->opaque.v[k].start == start; k++)
		if (p->opaque.v[k].end == ts_node_end_byte(n) && p->opaque.v[k].sym == sym)
			return true;
	return false;
}

/* A named node at depth: counts its decision and pushes the frame it opens (a function, an
   opaque node, a nesting level), if any; def: the pass's definition of the node (sp_visitor). */
static int visit_named(walk *w, TSNode n, TSSymbol sym, uint32_t depth, int32_t def)
{
	sp_parser *p = w->p;
	const compiled *c = w->c;
	sp_def *defs = w->defs;
	uint32_t start = ts_node_start_byte(n);
	frame top = p->frames.n ? p->frames.v[p->frames.n - 1] : (frame){.func = -1};
	bool marked = marked_opaque(w, n, start, sym);
	if (!marked && symset_has(&c->decision, sym))
		count_decision(p, c, defs);
	frame fr = {.depth = depth, .func = top.func, .nest = top.nest};
	bool push = false;
	if (def >= 0 && defs[def].kind == SP_DEF_FUNCTION) {
		fr.is_func = push = true;
		fr.func = def;
		fr.nest = 0;
	}
	if (!fr.is_func && (marked || symset_has(&c->opaque, sym)))
		fr.is_opaque = push = true;
	if (!fr.is_func && symset_has(&c->nesting, sym) && top.func >= 0) {
		fr.nest = top.nest + 1;
		sp_def *d = &defs[top.func];
		if (fr.nest > d->max_nesting)
			d->max_nesting = fr.nest;
		push = true;
	}
	return push && sp_array_push(&p->frames, fr) ? SP_ENOMEM : 0;
}

/* The visitor: decisions raise the complexity of every enclosing function up to the nearest
   opaque node; nesting nodes raise the nesting level of the innermost function. Below a node the
   language's container list leaves out, nothing is seen. */
static void measure_begin(void *st, sp_parser *p, const compiled *c, const char *src, sp_facts *f)
{
	(void)src;
	walk *w = st;
	*w = (walk){p, c, sp_facts_defs(f), sp_facts_count(f, SP_FACT_DEF), 0};
	for (size_t i = 0; i < w->ndefs; i++)
		if (w->defs[i].kind == SP_DEF_FUNCTION)
			w->defs[i].complexity = 1;
	/* query matches arrive roughly in order; the walk wants them sorted */
	for (size_t i = 1; i < p->opaque.n; i++)
		for (size_t k = i; k > 0 && p->opaque.v[k - 1].start > p->opaque.v[k].start; k--) {
			node_key t = p->opaque.v[k];
			p->opaque.v[k] = p->opaque.v[k - 1];
			p->opaque.v[k - 1] = t;
		}
	p->frames.n = 0;
}

static int measure_node(void *st, const sp_node *x, int32_t def)
{
	walk *w = st;
	sp_parser *p = w->p;
	const compiled *c = w->c;
	while (p->frames.n && p->frames.v[p->frames.n - 1].depth >= x->depth)
		p->frames.n--;
	if (!x->named) {
		/* a token: only a decision ("&&", "?") matters */
		if (symset_has(&c->decision, x->sym))
			count_decision(p, c, w->defs);
	} else {
		int rc = visit_named(w, x->node, x->sym, x->depth, def);
		if (rc)
			return rc;
	}
	return c->descend_all || symset_has(&c->container, x->sym) ? 0 : SP_VISIT_SKIP;
}

static int measure_end(void *st, int rc)
{
	(void)st;
	(void)rc;
	return 0;
}

const sp_visitor sp_measure_visitor = {sizeof(walk), measure_begin, measure_node, measure_end};
