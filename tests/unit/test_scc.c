/* tests/unit/test_scc.c: transform/scc.c, the strongly connected components of the file import
   graph (iterative Tarjan) and a shortest cycle through one node of a component. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "sp_transform.h"

/* CSR from an edge list (edges sorted by source) */
static void csr(uint32_t n, const uint32_t (*e)[2], size_t m, uint32_t *off, uint32_t *adj)
{
	memset(off, 0, sizeof *off * (n + 1));
	for (size_t i = 0; i < m; i++)
		off[e[i][0] + 1]++;
	for (uint32_t v = 0; v < n; v++)
		off[v + 1] += off[v];
	for (size_t i = 0; i < m; i++)
		adj[i] = e[i][1];
}

Test(scc, ring_pair_tail_and_self_loop)
{
	/* 0->1->2->0 (ring), 1->2 again via 2->1, 3<->4 (pair), 5->0 (a tail), 6->6 (self loop) */
	static const uint32_t e[][2] = {{0, 1}, {1, 2}, {2, 0}, {2, 1}, {3, 4}, {4, 3}, {5, 0}, {6, 6}};
	uint32_t off[8], adj[8], comp[7], ncomp = 0, path[7], len = 0;
	csr(7, e, 8, off, adj);
	cr_assert_eq(sp_scc(7, off, adj, comp, &ncomp), 0);
	cr_assert_eq(ncomp, 4, "ring, pair, tail, self loop: %u", ncomp);
	cr_assert(comp[0] == comp[1] && comp[1] == comp[2]);
	cr_assert(comp[3] == comp[4] && comp[3] != comp[0]);
	cr_assert(comp[5] != comp[0] && comp[6] != comp[5]);
	cr_assert_eq(sp_scc_cycle(7, off, adj, comp, 0, path, &len), 0);
	cr_assert_eq(len, 3);
	cr_assert(path[0] == 0 && path[1] == 1 && path[2] == 2);
	/* through 1 the shortest is 1->2->1, not the ring */
	cr_assert_eq(sp_scc_cycle(7, off, adj, comp, 1, path, &len), 0);
	cr_assert(len == 2 && path[0] == 1 && path[1] == 2);
	cr_assert_eq(sp_scc_cycle(7, off, adj, comp, 5, path, &len), 0);
	cr_assert_eq(len, 0, "a node outside any cycle has none");
}

/* a chain of 300,000 imports closed into one ring: a recursive Tarjan would need as many stack
   frames; the iterative one finds one component and the whole ring as the cycle */
Test(scc, long_ring_is_iterative)
{
	uint32_t n = 300000;
	uint32_t *off = malloc(sizeof *off * (n + 1)), *adj = malloc(sizeof *adj * n);
	uint32_t *comp = malloc(sizeof *comp * n), *path = malloc(sizeof *path * n), ncomp = 0, len = 0;
	cr_assert(off && adj && comp && path);
	for (uint32_t v = 0; v <= n; v++)
		off[v] = v;
	for (uint32_t v = 0; v < n; v++)
		adj[v] = (v + 1) % n;
	cr_assert_eq(sp_scc(n, off, adj, comp, &ncomp), 0);
	cr_assert_eq(ncomp, 1);
	cr_assert_eq(sp_scc_cycle(n, off, adj, comp, 0, path, &len), 0);
	cr_assert_eq(len, n);
	cr_assert(path[0] == 0 && path[n - 1] == n - 1);
	free(off);
	free(adj);
	free(comp);
	free(path);
}

Test(scc, empty_and_acyclic)
{
	uint32_t off[1] = {0}, ncomp = 9;
	cr_assert_eq(sp_scc(0, off, NULL, NULL, &ncomp), 0);
	cr_assert_eq(ncomp, 0);
	static const uint32_t e[][2] = {{0, 1}, {1, 2}, {0, 2}};
	uint32_t o[4], adj[3], comp[3];
	csr(3, e, 3, o, adj);
	cr_assert_eq(sp_scc(3, o, adj, comp, &ncomp), 0);
	cr_assert_eq(ncomp, 3, "a DAG: every node its own component");
}
