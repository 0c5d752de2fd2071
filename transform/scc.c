/* transform/scc.c: strongly connected components of a directed graph (the file import graph of
   a snapshot: files that import each other, directly or through others) by Tarjan's algorithm,
   iterative so that a long chain of imports cannot exhaust the stack; and a shortest cycle
   through one node of a component (breadth-first search inside it), the example analysts see. */
#include <stdlib.h>
#include <string.h>

#include "sp_transform.h"

#include "banned.h"

#define NONE UINT32_MAX

int sp_scc(uint32_t n, const uint32_t *off, const uint32_t *adj, uint32_t *comp, uint32_t *ncomp)
{
	/* index/lowlink per node, the Tarjan stack, and an explicit call stack of (node, next edge) */
	uint32_t *idx = malloc(sizeof *idx * (n ? n : 1)), *low = malloc(sizeof *low * (n ? n : 1));
	uint32_t *stack = malloc(sizeof *stack * (n ? n : 1)),
		 *call = malloc(sizeof *call * (n ? n : 1));
	uint32_t *edge = malloc(sizeof *edge * (n ? n : 1));
	bool *on = calloc(n ? n : 1, sizeof *on);
	int rc = 0;
	if (!idx || !low || !stack || !call || !edge || !on) {
		rc = SP_ENOMEM;
		goto out;
	}
	for (uint32_t v = 0; v < n; v++)
		idx[v] = NONE;
	uint32_t next = 0, sp = 0, cp = 0, count = 0;
	for (uint32_t root = 0; root < n; root++) {
		if (idx[root] != NONE)
			continue;
		idx[root] = low[root] = next++;
		stack[sp++] = root;
		on[root] = true;
		call[cp] = root;
		edge[cp++] = off[root];
		while (cp) {
			uint32_t v = call[cp - 1];
			if (edge[cp - 1] < off[v + 1]) {
				uint32_t w = adj[edge[cp - 1]++];
				if (idx[w] == NONE) { /* descend */
					idx[w] = low[w] = next++;
					stack[sp++] = w;
					on[w] = true;
					call[cp] = w;
					edge[cp++] = off[w];
				} else if (on[w] && idx[w] < low[v]) {
					low[v] = idx[w];
				}
				continue;
			}
			if (low[v] == idx[v]) { /* v roots a component: pop it */
				uint32_t w;
				do {
					w = stack[--sp];
					on[w] = false;
					comp[w] = count;
				} while (w != v);
				count++;
			}
			cp--;
			if (cp && low[v] < low[call[cp - 1]])
				low[call[cp - 1]] = low[v];
		}
	}
	*ncomp = count;
out:
	free(idx);
	free(low);
	free(stack);
	free(call);
	free(edge);
	free(on);
	return rc;
}

int sp_scc_cycle(uint32_t n, const uint32_t *off, const uint32_t *adj, const uint32_t *comp,
		 uint32_t start, uint32_t *path, uint32_t *len)
{
	/* breadth-first from start over edges inside its component; the first edge back to start
	   closes a shortest cycle through it */
	uint32_t *from = malloc(sizeof *from * (n ? n : 1)),
		 *queue = malloc(sizeof *queue * (n ? n : 1));
	int rc = 0;
	*len = 0;
	if (!from || !queue) {
		rc = SP_ENOMEM;
		goto out;
	}
	for (uint32_t v = 0; v < n; v++)
		from[v] = NONE;
	uint32_t head = 0, tail = 0, last = NONE;
	queue[tail++] = start;
	from[start] = start;
	while (head < tail && last == NONE) {
		uint32_t v = queue[head++];
		for (uint32_t e = off[v]; e < off[v + 1]; e++) {
			uint32_t w = adj[e];
			if (comp[w] != comp[start])
				continue;
			if (w == start) {
				last = v;
				break;
			}
			if (from[w] == NONE) {
				from[w] = v;
				queue[tail++] = w;
			}
		}
	}
	if (last == NONE) /* a component of one node without a loop: no cycle */
		goto out;
	uint32_t k = 0;
	for (uint32_t v = last; v != start; v = from[v])
		path[k++] = v;
	path[k++] = start;
	/* path holds last … start backwards: reverse it to start … last */
	for (uint32_t i = 0; i < k / 2; i++) {
		uint32_t t = path[i];
		path[i] = path[k - 1 - i];
		path[k - 1 - i] = t;
	}
	*len = k;
out:
	free(from);
	free(queue);
	return rc;
}
