/* load/sink.c: picks the sink for a URL and runs what both dialects share: the migration
   protocol (checksums, refusing newer schemas), error bookkeeping and the read API's dispatch. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sink_p.h"

#include "banned.h"

int sp_sink_fail(sp_sink *s, int code, const char *fmt, ...)
{
	/* format into a fresh buffer: an argument may be the current message (sp_sink_errmsg) */
	sp_buf msg;
	sp_buf_init(&msg);
	va_list ap;
	va_start(ap, fmt);
	sp_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	sp_buf_release(&s->err);
	s->err = msg;
	/* drop the trailing newline libpq puts on its messages */
	while (s->err.len && (s->err.data[s->err.len - 1] == '\n' || s->err.data[s->err.len - 1] == ' '))
		s->err.data[--s->err.len] = '\0';
	return code;
}

static bool is_postgres_url(const char *url)
{
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11))
		return true;
	/* a libpq conninfo starts with "keyword=" */
	const char *p = url;
	while (isspace((unsigned char)*p))
		p++;
	const char *k = p;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	while (isspace((unsigned char)*p))
		p++;
	return p > k && *p == '=';
}

const char *sp_sink_sqlite_path(const char *url)
{
	if (is_postgres_url(url))
		return NULL;
	return strncmp(url, "sqlite:", 7) ? url : url + 7;
}

int sp_sink_open(const char *url, sp_sink **out)
{
	sp_sink *s = calloc(1, sizeof *s);
	*out = s;
	if (!s)
		return SP_ENOMEM;
	sp_buf_init(&s->err);
	s->failed_table = -1;
	s->failed_row = -1;
	if (is_postgres_url(url)) {
		s->ops = &sp_sink_pg_ops;
	} else {
		s->ops = &sp_sink_sqlite_ops;
		if (!strncmp(url, "sqlite:", 7))
			url += 7;
	}
	s->url = strdup(url);
	if (!s->url)
		return SP_ENOMEM;
	return s->ops->open(s, url);
}

void sp_sink_close(sp_sink *s)
{
	if (!s)
		return;
	if (s->ops && s->impl)
		s->ops->close(s);
	free(s->url);
	sp_buf_release(&s->err);
	free(s);
}

const char *sp_sink_errmsg(const sp_sink *s)
{
	return s && s->err.data ? s->err.data : "";
}

const char *sp_sink_dialect(const sp_sink *s)
{
	return s->ops->dialect;
}

void sp_sink_failed_row(const sp_sink *s, int *table, int64_t *row)
{
	*table = s->failed_table;
	*row = s->failed_row;
}

void sp_sink_redact(const char *url, sp_buf *out)
{
	const char *scheme = strstr(url, "://");
	if (scheme) {
		/* scheme://user:password@host → scheme://user:***@host */
		const char *auth = scheme + 3;
		const char *at = strchr(auth, '@');
		const char *slash = strchr(auth, '/');
		const char *colon = strchr(auth, ':');
		if (at && (!slash || at < slash) && colon && colon < at) {
			sp_buf_append(out, url, (size_t)(colon + 1 - url));
			sp_buf_puts(out, "***");
			url = at;
		}
	}
	/* conninfo or URI query: password=secret → password=*** */
	for (const char *p = url; *p;) {
		const char *hit = strstr(p, "password");
		if (!hit) {
			sp_buf_puts(out, p);
			break;
		}
		const char *q = hit + 8;
		while (*q == ' ')
			q++;
		if (*q != '=') {
			sp_buf_append(out, p, (size_t)(q - p));
			p = q;
			continue;
		}
		q++;
		while (*q == ' ')
			q++;
		sp_buf_append(out, p, (size_t)(q - p));
		sp_buf_puts(out, "***");
		if (*q == '\'') {
			for (q++; *q && *q != '\''; q++)
				if (*q == '\\' && q[1])
					q++;
			if (*q)
				q++;
		} else {
			while (*q && *q != ' ' && *q != '&')
				q++;
		}
		p = q;
	}
}

/* ---- migrations ---- */

static void checksum_of(const char *sql, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)sp_hash64(sql, strlen(sql)));
}

static const sp_migration_row *find_applied(const sp_migration_rows *rows, int version)
{
	for (size_t i = 0; i < rows->n; i++)
		if (rows->v[i].version == version)
			return &rows->v[i];
	return NULL;
}

/* Compares what the database has applied with what this binary carries. */
static int check_applied(sp_sink *s, const sp_migration_rows *rows)
{
	const sp_embedded_migration *m = s->ops->migrations;
	size_t n = *s->ops->migration_count;
	int known = n ? m[n - 1].version : 0;
	for (size_t i = 0; i < rows->n; i++) {
		const sp_migration_row *r = &rows->v[i];
		if (r->version > known)
			return sp_sink_fail(
				s, SP_ESCHEMA,
				"database schema is at migration %d (%s), newer than this snakepipe "
				"(knows up to %d): upgrade snakepipe",
				r->version, r->name, known);
		for (size_t k = 0; k < n; k++) {
			if (m[k].version != r->version)
				continue;
			char sum[17];
			checksum_of(m[k].sql, sum);
			if (strcmp(sum, r->checksum))
				return sp_sink_fail(
					s, SP_ESCHEMA,
					"migration %d (%s) was altered: checksum %s in the database, %s "
					"in this snakepipe",
					r->version, r->name, r->checksum, sum);
		}
	}
	return 0;
}

/* Migration m's schema_migrations row: its version, name and checksum. */
static int record_applied(sp_sink *s, const sp_embedded_migration *m)
{
	sp_migration_row row = {.version = m->version};
	snprintf(row.name, sizeof row.name, "%s", m->name);
	checksum_of(m->sql, row.checksum);
	return sp_sink_migration_record(s, &row);
}

/* SQLite: the pages a migration wrote go back to the database file at once, so that the WAL of a
   fresh database holds one migration's pages, not every version of the schema pages all of them
   wrote (0.8 MB: a 1 MiB disk was full before the first run). */
static void checkpoint_migration(sp_sink *s)
{
	if (!strcmp(sp_sink_dialect(s), "sqlite"))
		(void)s->ops->exec(s, "PRAGMA wal_checkpoint(PASSIVE)");
}

/* An empty database (inside the caller's transaction): the schema every migration leaves, as one
   script built from them (tools/embed.py), then a row for each migration, as if each had run.
   SQLite parsed the whole schema again after each of the twenty migrations' statements and
   committed each: 60 ms of a run whose files take 30 (perf/README.md, issue 11, session 8). */
static int migrate_fresh(sp_sink *s)
{
	const sp_embedded_migration *m = s->ops->migrations;
	int rc = s->ops->exec(s, s->ops->fresh_schema);
	if (rc) {
		char *msg = strdup(sp_sink_errmsg(s));
		sp_sink_fail(s, rc, "the schema of a fresh database failed: %s", msg ? msg : "");
		free(msg);
		return rc;
	}
	for (size_t i = 0; !rc && i < *s->ops->migration_count; i++)
		rc = record_applied(s, &m[i]);
	return rc;
}

int sp_sink_migrate(sp_sink *s)
{
	sp_migration_rows rows = {0};
	const sp_embedded_migration *m = s->ops->migrations;
	size_t n = *s->ops->migration_count;
	/* the common case, an up-to-date database, needs no lock and no write transaction */
	int rc = s->ops->migrations_applied(s, &rows);
	if (!rc)
		rc = check_applied(s, &rows);
	bool current = !rc;
	for (size_t i = 0; current && i < n; i++)
		current = find_applied(&rows, m[i].version) != NULL;
	if (rc || current) {
		sp_array_release(&rows);
		return rc;
	}
	bool empty = !rows.n && s->ops->empty_setup;
	rc = s->ops->migration_lock(s, true);
	if (rc) {
		sp_array_release(&rows);
		return rc;
	}
	if (empty && (rc = s->ops->exec(s, s->ops->empty_setup)))
		goto out;
	if (s->ops->fresh_schema) {
		bool fresh = false;
		if ((rc = s->ops->begin(s)))
			goto out;
		if ((rc = s->ops->is_fresh(s, &fresh)) || (fresh && (rc = migrate_fresh(s)))) {
			s->ops->abort(s);
			goto out;
		}
		if ((rc = s->ops->commit(s)))
			goto out;
		if (fresh) { /* every migration is recorded: the loop below has nothing to do */
			checkpoint_migration(s);
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++) {
		/* re-read inside the transaction: a concurrent run may have applied it meanwhile */
		if ((rc = s->ops->begin(s)))
			goto out;
		rows.n = 0;
		if ((rc = s->ops->migrations_applied(s, &rows)) || (rc = check_applied(s, &rows))) {
			s->ops->abort(s);
			goto out;
		}
		if (find_applied(&rows, m[i].version)) {
			if ((rc = s->ops->commit(s)))
				goto out;
			continue;
		}
		if ((rc = s->ops->exec(s, m[i].sql))) {
			char *msg = strdup(sp_sink_errmsg(s));
			sp_sink_fail(s, rc, "migration %04d_%s failed: %s", m[i].version, m[i].name,
				     msg ? msg : "");
			free(msg);
			s->ops->abort(s);
			goto out;
		}
		if ((rc = record_applied(s, &m[i])) || (rc = s->ops->commit(s))) {
			s->ops->abort(s);
			goto out;
		}
		checkpoint_migration(s);
	}
out:
	if (empty)
		(void)s->ops->exec(s, s->ops->empty_reset);
	s->ops->migration_lock(s, false);
	sp_array_release(&rows);
	return rc;
}

int sp_sink_migration_status(sp_sink *s, sp_buf *report, int *pending)
{
	sp_migration_rows rows = {0};
	int rc = s->ops->migrations_applied(s, &rows);
	if (!rc)
		rc = check_applied(s, &rows);
	*pending = 0;
	const sp_embedded_migration *m = s->ops->migrations;
	for (size_t i = 0; !rc && i < *s->ops->migration_count; i++) {
		bool applied = find_applied(&rows, m[i].version) != NULL;
		*pending += !applied;
		sp_buf_printf(report, "%04d %s %s\n", m[i].version, m[i].name,
			      applied ? "applied" : "pending");
	}
	sp_array_release(&rows);
	return rc;
}

/* ---- thin dispatch ---- */

int sp_sink_repo_lock(sp_sink *s, int64_t id, bool wait)
{
	return s->ops->repo_lock(s, id, wait);
}

int sp_sink_repo_unlock(sp_sink *s, int64_t id)
{
	return s->ops->repo_unlock(s, id);
}

int sp_sink_repo_recover(sp_sink *s, int64_t id)
{
	return s->ops->repo_recover(s, id);
}

int sp_sink_snapshot_start(sp_sink *s, int64_t repo, const char *commit, int64_t path_set, int64_t *id)
{
	return s->ops->snapshot_start(s, repo, commit, path_set, NULL, true, id);
}

int sp_sink_snapshot_start_ref(sp_sink *s, int64_t repo, const char *commit, int64_t path_set,
			       const char *ref, bool on_default, int64_t *id)
{
	return s->ops->snapshot_start(s, repo, commit, path_set, ref, on_default, id);
}

int sp_sink_snapshot_finish(sp_sink *s, int64_t repo, int64_t snap, bool complete,
			    const sp_snapshot_counts *c, const char *error)
{
	return s->ops->snapshot_finish(s, repo, snap, complete, c, error);
}

void sp_sink_get_stats(const sp_sink *s, sp_sink_stats *out)
{
	*out = s->stats;
}

void sp_sink_on_event(sp_sink *s, sp_sink_event_cb cb, void *ctx)
{
	s->on_event = cb;
	s->on_event_ctx = ctx;
}

static void emit(sp_sink *s, sp_sink_event e)
{
	if (s->on_event)
		s->on_event(s->on_event_ctx, &e);
}

int sp_sink_begin(sp_sink *s)
{
	s->data_error = false;
	memset(s->pending_rows, 0, sizeof s->pending_rows);
	s->txn_started = sp_now();
	return s->ops->begin(s);
}

int sp_sink_write(sp_sink *s, const sp_batch *b)
{
	s->failed_table = -1;
	s->failed_row = -1;
	s->data_error = false;
	for (int t = 0; t < SP_TBL_COUNT; t++) {
		if (!b->rows[t])
			continue;
		double t0 = sp_now();
		int rc = s->ops->write_rows(s, b, (sp_table_id)t);
		s->stats.write_seconds += sp_now() - t0;
		if (rc) {
			s->failed_table = t;
			return rc;
		}
		s->pending_rows[t] += (int64_t)b->rows[t];
	}
	return 0;
}

int sp_sink_write_cells(sp_sink *s, const sp_table *tb, const sp_value *cells, size_t nrows, bool more)
{
	s->failed_table = -1;
	s->failed_row = -1;
	s->data_error = false;
	if (!nrows && more)
		return 0;
	double t0 = sp_now();
	int rc = s->ops->write_cells(s, tb, cells, nrows, more);
	s->stats.write_seconds += sp_now() - t0;
	return rc;
}

int sp_sink_write_rows(sp_sink *s, const sp_table *tb, const sp_value *cells, size_t nrows)
{
	int rc = sp_sink_write_cells(s, tb, cells, nrows, false);
	return rc ? rc : sp_sink_end_cells(s);
}

int sp_sink_end_cells(sp_sink *s)
{
	return s->ops->end_cells ? s->ops->end_cells(s) : 0;
}

bool sp_sink_streams_cells(const sp_sink *s)
{
	return s->ops->end_cells != NULL;
}

int sp_sink_commit(sp_sink *s)
{
	s->data_error = false;
	double t0 = sp_now();
	int rc = sp_sink_end_cells(s); /* rows still streaming belong to the transaction */
	if (!rc)
		rc = s->ops->commit(s);
	double t1 = sp_now();
	s->stats.commit_seconds += t1 - t0;
	if (rc)
		return rc;
	int64_t rows = 0;
	for (int t = 0; t < SP_TBL_COUNT; t++)
		s->stats.rows[t] += s->pending_rows[t], rows += s->pending_rows[t];
	memset(s->pending_rows, 0, sizeof s->pending_rows);
	s->stats.commits++;
	if (rows) /* snapshot bookkeeping commits too: only batches of rows are events */
		emit(s, (sp_sink_event){SP_SINK_COMMITTED, rows, (t1 - s->txn_started) * 1e3, NULL});
	return 0;
}

bool sp_sink_data_error(const sp_sink *s)
{
	return s->data_error;
}

int sp_sink_abort(sp_sink *s)
{
	return s->ops->abort(s);
}

int sp_sink_scalar(sp_sink *s, const char *sql, int64_t a, int64_t b, int64_t *out)
{
	sp_param p[] = {SP_PARAM_INT(a), SP_PARAM_INT(b)};
	size_t n = strstr(sql, "$2") ? 2 : strstr(sql, "$1") ? 1 : 0;
	return sp_sink_query_int(s, sql, p, n, out);
}

/* ---- the read API ---- */

int sp_sink_query(sp_sink *s, const char *sql, const sp_param *params, size_t n, sp_rows **out)
{
	return sp_sink_query_as(s, NULL, sql, params, n, out);
}

int sp_sink_query_as(sp_sink *s, const char *what, const char *sql, const sp_param *params, size_t n,
		     sp_rows **out)
{
	*out = NULL;
	sp_rows *r = calloc(1, sizeof *r);
	if (!r)
		return sp_sink_fail(s, SP_ENOMEM, "out of memory");
	r->sink = s;
	r->row = -1;
	r->what = what;
	int rc = s->ops->query(s, sql, params, n, r);
	if (rc)
		free(r);
	else
		*out = r;
	return rc;
}

int sp_rows_next(sp_rows *r)
{
	if (r->done)
		return 0;
	int rc = r->sink->ops->rows_next(r);
	r->done = rc <= 0;
	return rc;
}

bool sp_rows_null(const sp_rows *r, int col)
{
	return r->sink->ops->rows_null(r, col);
}

int64_t sp_rows_int(const sp_rows *r, int col)
{
	return r->sink->ops->rows_int(r, col);
}

const char *sp_rows_text(const sp_rows *r, int col)
{
	return r->sink->ops->rows_text(r, col);
}

void sp_rows_free(sp_rows *r)
{
	if (!r)
		return;
	r->sink->ops->rows_release(r);
	free(r);
}

int sp_sink_query_int(sp_sink *s, const char *sql, const sp_param *params, size_t n, int64_t *out)
{
	*out = 0;
	sp_rows *r;
	int rc = sp_sink_query(s, sql, params, n, &r);
	if (rc)
		return rc;
	/* to the end: an INSERT … RETURNING in SQLite is done only when stepped past its rows */
	for (bool first = true; (rc = sp_rows_next(r)) > 0; first = false)
		if (first)
			*out = sp_rows_int(r, 0);
	sp_rows_free(r);
	return rc < 0 ? rc : 0;
}

bool sp_sink_lost(const sp_sink *s)
{
	return s->impl && s->ops->lost(s);
}

int sp_sink_reconnect(sp_sink *s)
{
	if (s->impl)
		s->ops->close(s);
	double t0 = sp_now();
	s->stats.reconnect_attempts++;
	int rc = s->ops->open(s, s->url);
	double ms = (sp_now() - t0) * 1e3;
	s->stats.reconnects += !rc;
	emit(s, (sp_sink_event){rc ? SP_SINK_RECONNECT_FAILED : SP_SINK_RECONNECTED, 0, ms,
				rc ? sp_sink_errmsg(s) : NULL});
	return rc;
}

int sp_sink_exec(sp_sink *s, const char *sql)
{
	return s->ops->exec(s, sql);
}
