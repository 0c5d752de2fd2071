/* load/copy.c: PostgreSQL COPY text encoding and SQL text built from the table descriptors, so
   both sinks write exactly the columns schema/tables.c declares. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sink_p.h"

#include "banned.h"

/* COPY text format: backslash, tab, newline and carriage return are escaped, as the letter that
   follows the backslash. */
static const char escape_of[256] = {['\\'] = '\\', ['\t'] = 't', ['\n'] = 'n', ['\r'] = 'r'};

/* Writes s[0..n) escaped at p (room for 2n bytes); returns the end. */
static char *put_text(char *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char e = escape_of[(unsigned char)s[i]];
		if (e) {
			*p++ = '\\';
			*p++ = e;
		} else {
			*p++ = s[i];
		}
	}
	return p;
}

/* Writes v in decimal at p (room for 20 bytes); returns the end. */
static char *put_int(char *p, int64_t v)
{
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	char tmp[20];
	size_t k = sizeof tmp;
	do {
		tmp[--k] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*p++ = '-';
	memcpy(p, tmp + k, sizeof tmp - k);
	return p + (sizeof tmp - k);
}

void sp_copy_encode_rows(sp_buf *out, const sp_batch *b, sp_table_id t, size_t first, size_t count)
{
	sp_copy_encode_cells(out, &sp_tables[t], b->cells[t].v, first, count);
}

/* A row is written in place into room reserved for its longest encoding (every byte of its text
   escaped): the Linux sample's rows took 2.05 G instructions to encode with a formatted print per
   number and a bounds check per byte, 4 % of the client's run. */
void sp_copy_encode_cells(sp_buf *out, const sp_table *tb, const sp_value *cells, size_t first,
			  size_t count)
{
	for (size_t r = first; r < first + count; r++) {
		const sp_value *v = cells + r * tb->ncols;
		size_t most = tb->ncols; /* the tabs and the newline */
		for (size_t c = 0; c < tb->ncols; c++)
			most += tb->cols[c].type == SP_COL_TEXT || tb->cols[c].type == SP_COL_JSON
					? 2 * (size_t)v[c].len
					: 32;
		char *p = sp_buf_room(out, most), *at = p;
		if (!p)
			return;
		for (size_t c = 0; c < tb->ncols; c++) {
			if (c)
				*p++ = '\t';
			if (v[c].null) {
				*p++ = '\\';
				*p++ = 'N';
				continue;
			}
			switch (tb->cols[c].type) {
			case SP_COL_INT: p = put_int(p, v[c].i); break;
			case SP_COL_BOOL: *p++ = v[c].i ? 't' : 'f'; break;
			case SP_COL_REAL: /* %.17g: the double back exactly, in at most 24 bytes */
				p += snprintf(p, 32, "%.17g", v[c].d);
				break;
			case SP_COL_TEXT:
			case SP_COL_JSON: p = put_text(p, v[c].s ? v[c].s : "", v[c].len); break;
			}
		}
		*p++ = '\n';
		sp_buf_added(out, (size_t)(p - at));
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
