/* load/sink_sqlite_insert.c: the SQLite sink's inserts, prepared from the table descriptors:
   a batch's rows through statements kept for the connection, a writer's own rows (load/calls.c)
   through statements of the call. */
#include <stdio.h>

#include "sink_sqlite_p.h"

#include "banned.h"

#define SQ_ROWS 16 /* rows one multi-row INSERT statement takes */

static bool same_cell(const sp_column *col, const sp_value *a, const sp_value *b)
{
	return a->null == b->null && a->i == b->i && a->s == b->s && a->len == b->len &&
	       (col->type != SP_COL_REAL || a->d == b->d);
}

/* Binds row v of tb to st's parameters from first + 1 on. A binding outlives sqlite3_reset, so a
   cell equal to prev's (the row bound to the same parameters before: the same repository, file,
   or text) keeps it, saving a call. */
static void sq_bind_row(sqlite3_stmt *st, int first, const sp_table *tb, const sp_value *v,
			const sp_value *prev)
{
	for (size_t c = 0; c < tb->ncols; c++) {
		int i = first + (int)c + 1;
		if (prev && same_cell(&tb->cols[c], &prev[c], &v[c]))
			continue;
		if (v[c].null)
			sqlite3_bind_null(st, i);
		else if (tb->cols[c].type == SP_COL_INT || tb->cols[c].type == SP_COL_BOOL)
			sqlite3_bind_int64(st, i, v[c].i);
		else if (tb->cols[c].type == SP_COL_REAL)
			sqlite3_bind_double(st, i, v[c].d);
		else
			sqlite3_bind_text(st, i, v[c].s ? v[c].s : "", (int)v[c].len, SQLITE_STATIC);
	}
}

/* Steps st once per row of cells (tb's columns, in order); the failing row is reported by its
   index plus base. */
static int sq_insert_rows(sp_sink *s, sqlite3_stmt *st, const sp_table *tb, const sp_value *cells,
			  size_t nrows, size_t base)
{
	sqlite_impl *q = IMPL(s);
	for (size_t r = 0; r < nrows; r++) {
		const sp_value *v = cells + r * tb->ncols;
		sq_bind_row(st, 0, tb, v, r ? v - tb->ncols : NULL);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			s->failed_row = (int64_t)(base + r);
			s->data_error = sp_sq_refused(q->db);
			char buf[512];
			sqlite3_clear_bindings(st);
			return sp_sink_fail(s, SP_EDB, "%s", sp_sq_errmsg(q->db, buf, sizeof buf));
		}
	}
	sqlite3_clear_bindings(st);
	return 0;
}

/* The rows of cells, SQ_ROWS to a step of many (NULL: one row at a time) and the rest one by one:
   each step and reset costs about what binding a row does. When a multi-row statement fails
   (nothing of it is kept), its rows go again one by one, so the error names the row refused. */
static int sq_insert(sp_sink *s, sqlite3_stmt *one, sqlite3_stmt *many, const sp_table *tb,
		     const sp_value *cells, size_t nrows)
{
	size_t r = 0, width = SQ_ROWS * tb->ncols;
	for (; many && r + SQ_ROWS <= nrows; r += SQ_ROWS) {
		const sp_value *v = cells + r * tb->ncols;
		for (int k = 0; k < SQ_ROWS; k++)
			sq_bind_row(many, k * (int)tb->ncols, tb, v + (size_t)k * tb->ncols,
				    r ? v + (size_t)k * tb->ncols - width : NULL);
		int rc = sqlite3_step(many);
		sqlite3_reset(many);
		if (rc != SQLITE_DONE) {
			sqlite3_clear_bindings(many);
			return sq_insert_rows(s, one, tb, v, nrows - r, r);
		}
	}
	if (many)
		sqlite3_clear_bindings(many);
	return sq_insert_rows(s, one, tb, cells + r * tb->ncols, nrows - r, r);
}

static int sq_prepare_insert(sp_sink *s, const sp_table *tb, size_t rows, unsigned flags,
			     sqlite3_stmt **st)
{
	sp_buf sql;
	sp_buf_init(&sql);
	sp_sql_insert_table(&sql, tb, false);
	for (size_t r = 1; r < rows; r++) {
		sp_buf_puts(&sql, ", (");
		for (size_t c = 0; c < tb->ncols; c++)
			sp_buf_puts(&sql, c ? ", ?" : "?");
		sp_buf_putc(&sql, ')');
	}
	int prc =
		sql.err ? SQLITE_NOMEM : sqlite3_prepare_v3(IMPL(s)->db, sql.data, -1, flags, st, NULL);
	sp_buf_release(&sql);
	return prc == SQLITE_OK ? 0 : sp_sq_fail(s, tb->name);
}

int sp_sq_write_rows(sp_sink *s, const sp_batch *b, sp_table_id t)
{
	sqlite_impl *q = IMPL(s);
	const sp_table *tb = &sp_tables[t];
	if (!q->insert[t] && sq_prepare_insert(s, tb, 1, SQLITE_PREPARE_PERSISTENT, &q->insert[t]))
		return SP_EDB;
	if (b->rows[t] >= SQ_ROWS && !q->insert_many[t] &&
	    sq_prepare_insert(s, tb, SQ_ROWS, SQLITE_PREPARE_PERSISTENT, &q->insert_many[t]))
		return SP_EDB;
	return sq_insert(s, q->insert[t], q->insert_many[t], tb, b->cells[t].v, b->rows[t]);
}

int sp_sq_write_cells(sp_sink *s, const sp_table *tb, const sp_value *cells, size_t nrows, bool more)
{
	(void)more; /* every write is whole: nothing is kept open */
	if (!nrows)
		return 0;
	sqlite3_stmt *one = NULL, *many = NULL;
	if (sq_prepare_insert(s, tb, 1, 0, &one) ||
	    (nrows >= SQ_ROWS && sq_prepare_insert(s, tb, SQ_ROWS, 0, &many))) {
		sqlite3_finalize(one);
		return SP_EDB;
	}
	int rc = sq_insert(s, one, many, tb, cells, nrows);
	sqlite3_finalize(one);
	sqlite3_finalize(many);
	return rc;
}
