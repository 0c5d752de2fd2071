/* tests/unit/test_report.c: the report's writers (report/html.c, report/svg.c): escaping of
   every value, the grid, sortable tables, and the charts' marks and empty cases. */
#include <criterion/criterion.h>
#include <string.h>

#include "sp_report.h"

static char *escaped(const char *s)
{
	sp_buf b;
	sp_buf_init(&b);
	sp_html_escape(&b, s);
	char *out = strdup(sp_buf_cstr(&b));
	sp_buf_release(&b);
	return out;
}

#define expect_escape(in, want)                                                                         \
	do {                                                                                            \
		char *got = escaped(in);                                                                \
		cr_expect_str_eq(got, want);                                                            \
		free(got);                                                                              \
	} while (0)

Test(report_html, escapes_markup_and_quotes)
{
	expect_escape("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	expect_escape("a & b \"c\"", "a &amp; b &quot;c&quot;");
	expect_escape("&amp;", "&amp;amp;");
	expect_escape("plain/path_1.py", "plain/path_1.py");
}

Test(report_html, keeps_utf8_replaces_controls_and_bad_bytes)
{
	expect_escape("caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x90\x8d",
		      "caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x90\x8d");
	expect_escape("a\x1b[31mb", "a\xef\xbf\xbd[31mb");
	expect_escape("x\x7fy", "x\xef\xbf\xbdy");
	expect_escape("bad\xff\xc3", "bad\xef\xbf\xbd\xef\xbf\xbd"); /* a stray byte, a cut sequence */
	expect_escape("\xc3(", "\xef\xbf\xbd("); /* a lead byte without its continuation */
	expect_escape("tab\tnl\n", "tab\tnl\n");
}

Test(report_html, null_appends_nothing)
{
	expect_escape(NULL, "");
}

static const sp_col COLS[] = {{"file", SP_SHOW_PATH},
			      {"n", SP_SHOW_INT},
			      {"mean", SP_SHOW_CENTI},
			      {"commit", SP_SHOW_SHA},
			      {"when", SP_SHOW_DATE}};

static void fill(sp_grid *g)
{
	const char *cells[] = {
		"a<b>.py", "7",  "125", "0123456789abcdef", "2026-11-30T01:02:03.123Z", "\"q\"&'.c",
		NULL,      "-5", "ff",  "not a date"};
	sp_grid_init(g, COLS, 5);
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
		cr_assert_eq(sp_grid_push(g, cells[i]), 0);
}

Test(report_html, grid_rows_cells_and_numbers)
{
	sp_grid g;
	fill(&g);
	cr_expect_eq(sp_grid_rows(&g), 2);
	cr_expect_str_eq(sp_grid_cell(&g, 1, 0), "\"q\"&'.c");
	cr_expect_null(sp_grid_cell(&g, 1, 1));
	cr_expect_null(sp_grid_cell(&g, 2, 0));
	cr_expect_float_eq(sp_grid_num(&g, 0, 1), 7.0, 1e-9);
	cr_expect_float_eq(sp_grid_num(&g, 1, 1), 0.0, 1e-9);
	cr_expect_float_eq(sp_grid_num(&g, 1, 2), -5.0, 1e-9);
	sp_grid_release(&g);
}

Test(report_html, table_escapes_every_cell_and_marks_numbers)
{
	sp_grid g;
	fill(&g);
	sp_buf b;
	sp_buf_init(&b);
	sp_html_table(&b, "t<1>", &g);
	const char *t = sp_buf_cstr(&b);
	cr_expect(strstr(t, "<table class=\"sortable\" id=\"t&lt;1&gt;\">"), "%s", t);
	cr_expect(strstr(t, "<th>file</th><th class=\"num\">n</th><th class=\"num\">mean</th>"), "%s",
		  t);
	cr_expect(strstr(t, "<code>a&lt;b&gt;.py</code>"), "%s", t);
	cr_expect(strstr(t, "<code>&quot;q&quot;&amp;&#39;.c</code>"), "%s", t);
	cr_expect(strstr(t, "<td class=\"num\" data-v=\"125\">1.25</td>"), "%s", t);
	cr_expect(strstr(t, "<td class=\"num\" data-v=\"-5\">-0.05</td>"), "%s", t);
	cr_expect(strstr(t, "title=\"0123456789abcdef\">0123456789</td>"), "%s", t);
	cr_expect(
		strstr(t,
		       "<td class=\"nowrap\" data-v=\"2026-11-30T01:02:03.123Z\">2026-11-30 01:02</td>"),
		"dates do not wrap: %s", t);
	cr_expect(strstr(t, ">not a date</td>"), "%s", t);
	sp_buf_reset(&b);
	sp_html_cell(&b, SP_SHOW_DATE, "2026-11-30 01:22:10.875838+00");
	cr_expect_str_eq(sp_buf_cstr(&b), "2026-11-30 01:22", "PostgreSQL's spelling");
	cr_expect_null(strstr(t, "<b>"), "%s", t);
	cr_expect_null(strstr(t, "\"q\""), "%s", t);
	sp_buf_release(&b);
	sp_grid_release(&g);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)); p++)
		n++;
	return n;
}

static const sp_col BAR_COLS[] = {{"label", SP_SHOW_TEXT}, {"value", SP_SHOW_INT}};

static char *chart(sp_chart_kind kind, const char *const *cells, size_t n)
{
	sp_grid g;
	sp_grid_init(&g, BAR_COLS, 2);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(sp_grid_push(&g, cells[i]), 0);
	sp_chart c = {kind, "Title <&>", 0, 1, "report/sql/x.sql"};
	sp_buf b;
	sp_buf_init(&b);
	sp_svg_chart(&b, &c, &g);
	char *out = strdup(sp_buf_cstr(&b));
	sp_buf_release(&b);
	sp_grid_release(&g);
	return out;
}

static const char *const ROWS[] = {"src/<evil>.py", "10", "b", "5", "\x1b[2Jc", "0"};

Test(report_svg, bars_one_rect_per_row_with_escaped_tooltips)
{
	char *s = chart(SP_CHART_BARS, ROWS, 6);
	cr_expect_eq(count(s, "<svg "), 1, "%s", s);
	cr_expect_eq(count(s, "<rect class=\"bar\""), 3, "%s", s);
	cr_expect(strstr(s, "<title>src/&lt;evil&gt;.py: 10</title>"), "%s", s);
	cr_expect(strstr(s, "aria-label=\"Title &lt;&amp;&gt;\""), "%s", s);
	cr_expect(strstr(s, "<code>report/sql/x.sql</code>"), "%s", s);
	cr_expect(strstr(s, "width=\"390.0\""), "the largest bar spans the plot: %s", s);
	cr_expect_null(strstr(s, "<evil>"), "%s", s);
	cr_expect_null(strstr(s, "\x1b"), "%s", s);
	free(s);
}

Test(report_svg, long_labels_show_their_end)
{
	const char *cells[] = {"very/long/directory/names/that/go/on/and/on/until/the/file.py", "3"};
	char *s = chart(SP_CHART_BARS, cells, 2);
	cr_expect(strstr(s, "\xe2\x80\xa6"), "%s", s);
	cr_expect(strstr(s, "until/the/file.py</text>"), "%s", s);
	cr_expect(strstr(s, "<title>very/long/directory/names/that/go/on/and/on/until/the/file.py: 3"),
		  "%s", s);
	free(s);
}

Test(report_svg, columns_and_line)
{
	char *s = chart(SP_CHART_COLUMNS, ROWS, 6);
	cr_expect_eq(count(s, "<rect class=\"bar\""), 3, "%s", s);
	cr_expect_eq(count(s, "class=\"tick\""), 2 + 3, "two y ticks and a label per column: %s", s);
	free(s);
	s = chart(SP_CHART_LINE, ROWS, 6);
	cr_expect_eq(count(s, "<polyline class=\"line\""), 1, "%s", s);
	cr_expect_eq(count(s, "<circle class=\"dot\""), 3, "%s", s);
	cr_expect(strstr(s, "points=\""), "%s", s);
	free(s);
}

Test(report_svg, nothing_to_draw_says_so)
{
	const char *zeros[] = {"a", "0", "b", NULL};
	char *s = chart(SP_CHART_BARS, zeros, 4);
	cr_expect_null(strstr(s, "<svg"), "%s", s);
	cr_expect(strstr(s, "<p class=\"empty\">Nothing to draw for Title &lt;&amp;&gt;.</p>"), "%s", s);
	free(s);
	s = chart(SP_CHART_LINE, NULL, 0);
	cr_expect_null(strstr(s, "<svg"), "%s", s);
	free(s);
}

Test(report_svg, a_single_point_is_drawn)
{
	const char *one[] = {"2026-11-30T01:02:03Z", "4"};
	char *s = chart(SP_CHART_LINE, one, 2);
	cr_expect_eq(count(s, "<circle class=\"dot\""), 1, "%s", s);
	cr_expect(strstr(s, ">2026-11-30 01:02</text>"), "%s", s);
	free(s);
}
