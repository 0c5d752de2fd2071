/* load/calls.c: a snapshot's calls resolved and stored before it is marked complete (issue 12,
   migration 0013), with the SQL of load/sql/calls_*.sql: the rules stay the rows of call_rules
   and the candidates of call_candidates; this file only decides what must be computed. The
   planner statistics they need (calls, functions, imports, dependencies, files) are refreshed
   before (cli/index_history.c, sp_run_refresh_stats). The snapshot's call sites and their import
   bindings are read once into temporary tables (calls_sites, calls_bindings) that every later
   step reads instead of joining calls, files, blobs, functions and imports again. */
#include <string.h>

#include "sink_p.h"

#include "banned.h"

static int run(sp_sink *s, const char *sql, int64_t repo, int64_t snap, int64_t *out)
{
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(snap)};
	int64_t ignored;
	return sp_sink_query_int(s, sql, p, strstr(sql, "$2") ? 2 : 0, out ? out : &ignored);
}

static int record_set(sp_sink *s, int64_t repo, int64_t snap, int64_t set)
{
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(snap), SP_PARAM_INT(set)};
	int64_t ignored;
	return sp_sink_query_int(s, sp_sql_calls_set_record, p, 3, &ignored);
}

/* One transaction: files new to the path set get their call_resolutions rows; the snapshot then
   shares the calls_set of an earlier one with exactly its files, or resolves its open calls into
   call_links of its own. An unchanged tree computes nothing. */
int sp_sink_resolve_calls(sp_sink *s, int64_t repo, int64_t snap)
{
	int64_t reuse = 0, pending = 0;
	bool picked = false;
	int rc = sp_sink_begin(s);
	if (!rc)
		rc = run(s, sp_sql_calls_set_reuse, repo, snap, &reuse);
	if (!rc)
		rc = run(s, sp_sql_calls_pending, repo, snap, &pending);
	if (!rc && (pending || !reuse)) {
		picked = true;
		const char *steps[] = {sp_sql_calls_sites_table, sp_sql_calls_bindings_table,
				       sp_sql_calls_picks_table, sp_sql_calls_bound_table,
				       sp_sql_calls_sites_clear, sp_sql_calls_bindings_clear,
				       sp_sql_calls_picks_clear, sp_sql_calls_bound_clear,
				       sp_sql_calls_sites,       sp_sql_calls_sites_analyze,
				       sp_sql_calls_bindings,    sp_sql_calls_bindings_analyze,
				       sp_sql_calls_picks,       sp_sql_calls_bound};
		for (size_t i = 0; !rc && i < sizeof steps / sizeof *steps; i++)
			rc = run(s, steps[i], repo, snap, NULL);
	}
	if (!rc && pending)
		rc = run(s, sp_sql_calls_store, repo, snap, NULL);
	if (!rc && !reuse)
		rc = run(s, sp_sql_calls_links, repo, snap, NULL);
	if (!rc)
		rc = record_set(s, repo, snap, reuse ? reuse : snap);
	const char *clear[] = {sp_sql_calls_sites_clear, sp_sql_calls_bindings_clear,
			       sp_sql_calls_picks_clear, sp_sql_calls_bound_clear};
	for (size_t i = 0; !rc && picked && i < sizeof clear / sizeof *clear; i++)
		rc = run(s, clear[i], repo, snap, NULL);
	if (!rc)
		rc = sp_sink_commit(s);
	if (rc) {
		sp_sink_abort(s);
		return rc;
	}
	return 0;
}
