/* load/statements.c: what both sinks do with one SQL text (load/sql, over the read API): the
   repository row, known blobs and imports, the previous snapshot's files, carrying files over. */
#include <stdlib.h>
#include <string.h>

#include "sink_p.h"

#include "banned.h"

int sp_sink_migration_record(sp_sink *s, const sp_migration_row *m)
{
	sp_param p[] = {SP_PARAM_INT(m->version), SP_PARAM_TEXT(m->name), SP_PARAM_TEXT(m->checksum)};
	int64_t ignored;
	return sp_sink_query_int(s, sp_sql_migration_record, p, 3, &ignored);
}

int sp_sink_repo_ensure(sp_sink *s, const char *location, const char *name, int64_t *id)
{
	sp_param p[] = {SP_PARAM_TEXT(location), SP_PARAM_TEXT(name)};
	return sp_sink_query_int(s, sp_sql_repo_ensure, p, 2, id);
}

int sp_sink_snapshot_locate(sp_sink *s, int64_t repo, int64_t snap, const char *location)
{
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(snap), SP_PARAM_TEXT(location)};
	int64_t ignored;
	return sp_sink_query_int(s, sp_sql_snapshot_location, p, 3, &ignored);
}

int sp_sink_file_error(sp_sink *s, int64_t repo, int64_t snap, const char *path, const char *stage,
		       const char *error)
{
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(snap), SP_PARAM_TEXT(path),
			SP_PARAM_TEXT(stage), SP_PARAM_TEXT(error)};
	int64_t ignored;
	return sp_sink_query_int(s, sp_sql_file_error, p, 5, &ignored);
}

/* Ends a walk of rows: the callback's code, else the rows' own (< 0 on error). */
static int walked(sp_rows *r, int cb_rc, int next_rc)
{
	sp_rows_free(r);
	return cb_rc ? cb_rc : next_rc < 0 ? next_rc : 0;
}

int sp_sink_deps_known_load(sp_sink *s, int64_t repo, int64_t path_set, sp_dep_known_cb cb, void *ctx)
{
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(path_set)};
	sp_rows *r;
	int rc = sp_sink_query_as(s, "dependencies", sp_sql_deps_known, p, 2, &r), next = 0, cb_rc = 0;
	if (rc)
		return rc;
	while (!cb_rc && (next = sp_rows_next(r)) > 0)
		cb_rc = cb(ctx, sp_rows_text(r, 0), sp_rows_int(r, 1));
	return walked(r, cb_rc, next);
}

int sp_sink_call_rules_load(sp_sink *s, sp_call_rule_cb cb, void *ctx)
{
	sp_rows *r;
	int rc = sp_sink_query_as(s, "call_rules", sp_sql_calls_rules, NULL, 0, &r), next = 0, cb_rc = 0;
	if (rc)
		return rc;
	while (!cb_rc && (next = sp_rows_next(r)) > 0)
		cb_rc = cb(ctx, sp_rows_text(r, 0), sp_rows_text(r, 1), sp_rows_text(r, 2));
	return walked(r, cb_rc, next);
}

size_t sp_blob_map_key(char out[SP_BLOB_MAP_KEY_MAX], const char *hash, const char *language)
{
	size_t h = strnlen(hash, SP_HASH_HEX_LEN), l = strnlen(language, SP_BLOB_MAP_KEY_MAX - 1 - h);
	memcpy(out, hash, h);
	memcpy(out + h, language, l);
	out[h + l] = 0;
	return h + l;
}

int sp_sink_blobs_load(sp_sink *s, int64_t repo, int version, sp_strmap *blobs, int64_t *max_id)
{
	/* every blob, for the largest id; those of this version, for reuse */
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(version)};
	sp_rows *r;
	int rc = sp_sink_query_as(s, "blobs", sp_sql_blobs_known, p, 2, &r), next = 0, cb_rc = 0;
	if (rc)
		return rc;
	*max_id = 0;
	while (!cb_rc && (next = sp_rows_next(r)) > 0) {
		int64_t id = sp_rows_int(r, 1);
		const char *h = sp_rows_text(r, 0), *lang = sp_rows_text(r, 3);
		if (id > *max_id)
			*max_id = id;
		char key[SP_BLOB_MAP_KEY_MAX];
		if (h && lang && sp_rows_int(r, 2))
			cb_rc = sp_strmap_put(blobs, key, sp_blob_map_key(key, h, lang), id);
	}
	return walked(r, cb_rc, next);
}

int sp_sink_imports_load(sp_sink *s, int64_t repo, const int64_t *ids, size_t n, sp_import_cb cb,
			 void *ctx)
{
	if (!n)
		return 0;
	sp_buf list;
	sp_buf_init(&list);
	sp_id_list(&list, ids, n, s->ops->id_list_brackets);
	if (list.err) {
		sp_buf_release(&list);
		return SP_ENOMEM;
	}
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_TEXT(list.data)};
	sp_rows *r;
	int rc = sp_sink_query_as(s, "imports", s->ops->sql_imports_of_blobs, p, 2, &r), next = 0,
	    cb_rc = 0;
	sp_buf_release(&list);
	if (rc)
		return rc;
	while (!cb_rc && (next = sp_rows_next(r)) > 0)
		cb_rc = cb(ctx, sp_rows_int(r, 0), (int32_t)sp_rows_int(r, 1), sp_rows_text(r, 2),
			   sp_rows_text(r, 3), (int32_t)sp_rows_int(r, 4), sp_rows_text(r, 5));
	return walked(r, cb_rc, next);
}

int sp_sink_prev_files_load(sp_sink *s, int64_t repo, int64_t *snap, sp_prev_file_cb cb, void *ctx)
{
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(0)};
	int rc = sp_sink_query_int(s, sp_sql_latest_complete_snapshot, p, 1, snap);
	if (rc || !*snap)
		return rc;
	p[1] = SP_PARAM_INT(*snap);
	sp_rows *r;
	int next = 0, cb_rc = 0;
	if ((rc = sp_sink_query_as(s, "files", sp_sql_snapshot_files, p, 2, &r)))
		return rc;
	while (!cb_rc && (next = sp_rows_next(r)) > 0)
		cb_rc = cb(ctx, sp_rows_text(r, 0), sp_rows_int(r, 1),
			   sp_rows_null(r, 2) ? -1 : sp_rows_int(r, 2),
			   sp_rows_null(r, 3) ? -1 : sp_rows_int(r, 3), sp_rows_text(r, 4));
	return walked(r, cb_rc, next);
}

/* "INSERT INTO files (<every column>) SELECT <every column, snapshot_id as $3> FROM files WHERE
   repository_id = $1 AND snapshot_id = $2", the columns from the table's descriptor. */
static void carry_sql(sp_buf *sql, bool all)
{
	sp_buf_puts(sql, "INSERT INTO files (");
	sp_sql_columns(sql, SP_TBL_FILES, NULL, NULL);
	sp_buf_puts(sql, ") SELECT ");
	sp_sql_columns(sql, SP_TBL_FILES, "snapshot_id", "$3");
	sp_buf_puts(sql, " FROM files WHERE repository_id = $1 AND snapshot_id = $2");
	if (!all)
		sp_buf_puts(sql, " AND path IN (SELECT path FROM sp_carry)");
}

int sp_sink_carry(sp_sink *s, int64_t repo, int64_t from, int64_t to, const char *const *paths, size_t n,
		  bool all)
{
	if (!n)
		return 0;
	/* every file of the previous snapshot needs no list to filter by (the common unchanged
	   re-index), and then a sink whose one statement is atomic on its own needs no transaction */
	bool one_statement = all && s->ops->carry_one_statement;
	int rc = one_statement ? 0 : s->ops->begin_copy(s);
	if (rc)
		return rc;
	if (!all)
		rc = s->ops->carry_paths(s, paths, n);
	sp_buf sql;
	sp_buf_init(&sql);
	carry_sql(&sql, all);
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(from), SP_PARAM_INT(to)};
	int64_t ignored;
	if (!rc)
		rc = sql.err ? sp_sink_fail(s, SP_ENOMEM, "out of memory")
			     : sp_sink_query_int(s, sql.data, p, 3, &ignored);
	sp_buf_release(&sql);
	if (!rc && !one_statement)
		rc = s->ops->commit(s);
	if (rc) {
		char *msg = strdup(sp_sink_errmsg(s));
		s->ops->abort(s);
		sp_sink_fail(s, rc, "carrying unchanged files: %s", msg ? msg : "");
		free(msg);
	}
	return rc;
}

int sp_sink_same_files_snapshot(sp_sink *s, int64_t repo, int64_t snap, int64_t *same)
{
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(snap)};
	*same = 0;
	return sp_sink_query_int(s, sp_sql_snapshot_same_files, p, 2, same);
}

/* The import graph (dependency_edges) is the path set's, there already; the other summaries and
   the components are per snapshot. The Linux tree's unchanged re-index spent 3.0 s computing
   them again. */
int sp_sink_copy_summaries(sp_sink *s, int64_t repo, int64_t snap, int64_t from)
{
	static const char *const sql[] = {
		sp_sql_summary_copy_languages,   sp_sql_summary_copy_packages,
		sp_sql_summary_copy_importers,   sp_sql_summary_copy_top_functions,
		sp_sql_summary_copy_top_classes, sp_sql_summary_copy_file_roles,
		sp_sql_summary_copy_components,  sp_sql_summary_copy_component_files};
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(snap), SP_PARAM_INT(from)};
	int64_t ignored;
	int rc = sp_sink_begin(s);
	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < sizeof sql / sizeof sql[0]; i++)
		rc = sp_sink_query_int(s, sql[i], p, 3, &ignored);
	if (!rc)
		rc = sp_sink_commit(s);
	if (rc)
		sp_sink_abort(s);
	return rc;
}

/* The snapshot's summaries for the documented queries (migration 0014): its import graph first,
   since its components and the other summaries may read it through file_edges. */
int sp_sink_record_summaries(sp_sink *s, int64_t repo, int64_t snap)
{
	static const char *const sql[] = {sp_sql_summary_edges,         sp_sql_summary_languages,
					  sp_sql_summary_packages,      sp_sql_summary_importers,
					  sp_sql_summary_top_functions, sp_sql_summary_top_classes};
	sp_param p[] = {SP_PARAM_INT(repo), SP_PARAM_INT(snap)};
	int64_t ignored;
	bool pg = !strcmp(sp_sink_dialect(s), "postgresql");
	/* the tables read below have planner statistics of this snapshot's rows: on a repository's
	   first snapshot the run analysed them whatever their growth (cli/index_history.c) */
	int rc = 0;
	for (size_t i = 0; !rc && i < sizeof sql / sizeof sql[0]; i++)
		rc = sp_sink_query_int(s, sql[i], p, 2, &ignored);
	/* matching a glob is spelt differently by each engine */
	if (!rc)
		rc = sp_sink_query_int(
			s, pg ? sp_sql_summary_file_roles_postgres : sp_sql_summary_file_roles_sqlite, p,
			2, &ignored);
	return rc;
}
