/* queue/queue.c: the shared scan queue over the sink's read API: enqueue, claim (SKIP LOCKED),
   renew the lease, record the result. Its SQL is queue/sql, embedded as sp_sql_queue_*. */
#include <stdlib.h>
#include <string.h>

#include "sp_queue.h"

#include "banned.h"

bool sp_queue_supported(const sp_sink *s)
{
	return !strcmp(sp_sink_dialect(s), "postgresql");
}

/* The caller says so to the user (sp_queue_supported first); this only keeps SQL meant for
   PostgreSQL away from a SQLite file. */
static int need_postgres(const sp_sink *s)
{
	return sp_queue_supported(s) ? 0 : SP_EUSAGE;
}

int sp_queue_enqueue(sp_sink *s, const char *manifest, const char *yaml, const char *const *paths,
		     size_t n, int lease_seconds, int64_t *run_id)
{
	int rc = need_postgres(s);
	if (rc || (rc = sp_sink_begin(s)))
		return rc;
	sp_param run[] = {SP_PARAM_TEXT(manifest), SP_PARAM_TEXT(yaml), SP_PARAM_INT(lease_seconds)};
	rc = sp_sink_query_int(s, sp_sql_queue_run_insert, run, 3, run_id);
	for (size_t i = 0; !rc && i < n; i++) {
		sp_param item[] = {SP_PARAM_INT(*run_id), SP_PARAM_INT((int64_t)i),
				   SP_PARAM_TEXT(paths[i])};
		int64_t ignored;
		rc = sp_sink_query_int(s, sp_sql_queue_item_insert, item, 3, &ignored);
	}
	if (!rc)
		rc = sp_sink_commit(s);
	if (rc) {
		sp_sink_abort(s);
		*run_id = 0;
	}
	return rc;
}

void sp_queue_claim_release(sp_queue_claim *c)
{
	free(c->manifest);
	free(c->yaml);
	memset(c, 0, sizeof *c);
}

int sp_queue_claim_next(sp_sink *s, const char *worker, sp_queue_claim *c, bool *got, int64_t *open)
{
	*got = false;
	*open = 0;
	memset(c, 0, sizeof *c);
	int64_t ignored;
	int rc = need_postgres(s);
	if (rc || (rc = sp_sink_query_int(s, sp_sql_queue_expire, NULL, 0, &ignored)))
		return rc;
	sp_param p[] = {SP_PARAM_TEXT(worker)};
	sp_rows *r;
	if ((rc = sp_sink_query(s, sp_sql_queue_claim, p, 1, &r)))
		return rc;
	while ((rc = sp_rows_next(r)) > 0) {
		if (*got)
			continue;
		c->run_id = sp_rows_int(r, 0);
		c->item = (int)sp_rows_int(r, 1);
		c->attempt = (int)sp_rows_int(r, 2);
		c->lease_seconds = (int)sp_rows_int(r, 3);
		c->manifest = strdup(sp_rows_text(r, 4));
		c->yaml = strdup(sp_rows_text(r, 5));
		*got = true;
	}
	sp_rows_free(r);
	if (!rc && *got && (!c->manifest || !c->yaml))
		rc = SP_ENOMEM;
	if (rc) {
		sp_queue_claim_release(c);
		*got = false;
		return rc;
	}
	return *got ? 0 : sp_sink_query_int(s, sp_sql_queue_open, NULL, 0, open);
}

int sp_queue_renew(sp_sink *s, const sp_queue_claim *c, const char *worker, bool *held)
{
	sp_param p[] = {SP_PARAM_INT(c->run_id), SP_PARAM_INT(c->item), SP_PARAM_TEXT(worker),
			SP_PARAM_INT(c->attempt)};
	int64_t one = 0;
	int rc = sp_sink_query_int(s, sp_sql_queue_renew, p, 4, &one);
	*held = rc || one == 1; /* a failed heartbeat proves nothing: the next one tries again */
	return rc;
}

int sp_queue_finish(sp_sink *s, const sp_queue_claim *c, const char *worker, bool done, int exit_code,
		    int64_t repository_id, int64_t snapshot_id, const char *error, bool *held)
{
	sp_param p[] = {SP_PARAM_INT(c->run_id),
			SP_PARAM_INT(c->item),
			SP_PARAM_TEXT(worker),
			SP_PARAM_INT(c->attempt),
			SP_PARAM_TEXT(done ? "done" : "failed"),
			SP_PARAM_INT(exit_code),
			{NULL, repository_id, repository_id == 0},
			{NULL, snapshot_id, snapshot_id == 0},
			SP_PARAM_TEXT(error)};
	int64_t one = 0;
	int rc = sp_sink_query_int(s, sp_sql_queue_finish, p, 9, &one);
	*held = one == 1;
	return rc;
}
