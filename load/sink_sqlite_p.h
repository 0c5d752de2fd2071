/* load/sink_sqlite_p.h: the SQLite sink's handle and error helpers, shared by sink_sqlite.c (the
   connection, transactions, locks, statements, reads) and sink_sqlite_insert.c (the rows). */
#ifndef SP_SINK_SQLITE_P_H
#define SP_SINK_SQLITE_P_H

#include <sqlite3.h>

#include "sink_p.h"

typedef struct sqlite_impl {
	sqlite3 *db;
	sqlite3_stmt *insert[SP_TBL_COUNT], *insert_many[SP_TBL_COUNT]; /* one row, SQ_ROWS rows */
	bool in_tx;
	bool fk_off; /* carry switched foreign key checks off for its transaction */
	int lock_fd; /* repository locks, -1 until the first */
} sqlite_impl;

#define IMPL(s) ((sqlite_impl *)(s)->impl)

/* SQLite's message, with the operating system's reason after an I/O failure. */
const char *sp_sq_errmsg(sqlite3 *db, char *buf, size_t n);
/* Fails s with SP_EDB: what, then SQLite's message. */
int sp_sq_fail(sp_sink *s, const char *what);
/* Whether SQLite refused the rows' content (a constraint, a type, a size). */
bool sp_sq_refused(sqlite3 *db);

/* sink_sqlite_insert.c: the ops write_rows and write_cells. */
int sp_sq_write_rows(sp_sink *s, const sp_batch *b, sp_table_id t);
int sp_sq_write_cells(sp_sink *s, const sp_table *tb, const sp_value *cells, size_t nrows, bool more);

#endif
