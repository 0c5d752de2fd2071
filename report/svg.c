/* report/svg.c: the report's charts, drawn directly as inline SVG (no chart library, nothing to
   fetch): horizontal bars, columns and a line over a grid's label and value columns. */
#include <math.h>
#include <string.h>

#include "sp_report.h"

#include "banned.h"

#define WIDTH 760
#define LABEL_W 300 /* horizontal bars: room for a path on the left */
#define ROW_H 22
#define PLOT_H 200 /* columns and line: the plot's height */
#define MARGIN_L 60
#define MARGIN_B 46
#define MARGIN_T 14
#define COLUMN_MAX 90 /* a column's slot at most: a few bands stay narrow */
#define LABEL_CHARS 44 /* a longer label shows its end, after an ellipsis */

static void number(sp_buf *out, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		sp_buf_printf(out, "%.0f", v);
	else
		sp_buf_printf(out, "%.2f", v);
}

/* The label as shown: its last LABEL_CHARS characters after "…" when longer (a path's end says
   most), cut on a UTF-8 character boundary. */
static void short_label(sp_buf *out, const char *s)
{
	if (!s) {
		sp_buf_puts(out, "(none)");
		return;
	}
	size_t n = strlen(s), chars = 0, at = n;
	while (at > 0 && chars < LABEL_CHARS) {
		at--;
		if (((unsigned char)s[at] & 0xc0) != 0x80)
			chars++;
	}
	if (at > 0)
		sp_buf_puts(out, "\xe2\x80\xa6"); /* … */
	sp_html_escape(out, s + at);
}

/* A mark's tooltip: "label: value". */
static void tooltip(sp_buf *out, const char *label, double v)
{
	sp_buf_puts(out, "<title>");
	sp_html_escape(out, label ? label : "(none)");
	sp_buf_puts(out, ": ");
	number(out, v);
	sp_buf_puts(out, "</title>");
}

static void svg_open(sp_buf *out, const sp_chart *c, int height)
{
	sp_buf_printf(
		out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" aria-label=\"",
		WIDTH, height, WIDTH, height);
	sp_html_escape(out, c->title);
	sp_buf_puts(out, "\">");
}

static void bars(sp_buf *out, const sp_chart *c, const sp_grid *g, size_t n, double max)
{
	int height = (int)n * ROW_H + 8;
	svg_open(out, c, height);
	double plot = WIDTH - LABEL_W - 70;
	for (size_t r = 0; r < n; r++) {
		const char *label = sp_grid_cell(g, r, c->label_col);
		double v = sp_grid_num(g, r, c->value_col);
		int y = (int)r * ROW_H + 4;
		sp_buf_printf(out, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">",
			      LABEL_W - 6, y + 15);
		short_label(out, label);
		sp_buf_printf(
			out,
			"</text><rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\">",
			LABEL_W, y + 2, v > 0 ? fmax(1, plot * v / max) : 0, ROW_H - 5);
		tooltip(out, label, v);
		sp_buf_printf(out, "</rect><text class=\"value\" x=\"%.1f\" y=\"%d\">",
			      LABEL_W + (v > 0 ? fmax(1, plot * v / max) : 0) + 4, y + 15);
		number(out, v);
		sp_buf_puts(out, "</text>");
	}
	sp_buf_puts(out, "</svg>");
}

/* The y axis of columns and line charts: 0 and the maximum, with a baseline to x_end. */
static void y_axis(sp_buf *out, double max, double x_end)
{
	sp_buf_printf(out,
		      "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
		      "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>"
		      "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		      MARGIN_L, MARGIN_T + PLOT_H, x_end, MARGIN_T + PLOT_H, MARGIN_L - 6,
		      MARGIN_T + PLOT_H, MARGIN_L - 6, MARGIN_T + 10);
	number(out, max);
	sp_buf_puts(out, "</text>");
}

/* anchor: "middle", or "start"/"end" at the plot's edges so that the text stays inside */
static void x_label(sp_buf *out, double x, const char *label, const char *anchor)
{
	sp_buf_printf(out, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">", x,
		      MARGIN_T + PLOT_H + 18, anchor);
	char head[24]; /* a date or band: its first characters suffice under a column */
	size_t k = label ? strlen(label) : 0;
	k = k < 16 ? k : 16;
	while (k > 0 && label && ((unsigned char)label[k] & 0xc0) == 0x80)
		k--;
	memcpy(head, label ? label : "", k);
	head[k] = 0;
	if (k > 10 && head[10] == 'T')
		head[10] = ' ';
	sp_html_escape(out, head);
	sp_buf_puts(out, "</text>");
}

static void columns(sp_buf *out, const sp_chart *c, const sp_grid *g, size_t n, double max)
{
	svg_open(out, c, MARGIN_T + PLOT_H + MARGIN_B);
	double slot = fmin(COLUMN_MAX, (double)(WIDTH - 10 - MARGIN_L) / (double)n);
	y_axis(out, max, MARGIN_L + slot * (double)n);
	for (size_t r = 0; r < n; r++) {
		const char *label = sp_grid_cell(g, r, c->label_col);
		double v = sp_grid_num(g, r, c->value_col);
		double h = v > 0 ? fmax(1, PLOT_H * v / max) : 0;
		double x = MARGIN_L + slot * (double)r;
		sp_buf_printf(
			out, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">",
			x + slot * 0.1, MARGIN_T + PLOT_H - h, slot * 0.8, h);
		tooltip(out, label, v);
		sp_buf_printf(
			out,
			"</rect><text class=\"value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
			x + slot / 2, MARGIN_T + PLOT_H - h - 3);
		number(out, v);
		sp_buf_puts(out, "</text>");
		x_label(out, x + slot / 2, label, "middle");
	}
	sp_buf_puts(out, "</svg>");
}

static void line(sp_buf *out, const sp_chart *c, const sp_grid *g, size_t n, double max)
{
	svg_open(out, c, MARGIN_T + PLOT_H + MARGIN_B);
	y_axis(out, max, WIDTH - 10);
	double step = n > 1 ? (double)(WIDTH - 30 - MARGIN_L) / (double)(n - 1) : 0;
	double x0 = MARGIN_L + (n > 1 ? 10 : (WIDTH - MARGIN_L) / 2.0);
	sp_buf_puts(out, "<polyline class=\"line\" points=\"");
	for (size_t r = 0; r < n; r++)
		sp_buf_printf(out, "%s%.1f,%.1f", r ? " " : "", x0 + step * (double)r,
			      MARGIN_T + PLOT_H - PLOT_H * sp_grid_num(g, r, c->value_col) / max);
	sp_buf_puts(out, "\"/>");
	for (size_t r = 0; r < n; r++) {
		const char *label = sp_grid_cell(g, r, c->label_col);
		double v = sp_grid_num(g, r, c->value_col);
		sp_buf_printf(out, "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\">",
			      x0 + step * (double)r, MARGIN_T + PLOT_H - PLOT_H * v / max);
		tooltip(out, label, v);
		sp_buf_puts(out, "</circle>");
	}
	/* the first and the last label; the middle one too when there is room */
	x_label(out, x0, sp_grid_cell(g, 0, c->label_col), n > 1 ? "start" : "middle");
	if (n > 2)
		x_label(out, x0 + step * (double)((n - 1) / 2),
			sp_grid_cell(g, (n - 1) / 2, c->label_col), "middle");
	if (n > 1)
		x_label(out, x0 + step * (double)(n - 1), sp_grid_cell(g, n - 1, c->label_col), "end");
	sp_buf_puts(out, "</svg>");
}

void sp_svg_chart(sp_buf *out, const sp_chart *c, const sp_grid *g)
{
	size_t n = sp_grid_rows(g);
	double max = 0;
	for (size_t r = 0; r < n; r++)
		max = fmax(max, sp_grid_num(g, r, c->value_col));
	sp_buf_puts(out, "<figure class=\"chart\">");
	if (max <= 0) {
		sp_buf_puts(out, "<p class=\"empty\">Nothing to draw for ");
		sp_html_escape(out, c->title);
		sp_buf_puts(out, ".</p>");
	} else if (c->kind == SP_CHART_BARS) {
		bars(out, c, g, n, max);
	} else if (c->kind == SP_CHART_COLUMNS) {
		columns(out, c, g, n, max);
	} else {
		line(out, c, g, n, max);
	}
	sp_buf_puts(out, "<figcaption>");
	sp_html_escape(out, c->title);
	if (c->query) {
		sp_buf_puts(out, " <span class=\"query\">(query: <code>");
		sp_html_escape(out, c->query);
		sp_buf_puts(out, "</code>)</span>");
	}
	sp_buf_puts(out, "</figcaption></figure>\n");
}
