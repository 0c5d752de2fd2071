/* extract/calls.c: the call-site fact kind. Each @call.<kind> match makes or fills the record of
   its call node; after the last match the records are put in source order, merged per node and
   attributed to the innermost enclosing function (definitions are in source order by then). */
#include <stdlib.h>
#include <string.h>

#include "query_p.h"

#include "banned.h"

int sp_call_begin(sp_parser *p, sp_facts *f, const sp_capture *cw, TSNode anchor, const char *src,
		  size_t *rec)
{
	(void)p, (void)src;
	sp_call *c = sp_facts_push(f, SP_FACT_CALL);
	if (!c)
		return SP_ENOMEM;
	TSPoint s = ts_node_start_point(anchor);
	c->kind = cw->subkind;
	c->func = -1;
	c->line = s.row + 1;
	c->col = s.column;
	c->start_byte = ts_node_start_byte(anchor);
	c->end_byte = ts_node_end_byte(anchor);
	*rec = sp_facts_count(f, SP_FACT_CALL) - 1;
	return 0;
}

int sp_call_field(sp_parser *p, sp_facts *f, size_t rec, uint8_t role, TSNode n, const char *src)
{
	(void)p;
	sp_call *c = &sp_facts_calls(f)[rec];
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	sp_str s = {src + a, b - a};
	if (role == SP_CALL_NAME) {
		c->name = s;
	} else if (role == SP_CALL_RECEIVER) {
		/* a chain's receiver holds every call before it (`a().b().c()`): kept to its first
		   SP_CALL_RECEIVER_MAX bytes, cut at a character boundary, so a chain is not quadratic */
		if (s.n > SP_CALL_RECEIVER_MAX) {
			s.n = SP_CALL_RECEIVER_MAX;
			while (s.n && ((unsigned char)s.p[s.n] & 0xC0) == 0x80)
				s.n--;
		}
		c->receiver = s;
	}
	return 0;
}

static int cmp_call(const void *a, const void *b)
{
	const sp_call *x = a, *y = b;
	if (x->start_byte != y->start_byte)
		return (x->start_byte > y->start_byte) - (x->start_byte < y->start_byte);
	/* the outer of two calls starting together (`f(a)(b)`) first, as the tree walk sees them */
	return (x->end_byte < y->end_byte) - (x->end_byte > y->end_byte);
}

/* How specific a kind is: "new" and "macro" (a pattern with a predicate) beat "method", which
   beats the plain "call" every call node gets. */
static int kind_rank(const char *k)
{
	return !k ? 0 : !strcmp(k, "call") ? 1 : !strcmp(k, "method") ? 2 : 3;
}

/* A merged record takes each field some match filled and the most specific kind. */
static void merge_into(sp_call *into, const sp_call *c)
{
	if (!into->name.n && c->name.n)
		into->name = c->name;
	if (!into->receiver.n && c->receiver.n)
		into->receiver = c->receiver;
	if (kind_rank(c->kind) > kind_rank(into->kind))
		into->kind = c->kind;
}

/* Calls arrive in match order, one record per match: sorted by node (qsort is thread-safe without
   a global), then merged per node, then attributed by a stack of open functions. */
int sp_call_finish(sp_parser *p, sp_facts *f)
{
	size_t n = sp_facts_count(f, SP_FACT_CALL), kept = 0;
	sp_call *calls = sp_facts_calls(f);
	if (!n)
		return 0;
	qsort(calls, n, sizeof *calls, cmp_call);
	for (size_t i = 0; i < n; i++) {
		if (kept && calls[kept - 1].start_byte == calls[i].start_byte &&
		    calls[kept - 1].end_byte == calls[i].end_byte) {
			merge_into(&calls[kept - 1], &calls[i]);
			continue;
		}
		calls[kept++] = calls[i];
	}
	f->rec[SP_FACT_CALL].n = kept;
	const sp_def *defs = sp_facts_defs(f);
	size_t ndefs = sp_facts_count(f, SP_FACT_DEF), next = 0;
	p->frames.n = 0;
	for (size_t i = 0; i < kept; i++) {
		sp_call *c = &calls[i];
		/* open every function starting at or before the call; close those ended before it */
		while (next < ndefs && defs[next].start_byte <= c->start_byte) {
			if (defs[next].kind == SP_DEF_FUNCTION) {
				while (p->frames.n && defs[p->frames.v[p->frames.n - 1].func].end_byte <=
							      defs[next].start_byte)
					p->frames.n--;
				frame fr = {.func = (int32_t)next};
				if (sp_array_push(&p->frames, fr))
					return SP_ENOMEM;
			}
			next++;
		}
		while (p->frames.n && defs[p->frames.v[p->frames.n - 1].func].end_byte <= c->start_byte)
			p->frames.n--;
		c->func = p->frames.n ? p->frames.v[p->frames.n - 1].func : -1;
		if (!c->kind)
			c->kind = "call";
	}
	return 0;
}
