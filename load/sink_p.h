/* load/sink_p.h: what a sink implementation provides (Redis-style backend ops struct) and the
   state every sink shares. sink.c dispatches; sink_pg.c and sink_sqlite.c implement only what the
   engines do differently; statements.c runs what they do with one text (load/sql). */
#ifndef SP_SINK_P_H
#define SP_SINK_P_H

#include "embedded.h"
#include "sp_sink.h"

typedef struct sp_migration_row {
	int version;
	char name[64];
	char checksum[17];
} sp_migration_row;
typedef sp_array(sp_migration_row) sp_migration_rows;

typedef struct sp_sink_ops {
	const char *dialect;
	const char *epoch_param; /* parameter $2, seconds since the epoch, as a finished_at value */
	const sp_embedded_migration *migrations;
	const size_t *migration_count;
	/* what every migration leaves in an empty database, as one script (tools/embed.py), or NULL:
	   a fresh database gets it, and all migrations recorded, in one transaction */
	const char *fresh_schema;
	/* whether the database holds nothing but an empty schema_migrations (inside the
	   migration's transaction) */
	int (*is_fresh)(sp_sink *s, bool *fresh);
	/* run before and after the migrations of a database none was applied to (NULL: nothing):
	   there is no row for a data migration to move, so how its statements are planned does not
	   matter, only how long planning them takes */
	const char *empty_setup, *empty_reset;
	/* where the engines differ only in how a list of ids is one parameter */
	const char *sql_imports_of_blobs; /* sp_sql_imports_of_blobs_<dialect> */
	const char *id_list_brackets; /* the list's brackets, for sp_id_list */
	/* carrying every file over is one statement, atomic on its own (no begin_copy needed) */
	bool carry_one_statement;
	int (*open)(sp_sink *s, const char *url);
	void (*close)(sp_sink *s);
	int (*exec)(sp_sink *s, const char *sql); /* may hold several statements */
	int (*begin)(sp_sink *s); /* write transaction */
	int (*commit)(sp_sink *s);
	int (*abort)(sp_sink *s);
	int (*write_rows)(sp_sink *s, const sp_batch *b, sp_table_id t);
	/* nrows rows of a table the writer fills itself (not a batch's: load/calls.c); with more,
	   rows of the same table follow: a sink with end_cells keeps its statement open (the
	   server takes the rows in while the writer makes the next) until end_cells, or rows of
	   another table */
	int (*write_cells)(sp_sink *s, const sp_table *tb, const sp_value *cells, size_t nrows,
			   bool more);
	int (*end_cells)(sp_sink *s); /* NULL: write_cells keeps nothing open */
	int (*migration_lock)(sp_sink *s, bool lock);
	/* reads schema_migrations (empty when the table does not exist yet) */
	int (*migrations_applied)(sp_sink *s, sp_migration_rows *rows);
	int (*repo_lock)(sp_sink *s, int64_t id, bool wait);
	int (*repo_unlock)(sp_sink *s, int64_t id);
	int (*repo_recover)(sp_sink *s, int64_t id);
	int (*snapshot_start)(sp_sink *s, int64_t repo, const char *commit, int64_t path_set,
			      const char *ref, bool on_default, int64_t *id);
	int (*snapshot_finish)(sp_sink *s, int64_t repo, int64_t snap, bool complete,
			       const sp_snapshot_counts *c, const char *error);
	/* fills the session's temporary path list sp_carry, inside the current transaction */
	int (*carry_paths)(sp_sink *s, const char *const *paths, size_t n);
	/* a write transaction for copying rows that already satisfy their foreign keys */
	int (*begin_copy)(sp_sink *s);
	/* the read API (sp_sink_query, sp_rows_*): sql prepared with params bound, then its rows */
	int (*query)(sp_sink *s, const char *sql, const sp_param *p, size_t n, sp_rows *r);
	int (*rows_next)(sp_rows *r);
	bool (*rows_null)(const sp_rows *r, int col);
	int64_t (*rows_int)(const sp_rows *r, int col);
	const char *(*rows_text)(const sp_rows *r, int col);
	void (*rows_release)(sp_rows *r);
	bool (*lost)(const sp_sink *s);
} sp_sink_ops;

struct sp_sink {
	const sp_sink_ops *ops;
	char *url; /* for reconnecting */
	void *impl;
	sp_buf err;
	int failed_table;
	int64_t failed_row;
	bool data_error; /* the last write or commit was refused for what the rows hold */
	sp_sink_stats stats;
	int64_t pending_rows[SP_TBL_COUNT]; /* written in the open transaction */
	double txn_started; /* monotonic seconds at sp_sink_begin */
	sp_sink_event_cb on_event;
	void *on_event_ctx;
	sp_calls_counts calls; /* of the last call resolution */
};

/* Rows being read: the engine's statement or result, and the current row of a result. */
struct sp_rows {
	sp_sink *sink;
	void *stmt; /* sqlite3_stmt or PGresult */
	int row, nrows;
	const char *what; /* names the statement in its error messages, or NULL */
	bool done; /* at the end or failed: SQLite would run the statement again */
};

extern const sp_sink_ops sp_sink_pg_ops;
extern const sp_sink_ops sp_sink_sqlite_ops;

/* sp_sink_query, with what naming the statement in its error messages ("blobs: …"). */
int sp_sink_query_as(sp_sink *s, const char *what, const char *sql, const sp_param *params, size_t n,
		     sp_rows **out);
/* Writes nrows rows of the table tb describes (ncols cells a row, in its order) inside the open
   transaction: COPY or a prepared insert, as the batches' rows. */
int sp_sink_write_cells(sp_sink *s, const sp_table *tb, const sp_value *cells, size_t nrows, bool more);
/* Ends what write_cells kept open (0 when nothing is); the sink's verdict on those rows. */
int sp_sink_end_cells(sp_sink *s);
/* Whether write_cells streams (keeps a statement open): then small writes cost nothing more. */
bool sp_sink_streams_cells(const sp_sink *s);
/* Records one applied migration (load/statements.c). */
int sp_sink_migration_record(sp_sink *s, const sp_migration_row *m);

/* Sets the sink's error text (replacing any earlier one) and returns code. */
int sp_sink_fail(sp_sink *s, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* COPY text format of one table's rows of a batch (load/copy.c). */
void sp_copy_encode_rows(sp_buf *out, const sp_batch *b, sp_table_id t, size_t first, size_t count);
/* The same for count rows of a table described by tb, from cells (ncols cells a row). */
void sp_copy_encode_cells(sp_buf *out, const sp_table *tb, const sp_value *cells, size_t first,
			  size_t count);
/* "1,2,3" between brackets[0] and brackets[1]: ids as one query parameter. */
void sp_id_list(sp_buf *out, const int64_t *ids, size_t n, const char *brackets);
/* The table's column names from its descriptor, ", " between them; column col written as `as`
   instead when col is not NULL. */
void sp_sql_columns(sp_buf *out, sp_table_id t, const char *col, const char *as);
/* "INSERT INTO t (c1,…) VALUES (?,…)" or "COPY t (c1,…) FROM STDIN". */
void sp_sql_insert(sp_buf *out, sp_table_id t, bool copy);
void sp_sql_insert_table(sp_buf *out, const sp_table *tb, bool copy);

#endif
