/* load/sp_sink.h: the last pipeline stage. One interface over PostgreSQL (COPY via libpq) and
   SQLite (prepared statements): migrations, repository lock, snapshot lifecycle, batch writes. */
#ifndef SP_SINK_H
#define SP_SINK_H

#include "embedded.h" /* sp_sql_<name>: the statements of load/sql */
#include "sp_schema.h"

typedef struct sp_sink sp_sink;

typedef struct sp_snapshot_counts {
	int64_t files_total, files_parsed, files_reused, files_skipped, files_failed;
	int64_t functions, classes, imports, rows;
} sp_snapshot_counts;

/* url: "postgresql://…", "postgres://…" or a libpq conninfo ("host=… dbname=…") selects
   PostgreSQL; anything else is a SQLite file path ("sqlite:" prefix optional). On failure *out
   may still be set: read sp_sink_errmsg() and then sp_sink_close() it. */
int sp_sink_open(const char *url, sp_sink **out);
void sp_sink_close(sp_sink *s);
/* The SQLite file url names (without a "sqlite:" prefix), or NULL when url is PostgreSQL's. */
const char *sp_sink_sqlite_path(const char *url);
const char *sp_sink_errmsg(const sp_sink *s);
const char *sp_sink_dialect(const sp_sink *s); /* "postgresql" or "sqlite" */
/* The URL with any password replaced by "***", for messages. */
void sp_sink_redact(const char *url, sp_buf *out);
/* After a failed sp_sink_write: the table and the 0-based row of the batch that failed (-1 unknown). */
void sp_sink_failed_row(const sp_sink *s, int *table, int64_t *row);

/* Applies pending migrations (each in its own transaction, under a lock). Refuses a database whose
   schema is newer than this binary or whose applied migrations were altered (SP_ESCHEMA). */
int sp_sink_migrate(sp_sink *s);
/* Appends one line per known migration: "version name applied|pending" (no changes made). */
int sp_sink_migration_status(sp_sink *s, sp_buf *report, int *pending);

/* Finds or creates the repository row named name (its identity, migration 0006) and records
   location as the path it was last indexed at. */
int sp_sink_repo_ensure(sp_sink *s, const char *location, const char *name, int64_t *repository_id);
/* Takes the repository's lock for the rest of the session (PostgreSQL: an advisory lock; SQLite:
   an OFD lock on a byte of "<database>-snakepipe.lock"); either is released when the process
   dies. Without wait, a lock held elsewhere gives SP_ELOCK at once. */
int sp_sink_repo_lock(sp_sink *s, int64_t repository_id, bool wait);
/* With the lock held: a snapshot still 'running' belongs to a run that died; it becomes 'failed'
   and loses its files rows (its committed blobs stay, for reuse). */
/* Releases the lock sp_sink_repo_lock took (a no-op when this session does not hold it). */
int sp_sink_repo_unlock(sp_sink *s, int64_t repository_id);
int sp_sink_repo_recover(sp_sink *s, int64_t repository_id);
int sp_sink_snapshot_start(sp_sink *s, int64_t repository_id, const char *commit, int64_t path_set,
			   int64_t *snapshot_id);
/* The same for a snapshot of ref (branch or tag name; NULL when detached or not git), on the
   repository's default branch or not (sp_sink_snapshot_start: NULL, on the default branch).
   current_* and the history views follow the default branch; snapshots_of_ref has every ref. */
int sp_sink_snapshot_start_ref(sp_sink *s, int64_t repository_id, const char *commit, int64_t path_set,
			       const char *ref, bool on_default, int64_t *snapshot_id);
/* Records the path the snapshot was indexed at (snapshots.location). */
int sp_sink_snapshot_locate(sp_sink *s, int64_t repository_id, int64_t snapshot_id,
			    const char *location);
int sp_sink_snapshot_finish(sp_sink *s, int64_t repository_id, int64_t snapshot_id, bool complete,
			    const sp_snapshot_counts *c, const char *error);

/* A blob is content extracted as one language: its key in the blobs map is the content hash
   followed by the language's name (the same bytes read as C and as C++ are two blobs). */
#define SP_BLOB_MAP_KEY_MAX (SP_HASH_HEX_LEN + 64)
size_t sp_blob_map_key(char out[SP_BLOB_MAP_KEY_MAX], const char *hash, const char *language);
/* Known blobs of the repository for this extractor version: sp_blob_key -> blob_id; and the
   largest id. */
int sp_sink_blobs_load(sp_sink *s, int64_t repository_id, int version, sp_strmap *blobs,
		       int64_t *max_blob_id);
typedef int (*sp_import_cb)(void *ctx, int64_t blob_id, int32_t import_id, const char *module,
			    const char *name, int32_t level, const char *kind);
/* Calls cb for every import of the given blobs. */
int sp_sink_imports_load(sp_sink *s, int64_t repository_id, const int64_t *blob_ids, size_t n,
			 sp_import_cb cb, void *ctx);

/* The files of the latest complete snapshot (*snapshot_id = 0 when there is none): how each path
   was seen, to skip reading files that did not change. */
typedef int (*sp_prev_file_cb)(void *ctx, const char *path, int64_t blob_id, int64_t size,
			       int64_t mtime_ns, const char *git_blob);
int sp_sink_prev_files_load(sp_sink *s, int64_t repository_id, int64_t *snapshot_id, sp_prev_file_cb cb,
			    void *ctx);
/* In one transaction, copies the files rows of the given paths from snapshot from_id to to_id;
   all says the paths are every file of from_id, so no filter is needed. */
int sp_sink_carry(sp_sink *s, int64_t repository_id, int64_t from_id, int64_t to_id,
		  const char *const *paths, size_t n, bool all);
/* Calls cb for each (path, blob) whose dependencies are stored for this path set. */
typedef int (*sp_dep_known_cb)(void *ctx, const char *path, int64_t blob_id);
int sp_sink_deps_known_load(sp_sink *s, int64_t repository_id, int64_t path_set, sp_dep_known_cb cb,
			    void *ctx);

/* Before a snapshot is marked complete: resolves its calls and stores the resolution (migrations
   0013, 0019) in one transaction, reusing what snapshots with the same path set (call_resolutions)
   or the same files (call_links through snapshots.calls_set) already hold. Reads first, outside
   the transaction: s may be a connection of its own beside the run's (cli/index_snapshot.c). */
int sp_sink_resolve_calls(sp_sink *s, int64_t repository_id, int64_t snapshot_id);

/* The rows of the blobs a run wrote (ids above floor), kept as its batches commit, so that the
   resolution reads back only the older blobs' rows: sp_calls_fed_batch after each committed batch
   (a batch with refused files is not whole: free the feed instead), then
   sp_sink_resolve_calls_fed once, on any connection; a failed resolution may have used the feed
   in part, so a second attempt goes without it. Functions return 0 or SP_ENOMEM. */
typedef struct sp_calls_fed sp_calls_fed;
int sp_calls_fed_new(int64_t floor, sp_calls_fed **out);
int sp_calls_fed_batch(sp_calls_fed *f, const sp_batch *b);
void sp_calls_fed_free(sp_calls_fed *f); /* NULL is a no-op */
int sp_sink_resolve_calls_fed(sp_sink *s, int64_t repository_id, int64_t snapshot_id, sp_calls_fed *fed);
/* What the last resolution on s did with the snapshot's paths that have call sites: resolved,
   or kept from the latest complete snapshot (no changed file can reach their answers). */
typedef struct sp_calls_counts {
	int64_t resolved, kept;
} sp_calls_counts;
sp_calls_counts sp_sink_calls_counts(const sp_sink *s);

/* The rows of call_rules (what each language's calls mean to resolution, migration 0007), for
   the workers that decide calls.binding. cb's nonzero return stops the walk and is returned. */
typedef int (*sp_call_rule_cb)(void *ctx, const char *language, const char *rule, const char *value);
int sp_sink_call_rules_load(sp_sink *s, sp_call_rule_cb cb, void *ctx);

/* What the session did, for run metrics: time in the server (writes: COPY or inserts; commits),
   rows committed per table, transactions, reconnects. Counted across reconnects. */
typedef struct sp_sink_stats {
	double write_seconds, commit_seconds;
	int64_t rows[SP_TBL_COUNT];
	int64_t commits, reconnect_attempts, reconnects;
} sp_sink_stats;
void sp_sink_get_stats(const sp_sink *s, sp_sink_stats *out);

/* Events the front end may log: a committed transaction (rows, its milliseconds from begin to
   commit), a reconnect (ok or not, with the message). Called on the thread that caused them. */
typedef enum sp_sink_event_kind {
	SP_SINK_COMMITTED,
	SP_SINK_RECONNECTED,
	SP_SINK_RECONNECT_FAILED
} sp_sink_event_kind;
typedef struct sp_sink_event {
	sp_sink_event_kind kind;
	int64_t rows; /* committed */
	double ms; /* committed: begin to commit; reconnect: the attempt */
	const char *message; /* reconnect failed: why */
} sp_sink_event;
typedef void (*sp_sink_event_cb)(void *ctx, const sp_sink_event *e);
void sp_sink_on_event(sp_sink *s, sp_sink_event_cb cb, void *ctx);

/* One batch = one transaction. */
int sp_sink_begin(sp_sink *s);
int sp_sink_write(sp_sink *s, const sp_batch *b);
/* Rows of a table outside the batch's (tb: its name and columns, in the order of cells, nrows
   rows of tb->ncols cells each), in the open transaction, in one statement where the engine has
   one (PostgreSQL: COPY; SQLite: multi-row INSERTs), not one round trip per row. */
int sp_sink_write_rows(sp_sink *s, const sp_table *tb, const sp_value *cells, size_t nrows);
int sp_sink_commit(sp_sink *s);
int sp_sink_abort(sp_sink *s);
/* After a failed sp_sink_write or sp_sink_commit: true when the server refused the rows for what
   they hold (PostgreSQL SQLSTATE class 22 data exception or 23 integrity constraint violation;
   SQLite SQLITE_CONSTRAINT_*, SQLITE_MISMATCH, SQLITE_TOOBIG), so that writing the batch without
   the offending rows can succeed; false for everything else (connection, disk, permissions,
   schema), which no split of the batch can fix. */
bool sp_sink_data_error(const sp_sink *s);
/* Records one file the run could not index in file_errors (stage "extract" or "load"); call it
   inside sp_sink_begin … sp_sink_commit. A path recorded twice for a snapshot keeps the first. */
int sp_sink_file_error(sp_sink *s, int64_t repository_id, int64_t snapshot_id, const char *path,
		       const char *stage, const char *error);

/* One integer from a query with up to two integer parameters written $1 and $2 (both dialects
   accept that spelling); 0 when it returns no row. */
int sp_sink_scalar(sp_sink *s, const char *sql, int64_t a, int64_t b, int64_t *out);
/* True when the connection to the server is gone (never for SQLite). */
bool sp_sink_lost(const sp_sink *s);
/* Opens a new connection with the original URL; session state (locks) must be taken again. */
int sp_sink_reconnect(sp_sink *s);

/* Retention: keep the newest `keep` complete snapshots of each ref of each repository, or (keep 0)
   drop those finished before `older_than` (seconds since the epoch). The latest complete snapshot
   of every ref always stays, and so does every snapshot named in snapshot_pins. The default
   branch counts as one ref, whatever its snapshots' refs say; detached snapshots off it as one
   more. Then dependencies and blobs no remaining snapshot uses are deleted. Takes each
   repository's lock in turn, so it waits for an index run of that repository. */
typedef struct sp_gc_policy {
	int keep;
	int64_t older_than;
} sp_gc_policy;
typedef struct sp_gc_counts {
	int64_t repositories, snapshots, dependencies, blobs;
	int64_t bytes_reclaimed; /* SQLite: what VACUUM gave back to the file system */
} sp_gc_counts;
/* SQLite keeps deleted pages inside the file: when a quarter of the file or more is free pages
   after gc, VACUUM rewrites it and gives them back (bytes_reclaimed). */
int sp_sink_gc(sp_sink *s, const sp_gc_policy *p, sp_gc_counts *c);

/* After a run: ANALYZE each of tables[0..n) that written[i] rows grew by 10 % or more of what its
   planner statistics know (or that has none), or, with every, each that the run wrote to at all;
   SQLite bounds ANALYZE with analysis_limit, ends with PRAGMA optimize, and then records the exact
   row counts of the tables it analysed in sqlite_stat1 (ANALYZE's are extrapolated). The names
   analysed are appended to analyzed (space-separated) when not NULL. Table names must be
   constants: they are spliced into the statement. */
int sp_sink_refresh_stats(sp_sink *s, const char *const *tables, const int64_t *written, size_t n,
			  bool every, sp_buf *analyzed);

/* PostgreSQL: the rows this connection wrote are counted in the server's statistics now, before
   another connection's ANALYZE reads them (sp_sink_refresh_stats does it on its own connection
   first). Outside a transaction. SQLite: nothing to do. */
int sp_sink_flush_stats(sp_sink *s);

/* Before a snapshot is marked complete: its import graph (dependency_edges) and its summaries
   (snapshot_languages, snapshot_packages, snapshot_importers, snapshot_top_functions,
   snapshot_top_classes, snapshot_file_roles), which the
   documented queries read instead of aggregating every row of the current snapshots. */
int sp_sink_record_summaries(sp_sink *s, int64_t repo, int64_t snap);
/* The latest other complete snapshot with the same path set and exactly the files of snapshot
   snap (paths and blobs), whose summaries and components are then snap's too; *same 0 when none. */
int sp_sink_same_files_snapshot(sp_sink *s, int64_t repo, int64_t snap, int64_t *same);
/* Snapshot from's summaries and components copied to snapshot snap, in one transaction: an
   unchanged tree's closing reads them instead of computing them again. */
int sp_sink_copy_summaries(sp_sink *s, int64_t repo, int64_t snap, int64_t from);

/* ---- reading rows back: one interface over both engines ----
   Parameters are only ever bound, never spliced into the text; write them $1, $2 … (both engines
   accept that spelling; SQLite binds them by name, so their order in the text is free). The SQL
   that snakepipe itself reads with lives in load/sql/<name>.sql, embedded as sp_sql_<name>. */
typedef struct sp_param {
	const char *text; /* NULL: the integer i, unless null */
	int64_t i;
	bool null;
} sp_param;
#define SP_PARAM_INT(x) ((sp_param){NULL, (x), false})
#define SP_PARAM_TEXT(x) ((sp_param){(x), 0, (x) == NULL}) /* NULL binds SQL NULL */

typedef struct sp_rows sp_rows;
/* Prepares sql with params[0..n) bound and runs it; *out iterates its rows (NULL on failure, the
   message then on the sink). */
int sp_sink_query(sp_sink *s, const char *sql, const sp_param *params, size_t n, sp_rows **out);
/* Advances to the next row: 1 when there is one, 0 at the end, a negative code on error (the
   message on the sink). */
int sp_rows_next(sp_rows *r);
/* The current row's columns, from 0. An integer column read as text gives its digits; a NULL
   gives 0 / NULL. Text stays valid until the next sp_rows_next or sp_rows_free. */
bool sp_rows_null(const sp_rows *r, int col);
int64_t sp_rows_int(const sp_rows *r, int col);
const char *sp_rows_text(const sp_rows *r, int col);
void sp_rows_free(sp_rows *r); /* NULL is a no-op */
/* Runs sql to its end; *out is the first row's first column (0 when there is no row). */
int sp_sink_query_int(sp_sink *s, const char *sql, const sp_param *params, size_t n, int64_t *out);

/* Runs one SQL statement returning nothing (tests and tools). */
int sp_sink_exec(sp_sink *s, const char *sql);

#endif
