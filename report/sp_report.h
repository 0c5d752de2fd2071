/* report/sp_report.h: the HTML report, a reader stage: its SQL (report/sql/<name>.sql, embedded
   at build time) read back through the sink's read API, written as one self-contained page. */
#ifndef SP_REPORT_H
#define SP_REPORT_H

#include "sp_core.h"

/* ---- HTML and SVG writers (report/html.c, report/svg.c): text in, escaped markup out ---- */

/* Appends s as HTML/XML text or attribute value: & < > " ' become entities, C0 controls other
   than tab, newline and carriage return (and DEL) become U+FFFD, invalid UTF-8 too. NULL appends
   nothing. */
void sp_html_escape(sp_buf *out, const char *s);

/* How a column's cells are shown; numeric kinds sort as numbers. */
typedef enum sp_show {
	SP_SHOW_TEXT,
	SP_SHOW_PATH, /* text in <code> */
	SP_SHOW_INT,
	SP_SHOW_CENTI, /* an integer in hundredths, shown as 1.25 */
	SP_SHOW_SHA, /* a commit id: its first 10 characters, the whole id as the cell's title */
	SP_SHOW_DATE, /* an ISO 8601 time (SQLite's "…T…Z", PostgreSQL's "… …+00") as "YYYY-MM-DD HH:MM" */
} sp_show;

typedef struct sp_col {
	const char *title;
	sp_show kind;
} sp_col;

/* A table's cells row by row (ncols per row, NULL for SQL NULL), strings owned by the arena. */
typedef struct sp_grid {
	const sp_col *cols;
	size_t ncols;
	sp_array(const char *) cells;
	sp_arena arena;
} sp_grid;

void sp_grid_init(sp_grid *g, const sp_col *cols, size_t ncols);
void sp_grid_release(sp_grid *g);
size_t sp_grid_rows(const sp_grid *g);
const char *sp_grid_cell(const sp_grid *g, size_t row, size_t col);
/* Appends a cell (the next column of the last row, a new row after the last column); s is
   copied. SP_ENOMEM. */
int sp_grid_push(sp_grid *g, const char *s);
/* A cell as a number (0 for NULL or text). */
double sp_grid_num(const sp_grid *g, size_t row, size_t col);

/* A sortable <table> (class "sortable"; numeric columns' headers have class "num") with the
   grid's rows, each cell shown by its column's kind. */
void sp_html_table(sp_buf *out, const char *id, const sp_grid *g);
/* A cell's text as its column's kind shows it (SP_SHOW_CENTI: "1.25"), escaped. */
void sp_html_cell(sp_buf *out, sp_show kind, const char *s);

/* Charts: one <figure class="chart"> holding an inline <svg> whose marks carry a <title> with
   the label and value (a tooltip), and a caption naming the query that fed it. With no rows
   (or only zeros) a <p class="empty"> says so instead of an empty drawing. */
typedef enum sp_chart_kind {
	SP_CHART_BARS, /* horizontal bars: one per row, label on the left (long paths fit) */
	SP_CHART_COLUMNS, /* vertical bars: a histogram */
	SP_CHART_LINE, /* a line over the rows in order, with a dot per row */
} sp_chart_kind;

typedef struct sp_chart {
	sp_chart_kind kind;
	const char *title; /* also the SVG's accessible name */
	size_t label_col, value_col; /* of the grid */
	const char *query; /* the caption: "report/sql/<name>.sql" */
} sp_chart;

void sp_svg_chart(sp_buf *out, const sp_chart *c, const sp_grid *g);

/* ---- the report (report/report.c) ---- */
typedef struct sp_sink sp_sink; /* load/sp_sink.h */

/* Writes the report of every repository with a current snapshot, or only of the one named
   repo_name (NULL: all), as one self-contained page into out (no network needed to view it:
   inline CSS, JS and SVG). SP_EUSAGE when repo_name names no repository with a complete snapshot
   on its default branch (err says so), SP_EDB with the server's message in err, SP_ENOMEM. */
int sp_report_build(sp_sink *s, const char *repo_name, sp_buf *out, sp_buf *err);

#endif
