/* report/html.c: the report's HTML pieces: escaping every value, the grid a query's rows are
   read into, and sortable tables; report.c lays them out, svg.c draws the grid as charts. */
#include <stdlib.h>
#include <string.h>

#include "sp_report.h"

#include "banned.h"

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

/* Bytes of the UTF-8 character led by c (0: not a lead byte). */
static size_t utf8_len(unsigned char c)
{
	return c < 0x80                 ? 1
	       : c >= 0xc2 && c <= 0xdf ? 2
	       : c >= 0xe0 && c <= 0xef ? 3
	       : c >= 0xf0 && c <= 0xf4 ? 4
					: 0;
}

void sp_html_escape(sp_buf *out, const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t k = utf8_len(c);
		if (k > 1) {
			if (k <= n - i && sp_utf8_valid_prefix(s + i, k) == k)
				sp_buf_append(out, s + i, k);
			else
				sp_buf_puts(out, REPLACEMENT), k = 1;
			i += k;
			continue;
		}
		i++;
		switch (c) {
		case '&': sp_buf_puts(out, "&amp;"); break;
		case '<': sp_buf_puts(out, "&lt;"); break;
		case '>': sp_buf_puts(out, "&gt;"); break;
		case '"': sp_buf_puts(out, "&quot;"); break;
		case '\'': sp_buf_puts(out, "&#39;"); break;
		case '\t':
		case '\n':
		case '\r': sp_buf_putc(out, (char)c); break;
		default:
			if (c < 0x20 || c >= 0x7f) /* controls, DEL, a stray continuation byte */
				sp_buf_puts(out, REPLACEMENT);
			else
				sp_buf_putc(out, (char)c);
		}
	}
}

void sp_grid_init(sp_grid *g, const sp_col *cols, size_t ncols)
{
	memset(g, 0, sizeof *g);
	g->cols = cols;
	g->ncols = ncols;
	sp_arena_init(&g->arena);
}

void sp_grid_release(sp_grid *g)
{
	sp_array_release(&g->cells);
	sp_arena_release(&g->arena);
}

size_t sp_grid_rows(const sp_grid *g)
{
	return g->ncols ? g->cells.n / g->ncols : 0;
}

const char *sp_grid_cell(const sp_grid *g, size_t row, size_t col)
{
	return row < sp_grid_rows(g) && col < g->ncols ? g->cells.v[row * g->ncols + col] : NULL;
}

int sp_grid_push(sp_grid *g, const char *s)
{
	const char *copy = s ? sp_arena_strndup(&g->arena, s, strlen(s)) : NULL;
	if (s && !copy)
		return SP_ENOMEM;
	return sp_array_push(&g->cells, copy);
}

double sp_grid_num(const sp_grid *g, size_t row, size_t col)
{
	const char *s = sp_grid_cell(g, row, col);
	char *end;
	double v = s ? strtod(s, &end) : 0;
	return s && end != s ? v : 0;
}

static bool numeric(sp_show k)
{
	return k == SP_SHOW_INT || k == SP_SHOW_CENTI;
}

void sp_html_cell(sp_buf *out, sp_show kind, const char *s)
{
	if (!s)
		return;
	if (kind == SP_SHOW_CENTI) {
		long long v = strtoll(s, NULL, 10);
		sp_buf_printf(out, "%s%lld.%02lld", v < 0 ? "-" : "", llabs(v) / 100, llabs(v) % 100);
	} else if (kind == SP_SHOW_SHA) {
		char shortid[11];
		size_t n = strlen(s) < 10 ? strlen(s) : 10;
		memcpy(shortid, s, n);
		shortid[n] = 0;
		sp_html_escape(out, shortid);
	} else if (kind == SP_SHOW_DATE && strlen(s) >= 16 && (s[10] == 'T' || s[10] == ' ')) {
		char d[17];
		memcpy(d, s, 16);
		d[10] = ' ';
		d[16] = 0;
		sp_html_escape(out, d);
	} else {
		sp_html_escape(out, s);
	}
}

void sp_html_table(sp_buf *out, const char *id, const sp_grid *g)
{
	sp_buf_puts(out, "<table class=\"sortable\" id=\"");
	sp_html_escape(out, id);
	sp_buf_puts(out, "\">\n<thead><tr>");
	for (size_t c = 0; c < g->ncols; c++) {
		sp_buf_puts(out, numeric(g->cols[c].kind) ? "<th class=\"num\">" : "<th>");
		sp_html_escape(out, g->cols[c].title);
		sp_buf_puts(out, "</th>");
	}
	sp_buf_puts(out, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < sp_grid_rows(g); r++) {
		sp_buf_puts(out, "<tr>");
		for (size_t c = 0; c < g->ncols; c++) {
			const char *s = sp_grid_cell(g, r, c);
			sp_show k = g->cols[c].kind;
			/* the sort key: the raw value, so "1.25" and a short commit id sort as stored */
			sp_buf_puts(out, numeric(k) ? "<td class=\"num\" data-v=\""
					 : k == SP_SHOW_SHA || k == SP_SHOW_DATE
						 ? "<td class=\"nowrap\" data-v=\""
						 : "<td data-v=\"");
			sp_html_escape(out, s);
			if (k == SP_SHOW_SHA) {
				sp_buf_puts(out, "\" title=\"");
				sp_html_escape(out, s);
			}
			sp_buf_puts(out, k == SP_SHOW_PATH ? "\"><code>" : "\">");
			sp_html_cell(out, k, s);
			sp_buf_puts(out, k == SP_SHOW_PATH ? "</code></td>" : "</td>");
		}
		sp_buf_puts(out, "</tr>\n");
	}
	sp_buf_puts(out, "</tbody>\n</table>\n");
}
