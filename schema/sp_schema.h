/* schema/sp_schema.h: the fact tables described once (column name + type) and the row batch that
   transform fills in descriptor order and every sink reads in the same order. */
#ifndef SP_SCHEMA_H
#define SP_SCHEMA_H

#include "sp_core.h"

typedef enum sp_coltype {
	SP_COL_INT, /* 64-bit integer */
	SP_COL_TEXT, /* UTF-8 text */
	SP_COL_BOOL, /* boolean (0/1 in SQLite, t/f in PostgreSQL) */
	SP_COL_JSON, /* JSON document (jsonb in PostgreSQL, text in SQLite) */
	SP_COL_REAL, /* double precision (real in SQLite); a metric computed from counts */
} sp_coltype;

typedef struct sp_column {
	const char *name;
	sp_coltype type;
} sp_column;

typedef struct sp_table {
	const char *name;
	const sp_column *cols;
	size_t ncols;
} sp_table;

/* In foreign-key order: a batch loads tables in this order so parents exist before children. */
typedef enum sp_table_id {
	SP_TBL_BLOBS,
	SP_TBL_FUNCTIONS,
	SP_TBL_CLASSES,
	SP_TBL_IMPORTS,
	SP_TBL_CALLS,
	SP_TBL_FUNCTION_METRICS,
	SP_TBL_FILE_METRICS,
	SP_TBL_FILES,
	SP_TBL_DEPENDENCIES,
	SP_TBL_COUNT
} sp_table_id;

extern const sp_table sp_tables[SP_TBL_COUNT];
/* Written whole outside the batch (sp_sink_write_rows): a snapshot's import cycles. */
extern const sp_table sp_table_components, sp_table_component_files;

/* One cell. Text is valid UTF-8 without NUL (the batch cleans it on the way in). */
typedef struct sp_value {
	const char *s; /* text/json; NULL when the cell is NULL or an integer */
	int64_t i;
	double d; /* SP_COL_REAL */
	uint32_t len;
	bool null;
} sp_value;

/* Rows of every table for one batch (one database transaction). Owns all its memory. */
typedef struct sp_batch {
	sp_arena arena;
	sp_array(sp_value) cells[SP_TBL_COUNT];
	size_t rows[SP_TBL_COUNT];
	size_t col[SP_TBL_COUNT]; /* next column of the row being built */
	int err; /* sticky: first failure while filling */
	/* with err SP_EUSAGE: the table and column (NULL: the row's end) where a cell of the wrong
	   type or count was appended; static strings from the descriptors */
	const char *err_table, *err_column;
	sp_buf scratch;
} sp_batch;

void sp_batch_init(sp_batch *b);
void sp_batch_release(sp_batch *b);
/* Forgets all rows, keeping allocations for the next batch. */
void sp_batch_clear(sp_batch *b);
size_t sp_batch_total_rows(const sp_batch *b);

/* Append the next cell of the current row of table t, in descriptor order. The cell's type is
   checked against the descriptor (an integer or boolean goes to an SP_COL_INT or SP_COL_BOOL
   column, text to SP_COL_TEXT or SP_COL_JSON, NULL anywhere): a mismatch sets err to SP_EUSAGE
   with err_table and err_column, and sp_batch_errmsg says so. */
void sp_batch_int(sp_batch *b, sp_table_id t, int64_t v);
void sp_batch_bool(sp_batch *b, sp_table_id t, bool v);
void sp_batch_real(sp_batch *b, sp_table_id t, double v); /* to an SP_COL_REAL column; finite */
void sp_batch_text(sp_batch *b, sp_table_id t, const char *s, size_t n);
void sp_batch_cstr(sp_batch *b, sp_table_id t, const char *s); /* NULL gives a NULL cell */
void sp_batch_null(sp_batch *b, sp_table_id t);
/* s[0..n) as text, or a NULL cell when n is 0 (a name or receiver the source does not have) */
void sp_batch_text_or_null(sp_batch *b, sp_table_id t, const char *s, size_t n);
/* Closes the row; a row with a wrong number of cells sets err to SP_EUSAGE. */
void sp_batch_end_row(sp_batch *b, sp_table_id t);
/* Why filling failed ("out of memory", "table functions, column name: integer cell in a text
   column"...); "" when err is 0. buf holds the text. */
const char *sp_batch_errmsg(const sp_batch *b, sp_buf *buf);
/* Index of the column called name in table t, or -1. */
int sp_table_col(sp_table_id t, const char *name);
/* Rows of src whose blob_id column holds one of ids (sorted ascending, n of them), appended to
   dst table by table. Text cells are not copied: dst points into src, which must outlive it.
   Returns 0, or SP_ENOMEM (also left in dst->err); a table without a blob_id column is copied
   whole. Splitting a refused batch into files uses it: one blob is one unit of rows. */
int sp_batch_filter(sp_batch *dst, const sp_batch *src, const int64_t *ids, size_t n);
/* True when the sorted array ids[0..n) holds id. */
bool sp_ids_has(const int64_t *ids, size_t n, int64_t id);
/* Cells of row r of table t. */
static inline const sp_value *sp_batch_row(const sp_batch *b, sp_table_id t, size_t r)
{
	return b->cells[t].v + r * sp_tables[t].ncols;
}

#endif
