/* load/stats.c: planner statistics refreshed after a run, so that the first query after a large
   load is planned on what the tables now hold (without it, a recursive query over a fresh
   database took seconds where it takes milliseconds once analysed). PostgreSQL: ANALYZE each
   table changed by 10 % or more of the rows its statistics know, counting this run's rows and
   what earlier runs changed since the last ANALYZE (a history writes one commit per step: a
   rule on the step's rows alone never analysed commits again past 11 rows; autovacuum, when it
   runs at all, comes a minute later); it samples a bounded number of rows, whatever the table's
   size. SQLite: the same rule on the run's rows, ANALYZE bounded by analysis_limit, then PRAGMA
   optimize, then the exact row counts of the tables analysed (doctor compares them with the rows
   now: the extrapolated ones were 5-50 % off and it warned after every run). */
#include <string.h>

#include "sink_p.h"

#include "banned.h"

/* rows the table's statistics know; -1 when it has none */
static int stats_rows(sp_sink *s, bool pg, bool have_stat1, const char *table, int64_t *rows)
{
	*rows = -1;
	if (!pg && !have_stat1)
		return 0;
	sp_param p[] = {SP_PARAM_TEXT(table)};
	return sp_sink_query_int(s, pg ? sp_sql_stats_rows_postgres : sp_sql_stats_rows_sqlite, p, 1,
				 rows);
}

int sp_sink_flush_stats(sp_sink *s)
{
	return strcmp(sp_sink_dialect(s), "postgresql") ? 0
							: sp_sink_exec(s, sp_sql_stats_flush_postgres);
}

/* sql set to head followed by table, a name from the caller's constant list (never data: a table
   cannot be a bound parameter); NULL when out of memory. */
static const char *with_table(sp_buf *sql, const char *head, const char *table)
{
	sp_buf_reset(sql);
	sp_buf_printf(sql, "%s%s", head, table);
	return sql->err ? NULL : sp_buf_cstr(sql);
}

/* SQLite: sqlite_stat1's row counts of the tables just analysed (names[0..n)) made exact, and
   loaded by the planner. */
static int exact_rows(sp_sink *s, const char *const *names, size_t n, sp_buf *sql)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		int64_t rows = 0;
		const char *count = with_table(sql, "SELECT count(*) FROM ", names[i]);
		if (!count)
			return SP_ENOMEM;
		if (!(rc = sp_sink_query_int(s, count, NULL, 0, &rows))) {
			sp_param p[] = {SP_PARAM_TEXT(names[i]), SP_PARAM_INT(rows)};
			int64_t none = 0; /* an UPDATE: stepped to its end, no row */
			rc = sp_sink_query_int(s, sp_sql_stats_exact_rows_sqlite, p, 2, &none);
		}
	}
	return rc || !n ? rc : sp_sink_exec(s, "ANALYZE sqlite_schema");
}

/* Whether table, grown by written rows, is due for ANALYZE: it has no statistics, or it grew by
   10 % of the rows they know; on PostgreSQL, counting what earlier runs changed since too. */
static int due(sp_sink *s, bool pg, bool have_stat1, const char *table, int64_t written, bool *yes)
{
	int64_t known = -1;
	*yes = false;
	int rc = stats_rows(s, pg, have_stat1, table, &known);
	if (rc || known < 0 || written * 10 >= known) {
		*yes = !rc;
		return rc;
	}
	if (pg) {
		sp_param p[] = {SP_PARAM_TEXT(table)};
		int64_t before = 0;
		if ((rc = sp_sink_query_int(s, sp_sql_stats_changed_postgres, p, 1, &before)))
			return rc;
		*yes = before * 10 >= known;
	}
	return 0;
}

int sp_sink_refresh_stats(sp_sink *s, const char *const *tables, const int64_t *written, size_t n,
			  bool every, sp_buf *analyzed)
{
	bool pg = !strcmp(sp_sink_dialect(s), "postgresql");
	int64_t have_stat1 = 0;
	int rc = pg ? sp_sink_flush_stats(s)
		    : sp_sink_query_int(s, sp_sql_stats_sqlite_has_stat1, NULL, 0, &have_stat1);
	/* SQLite's ANALYZE reads whole indexes unless limited: at most 1000 rows per index, the
	   same order as PostgreSQL's sample */
	if (!rc && !pg)
		rc = sp_sink_exec(s, "PRAGMA analysis_limit = 1000");
	if (rc)
		return rc;
	const char *done[n ? n : 1];
	size_t ndone = 0;
	sp_buf sql;
	sp_buf_init(&sql);
	for (size_t i = 0; !rc && i < n; i++) {
		bool yes = every;
		if (written[i] <= 0 ||
		    (!every && (rc = due(s, pg, have_stat1, tables[i], written[i], &yes))) || !yes)
			continue;
		const char *analyze = with_table(&sql, "ANALYZE ", tables[i]);
		if ((rc = analyze ? sp_sink_exec(s, analyze) : SP_ENOMEM))
			break;
		if (analyzed)
			sp_buf_printf(analyzed, "%s%s", analyzed->len ? " " : "", tables[i]);
		done[ndone++] = tables[i];
		have_stat1 = 1;
	}
	if (!rc && !pg && !(rc = sp_sink_exec(s, "PRAGMA optimize")))
		rc = exact_rows(s, done, ndone, &sql);
	sp_buf_release(&sql);
	return rc;
}
