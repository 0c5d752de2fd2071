/* schema/batch.c: the per-batch row store. Transform appends cells table by table; strings are
   copied into the batch arena after UTF-8 cleaning, so a sink never sees bytes a database rejects. */
#include "sp_schema.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

void sp_batch_init(sp_batch *b)
{
	memset(b, 0, sizeof *b);
	sp_arena_init(&b->arena);
	sp_buf_init(&b->scratch);
}

void sp_batch_release(sp_batch *b)
{
	for (int t = 0; t < SP_TBL_COUNT; t++)
		sp_array_release(&b->cells[t]);
	sp_arena_release(&b->arena);
	sp_buf_release(&b->scratch);
}

void sp_batch_clear(sp_batch *b)
{
	for (int t = 0; t < SP_TBL_COUNT; t++) {
		b->cells[t].n = 0;
		b->rows[t] = 0;
		b->col[t] = 0;
	}
	sp_arena_reset(&b->arena);
	b->err = 0;
	b->err_table = b->err_column = NULL;
}

size_t sp_batch_total_rows(const sp_batch *b)
{
	size_t n = 0;
	for (int t = 0; t < SP_TBL_COUNT; t++)
		n += b->rows[t];
	return n;
}

/* What a cell holds, to check against the column's type. */
typedef enum cell_kind { CELL_INT, CELL_TEXT, CELL_REAL, CELL_NULL } cell_kind;

static bool cell_fits(cell_kind k, sp_coltype t)
{
	switch (k) {
	case CELL_INT: return t == SP_COL_INT || t == SP_COL_BOOL;
	case CELL_TEXT: return t == SP_COL_TEXT || t == SP_COL_JSON;
	case CELL_REAL: return t == SP_COL_REAL;
	default: return true;
	}
}

static void fail_usage(sp_batch *b, sp_table_id t, const char *column)
{
	b->err = SP_EUSAGE;
	b->err_table = sp_tables[t].name;
	b->err_column = column;
}

static sp_value *next_cell(sp_batch *b, sp_table_id t, cell_kind k)
{
	if (b->err)
		return NULL;
	if (b->col[t] >= sp_tables[t].ncols) {
		fail_usage(b, t, NULL);
		return NULL;
	}
	const sp_column *col = &sp_tables[t].cols[b->col[t]];
	if (!cell_fits(k, col->type)) {
		fail_usage(b, t, col->name);
		return NULL;
	}
	if (sp_array_reserve(&b->cells[t], b->cells[t].n + 1)) {
		b->err = SP_ENOMEM;
		return NULL;
	}
	b->col[t]++;
	sp_value *v = &b->cells[t].v[b->cells[t].n++];
	memset(v, 0, sizeof *v);
	return v;
}

void sp_batch_int(sp_batch *b, sp_table_id t, int64_t i)
{
	sp_value *v = next_cell(b, t, CELL_INT);
	if (v)
		v->i = i;
}

void sp_batch_bool(sp_batch *b, sp_table_id t, bool x)
{
	sp_batch_int(b, t, x ? 1 : 0);
}

void sp_batch_real(sp_batch *b, sp_table_id t, double x)
{
	sp_value *v = next_cell(b, t, CELL_REAL);
	if (v)
		v->d = x;
}

void sp_batch_null(sp_batch *b, sp_table_id t)
{
	sp_value *v = next_cell(b, t, CELL_NULL);
	if (v)
		v->null = true;
}

void sp_batch_text_or_null(sp_batch *b, sp_table_id t, const char *s, size_t n)
{
	if (n)
		sp_batch_text(b, t, s, n);
	else
		sp_batch_null(b, t);
}

void sp_batch_text(sp_batch *b, sp_table_id t, const char *s, size_t n)
{
	sp_value *v = next_cell(b, t, CELL_TEXT);
	if (!v)
		return;
	const char *src = s;
	size_t len = n;
	if (sp_utf8_valid_prefix(s, n) != n) {
		sp_buf_reset(&b->scratch);
		sp_buf_utf8_clean(&b->scratch, s, n);
		if (b->scratch.err) {
			b->err = SP_ENOMEM;
			return;
		}
		src = b->scratch.data;
		len = b->scratch.len;
	}
	char *copy = sp_arena_strndup(&b->arena, src, len);
	if (!copy) {
		b->err = SP_ENOMEM;
		return;
	}
	v->s = copy;
	v->len = (uint32_t)len;
}

void sp_batch_cstr(sp_batch *b, sp_table_id t, const char *s)
{
	if (s)
		sp_batch_text(b, t, s, strlen(s));
	else
		sp_batch_null(b, t);
}

void sp_batch_end_row(sp_batch *b, sp_table_id t)
{
	if (!b->err && b->col[t] != sp_tables[t].ncols)
		fail_usage(b, t, NULL);
	b->col[t] = 0;
	b->rows[t]++;
}

const char *sp_batch_errmsg(const sp_batch *b, sp_buf *buf)
{
	sp_buf_reset(buf);
	if (b->err == SP_EUSAGE && b->err_table && b->err_column)
		sp_buf_printf(buf, "table %s, column %s: a cell of the wrong type", b->err_table,
			      b->err_column);
	else if (b->err == SP_EUSAGE && b->err_table)
		sp_buf_printf(buf, "table %s: a row with the wrong number of cells", b->err_table);
	else if (b->err)
		sp_buf_puts(buf, sp_strerror(b->err));
	return buf->data && !buf->err ? buf->data : "";
}

int sp_table_col(sp_table_id t, const char *name)
{
	for (size_t c = 0; c < sp_tables[t].ncols; c++)
		if (!strcmp(sp_tables[t].cols[c].name, name))
			return (int)c;
	return -1;
}

bool sp_ids_has(const int64_t *ids, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] == id)
			return true;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

int sp_batch_filter(sp_batch *dst, const sp_batch *src, const int64_t *ids, size_t n)
{
	for (int t = 0; t < SP_TBL_COUNT && !dst->err; t++) {
		int col = sp_table_col((sp_table_id)t, "blob_id");
		size_t ncols = sp_tables[t].ncols;
		for (size_t r = 0; r < src->rows[t]; r++) {
			const sp_value *row = sp_batch_row(src, (sp_table_id)t, r);
			if (col >= 0 && !sp_ids_has(ids, n, row[col].i))
				continue;
			if (sp_array_reserve(&dst->cells[t], dst->cells[t].n + ncols)) {
				dst->err = SP_ENOMEM;
				break;
			}
			memcpy(dst->cells[t].v + dst->cells[t].n, row, ncols * sizeof *row);
			dst->cells[t].n += ncols;
			dst->rows[t]++;
		}
	}
	return dst->err;
}
