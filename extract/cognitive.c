/* extract/cognitive.c: cognitive complexity (SonarSource's definition) of every function, a
   visitor of the one walk (nodes.c) that also feeds raw.c; the language row's node classes say
   what each node is. */
#include <string.h>

#include "query_p.h"

#include "banned.h"

/* The rule, as eslint-plugin-sonarjs 4 implements it for JavaScript (schema/README.md "cognitive"):
   - a structure (if, loop, switch, catch, ternary) adds 1 plus its nesting level; an else-if or
     elif adds 1, an else adds 1, a goto or a jump to a label adds 1;
   - a sequence of logical operators (parentheses do not end one) adds 1 at each operator of the
     language's adding class that differs from the operator before it: `a && b && c` 1,
     `a && b || c && d` 2 (JavaScript: `||` and `??` add nothing; other languages: every logical
     operator adds, `a and b or c` 2);
   - the nesting level rises inside a structure's body (not its condition or header);
   - a function's figure is its own: the increments inside a nested function or lambda are that
     function's (sonarjs reports each function so);
   - direct recursion adds 1 once per function: a call inside it (not inside a nested function)
     to its own name, without receiver (a function; a method where the language row's
     plain_call_is_method says so) or through a self receiver of the row (a method). Mutual
     recursion needs the call graph and is not counted; sonarjs 4 counts no recursion at all. */

enum {
	COG_NESTS = 1, /* a structure or elif: children outside flat fields nest one level deeper */
	COG_FUNC = 2, /* a function or lambda: all children nest one level deeper */
	COG_IF = 4, /* an if or elif: its alternative is an else, an else-if or an elif */
	COG_WRAP = 8, /* an else that only wraps an if: that if is an else-if */
	COG_LOGICAL = 16, /* a binary node with a logical operator */
};

typedef struct cwalk {
	sp_parser *p;
	const compiled *c;
	sp_def *defs;
	size_t ndefs;
	sp_rawwalk raw; /* the MI's inputs (raw.c) read in the same walk */
} cwalk;

static bool in(const compiled *c, int set, TSSymbol sym)
{
	return symset_has(&c->cog[set], sym);
}

/* The innermost child of parentheses around n (n itself when it has none). */
static TSNode unparen(const compiled *c, TSNode n)
{
	while (!ts_node_is_null(n) && in(c, SP_COG_PAREN, ts_node_symbol(n)) &&
	       ts_node_named_child_count(n) == 1)
		n = ts_node_named_child(n, 0);
	return n;
}

/* The operator of n when n is a logical binary node, else 0. */
static TSSymbol logical_op(const compiled *c, TSNode n)
{
	if (ts_node_is_null(n) || !in(c, SP_COG_LOGICAL, ts_node_symbol(n)) || !c->f_operator)
		return 0;
	TSNode op = ts_node_child_by_field_id(n, c->f_operator);
	if (ts_node_is_null(op) || !in(c, SP_COG_LOGICAL_OP, ts_node_symbol(op)))
		return 0;
	return ts_node_symbol(op);
}

/* Increments of the logical sequence rooted at n: an in-order walk through logical operands
   (an explicit stack: a chain of 10,000 `&&` is as deep), 1 at each change of operator. */
static int sequence_increments(cwalk *w, TSNode n, uint32_t *out)
{
	const compiled *c = w->c;
	sp_parser *p = w->p;
	p->cog_seq.n = 0;
	uint32_t count = 0;
	TSSymbol prev = 0;
	TSNode cur = n;
	for (;;) {
		while (!ts_node_is_null(cur) && logical_op(c, cur)) {
			if (sp_array_push(&p->cog_seq, cur))
				return SP_ENOMEM;
			cur = c->f_left ? unparen(c, ts_node_child_by_field_id(cur, c->f_left))
					: (TSNode){0};
		}
		if (!p->cog_seq.n)
			break;
		TSNode x = p->cog_seq.v[--p->cog_seq.n];
		TSSymbol op = logical_op(c, x);
		count += op != prev && (c->cog_adds_all || in(c, SP_COG_LOGICAL_ADDS, op));
		prev = op;
		cur = c->f_right ? unparen(c, ts_node_child_by_field_id(x, c->f_right)) : (TSNode){0};
	}
	*out = count;
	return 0;
}

/* Adds an increment at nesting level `level` to the innermost function. */
static void add(cwalk *w, bool structural, uint32_t level)
{
	sp_parser *p = w->p;
	if (!p->cog_funcs.n)
		return;
	cog_func *fn = &p->cog_funcs.v[p->cog_funcs.n - 1];
	fn->own += 1 + (structural && level > fn->start ? level - fn->start : 0);
}

/* Closes the functions that end before depth. */
static void close_funcs(cwalk *w, uint32_t depth)
{
	sp_parser *p = w->p;
	while (p->cog_funcs.n && p->cog_funcs.v[p->cog_funcs.n - 1].depth >= depth) {
		cog_func *fn = &p->cog_funcs.v[--p->cog_funcs.n];
		if (fn->def >= 0)
			w->defs[fn->def].cognitive = fn->own;
	}
}

/* Whether the last enclosing node below the parentheses around depth is a logical node. */
static bool inside_logical(const compiled *c, const cog_node *v, uint32_t depth)
{
	while (depth-- > 0) {
		if (in(c, SP_COG_PAREN, v[depth].sym))
			continue;
		return v[depth].flags & COG_LOGICAL;
	}
	return false;
}

/* Visits the named node n at depth: its flags and level, its increments, the function it opens
   (def: the pass's definition of the node, sp_visitor). */
static int visit(cwalk *w, const sp_node *x, int32_t def)
{
	sp_parser *p = w->p;
	const compiled *c = w->c;
	TSNode n = x->node;
	TSSymbol sym = x->sym;
	uint32_t depth = x->depth;
	TSFieldId field = x->field;
	const cog_node *up = depth ? &p->cog_nodes.v[depth - 1] : NULL;
	cog_node me = {.level = up ? up->level : 0, .sym = sym};
	bool alternative = up && (up->flags & COG_IF) && field && field == c->f_alternative;
	bool is_if = in(c, SP_COG_IF, sym), is_elif = in(c, SP_COG_ELIF, sym);
	bool wraps_if = alternative && !is_if && !is_elif && ts_node_named_child_count(n) == 1 &&
			in(c, SP_COG_IF, ts_node_symbol(ts_node_named_child(n, 0)));
	bool else_if = (alternative && is_if) || (up && (up->flags & COG_WRAP) && is_if);
	if (up && (up->flags & COG_FUNC))
		me.level++;
	else if (up && (up->flags & COG_NESTS) && !(field < c->nfields && c->flat_field[field]) &&
		 !(alternative && (is_if || is_elif || wraps_if)))
		me.level++;
	if (in(c, SP_COG_STRUCTURE, sym) || is_elif)
		me.flags |= COG_NESTS;
	if (is_if || is_elif)
		me.flags |= COG_IF;
	if (wraps_if)
		me.flags |= COG_WRAP;
	if (p->cog_funcs.n) {
		if (else_if || is_elif)
			add(w, false, me.level);
		else if (in(c, SP_COG_STRUCTURE, sym))
			add(w, true, me.level);
		else if (alternative && !wraps_if)
			add(w, false, me.level); /* a plain else */
		if (in(c, SP_COG_FLAT, sym))
			add(w, false, me.level);
		if (in(c, SP_COG_JUMP, sym))
			for (uint32_t i = 0, nc = ts_node_named_child_count(n); i < nc; i++)
				if (in(c, SP_COG_LABEL, ts_node_symbol(ts_node_named_child(n, i)))) {
					add(w, false, me.level);
					break;
				}
	}
	if (in(c, SP_COG_LOGICAL, sym) && logical_op(c, n)) {
		me.flags |= COG_LOGICAL;
		uint32_t count = 0;
		if (p->cog_funcs.n && !inside_logical(c, p->cog_nodes.v, depth)) {
			int rc = sequence_increments(w, n, &count);
			if (rc)
				return rc;
		}
		while (count--)
			add(w, false, me.level);
	}
	if (def >= 0 && w->defs[def].kind != SP_DEF_FUNCTION)
		def = -1;
	if (def >= 0 || in(c, SP_COG_FUNCTION, sym)) {
		me.flags |= COG_FUNC;
		cog_func fn = {.depth = depth, .start = me.level + 1, .def = def};
		if (sp_array_push(&p->cog_funcs, fn))
			return SP_ENOMEM;
	}
	if (sp_array_reserve(&p->cog_nodes, depth + 1))
		return SP_ENOMEM;
	p->cog_nodes.v[depth] = me;
	p->cog_nodes.n = depth + 1;
	return 0;
}

/* One node of the walk: first closes the functions it lies after, then visits it if named; the
   children of a token are not seen. */
static int cognitive_node(void *st, const sp_node *x, int32_t def)
{
	cwalk *w = st;
	close_funcs(w, x->depth);
	int rc = sp_raw_node(&w->raw, x, x->depth ? w->p->cog_nodes.v[x->depth - 1].sym : 0, def);
	if (rc)
		return rc;
	return x->named ? visit(w, x, def) : SP_VISIT_SKIP;
}

/* Whether the word w is in the space-separated list. */
static bool listed(const char *list, sp_str w)
{
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, " ");
		if (n && n == w.n && !memcmp(p, w.p, n))
			return true;
		p += n + (p[n] == ' ');
	}
	return false;
}

/* +1 for each function that calls itself directly (the calls facts: innermost function). */
static void recursion(const compiled *c, sp_facts *f)
{
	sp_def *defs = sp_facts_defs(f);
	const sp_call *calls = sp_facts_calls(f);
	uint32_t ndefs = (uint32_t)sp_facts_count(f, SP_FACT_DEF);
	for (size_t i = 0; i < sp_facts_count(f, SP_FACT_CALL); i++) {
		const sp_call *k = &calls[i];
		if (k->func < 0 || (uint32_t)k->func >= ndefs)
			continue;
		sp_def *d = &defs[k->func];
		/* a call without a name (an expression's result called) names no function */
		if (d->recursive || d->kind != SP_DEF_FUNCTION || !k->name.n || k->name.n != d->name.n ||
		    memcmp(k->name.p, d->name.p, d->name.n))
			continue;
		bool method = d->parent >= 0 && defs[d->parent].kind == SP_DEF_CLASS;
		bool self = k->receiver.n ? method && listed(c->lang->self_receivers, k->receiver)
					  : !method || c->lang->plain_call_is_method;
		if (self) {
			d->recursive = true;
			d->cognitive++;
		}
	}
}

static void cognitive_begin(void *st, sp_parser *p, const compiled *c, const char *src, sp_facts *f)
{
	cwalk *w = st;
	*w = (cwalk){p, c, sp_facts_defs(f), sp_facts_count(f, SP_FACT_DEF), {0}};
	sp_raw_begin(&w->raw, p, c, src, f);
	for (size_t i = 0; i < w->ndefs; i++)
		w->defs[i].cognitive = 0;
	p->cog_funcs.n = p->cog_nodes.n = 0;
}

static int cognitive_end(void *st, int rc)
{
	cwalk *w = st;
	close_funcs(w, 0);
	if (!rc) {
		sp_raw_end(&w->raw);
		recursion(w->c, w->raw.f);
	}
	return 0;
}

const sp_visitor sp_cognitive_visitor = {sizeof(cwalk), cognitive_begin, cognitive_node, cognitive_end};
