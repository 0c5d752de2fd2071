/* load/sink_sqlite.c: the embedded default sink. Prepared inserts bound from the table
   descriptors, WAL journal, one transaction per batch, busy timeout against concurrent runs. */
#define _GNU_SOURCE /* F_OFD_SETLK */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sink_sqlite_p.h"

#include "banned.h"

/* SQLite's message, with the operating system's reason after an I/O failure: "disk I/O error"
   alone does not tell a full disk (ENOSPC) from a file size limit (EFBIG) or a permission. */
const char *sp_sq_errmsg(sqlite3 *db, char *buf, size_t n)
{
	int ext = sqlite3_extended_errcode(db), primary = ext & 0xff;
	int sys = sqlite3_system_errno(db); /* 0 when SQLite did not keep it */
	if (sys && (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN)) {
		snprintf(buf, n, "%s (%s)", sqlite3_errmsg(db), strerror(sys));
		return buf;
	}
	if (ext == SQLITE_IOERR_WRITE || ext == SQLITE_IOERR_FSYNC || ext == SQLITE_IOERR_TRUNCATE) {
		snprintf(buf, n,
			 "%s (a write to the database file failed: disk full or a file size limit?)",
			 sqlite3_errmsg(db));
		return buf;
	}
	return sqlite3_errmsg(db);
}

int sp_sq_fail(sp_sink *s, const char *what)
{
	char buf[512];
	return sp_sink_fail(s, SP_EDB, "%s: %s", what, sp_sq_errmsg(IMPL(s)->db, buf, sizeof buf));
}

static int sq_exec(sp_sink *s, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(IMPL(s)->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		char buf[512];
		int primary = sqlite3_extended_errcode(IMPL(s)->db) & 0xff;
		bool io =
			primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN;
		int rc = sp_sink_fail(s, SP_EDB, "%s",
				      msg && !io ? msg : sp_sq_errmsg(IMPL(s)->db, buf, sizeof buf));
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

/* Before SQLite's first use in the process: no memory statistics, whose upkeep takes a global
   mutex on every allocation SQLite makes (two per row inserted; 0.1-0.2 s of the stdlib's 2.4 s of
   CPU). Nothing reads them. Statement journals in memory: a multi-row INSERT (16 rows a step,
   sink_sqlite_insert.c) may fail half-way, so SQLite keeps the first copy of every page it
   changes until it ends, and past 64 KiB spilled them to a temporary file: 510,000 of the 585,000
   pages an index of 10 % of the kernel's C files wrote were these (strace -c), 0.5 s of system
   time; in memory they stay one statement's pages. A process that used SQLite before keeps its
   settings (SQLITE_MISUSE). */
static void sq_configure(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	(void)sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
}

static int sq_open(sp_sink *s, const char *path)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	pthread_once(&configured, sq_configure);
	sqlite_impl *q = calloc(1, sizeof *q);
	if (!q)
		return SP_ENOMEM;
	s->impl = q;
	q->lock_fd = -1;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &q->db, flags, NULL) != SQLITE_OK)
		return sp_sink_fail(s, SP_ECONNECT, "%s: %s", path,
				    q->db ? sqlite3_errmsg(q->db) : "cannot open");
	sqlite3_busy_timeout(q->db, 60000);
	sqlite3_extended_result_codes(q->db, 1);
	/* WAL lets analysts read while a run writes; NORMAL sync is durable at each checkpoint */
	int rc = sq_exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
			    "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;");
	if (rc)
		return sp_sink_fail(s, rc, "%s: %s", path, sp_sink_errmsg(s));
	return 0;
}

static void sq_close(sp_sink *s)
{
	sqlite_impl *q = IMPL(s);
	for (int t = 0; t < SP_TBL_COUNT; t++) {
		sqlite3_finalize(q->insert[t]);
		sqlite3_finalize(q->insert_many[t]);
	}
	if (q->in_tx)
		sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
	/* Give the WAL's pages back to the database file and truncate it, unless a reader holds it
	   (no waiting: busy at once). Without it the WAL of a fresh database (every migration's
	   pages, 0.8 MB) stayed at its size, since close_v2 defers the close of a connection with
	   statements left, and the next run found the disk full before its first row. */
	sqlite3_busy_timeout(q->db, 0);
	sqlite3_exec(q->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	sqlite3_close_v2(q->db);
	if (q->lock_fd >= 0)
		close(q->lock_fd);
	free(q);
	s->impl = NULL;
}

static int sq_begin(sp_sink *s)
{
	/* IMMEDIATE takes the write lock now, so a concurrent writer waits here, not mid-batch */
	int rc = sq_exec(s, "BEGIN IMMEDIATE");
	if (!rc)
		IMPL(s)->in_tx = true;
	return rc;
}

/* What SQLite refuses for the rows' content: a constraint (also a trigger's RAISE), a value of
   the wrong type for its column, a string or blob over the size limit. */
bool sp_sq_refused(sqlite3 *db)
{
	int primary = sqlite3_extended_errcode(db) & 0xff;
	return primary == SQLITE_CONSTRAINT || primary == SQLITE_MISMATCH || primary == SQLITE_TOOBIG;
}

static int sq_commit(sp_sink *s)
{
	int rc = sq_exec(s, "COMMIT");
	if (rc)
		s->data_error = sp_sq_refused(IMPL(s)->db); /* deferred foreign keys */
	if (!rc)
		IMPL(s)->in_tx = false;
	/* carry turns foreign keys off for its one transaction; every transaction ends here or in abort */
	if (!rc && IMPL(s)->fk_off && !(rc = sq_exec(s, "PRAGMA foreign_keys = ON")))
		IMPL(s)->fk_off = false;
	return rc;
}

static int sq_abort(sp_sink *s)
{
	sqlite_impl *q = IMPL(s);
	/* keep the error that caused the abort; a failing ROLLBACK adds nothing useful */
	if (q->in_tx || !sqlite3_get_autocommit(q->db))
		sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
	q->in_tx = false;
	if (q->fk_off && sqlite3_exec(q->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) == SQLITE_OK)
		q->fk_off = false;
	return 0;
}

/* ---- small statement helpers ---- */

typedef struct bind {
	const char *s; /* text, or NULL for an integer */
	int64_t i;
	bool null;
} bind;

#define BI(x) ((bind){NULL, (x), false})
#define BS(x) ((bind){(x), 0, (x) == NULL})

static int prepare(sp_sink *s, const char *sql, const bind *b, int n, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(IMPL(s)->db, sql, -1, st, NULL) != SQLITE_OK)
		return sp_sq_fail(s, "prepare");
	for (int i = 0; i < n; i++) {
		if (b[i].null)
			sqlite3_bind_null(*st, i + 1);
		else if (b[i].s)
			sqlite3_bind_text(*st, i + 1, b[i].s, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_int64(*st, i + 1, b[i].i);
	}
	return 0;
}

/* Runs a statement returning at most one integer (into *out when non-NULL). */
static int run1(sp_sink *s, const char *sql, const bind *b, int n, int64_t *out)
{
	sqlite3_stmt *st;
	int rc = prepare(s, sql, b, n, &st);
	if (rc)
		return rc;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW && out)
		*out = sqlite3_column_int64(st, 0);
	if (step == SQLITE_ROW)
		step = sqlite3_step(st);
	rc = step == SQLITE_DONE ? 0 : sp_sq_fail(s, "query");
	sqlite3_finalize(st);
	return rc;
}

static int sq_migration_lock(sp_sink *s, bool lock)
{
	/* SQLite serialises writers itself (BEGIN IMMEDIATE per migration); just ensure the table.
	   Foreign keys are off while migrations run (outside any transaction, the only place the
	   pragma works): a migration that rebuilds a referenced table (0006) must not cascade the
	   old table's DROP into its children. */
	if (!lock)
		return sq_exec(s, "PRAGMA foreign_keys = ON");
	return sq_exec(s, "PRAGMA foreign_keys = OFF; "
			  "CREATE TABLE IF NOT EXISTS schema_migrations ("
			  "version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, "
			  "applied_at text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))");
}

static int sq_is_fresh(sp_sink *s, bool *fresh)
{
	int64_t objects = 0, applied = 0;
	int rc = run1(s, "SELECT count(*) FROM sqlite_master WHERE name <> 'schema_migrations'", NULL, 0,
		      &objects);
	if (!rc && !objects)
		rc = run1(s, "SELECT count(*) FROM schema_migrations", NULL, 0, &applied);
	*fresh = !rc && !objects && !applied;
	return rc;
}

static int sq_migrations_applied(sp_sink *s, sp_migration_rows *rows)
{
	sqlite3_stmt *st;
	int64_t exists = 0;
	int rc = run1(s, "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'", NULL, 0,
		      &exists);
	if (rc || !exists)
		return rc;
	if ((rc = prepare(s, "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
			  NULL, 0, &st)))
		return rc;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sp_migration_row r = {.version = sqlite3_column_int(st, 0)};
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *sum = (const char *)sqlite3_column_text(st, 2);
		snprintf(r.name, sizeof r.name, "%s", name ? name : "");
		snprintf(r.checksum, sizeof r.checksum, "%s", sum ? sum : "");
		if (sp_array_push(rows, r)) {
			sqlite3_finalize(st);
			return SP_ENOMEM;
		}
	}
	rc = step == SQLITE_DONE ? 0 : sp_sq_fail(s, "schema_migrations");
	sqlite3_finalize(st);
	return rc;
}

static int sq_repo_lock(sp_sink *s, int64_t id, bool wait)
{
	sqlite_impl *q = IMPL(s);
	if (q->lock_fd < 0) {
		const char *db = sqlite3_db_filename(q->db, "main");
		sp_buf path;
		sp_buf_init(&path);
		sp_buf_printf(&path, "%s-snakepipe.lock", db && *db ? db : "snakepipe.db");
		q->lock_fd = path.err ? -1 : open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		int err = errno;
		sp_buf_release(&path);
		if (q->lock_fd < 0)
			return sp_sink_fail(s, SP_EDB, "lock file: %s", strerror(err));
	}
	/* open-file-description locks: per session like PostgreSQL's, dropped when the process ends */
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = (off_t)id, .l_len = 1};
	while (fcntl(q->lock_fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl) < 0) {
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EACCES)
			return sp_sink_fail(s, SP_ELOCK, "another snakepipe run holds repository %lld",
					    (long long)id);
		return sp_sink_fail(s, SP_EDB, "lock: %s", strerror(errno));
	}
	return 0;
}

static int sq_repo_unlock(sp_sink *s, int64_t id)
{
	sqlite_impl *q = IMPL(s);
	if (q->lock_fd < 0)
		return 0;
	struct flock fl = {.l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = (off_t)id, .l_len = 1};
	if (fcntl(q->lock_fd, F_OFD_SETLK, &fl) < 0)
		return sp_sink_fail(s, SP_EDB, "unlock: %s", strerror(errno));
	return 0;
}

static int sq_repo_recover(sp_sink *s, int64_t id)
{
	int rc = sq_begin(s);
	if (rc)
		return rc;
	bind r[] = {BI(id)};
	rc = run1(s,
		  "DELETE FROM files WHERE repository_id = ?1 AND snapshot_id IN (SELECT snapshot_id "
		  "FROM snapshots WHERE repository_id = ?1 AND status <> 'complete')",
		  r, 1, NULL);
	if (!rc)
		rc = run1(s,
			  "UPDATE snapshots SET status = 'failed', "
			  "finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
			  "error = 'abandoned: the run that started it stopped before finishing' "
			  "WHERE repository_id = ? AND status = 'running'",
			  r, 1, NULL);
	if (rc) {
		sq_abort(s);
		return rc;
	}
	return sq_commit(s);
}

static int sq_snapshot_start(sp_sink *s, int64_t repo, const char *commit, int64_t path_set,
			     const char *ref, bool on_default, int64_t *id)
{
	bind b[] = {BI(repo), BS(commit), BI(path_set), BS(ref), BI(on_default), BI(repo)};
	return run1(s,
		    "INSERT INTO snapshots (repository_id, snapshot_id, commit_sha, path_set, ref, "
		    "on_default, status) "
		    "SELECT ?, coalesce(max(snapshot_id), 0) + 1, ?, ?, ?, ?, 'running' FROM snapshots "
		    "WHERE repository_id = ? RETURNING snapshot_id",
		    b, 6, id);
}

/* A failed snapshot is marked failed first, then loses its files rows: on a full disk (or at a file
   size limit) the one-page UPDATE still fits where the DELETE of every files row the run
   committed may not, and the status with its reason is what must survive (a later run deletes
   what is left). */
static int sq_snapshot_finish(sp_sink *s, int64_t repo, int64_t snap, bool complete,
			      const sp_snapshot_counts *c, const char *error)
{
	bind b[] = {BS(complete ? "complete" : "failed"),
		    BI(c->files_total),
		    BI(c->files_parsed),
		    BI(c->files_reused),
		    BI(c->files_skipped),
		    BI(c->files_failed),
		    BI(c->functions),
		    BI(c->classes),
		    BI(c->imports),
		    BI(c->rows),
		    BS(error),
		    BI(repo),
		    BI(snap)};
	int rc = run1(
		s,
		"UPDATE snapshots SET status = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
		"files_total = ?, files_parsed = ?, files_reused = ?, files_skipped = ?, "
		"files_failed = ?, functions = ?, classes = ?, imports = ?, rows_written = ?, "
		"error = ? WHERE repository_id = ? AND snapshot_id = ?",
		b, 13, NULL);
	if (rc || complete)
		return rc;
	/* a failed snapshot keeps no files; its blobs and dependencies stay for reuse */
	bind d[] = {BI(repo), BI(snap)};
	return run1(s, "DELETE FROM files WHERE repository_id = ? AND snapshot_id = ?", d, 2, NULL);
}

/* A transaction for copying rows that already satisfy every foreign key (checking each again is
   most of the copy's cost). The pragma cannot change inside a transaction, so it goes off first;
   commit and abort turn it back on. */
static int sq_begin_copy(sp_sink *s)
{
	int rc = sq_exec(s, "PRAGMA foreign_keys = OFF");
	if (rc)
		return rc;
	IMPL(s)->fk_off = true;
	rc = sq_begin(s);
	if (rc)
		sq_abort(s); /* turns foreign keys back on */
	return rc;
}

static int sq_carry_paths(sp_sink *s, const char *const *paths, size_t n)
{
	int rc = sq_exec(s, "CREATE TEMP TABLE IF NOT EXISTS sp_carry (path text PRIMARY KEY); "
			    "DELETE FROM sp_carry;");
	sqlite3_stmt *st;
	if (rc || (rc = prepare(s, "INSERT INTO sp_carry (path) VALUES (?)", NULL, 0, &st)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		sqlite3_bind_text(st, 1, paths[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = sp_sq_fail(s, "sp_carry");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- the read API ---- */

static int sq_query(sp_sink *s, const char *sql, const sp_param *p, size_t n, sp_rows *r)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(IMPL(s)->db, sql, -1, &st, NULL) != SQLITE_OK)
		return sp_sq_fail(s, r->what ? r->what : "prepare");
	for (size_t i = 0; i < n; i++) {
		/* "$N" is a named parameter to SQLite, numbered by first appearance: bind it by name;
		   "?" and "?N" by position */
		char name[24];
		snprintf(name, sizeof name, "$%zu", i + 1);
		int k = sqlite3_bind_parameter_index(st, name);
		k = k ? k : (int)i + 1;
		int brc = p[i].null   ? sqlite3_bind_null(st, k)
			  : p[i].text ? sqlite3_bind_text(st, k, p[i].text, -1, SQLITE_TRANSIENT)
				      : sqlite3_bind_int64(st, k, p[i].i);
		if (brc != SQLITE_OK) {
			int rc = sp_sink_fail(s, SP_EDB, "binding parameter %zu: %s", i + 1,
					      sqlite3_errstr(brc));
			sqlite3_finalize(st);
			return rc;
		}
	}
	r->stmt = st;
	return 0;
}

static int sq_rows_next(sp_rows *r)
{
	int step = sqlite3_step(r->stmt);
	if (step == SQLITE_ROW)
		return 1;
	return step == SQLITE_DONE ? 0 : sp_sq_fail(r->sink, r->what ? r->what : "query");
}

static bool sq_rows_null(const sp_rows *r, int col)
{
	return sqlite3_column_type(r->stmt, col) == SQLITE_NULL;
}

static int64_t sq_rows_int(const sp_rows *r, int col)
{
	return sqlite3_column_int64(r->stmt, col);
}

static const char *sq_rows_text(const sp_rows *r, int col)
{
	return (const char *)sqlite3_column_text(r->stmt, col);
}

static void sq_rows_release(sp_rows *r)
{
	sqlite3_finalize(r->stmt);
}

static bool sq_lost(const sp_sink *s)
{
	(void)s;
	return false;
}

const sp_sink_ops sp_sink_sqlite_ops = {
	.dialect = "sqlite",
	.epoch_param = "strftime('%Y-%m-%dT%H:%M:%fZ', $2, 'unixepoch')",
	.migrations = sp_migrations_sqlite,
	.migration_count = &sp_migrations_sqlite_count,
	.fresh_schema = sp_schema_sqlite,
	.is_fresh = sq_is_fresh,
	.sql_imports_of_blobs = sp_sql_imports_of_blobs_sqlite,
	.id_list_brackets = "[]", /* a JSON array for json_each() */
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.begin = sq_begin,
	.commit = sq_commit,
	.abort = sq_abort,
	.write_rows = sp_sq_write_rows,
	.write_cells = sp_sq_write_cells,
	.migration_lock = sq_migration_lock,
	.migrations_applied = sq_migrations_applied,
	.repo_lock = sq_repo_lock,
	.repo_unlock = sq_repo_unlock,
	.repo_recover = sq_repo_recover,
	.snapshot_start = sq_snapshot_start,
	.snapshot_finish = sq_snapshot_finish,
	.query = sq_query,
	.rows_next = sq_rows_next,
	.rows_null = sq_rows_null,
	.rows_int = sq_rows_int,
	.rows_text = sq_rows_text,
	.rows_release = sq_rows_release,
	.lost = sq_lost,
	.carry_paths = sq_carry_paths,
	.begin_copy = sq_begin_copy,
};
