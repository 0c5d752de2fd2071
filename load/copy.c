/* load/copy.c: PostgreSQL COPY text encoding and SQL text built from the table descriptors, so
   both sinks write exactly the columns schema/tables.c declares. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sink_p.h"

#include "banned.h"

/* COPY text format: backslash, tab, newline and carriage return must be escaped. */
void sp_copy_text(sp_buf *out, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const char *esc = NULL;
		switch (s[i]) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		default: continue;
		}
		sp_buf_append(out, s + run, i - run);
		sp_buf_append(out, esc, 2);
		run = i + 1;
	}
	sp_buf_append(out, s + run, n - run);
}

void sp_copy_encode_rows(sp_buf *out, const sp_batch *b, sp_table_id t, size_t first, size_t count)
{
	sp_copy_encode_cells(out, &sp_tables[t], b->cells[t].v, first, count);
}

void sp_copy_encode_cells(sp_buf *out, const sp_table *tb, const sp_value *cells, size_t first,
			  size_t count)
{
	for (size_t r = first; r < first + count; r++) {
		const sp_value *v = cells + r * tb->ncols;
		for (size_t c = 0; c < tb->ncols; c++) {
			if (c)
				sp_buf_putc(out, '\t');
			if (v[c].null) {
				sp_buf_append(out, "\\N", 2);
				continue;
			}
			switch (tb->cols[c].type) {
			case SP_COL_INT: {
				char num[24];
				int k = snprintf(num, sizeof num, "%" PRId64, v[c].i);
				sp_buf_append(out, num, (size_t)k);
				break;
			}
			case SP_COL_BOOL: sp_buf_putc(out, v[c].i ? 't' : 'f'); break;
			case SP_COL_REAL: {
				char num[32]; /* %.17g: the double back exactly */
				int k = snprintf(num, sizeof num, "%.17g", v[c].d);
				sp_buf_append(out, num, (size_t)k);
				break;
			}
			case SP_COL_TEXT:
			case SP_COL_JSON: sp_copy_text(out, v[c].s ? v[c].s : "", v[c].len); break;
			}
		}
		sp_buf_putc(out, '\n');
	}
}

void sp_id_list(sp_buf *out, const int64_t *ids, size_t n, const char *brackets)
{
	sp_buf_putc(out, brackets[0]);
	for (size_t i = 0; i < n; i++)
		sp_buf_printf(out, "%s%" PRId64, i ? "," : "", ids[i]);
	sp_buf_putc(out, brackets[1]);
}

static void columns(sp_buf *out, const sp_table *tb, const char *col, const char *as)
{
	for (size_t c = 0; c < tb->ncols; c++) {
		const char *name = tb->cols[c].name;
		sp_buf_printf(out, "%s%s", c ? ", " : "", col && !strcmp(name, col) ? as : name);
	}
}

void sp_sql_columns(sp_buf *out, sp_table_id t, const char *col, const char *as)
{
	columns(out, &sp_tables[t], col, as);
}

void sp_sql_insert(sp_buf *out, sp_table_id t, bool copy)
{
	sp_sql_insert_table(out, &sp_tables[t], copy);
}

void sp_sql_insert_table(sp_buf *out, const sp_table *tb, bool copy)
{
	sp_buf_printf(out, copy ? "COPY %s (" : "INSERT INTO %s (", tb->name);
	columns(out, tb, NULL, NULL);
	if (copy) {
		sp_buf_puts(out, ") FROM STDIN");
		return;
	}
	sp_buf_puts(out, ") VALUES (");
	for (size_t c = 0; c < tb->ncols; c++)
		sp_buf_puts(out, c ? ", ?" : "?");
	sp_buf_putc(out, ')');
}
