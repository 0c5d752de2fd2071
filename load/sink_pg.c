/* load/sink_pg.c: the PostgreSQL sink. Each batch is one transaction of COPY … FROM STDIN per
   table, streamed with PQputCopyData and ended with PQputCopyEnd (an error text aborts it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pq_dl.h"
#include "sink_p.h"

#include "banned.h"

/* advisory lock keys: (class, object) pairs of int4 */
#define LOCK_CLASS_MIGRATE 0x53504d00 /* "SPM" */
#define LOCK_CLASS_REPO 0x53505200 /* "SPR" */
#define COPY_CHUNK (256 * 1024)

typedef struct pg_impl {
	PGconn *conn;
	sp_buf copy;
	bool in_tx;
	const sp_table *copying; /* the table of a COPY write_cells left open */
} pg_impl;

#define IMPL(s) ((pg_impl *)(s)->impl)

static int conn_fail(sp_sink *s, const char *what)
{
	return sp_sink_fail(s, PQstatus(IMPL(s)->conn) == CONNECTION_OK ? SP_EDB : SP_ECONNECT, "%s: %s",
			    what, PQerrorMessage(IMPL(s)->conn));
}

/* Consumes a result: 0 when its status is the expected one, else the server's message. */
static int check(sp_sink *s, PGresult *res, ExecStatusType want, const char *what)
{
	int rc = 0;
	if (!res)
		rc = conn_fail(s, what);
	else if (PQresultStatus(res) != want)
		rc = sp_sink_fail(s, SP_EDB, "%s: %s", what, PQresultErrorMessage(res));
	PQclear(res);
	return rc;
}

static int pg_exec(sp_sink *s, const char *sql)
{
	PGresult *res = PQexec(IMPL(s)->conn, sql);
	if (!res)
		return conn_fail(s, "query");
	ExecStatusType st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		PQclear(res);
		return 0;
	}
	int rc = sp_sink_fail(s, SP_EDB, "%s", PQresultErrorMessage(res));
	PQclear(res);
	return rc;
}

static void notice_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg; /* "extension already exists" and the like are not for the user */
}

static int pg_open(sp_sink *s, const char *url)
{
	pg_impl *p = calloc(1, sizeof *p);
	if (!p)
		return SP_ENOMEM;
	s->impl = p;
	sp_buf_init(&p->copy);
	const char *why;
	if (sp_pq_load(&why))
		return sp_sink_fail(s, SP_ECONNECT, "%s", why);
	p->conn = PQconnectdb(url);
	if (!p->conn)
		return sp_sink_fail(s, SP_ENOMEM, "out of memory");
	if (PQstatus(p->conn) != CONNECTION_OK)
		return sp_sink_fail(s, SP_ECONNECT, "%s", PQerrorMessage(p->conn));
	PQsetNoticeProcessor(p->conn, notice_quiet, NULL);
	/* a run trusts every COMMIT it saw succeed, so none may vanish in a server crash: a server
	   configured with synchronous_commit off gets it raised to local for this session only */
	return pg_exec(s, "SET client_encoding = 'UTF8'; "
			  "SELECT set_config('synchronous_commit', 'local', false) "
			  "WHERE current_setting('synchronous_commit') = 'off'");
}

static void pg_close(sp_sink *s)
{
	pg_impl *p = IMPL(s);
	PQfinish(p->conn);
	sp_buf_release(&p->copy);
	free(p);
	s->impl = NULL;
}

static int pg_begin(sp_sink *s)
{
	int rc = pg_exec(s, "BEGIN");
	if (!rc)
		IMPL(s)->in_tx = true;
	return rc;
}

/* SQLSTATE class 22 (data exception) or 23 (integrity constraint violation): the server refused
   what the rows hold, not the session or the schema. */
static bool data_refused(const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	return state && state[0] == '2' && (state[1] == '2' || state[1] == '3');
}

static int pg_commit(sp_sink *s)
{
	/* deferred constraints are checked here */
	PGresult *res = PQexec(IMPL(s)->conn, "COMMIT");
	int rc = 0;
	if (!res)
		rc = conn_fail(s, "commit");
	else if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		s->data_error = data_refused(res);
		rc = sp_sink_fail(s, SP_EDB, "%s", PQresultErrorMessage(res));
	}
	PQclear(res);
	IMPL(s)->in_tx = false;
	return rc;
}

static int pg_abort(sp_sink *s)
{
	pg_impl *p = IMPL(s);
	if (PQstatus(p->conn) != CONNECTION_OK)
		return 0;
	/* still inside COPY (the error was ours): end it with an error so the server rolls back */
	PGresult *r;
	if (PQtransactionStatus(p->conn) == PQTRANS_ACTIVE) {
		PQputCopyEnd(p->conn, "snakepipe aborted the batch");
		while ((r = PQgetResult(p->conn)))
			PQclear(r);
	}
	p->copying = NULL;
	if (PQtransactionStatus(p->conn) != PQTRANS_IDLE) {
		r = PQexec(p->conn, "ROLLBACK");
		PQclear(r);
	}
	p->in_tx = false;
	return 0;
}

/* "CONTEXT: COPY functions, line 12" → row 11 of the batch's table. */
static int64_t copy_error_row(PGresult *res)
{
	const char *ctx = PQresultErrorField(res, PG_DIAG_CONTEXT);
	const char *line = ctx ? strstr(ctx, ", line ") : NULL;
	return line ? strtoll(line + 7, NULL, 10) - 1 : -1;
}

/* Ends the COPY in progress; the server's verdict on all of its rows (every result read, so the
   connection is reusable). rc: an earlier failure, kept. */
static int copy_end(sp_sink *s, int rc)
{
	pg_impl *p = IMPL(s);
	p->copying = NULL;
	if (!rc && PQputCopyEnd(p->conn, NULL) != 1)
		rc = conn_fail(s, "COPY");
	PGresult *res;
	while ((res = PQgetResult(p->conn))) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && !rc) {
			s->failed_row = copy_error_row(res);
			s->data_error = data_refused(res);
			rc = sp_sink_fail(s, SP_EDB, "%s", PQresultErrorMessage(res));
		}
		PQclear(res);
	}
	return rc;
}

static int pg_end_cells(sp_sink *s)
{
	return IMPL(s)->copying ? copy_end(s, 0) : 0;
}

/* One COPY of the rows; with more, it stays open for rows of the same table (pg_end_cells). */
static int pg_copy(sp_sink *s, const sp_table *tb, const sp_value *cells, size_t total, bool more)
{
	pg_impl *p = IMPL(s);
	int rc = p->copying && p->copying != tb ? copy_end(s, 0) : 0;
	if (rc || (!p->copying && !total))
		return rc;
	if (!p->copying) {
		sp_buf_reset(&p->copy);
		sp_sql_insert_table(&p->copy, tb, true);
		if (p->copy.err)
			return sp_sink_fail(s, SP_ENOMEM, "out of memory");
		PGresult *res = PQexec(p->conn, p->copy.data);
		if (check(s, res, PGRES_COPY_IN, tb->name))
			return SP_EDB;
		p->copying = tb;
	}
	for (size_t r = 0; r < total && !rc;) {
		sp_buf_reset(&p->copy);
		size_t first = r;
		while (r < total && p->copy.len < COPY_CHUNK)
			sp_copy_encode_cells(&p->copy, tb, cells, r++, 1);
		if (p->copy.err) {
			PQputCopyEnd(p->conn, "snakepipe: out of memory while encoding rows");
			rc = sp_sink_fail(s, SP_ENOMEM, "out of memory encoding %s rows from %zu",
					  tb->name, first);
			break;
		}
		if (PQputCopyData(p->conn, p->copy.data, (int)p->copy.len) != 1) {
			rc = conn_fail(s, tb->name);
			break;
		}
	}
	return rc || !more ? copy_end(s, rc) : 0;
}

static int pg_write_rows(sp_sink *s, const sp_batch *b, sp_table_id t)
{
	return pg_copy(s, &sp_tables[t], b->cells[t].v, b->rows[t], false);
}

/* ---- parameterised statements ---- */

typedef struct param {
	char num[24];
	const char *s;
} param;

static const char *P_INT(param *p, int64_t v)
{
	/* cppcheck-suppress ctuuninitvar ; p->num is only written here */
	snprintf(p->num, sizeof p->num, "%lld", (long long)v);
	return p->num;
}

static PGresult *execp(sp_sink *s, const char *sql, int n, const char *const *values)
{
	return PQexecParams(IMPL(s)->conn, sql, n, NULL, values, NULL, NULL, 0);
}

/* Runs a statement whose first row's first column (if any) is an integer. */
static int run1(sp_sink *s, const char *sql, int n, const char *const *values, int64_t *out)
{
	PGresult *res = execp(s, sql, n, values);
	if (!res)
		return conn_fail(s, "query");
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		int rc = sp_sink_fail(s, SP_EDB, "%s", PQresultErrorMessage(res));
		PQclear(res);
		return rc;
	}
	if (out && st == PGRES_TUPLES_OK && PQntuples(res) > 0)
		*out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

static int pg_migration_lock(sp_sink *s, bool lock)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT pg_advisory_%s(%d, 0)", lock ? "lock" : "unlock",
		 LOCK_CLASS_MIGRATE);
	int rc = pg_exec(s, sql);
	if (rc || !lock)
		return rc;
	return pg_exec(s, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			  "version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, "
			  "applied_at timestamptz NOT NULL DEFAULT now())");
}

static int pg_migrations_applied(sp_sink *s, sp_migration_rows *rows)
{
	/* one round trip: a database without the table has applied nothing (42P01 undefined_table);
	   the locked path creates the table before it asks, inside its transaction */
	PGresult *res = PQexec(IMPL(s)->conn,
			       "SELECT version, name, checksum FROM schema_migrations ORDER BY 1");
	if (res && PQresultStatus(res) == PGRES_FATAL_ERROR) {
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		if (state && !strcmp(state, "42P01")) {
			PQclear(res);
			return 0;
		}
	}
	if (!res || PQresultStatus(res) != PGRES_TUPLES_OK)
		return check(s, res, PGRES_TUPLES_OK, "schema_migrations");
	for (int i = 0; i < PQntuples(res); i++) {
		sp_migration_row r = {.version = atoi(PQgetvalue(res, i, 0))};
		snprintf(r.name, sizeof r.name, "%s", PQgetvalue(res, i, 1));
		snprintf(r.checksum, sizeof r.checksum, "%s", PQgetvalue(res, i, 2));
		if (sp_array_push(rows, r)) {
			PQclear(res);
			return SP_ENOMEM;
		}
	}
	PQclear(res);
	return 0;
}

static int pg_repo_lock(sp_sink *s, int64_t id, bool wait)
{
	/* session-level lock: held until the connection closes, so a crash releases it */
	param p, q;
	const char *v[] = {P_INT(&p, LOCK_CLASS_REPO), P_INT(&q, id)};
	int64_t got = 0;
	int rc = run1(s,
		      wait ? "SELECT pg_advisory_lock($1::int, $2::int), 1"
			   : "SELECT pg_try_advisory_lock($1::int, $2::int)::int",
		      2, v, &got);
	if (!rc && !wait && !got)
		rc = sp_sink_fail(s, SP_ELOCK, "another snakepipe run holds repository %lld",
				  (long long)id);
	return rc;
}

static int pg_repo_unlock(sp_sink *s, int64_t id)
{
	param p, q;
	const char *v[] = {P_INT(&p, LOCK_CLASS_REPO), P_INT(&q, id)};
	int64_t ignored = 0; /* false when this session did not hold it: nothing to release */
	return run1(s, "SELECT pg_advisory_unlock($1::int, $2::int)::int", 2, v, &ignored);
}

static int pg_repo_recover(sp_sink *s, int64_t id)
{
	/* one atomic statement: the stale snapshots fail and lose their files rows together */
	param p;
	const char *r[] = {P_INT(&p, id)};
	return run1(s,
		    "WITH stale AS (UPDATE snapshots SET status = 'failed', finished_at = now(), "
		    "error = 'abandoned: the run that started it stopped before finishing' "
		    "WHERE repository_id = $1 AND status = 'running' RETURNING snapshot_id) "
		    "DELETE FROM files WHERE repository_id = $1 AND snapshot_id IN (SELECT snapshot_id "
		    "FROM stale)",
		    1, r, NULL);
}

static int pg_snapshot_start(sp_sink *s, int64_t repo, const char *commit, int64_t path_set,
			     const char *ref, bool on_default, int64_t *id)
{
	param p, q;
	const char *v[] = {P_INT(&p, repo), commit, P_INT(&q, path_set), ref,
			   on_default ? "true" : "false"};
	return run1(s,
		    "INSERT INTO snapshots (repository_id, snapshot_id, commit_sha, path_set, ref, "
		    "on_default, status) "
		    "SELECT $1, coalesce(max(snapshot_id), 0) + 1, $2, $3, $4, $5, 'running' FROM "
		    "snapshots WHERE repository_id = $1 RETURNING snapshot_id",
		    5, v, id);
}

static int pg_snapshot_finish(sp_sink *s, int64_t repo, int64_t snap, bool complete,
			      const sp_snapshot_counts *c, const char *error)
{
	param p[11];
	if (!complete) { /* a failed snapshot keeps no files; its blobs and dependencies stay for reuse */
		const char *d[] = {P_INT(&p[0], repo), P_INT(&p[1], snap)};
		int rc = run1(s, "DELETE FROM files WHERE repository_id = $1 AND snapshot_id = $2", 2, d,
			      NULL);
		if (rc)
			return rc;
	}
	const char *v[] = {complete ? "complete" : "failed",
			   P_INT(&p[0], c->files_total),
			   P_INT(&p[1], c->files_parsed),
			   P_INT(&p[2], c->files_reused),
			   P_INT(&p[3], c->files_skipped),
			   P_INT(&p[4], c->files_failed),
			   P_INT(&p[5], c->functions),
			   P_INT(&p[6], c->classes),
			   P_INT(&p[7], c->imports),
			   P_INT(&p[8], c->rows),
			   error,
			   P_INT(&p[9], repo),
			   P_INT(&p[10], snap)};
	return run1(s,
		    "UPDATE snapshots SET status = $1, finished_at = now(), files_total = $2, "
		    "files_parsed = $3, files_reused = $4, files_skipped = $5, files_failed = $6, "
		    "functions = $7, classes = $8, imports = $9, rows_written = $10, error = $11 "
		    "WHERE repository_id = $12 AND snapshot_id = $13",
		    13, v, NULL);
}

/* The paths a run carries over, into a temporary table of the session, as one COPY. */
static int pg_carry_paths(sp_sink *s, const char *const *paths, size_t n)
{
	static const sp_column cols[] = {{"path", SP_COL_TEXT}};
	static const sp_table carry = {"sp_carry", cols, 1};
	int rc = pg_exec(s, "CREATE TEMP TABLE IF NOT EXISTS sp_carry (path text PRIMARY KEY); "
			    "TRUNCATE sp_carry");
	if (rc)
		return rc;
	sp_value *cells = calloc(n ? n : 1, sizeof *cells);
	if (!cells)
		return sp_sink_fail(s, SP_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		cells[i] = (sp_value){.s = paths[i], .len = (uint32_t)strlen(paths[i])};
	rc = pg_copy(s, &carry, cells, n, false);
	free(cells);
	return rc;
}

/* ---- the read API: the whole result is fetched, then walked row by row ---- */

static int pg_query(sp_sink *s, const char *sql, const sp_param *p, size_t n, sp_rows *r)
{
	if (n > 65535)
		return sp_sink_fail(s, SP_EUSAGE, "%zu parameters, over PostgreSQL's 65535", n);
	param *num = calloc(n ? n : 1, sizeof *num);
	const char **v = calloc(n ? n : 1, sizeof *v);
	int rc = 0;
	if (!num || !v) {
		rc = sp_sink_fail(s, SP_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = p[i].null ? NULL : p[i].text ? p[i].text : P_INT(&num[i], p[i].i);
	PGresult *res = execp(s, sql, (int)n, v);
	if (!res) {
		rc = conn_fail(s, r->what ? r->what : "query");
		goto out;
	}
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		rc = sp_sink_fail(s, SP_EDB, "%s%s%s", r->what ? r->what : "", r->what ? ": " : "",
				  PQresultErrorMessage(res));
		PQclear(res);
		goto out;
	}
	r->stmt = res;
	r->nrows = PQntuples(res);
out:
	free(num);
	free(v);
	return rc;
}

static int pg_rows_next(sp_rows *r)
{
	if (r->row < r->nrows)
		r->row++;
	return r->row < r->nrows;
}

static bool pg_rows_null(const sp_rows *r, int col)
{
	return PQgetisnull(r->stmt, r->row, col);
}

/* booleans come as 't' / 'f': 1 / 0, as SQLite stores them */
static int64_t pg_rows_int(const sp_rows *r, int col)
{
	if (PQgetisnull(r->stmt, r->row, col))
		return 0;
	const char *v = PQgetvalue(r->stmt, r->row, col);
	return *v == 't' ? 1 : *v == 'f' ? 0 : strtoll(v, NULL, 10);
}

static const char *pg_rows_text(const sp_rows *r, int col)
{
	return PQgetisnull(r->stmt, r->row, col) ? NULL : PQgetvalue(r->stmt, r->row, col);
}

static void pg_rows_release(sp_rows *r)
{
	PQclear(r->stmt);
}

static bool pg_lost(const sp_sink *s)
{
	const pg_impl *p = s->impl;
	return !p->conn || PQstatus(p->conn) != CONNECTION_OK;
}

const sp_sink_ops sp_sink_pg_ops = {
	.dialect = "postgresql",
	.epoch_param = "to_timestamp($2)",
	.migrations = sp_migrations_postgres,
	.migration_count = &sp_migrations_postgres_count,
	.sql_imports_of_blobs = sp_sql_imports_of_blobs_postgres,
	.id_list_brackets = "{}", /* an array literal for = ANY($2::bigint[]) */
	.carry_one_statement = true,
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.abort = pg_abort,
	.write_rows = pg_write_rows,
	.write_cells = pg_copy,
	.end_cells = pg_end_cells,
	/* the joins as written: migration 0013's INSERT ... SELECT over 0007's view of calls took
	   84 ms to plan, a third of a fresh database's migrations (0.28 -> 0.20 s in all) */
	.empty_setup = "SET join_collapse_limit = 1; SET from_collapse_limit = 1",
	.empty_reset = "RESET join_collapse_limit; RESET from_collapse_limit",
	.migration_lock = pg_migration_lock,
	.migrations_applied = pg_migrations_applied,
	.repo_lock = pg_repo_lock,
	.repo_unlock = pg_repo_unlock,
	.repo_recover = pg_repo_recover,
	.snapshot_start = pg_snapshot_start,
	.snapshot_finish = pg_snapshot_finish,
	.query = pg_query,
	.rows_next = pg_rows_next,
	.rows_null = pg_rows_null,
	.rows_int = pg_rows_int,
	.rows_text = pg_rows_text,
	.rows_release = pg_rows_release,
	.lost = pg_lost,
	.carry_paths = pg_carry_paths,
	.begin_copy = pg_begin, /* foreign keys cannot be switched off for a session */
};
