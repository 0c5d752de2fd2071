/* extract/nodes.c: the file's one walk of its syntax tree. It records every node in pre-order
   (query.c runs the query at its start nodes from that list), then one pass over the list feeds
   every metric visitor of sp_visitors (complexity, cognitive with the MI's inputs, Halstead). */
#include <string.h>

#include "query_p.h"

/* tree-sitter's own headers (lib/src): the subtrees the walk reads directly */
#include "language.h"
#include "subtree.h"
#include "tree.h"

#include "banned.h"

/* Each visitor's state lives in one slot of the pass (no allocation per file). */
#define SLOT 512

/* The metric visitors, in the order their ends run: raw.c (in cognitive's end) reads the
   complexity the first one computes. */
static const sp_visitor *const visitors[] = {&sp_measure_visitor, &sp_cognitive_visitor,
					     &sp_halstead_visitor};
enum { NVISITORS = sizeof visitors / sizeof visitors[0] };

/* One level of the walk: the children of parent, a visible node (owner: its index in the list) or
   a hidden one that the walk passes through (owner -1), as TSTreeCursor passes through them. */
typedef struct walk_frame {
	const Subtree *parent;
	const TSSymbol *aliases; /* parent's production's alias sequence, or NULL */
	Length pos; /* where the next child starts */
	uint32_t child, structural; /* the next child's index, and among the non-extra ones */
	uint32_t depth; /* of the visible nodes found at this level */
	int64_t owner;
	uint32_t in_parent; /* a hidden level: its structural index in the level below */
	bool extra; /* a hidden level: whether it is an extra */
} walk_frame;

/* The field of the node at structural index s (extra: whether it is one) among the children of
   frames[top].parent, as ts_tree_cursor_current_field_id finds it: from the node up through the
   hidden levels it was reached by, each level's field map, up to the nearest visible level. */
static TSFieldId field_of(const TSLanguage *lang, const walk_frame *frames, size_t top, uint32_t s,
			  bool extra)
{
	for (size_t f = top + 1; f-- > 0;) {
		if (extra)
			return 0;
		const TSFieldMapEntry *m, *end;
		ts_language_field_map(lang, frames[f].parent->ptr->production_id, &m, &end);
		for (; m < end; m++)
			if (!m->inherited && m->child_index == s)
				return m->field_id;
		if (frames[f].owner >= 0) /* the nearest visible level: no further */
			return 0;
		s = frames[f].in_parent, extra = frames[f].extra;
	}
	return 0;
}

static int push_frame(sp_parser *p, const Subtree *parent, Length pos, uint32_t depth, int64_t owner,
		      uint32_t in_parent, bool extra, const TSLanguage *lang)
{
	walk_frame fr = {.parent = parent,
			 .aliases = ts_language_alias_sequence(lang, parent->ptr->production_id),
			 .pos = pos,
			 .depth = depth,
			 .owner = owner,
			 .in_parent = in_parent,
			 .extra = extra};
	return sp_array_push(&p->walk, fr);
}

/* The walk over the tree's subtrees themselves (tree-sitter's internal layout, pinned with its
   runtime by package-lock.json): the nodes, depths, symbols and fields a TSTreeCursor walk gives
   (tests/unit/test_nodes.c checks them against ts_node_child on every golden case), at about a
   third of the cursor's cost, which re-derived each child's alias sequence and position from its
   parent at every step (perf/README.md, issue 11, session 8). */
int sp_nodes_record(sp_parser *p, TSNode root)
{
	p->nodes.n = p->walk.n = 0;
	const TSTree *tree = root.tree;
	const TSLanguage *lang = ts_tree_language(tree);
	const Subtree *top = (const Subtree *)root.id;
	sp_node r = {.node = root, .depth = 0, .next = 1};
	r.sym = ts_node_symbol(root);
	r.named = ts_node_is_named(root);
	int rc = sp_array_push(&p->nodes, r);
	if (rc || ts_subtree_child_count(*top) == 0)
		return rc;
	Length at = {ts_node_start_byte(root), ts_node_start_point(root)};
	if ((rc = push_frame(p, top, at, 1, 0, 0, false, lang)))
		return rc;
	while (p->walk.n) {
		walk_frame *fr = &p->walk.v[p->walk.n - 1];
		Subtree parent = *fr->parent;
		if (fr->child == parent.ptr->child_count) {
			if (fr->owner >= 0)
				p->nodes.v[fr->owner].next = (uint32_t)p->nodes.n;
			p->walk.n--;
			continue;
		}
		const Subtree *children = ts_subtree_children(parent);
		const Subtree *child = &children[fr->child];
		Length pos = fr->pos;
		uint32_t s = fr->structural;
		bool extra = ts_subtree_extra(*child), visible = ts_subtree_visible(*child);
		TSSymbol alias = 0;
		if (!extra) {
			if (fr->aliases && (alias = fr->aliases[s]))
				visible = true;
			fr->structural++;
		}
		/* the next child's start: past this one and the next one's padding */
		fr->pos = length_add(fr->pos, ts_subtree_size(*child));
		if (++fr->child < parent.ptr->child_count)
			fr->pos = length_add(fr->pos, ts_subtree_padding(children[fr->child]));
		uint32_t depth = fr->depth;
		size_t level = p->walk.n - 1;
		if (visible) {
			sp_node x = {.node = ts_node_new(tree, child, pos, alias), .depth = depth};
			x.sym = ts_node_symbol(x.node);
			x.named = ts_node_is_named(x.node);
			/* only the visitors of named nodes read the field */
			x.field = x.named ? field_of(lang, p->walk.v, level, s, extra) : 0;
			x.next = (uint32_t)p->nodes.n + 1;
			int64_t k = (int64_t)p->nodes.n;
			if ((rc = sp_array_push(&p->nodes, x)))
				return rc;
			if (ts_subtree_child_count(*child) &&
			    (rc = push_frame(p, child, pos, depth + 1, k, 0, false, lang)))
				return rc;
		} else if (ts_subtree_visible_child_count(*child) &&
			   (rc = push_frame(p, child, pos, depth, -1, s, extra, lang))) {
			return rc;
		}
	}
	return 0;
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
