/* report/report.c: the HTML report: one table of sections (a query of report/sql, its columns,
   its charts), run per repository through the sink's read API and laid out as one page. */
#include <stdlib.h>
#include <string.h>

#include "report_p.h"
#include "sp_report.h"
#include "sp_sink.h"

#include "banned.h"

#define MAX_CHARTS 2

/* One section of a repository's part of the report: data, not a branch per section. */
typedef struct section {
	const char *id, *title, *about;
	const char *sql; /* sp_sql_<query>, bound with $1 = repository_id */
	const char *query; /* its file, named under each chart and table */
	const sp_col *cols;
	size_t ncols; /* the query's first ncols columns are shown */
	sp_chart charts[MAX_CHARTS]; /* title NULL: no chart */
} section;

#define Q(name) sp_sql_##name, "report/sql/" #name ".sql"
#define N(a) (sizeof(a) / sizeof((a)[0]))

static const sp_col LANG_COLS[] = {
	{"language", SP_SHOW_TEXT},
	{"files", SP_SHOW_INT},
	{"lines", SP_SHOW_INT},
	{"code lines", SP_SHOW_INT},
	{"functions", SP_SHOW_INT},
	{"classes", SP_SHOW_INT},
	{"mean cyclomatic", SP_SHOW_CENTI},
	{"max cyclomatic", SP_SHOW_INT},
	{"syntax errors", SP_SHOW_INT},
};
static const sp_col BAND_COLS[] = {
	{"cyclomatic", SP_SHOW_TEXT},
	{"functions", SP_SHOW_INT},
	{"code lines", SP_SHOW_INT},
};
static const sp_col FN_COLS[] = {
	{"function", SP_SHOW_TEXT}, {"file", SP_SHOW_PATH},      {"line", SP_SHOW_INT},
	{"language", SP_SHOW_TEXT}, {"cyclomatic", SP_SHOW_INT}, {"code lines", SP_SHOW_INT},
	{"nesting", SP_SHOW_INT},   {"parameters", SP_SHOW_INT},
};
static const sp_col CLASS_COLS[] = {
	{"class", SP_SHOW_TEXT},         {"file", SP_SHOW_PATH},          {"line", SP_SHOW_INT},
	{"kind", SP_SHOW_TEXT},          {"methods", SP_SHOW_INT},        {"lines", SP_SHOW_INT},
	{"cyclomatic sum", SP_SHOW_INT}, {"cyclomatic max", SP_SHOW_INT},
};
static const sp_col HOT_COLS[] = {
	{"file", SP_SHOW_PATH},         {"language", SP_SHOW_TEXT}, {"commits", SP_SHOW_INT},
	{"churn (lines)", SP_SHOW_INT}, {"authors", SP_SHOW_INT},   {"cyclomatic sum", SP_SHOW_INT},
	{"score", SP_SHOW_INT},
};
static const sp_col TREND_COLS[] = {
	{"snapshot", SP_SHOW_INT},  {"commit", SP_SHOW_SHA},         {"date", SP_SHOW_DATE},
	{"subject", SP_SHOW_TEXT},  {"files", SP_SHOW_INT},          {"code lines", SP_SHOW_INT},
	{"functions", SP_SHOW_INT}, {"cyclomatic sum", SP_SHOW_INT},
};
static const sp_col COMPONENT_COLS[] = {
	{"component", SP_SHOW_TEXT},
	{"files", SP_SHOW_INT},
	{"shortest cycle", SP_SHOW_INT},
	{"example cycle", SP_SHOW_PATH},
};
static const sp_col DEP_COLS[] = {
	{"file", SP_SHOW_PATH},
	{"imported by (files)", SP_SHOW_INT},
};
static const sp_col SKIP_COLS[] = {
	{"file", SP_SHOW_PATH},
	{"status", SP_SHOW_TEXT},
	{"reason", SP_SHOW_TEXT},
};

/* Charts name no query here: each is captioned with its section's. */
static const section SECTIONS[] = {
	{"languages",
	 "Languages",
	 "Source files of the current snapshot per language.",
	 Q(report_languages),
	 LANG_COLS,
	 N(LANG_COLS),
	 {{SP_CHART_BARS, "Code lines per language", 0, 3, NULL}}},
	{"complexity",
	 "Complexity distribution",
	 "Functions per band of cyclomatic complexity (McCabe: 1 + decisions).",
	 Q(report_complexity),
	 BAND_COLS,
	 N(BAND_COLS),
	 {{SP_CHART_COLUMNS, "Functions per cyclomatic complexity band", 0, 1, NULL}}},
	{"functions",
	 "Most complex functions",
	 "The 25 functions with the highest cyclomatic complexity.",
	 Q(report_top_functions),
	 FN_COLS,
	 N(FN_COLS),
	 {{0}}},
	{"classes",
	 "Largest classes",
	 "The 25 classes whose methods sum the most cyclomatic complexity.",
	 Q(report_top_classes),
	 CLASS_COLS,
	 N(CLASS_COLS),
	 {{0}}},
	{"hotspots",
	 "Hot spots",
	 "Files that change much and are complex: churn (lines added and removed by every recorded "
	 "commit) times summed cyclomatic complexity.",
	 Q(report_hotspots),
	 HOT_COLS,
	 N(HOT_COLS),
	 {{SP_CHART_BARS, "Hot spot score (churn × cyclomatic sum)", 0, 6, NULL}}},
	{"trends",
	 "Trends",
	 "Each snapshot of the default branch by its commit's date.",
	 Q(report_trend),
	 TREND_COLS,
	 N(TREND_COLS),
	 {{SP_CHART_LINE, "Code lines over the history", 2, 5, NULL},
	  {SP_CHART_LINE, "Summed cyclomatic complexity over the history", 2, 7, NULL}}},
	{"depended",
	 "Most depended-on files",
	 "Files imported by the most other files of the snapshot.",
	 Q(report_depended),
	 DEP_COLS,
	 N(DEP_COLS),
	 {{SP_CHART_BARS, "Files importing each file", 0, 1, NULL}}},
	{"components",
	 "Largest dependency components",
	 "Groups of files that import each other (strongly connected components of the file graph), "
	 "with their shortest cycle as an example.",
	 Q(report_components),
	 COMPONENT_COLS,
	 N(COMPONENT_COLS),
	 {{SP_CHART_BARS, "Files per dependency component", 0, 1, NULL}}},
	{"skipped",
	 "Skipped and failed files",
	 "Files recorded but not parsed, files that failed, files parsed with a syntax error.",
	 Q(report_skipped),
	 SKIP_COLS,
	 N(SKIP_COLS),
	 {{0}}},
};

typedef struct repo {
	int64_t id, snapshot;
	const char *name, *commit, *finished;
} repo;

typedef sp_array(repo) repo_list;

static int db_error(sp_sink *s, sp_buf *err)
{
	sp_buf_puts(err, sp_sink_errmsg(s));
	return SP_EDB;
}

/* Runs sql with $1 = id (when id > 0) and reads the first g->ncols columns of every row. */
static int fill(sp_sink *s, const char *sql, int64_t id, sp_grid *g, sp_buf *err)
{
	sp_param p[] = {SP_PARAM_INT(id)};
	sp_rows *r;
	if (sp_sink_query(s, sql, p, id > 0 ? 1 : 0, &r))
		return db_error(s, err);
	int rc;
	while ((rc = sp_rows_next(r)) == 1)
		for (size_t c = 0; rc == 1 && c < g->ncols; c++)
			if (sp_grid_push(g, sp_rows_null(r, (int)c) ? NULL : sp_rows_text(r, (int)c)))
				rc = SP_ENOMEM;
	sp_rows_free(r);
	if (rc == SP_ENOMEM)
		return rc;
	return rc < 0 ? db_error(s, err) : 0;
}

/* report_repositories.sql's columns; the overview shows all but the first (the id). */
static const sp_col REPO_COLS[] = {
	{"id", SP_SHOW_INT},        {"repository", SP_SHOW_TEXT},
	{"snapshot", SP_SHOW_INT},  {"commit", SP_SHOW_SHA},
	{"indexed", SP_SHOW_DATE},  {"languages", SP_SHOW_INT},
	{"files", SP_SHOW_INT},     {"code lines", SP_SHOW_INT},
	{"functions", SP_SHOW_INT}, {"mean cyclomatic", SP_SHOW_CENTI},
};
static const sp_chart OVERVIEW_CHART = {SP_CHART_BARS, "Code lines per repository", 0, 6,
					"report/sql/report_repositories.sql"};

static void anchor(sp_buf *out, const repo *r, const char *id)
{
	sp_buf_printf(out, "r%lld-%s", (long long)r->id, id);
}

static int write_section(sp_sink *s, const repo *r, const section *sec, sp_buf *out, sp_buf *err)
{
	sp_grid g;
	sp_grid_init(&g, sec->cols, sec->ncols);
	int rc = fill(s, sec->sql, r->id, &g, err);
	if (rc)
		goto out;
	sp_buf_puts(out, "<section class=\"part\" id=\"");
	anchor(out, r, sec->id);
	sp_buf_puts(out, "\"><h3>");
	sp_html_escape(out, sec->title);
	sp_buf_puts(out, "</h3>\n<p class=\"about\">");
	sp_html_escape(out, sec->about);
	sp_buf_puts(out, " <span class=\"query\">Query: <code>");
	sp_html_escape(out, sec->query);
	sp_buf_puts(out, "</code></span></p>\n<div class=\"charts\">");
	for (size_t c = 0; c < MAX_CHARTS && sec->charts[c].title; c++) {
		sp_chart chart = sec->charts[c];
		chart.query = sec->query;
		sp_svg_chart(out, &chart, &g);
	}
	sp_buf_puts(out, "</div>\n");
	if (sp_grid_rows(&g)) {
		sp_buf tid;
		sp_buf_init(&tid);
		anchor(&tid, r, sec->id);
		sp_buf_puts(&tid, "-table");
		sp_html_table(out, sp_buf_cstr(&tid), &g);
		rc = tid.err;
		sp_buf_release(&tid);
	} else {
		sp_buf_puts(out, "<p class=\"empty\">None.</p>\n");
	}
	sp_buf_puts(out, "</section>\n");
out:
	sp_grid_release(&g);
	return rc;
}

/* The repositories reported on (all, or the one named) into out, their overview rows into ov. */
static int load_repos(sp_sink *s, const char *name, sp_grid *g, sp_grid *ov, repo_list *out, sp_buf *err)
{
	int rc = fill(s, sp_sql_report_repositories, 0, g, err);
	for (size_t i = 0; !rc && i < sp_grid_rows(g); i++) {
		repo r = {(int64_t)sp_grid_num(g, i, 0), (int64_t)sp_grid_num(g, i, 2),
			  sp_grid_cell(g, i, 1), sp_grid_cell(g, i, 3), sp_grid_cell(g, i, 4)};
		if (name && (!r.name || strcmp(r.name, name)))
			continue;
		rc = sp_array_push(out, r);
		for (size_t c = 1; !rc && c < g->ncols; c++)
			rc = sp_grid_push(ov, sp_grid_cell(g, i, c));
	}
	if (!rc && name && !out->n) {
		sp_buf_printf(err,
			      "no repository named '%s' has a complete snapshot of its default branch",
			      name);
		rc = SP_EUSAGE;
	}
	return rc;
}

static void page_head(sp_buf *out, const repo_list *repos, const sp_grid *ov)
{
	sp_buf_printf(
		out,
		"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>snakepipe report</title>\n<style>%s</style>\n</head>\n<body>\n"
		"<header><h1>snakepipe report</h1><p>%zu repositor%s, each at its default branch's "
		"latest complete snapshot. Click a column's header to sort a table.</p>\n<nav><ul>",
		sp_report_css, repos->n, repos->n == 1 ? "y" : "ies");
	for (size_t i = 0; i < repos->n; i++) {
		sp_buf_printf(out, "<li><a href=\"#r%lld\">", (long long)repos->v[i].id);
		sp_html_escape(out, repos->v[i].name);
		sp_buf_puts(out, "</a></li>");
	}
	sp_buf_puts(
		out,
		"</ul></nav></header>\n<main>\n<section class=\"repository\" id=\"overview\">"
		"<h2>Overview</h2>\n<p class=\"about\">Each repository's current snapshot: its parsed "
		"source files. <span class=\"query\">Query: <code>report/sql/report_repositories.sql"
		"</code></span></p>\n<div class=\"charts\">");
	sp_svg_chart(out, &OVERVIEW_CHART, ov);
	sp_buf_puts(out, "</div>\n");
	sp_html_table(out, "overview-table", ov);
	sp_buf_puts(out, "</section>\n");
}

static void repo_head(sp_buf *out, const repo *r)
{
	sp_buf_printf(out, "<section class=\"repository\" id=\"r%lld\">\n<h2>", (long long)r->id);
	sp_html_escape(out, r->name);
	sp_buf_printf(out, "</h2>\n<p class=\"meta\">snapshot <span class=\"snapshot\">%lld</span>",
		      (long long)r->snapshot);
	if (r->commit) {
		sp_buf_puts(out, ", commit <code title=\"");
		sp_html_escape(out, r->commit);
		sp_buf_puts(out, "\">");
		sp_html_cell(out, SP_SHOW_SHA, r->commit);
		sp_buf_puts(out, "</code>");
	}
	sp_buf_puts(out, ", indexed ");
	sp_html_cell(out, SP_SHOW_DATE, r->finished);
	sp_buf_puts(out, "</p>\n<nav class=\"parts\">");
	for (size_t k = 0; k < N(SECTIONS); k++) {
		sp_buf_puts(out, "<a href=\"#");
		anchor(out, r, SECTIONS[k].id);
		sp_buf_puts(out, "\">");
		sp_html_escape(out, SECTIONS[k].title);
		sp_buf_puts(out, "</a> ");
	}
	sp_buf_puts(out, "</nav>\n");
}

int sp_report_build(sp_sink *s, const char *repo_name, sp_buf *out, sp_buf *err)
{
	sp_grid rg, ov;
	sp_grid_init(&rg, REPO_COLS, N(REPO_COLS));
	sp_grid_init(&ov, REPO_COLS + 1, N(REPO_COLS) - 1);
	repo_list repos = {0};
	int rc = load_repos(s, repo_name, &rg, &ov, &repos, err);
	if (rc)
		goto out;
	page_head(out, &repos, &ov);
	if (!repos.n)
		sp_buf_puts(out, "<p class=\"empty\">No repository has a complete snapshot yet.</p>\n");
	for (size_t i = 0; !rc && i < repos.n; i++) {
		repo_head(out, &repos.v[i]);
		for (size_t k = 0; !rc && k < N(SECTIONS); k++)
			rc = write_section(s, &repos.v[i], &SECTIONS[k], out, err);
		sp_buf_puts(out, "</section>\n");
	}
	sp_buf_printf(out,
		      "</main>\n<footer>Written by snakepipe from the queries in report/sql; "
		      "every number above is one of their rows.</footer>\n<script>%s</script>\n"
		      "</body>\n</html>\n",
		      sp_report_js);
	if (!rc && out->err)
		rc = SP_ENOMEM;
out:
	sp_array_release(&repos);
	sp_grid_release(&rg);
	sp_grid_release(&ov);
	return rc;
}
