/* extract/nodes.c: the file's one walk of its syntax tree. It records every node in pre-order
   (query.c runs the query at its start nodes from that list), then one pass over the list feeds
   every metric visitor of sp_visitors (complexity, cognitive with the MI's inputs, Halstead). */
#include <string.h>

#include "query_p.h"

#include "banned.h"

/* Each visitor's state lives in one slot of the pass (no allocation per file). */
#define SLOT 512

/* The metric visitors, in the order their ends run: raw.c (in cognitive's end) reads the
   complexity the first one computes. */
static const sp_visitor *const visitors[] = {&sp_measure_visitor, &sp_cognitive_visitor,
					     &sp_halstead_visitor};
enum { NVISITORS = sizeof visitors / sizeof visitors[0] };

int sp_nodes_record(sp_parser *p, TSNode root)
{
	p->nodes.n = p->node_open.n = 0;
	TSTreeCursor cur = ts_tree_cursor_new(root);
	uint32_t depth = 0;
	int rc = 0;
	for (;;) {
		uint32_t k = (uint32_t)p->nodes.n;
		/* the nodes still open at this depth or deeper end here */
		while (p->node_open.n > depth)
			p->nodes.v[p->node_open.v[--p->node_open.n]].next = k;
		if ((rc = sp_array_push(&p->node_open, k)))
			break;
		sp_node x = {.node = ts_tree_cursor_current_node(&cur), .depth = depth};
		x.sym = ts_node_symbol(x.node);
		x.named = ts_node_is_named(x.node);
		/* only the visitors of named nodes read the field */
		x.field = x.named ? ts_tree_cursor_current_field_id(&cur) : 0;
		if ((rc = sp_array_push(&p->nodes, x)))
			break;
		if (ts_tree_cursor_goto_first_child(&cur)) {
			depth++;
			continue;
		}
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur))
				goto done;
			depth--;
		}
	}
done:
	while (p->node_open.n)
		p->nodes.v[p->node_open.v[--p->node_open.n]].next = (uint32_t)p->nodes.n;
	ts_tree_cursor_delete(&cur);
	return rc;
}

/* The definition whose node x is (same start byte, end byte and symbol), or -1; *next: the first
   definition not yet passed, in source order (the file's defs are sorted by start byte). */
static int32_t def_at(const sp_def *defs, size_t ndefs, size_t *next, const sp_node *x)
{
	if (!x->named)
		return -1;
	uint32_t start = ts_node_start_byte(x->node);
	while (*next < ndefs && defs[*next].start_byte < start)
		(*next)++;
	for (size_t k = *next; k < ndefs && defs[k].start_byte == start; k++)
		if (defs[k].node_symbol == x->sym && defs[k].end_byte == ts_node_end_byte(x->node))
			return (int32_t)k;
	return -1;
}

int sp_nodes_visit(sp_parser *p, const compiled *c, const char *src, sp_facts *f)
{
	const sp_def *defs = sp_facts_defs(f);
	size_t ndefs = sp_facts_count(f, SP_FACT_DEF), next_def = 0;
	_Alignas(max_align_t) unsigned char state[NVISITORS][SLOT];
	/* per visitor: the first node past the subtree it declined to enter */
	uint32_t skip[NVISITORS] = {0};
	for (size_t v = 0; v < NVISITORS; v++) {
		if (visitors[v]->size > SLOT)
			return SP_EUSAGE; /* a visitor's state outgrew SLOT */
		visitors[v]->begin(state[v], p, c, src, f);
	}
	int rc = 0;
	for (uint32_t i = 0; i < p->nodes.n && !rc; i++) {
		const sp_node *x = &p->nodes.v[i];
		int32_t def = def_at(defs, ndefs, &next_def, x);
		for (size_t v = 0; v < NVISITORS && !rc; v++) {
			if (i < skip[v])
				continue;
			rc = visitors[v]->node(state[v], x, def);
			if (rc == SP_VISIT_SKIP) {
				skip[v] = x->next;
				rc = 0;
			}
		}
	}
	for (size_t v = 0; v < NVISITORS; v++) {
		int e = visitors[v]->end(state[v], rc);
		rc = rc ? rc : e;
	}
	return rc;
}
