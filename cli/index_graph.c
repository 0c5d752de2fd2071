/* cli/index_graph.c: the groups of files that import each other in the run's snapshot (strongly
   connected components of its file import graph, transform/scc.c), stored with a shortest cycle
   as an example before the snapshot is closed: enumerating every cycle is exponential, the
   components are linear in the graph's size. */
#include <stdlib.h>
#include <string.h>

#include "index_p.h"

#include "banned.h"

typedef sp_array(uint32_t) u32_list;

typedef struct graph {
	sp_strmap ids; /* path -> node */
	sp_array(const char *) names; /* node -> path (keys of ids) */
	u32_list src, dst, off, adj, comp, first, size, path;
} graph;

static void graph_release(graph *g)
{
	sp_strmap_release(&g->ids);
	sp_array_release(&g->names);
	sp_array_release(&g->src);
	sp_array_release(&g->dst);
	sp_array_release(&g->off);
	sp_array_release(&g->adj);
	sp_array_release(&g->comp);
	sp_array_release(&g->first);
	sp_array_release(&g->size);
	sp_array_release(&g->path);
}

/* the node of path, made on first sight: nodes are numbered in the order the sorted edges
   name them, so component numbers do not depend on the engine */
static int node_of(graph *g, const char *path, uint32_t *out)
{
	int64_t id;
	size_t len = strlen(path);
	if (sp_strmap_get(&g->ids, path, len, &id)) {
		*out = (uint32_t)id;
		return 0;
	}
	*out = (uint32_t)g->names.n;
	if (sp_strmap_put(&g->ids, path, len, *out))
		return SP_ENOMEM;
	return sp_array_push(&g->names, sp_strmap_key(&g->ids, path, len));
}

static int load_edges(sp_run *r, graph *g)
{
	sp_param p[] = {SP_PARAM_INT(r->repo_id), SP_PARAM_INT(r->snap_id)};
	sp_rows *rows;
	int rc = sp_sink_query(r->sink, sp_sql_snapshot_edges, p, 2, &rows);
	while (!rc && (rc = sp_rows_next(rows)) > 0) {
		uint32_t a, b;
		rc = node_of(g, sp_rows_text(rows, 0), &a);
		if (!rc)
			rc = node_of(g, sp_rows_text(rows, 1), &b);
		if (!rc && (sp_array_push(&g->src, a) || sp_array_push(&g->dst, b)))
			rc = SP_ENOMEM;
	}
	sp_rows_free(rows);
	return rc < 0 ? rc : 0;
}

/* edges as compressed rows: the out-edges of v at adj[off[v] .. off[v + 1]) */
static int build_csr(graph *g)
{
	uint32_t n = (uint32_t)g->names.n;
	if (sp_array_reserve(&g->off, (size_t)n + 1) || sp_array_reserve(&g->adj, g->src.n + 1) ||
	    sp_array_reserve(&g->comp, (size_t)n + 1) || sp_array_reserve(&g->path, (size_t)n + 1))
		return SP_ENOMEM;
	memset(g->off.v, 0, sizeof *g->off.v * ((size_t)n + 1));
	for (size_t e = 0; e < g->src.n; e++)
		g->off.v[g->src.v[e] + 1]++;
	for (uint32_t v = 0; v < n; v++)
		g->off.v[v + 1] += g->off.v[v];
	/* each edge into the next free slot of its source's row (comp serves as the cursor) */
	memcpy(g->comp.v, g->off.v, sizeof *g->off.v * n);
	for (size_t e = 0; e < g->src.n; e++)
		g->adj.v[g->comp.v[g->src.v[e]]++] = g->dst.v[e];
	return 0;
}

typedef sp_array(sp_value) cell_list;

static int push_int(cell_list *c, int64_t i)
{
	return sp_array_push(c, ((sp_value){.i = i}));
}

static int push_text(cell_list *c, const char *s)
{
	return sp_array_push(c, ((sp_value){.s = s, .len = (uint32_t)strlen(s)}));
}

/* The component's row (its example cycle's text kept in texts) and its files' rows. */
static int component_rows(sp_run *r, graph *g, uint32_t c, int32_t number, sp_buf *cycle,
			  sp_arena *texts, cell_list *comps, cell_list *files)
{
	uint32_t start = g->first.v[c], len = 0;
	int rc = sp_scc_cycle((uint32_t)g->names.n, g->off.v, g->adj.v, g->comp.v, start, g->path.v,
			      &len);
	if (rc)
		return rc;
	sp_buf_reset(cycle);
	for (uint32_t i = 0; i < len; i++)
		sp_buf_printf(cycle, "%s -> ", g->names.v[g->path.v[i]]);
	sp_buf_puts(cycle, g->names.v[start]); /* back where it started */
	const char *text = cycle->err ? NULL : sp_arena_strndup(texts, cycle->data, cycle->len);
	if (!text || push_int(comps, r->repo_id) || push_int(comps, r->snap_id) ||
	    push_int(comps, number) || push_int(comps, g->size.v[c]) || push_text(comps, text) ||
	    push_int(comps, len))
		return SP_ENOMEM;
	for (uint32_t v = 0; v < g->names.n; v++)
		if (g->comp.v[v] == c && (push_int(files, r->repo_id) || push_int(files, r->snap_id) ||
					  push_text(files, g->names.v[v]) || push_int(files, number)))
			return SP_ENOMEM;
	return 0;
}

/* components of two files or more, numbered from 1 (in the order the sorted edges first name
   their first file), in one transaction that first clears what an earlier attempt of the
   closing wrote; two statements in all, where a row each took a round trip to the server (the
   stdlib's 795 files: PostgreSQL's re-index of one changed file spent most of its closing there) */
static int write_components(sp_run *r, graph *g, uint32_t ncomp)
{
	if (sp_array_reserve(&g->first, (size_t)ncomp + 1) ||
	    sp_array_reserve(&g->size, (size_t)ncomp + 1))
		return SP_ENOMEM;
	for (uint32_t c = 0; c < ncomp; c++)
		g->first.v[c] = UINT32_MAX, g->size.v[c] = 0;
	for (uint32_t v = 0; v < g->names.n; v++) {
		uint32_t c = g->comp.v[v];
		/* a component's first file: its smallest path, where its example cycle starts */
		if (g->first.v[c] == UINT32_MAX || strcmp(g->names.v[v], g->names.v[g->first.v[c]]) < 0)
			g->first.v[c] = v;
		g->size.v[c]++;
	}
	sp_buf cycle;
	sp_buf_init(&cycle);
	sp_arena texts;
	sp_arena_init(&texts);
	cell_list comps = {0}, files = {0};
	int32_t number = 0;
	int rc = 0;
	/* visiting nodes in order meets each component first at its first node */
	for (uint32_t v = 0; !rc && v < g->names.n; v++) {
		uint32_t c = g->comp.v[v];
		if (g->first.v[c] == v && g->size.v[c] > 1)
			rc = component_rows(r, g, c, ++number, &cycle, &texts, &comps, &files);
	}
	size_t nfiles = files.n / sp_table_component_files.ncols;
	int64_t ignored;
	sp_param p[] = {SP_PARAM_INT(r->repo_id), SP_PARAM_INT(r->snap_id)};
	if (!rc && !(rc = sp_sink_begin(r->sink))) {
		if (!(rc = sp_sink_query_int(r->sink, sp_sql_component_clear, p, 2, &ignored)) &&
		    !(rc = sp_sink_write_rows(r->sink, &sp_table_components, comps.v, (size_t)number)) &&
		    !(rc = sp_sink_write_rows(r->sink, &sp_table_component_files, files.v, nfiles)))
			rc = sp_sink_commit(r->sink);
		if (rc)
			sp_sink_abort(r->sink);
	}
	if (!rc)
		r->component_rows += (int64_t)nfiles;
	sp_array_release(&comps);
	sp_array_release(&files);
	sp_arena_release(&texts);
	sp_buf_release(&cycle);
	return rc;
}

int sp_run_record_components(sp_run *r)
{
	graph g;
	memset(&g, 0, sizeof g);
	sp_strmap_init(&g.ids);
	uint32_t ncomp = 0;
	int rc = load_edges(r, &g);
	if (!rc && g.src.n)
		rc = build_csr(&g);
	if (!rc && g.src.n)
		rc = sp_scc((uint32_t)g.names.n, g.off.v, g.adj.v, g.comp.v, &ncomp);
	if (!rc && g.src.n)
		rc = write_components(r, &g, ncomp);
	graph_release(&g);
	return rc;
}
