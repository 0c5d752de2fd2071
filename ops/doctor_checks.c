/* ops/doctor_checks.c: the checks of `snakepipe doctor`, one function each (the table is in
   doctor.c). A check's SQL is in ops/sql; each adds one line: ok, warning or error and why. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "doctor_p.h"

#include "banned.h"

#define LISTED 3 /* names a reason lists before "and N more" */

static const char *by_dialect(const sp_doctor_ctx *c, const char *pg, const char *sqlite)
{
	return c->postgres ? pg : sqlite;
}

/* Appends "name" to a list of at most LISTED names, counting the rest. */
static void list_name(sp_buf *b, size_t *n, const char *fmt, const char *name, int64_t v)
{
	if ((*n)++ < LISTED) {
		sp_buf_puts(b, b->len ? ", " : "");
		sp_buf_printf(b, fmt, name, (long long)v);
	}
}

static const char *listed(sp_buf *b, size_t n)
{
	if (n > LISTED)
		sp_buf_printf(b, " and %zu more", n - LISTED);
	return sp_buf_cstr(b);
}

int sp_doctor_schema(sp_doctor_ctx *c)
{
	sp_buf report;
	sp_buf_init(&report);
	int pending = 0;
	int rc = sp_sink_migration_status(c->sink, &report, &pending);
	/* one line per migration this binary knows: "version name applied|pending" */
	size_t known = 0;
	long version = 0;
	for (const char *p = sp_buf_cstr(&report); *p; p++) {
		known++;
		version = strtol(p, NULL, 10);
		if (!(p = strchr(p, '\n')))
			break;
	}
	sp_buf_release(&report);
	if (rc)
		return sp_doctor_add(c, "schema", SP_CHECK_ERROR, "%s", sp_sink_errmsg(c->sink));
	c->schema_usable = (size_t)pending < known;
	if (pending)
		return sp_doctor_add(c, "schema", SP_CHECK_WARNING,
				     "%d of %zu migrations pending: run 'snakepipe migrate' (index "
				     "applies them too)",
				     pending, known);
	c->schema_usable = true;
	return sp_doctor_add(c, "schema", SP_CHECK_OK, "at migration %ld, this snakepipe's", version);
}

int sp_doctor_running(sp_doctor_ctx *c)
{
	sp_rows *r = NULL;
	if (sp_sink_query(c->sink, sp_sql_doctor_running, NULL, 0, &r))
		return sp_doctor_query_failed(c, "running");
	sp_buf dead;
	sp_buf_init(&dead);
	size_t live = 0, ndead = 0;
	int rc = 0, more;
	while (!rc && (more = sp_rows_next(r)) > 0) {
		int64_t repo = sp_rows_int(r, 0), snap = sp_rows_int(r, 1);
		/* the run that started it holds the repository's lock while it lives */
		int got = sp_sink_repo_lock(c->sink, repo, false);
		if (got == SP_ELOCK) {
			live++;
		} else if (!got) {
			list_name(&dead, &ndead, "%s #%lld", sp_rows_text(r, 2), snap);
			rc = sp_sink_repo_unlock(c->sink, repo);
		} else {
			rc = got;
		}
	}
	if (!rc && more < 0)
		rc = more;
	sp_rows_free(r);
	if (rc)
		rc = sp_doctor_query_failed(c, "running");
	else if (ndead)
		rc = sp_doctor_add(
			c, "running", SP_CHECK_WARNING,
			"%zu snapshot(s) left running by a run that died (%s); the next index "
			"of the repository marks them failed%s",
			ndead, listed(&dead, ndead), live ? "; others belong to live runs" : "");
	else if (live)
		rc = sp_doctor_add(c, "running", SP_CHECK_OK,
				   "%zu snapshot(s) running, each by a live run that holds its lock",
				   live);
	else
		rc = sp_doctor_add(c, "running", SP_CHECK_OK, "no snapshot left running");
	sp_buf_release(&dead);
	return rc;
}

/* "12d", "5h", "40m", "9s" */
static void age_text(int64_t s, char *out, size_t n)
{
	if (s >= 86400)
		snprintf(out, n, "%lldd", (long long)(s / 86400));
	else if (s >= 3600)
		snprintf(out, n, "%lldh", (long long)(s / 3600));
	else if (s >= 60)
		snprintf(out, n, "%lldm", (long long)(s / 60));
	else
		snprintf(out, n, "%llds", (long long)s);
}

int sp_doctor_stale(sp_doctor_ctx *c)
{
	sp_rows *r = NULL;
	const char *sql =
		by_dialect(c, sp_sql_doctor_freshness_postgres, sp_sql_doctor_freshness_sqlite);
	if (sp_sink_query(c->sink, sql, NULL, 0, &r))
		return sp_doctor_query_failed(c, "stale");
	sp_buf names;
	sp_buf_init(&names);
	size_t all = 0, stale = 0;
	int more;
	while ((more = sp_rows_next(r)) > 0) {
		all++;
		bool never = sp_rows_null(r, 1);
		int64_t age = sp_rows_int(r, 1);
		if (!never && age <= c->o->stale_after)
			continue;
		char a[32];
		age_text(age, a, sizeof a);
		char item[64];
		snprintf(item, sizeof item, "%%s (%s)", never ? "never" : a);
		list_name(&names, &stale, item, sp_rows_text(r, 0), 0);
	}
	sp_rows_free(r);
	char limit[32];
	age_text(c->o->stale_after, limit, sizeof limit);
	int rc;
	if (more < 0)
		rc = sp_doctor_query_failed(c, "stale");
	else if (stale)
		rc = sp_doctor_add(c, "stale", SP_CHECK_WARNING,
				   "%zu of %zu repositories have no complete snapshot within %s: %s",
				   stale, all, limit, listed(&names, stale));
	else
		rc = sp_doctor_add(c, "stale", SP_CHECK_OK,
				   "all %zu repositories have a complete snapshot within %s", all,
				   limit);
	sp_buf_release(&names);
	return rc;
}

/* Tables whose planner statistics lag: (name, rows, rows changed since, ever gathered). */
static int stale_stats(sp_doctor_ctx *c, const char *sql, sp_buf *names, size_t *n)
{
	sp_rows *r = NULL;
	if (sp_sink_query(c->sink, sql, NULL, 0, &r))
		return -1;
	int more;
	while ((more = sp_rows_next(r)) > 0) {
		int64_t rows = sp_rows_int(r, 1), changed = sp_rows_int(r, 2);
		bool gathered = sp_rows_int(r, 3) != 0;
		double limit = c->o->stats_share * (double)rows;
		if (!gathered && rows < c->o->stats_min_rows)
			continue; /* small tables plan well without statistics */
		if (gathered && (changed < c->o->stats_min_rows || (double)changed <= limit))
			continue;
		list_name(names, n, gathered ? "%s (%lld rows changed since)" : "%s (never, %lld rows)",
			  sp_rows_text(r, 0), gathered ? changed : rows);
	}
	sp_rows_free(r);
	return more < 0 ? -1 : 0;
}

int sp_doctor_statistics(sp_doctor_ctx *c)
{
	sp_buf names;
	sp_buf_init(&names);
	size_t n = 0;
	int64_t has_stat1 = 1;
	int rc = 0;
	if (c->postgres)
		rc = stale_stats(c, sp_sql_doctor_statistics_postgres, &names, &n);
	else if (!(rc = sp_sink_query_int(c->sink, sp_sql_doctor_has_stat1, NULL, 0, &has_stat1)))
		rc = has_stat1 ? stale_stats(c, sp_sql_doctor_statistics_sqlite, &names, &n) : 0;
	if (!rc && !has_stat1) { /* never analyzed: only large tables need statistics */
		sp_rows *r = NULL;
		if (sp_sink_query(c->sink, sp_sql_doctor_rows_sqlite, NULL, 0, &r))
			rc = -1;
		while (!rc && sp_rows_next(r) > 0)
			if (sp_rows_int(r, 1) >= c->o->stats_min_rows)
				list_name(&names, &n, "%s (never, %lld rows)", sp_rows_text(r, 0),
					  sp_rows_int(r, 1));
		sp_rows_free(r);
	}
	if (rc)
		rc = sp_doctor_query_failed(c, "statistics");
	else if (n)
		rc = sp_doctor_add(c, "statistics", SP_CHECK_WARNING,
				   "planner statistics older than the last load: %s; run %s",
				   listed(&names, n),
				   c->postgres ? "ANALYZE" : "'PRAGMA optimize' or ANALYZE");
	else
		rc = sp_doctor_add(c, "statistics", SP_CHECK_OK,
				   "planner statistics are current for every large table");
	sp_buf_release(&names);
	return rc;
}

int sp_doctor_sizes(sp_doctor_ctx *c)
{
	sp_rows *r = NULL;
	const char *sql = by_dialect(c, sp_sql_doctor_sizes_postgres, sp_sql_doctor_sizes_sqlite);
	if (sp_sink_query(c->sink, sql, NULL, 0, &r))
		return sp_doctor_query_failed(c, "size");
	sp_buf b;
	sp_buf_init(&b);
	int more, i = 0;
	while ((more = sp_rows_next(r)) > 0) {
		char size[32];
		sp_doctor_bytes(sp_rows_int(r, 1), size, sizeof size);
		if (sp_rows_null(r, 0))
			sp_buf_printf(&b, "database %s", size);
		else
			sp_buf_printf(&b, "%s%s %s", i++ ? ", " : "; largest: ", sp_rows_text(r, 0),
				      size);
	}
	sp_rows_free(r);
	int rc = more < 0 ? sp_doctor_query_failed(c, "size")
			  : sp_doctor_add(c, "size", SP_CHECK_OK, "%s", sp_buf_cstr(&b));
	sp_buf_release(&b);
	return rc;
}

int sp_doctor_disk(sp_doctor_ctx *c)
{
	sp_rows *r = NULL;
	if (sp_sink_query(c->sink, sp_sql_doctor_file_sqlite, NULL, 0, &r))
		return sp_doctor_query_failed(c, "disk");
	bool row = sp_rows_next(r) > 0;
	char *file = row && sp_rows_text(r, 0) ? strdup(sp_rows_text(r, 0)) : NULL;
	int64_t db_size = row ? sp_rows_int(r, 1) : 0;
	sp_rows_free(r);
	if (!file || !*file) {
		free(file);
		return sp_doctor_add(c, "disk", SP_CHECK_OK, "a temporary database: no file");
	}
	struct statvfs fs;
	int err = statvfs(dirname(file), &fs);
	free(file);
	if (err)
		return sp_doctor_add(c, "disk", SP_CHECK_ERROR,
				     "cannot read the file system's free space");
	int64_t avail = (int64_t)fs.f_bavail * (int64_t)fs.f_frsize;
	char a[32], d[32];
	sp_doctor_bytes(avail, a, sizeof a);
	sp_doctor_bytes(db_size, d, sizeof d);
	/* a VACUUM (after gc) writes a copy of the database: keep room for one */
	int64_t want = db_size > (1LL << 30) ? db_size : (1LL << 30);
	sp_check_status st = avail < (64LL << 20) ? SP_CHECK_ERROR
			     : avail < want       ? SP_CHECK_WARNING
						  : SP_CHECK_OK;
	return sp_doctor_add(c, "disk", st, "%s free beside the %s database%s", a, d,
			     st == SP_CHECK_OK ? "" : " (a VACUUM needs room for a copy of it)");
}

int sp_doctor_garbage(sp_doctor_ctx *c)
{
	sp_rows *r = NULL;
	if (sp_sink_query(c->sink, sp_sql_doctor_garbage, NULL, 0, &r) || sp_rows_next(r) <= 0) {
		sp_rows_free(r);
		return sp_doctor_query_failed(c, "garbage");
	}
	int64_t unused = sp_rows_int(r, 0), blobs = sp_rows_int(r, 1), deps = sp_rows_int(r, 2);
	sp_rows_free(r);
	/* a fifth of the blobs unused is worth a gc run; a few are normal between runs */
	bool much = unused >= 100 && (double)unused > 0.2 * (double)blobs;
	return sp_doctor_add(c, "garbage", much ? SP_CHECK_WARNING : SP_CHECK_OK,
			     "%lld of %lld blobs and %lld dependency rows belong to no snapshot%s",
			     (long long)unused, (long long)blobs, (long long)deps,
			     much ? ": run 'snakepipe gc'" : "");
}

int sp_doctor_settings(sp_doctor_ctx *c)
{
	sp_rows *r = NULL;
	if (sp_sink_query(c->sink, sp_sql_doctor_settings_postgres, NULL, 0, &r))
		return sp_doctor_query_failed(c, "settings");
	sp_buf b;
	sp_buf_init(&b);
	int more;
	while ((more = sp_rows_next(r)) > 0) {
		const char *name = sp_rows_text(r, 0), *v = sp_rows_text(r, 1);
		if (!strcmp(name, "maintenance_work_mem")) {
			if (atoll(v) < 65536)
				sp_buf_printf(&b,
					      "%smaintenance_work_mem=%lld kB makes index builds and "
					      "ANALYZE slow (64 MB or more)",
					      b.len ? "; " : "", atoll(v));
		} else if (!strcmp(v, "off")) {
			sp_buf_printf(&b, "%s%s=off %s", b.len ? "; " : "", name,
				      !strcmp(name, "synchronous_commit")
					      ? "loses the last commits in a server crash"
					      : "can corrupt the database in a server crash");
		}
	}
	sp_rows_free(r);
	int rc;
	if (more < 0)
		rc = sp_doctor_query_failed(c, "settings");
	else if (b.len)
		rc = sp_doctor_add(c, "settings", SP_CHECK_WARNING,
				   "%s (fine for a throwaway server only)", sp_buf_cstr(&b));
	else
		rc = sp_doctor_add(c, "settings", SP_CHECK_OK,
				   "fsync, synchronous_commit and full_page_writes on, "
				   "maintenance_work_mem large enough");
	sp_buf_release(&b);
	return rc;
}
