/* load/gc.c: retention. Deletes old snapshots one per transaction, then the dependencies and
   blobs no snapshot uses any more in small batches, so readers are never blocked for long. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sink_p.h"

#include "banned.h"

#define GC_BLOB_BATCH 500

static int64_t count_of(sp_sink *s, const char *sql, int64_t a, int64_t b, int *rc)
{
	int64_t n = 0;
	if (!*rc)
		*rc = sp_sink_scalar(s, sql, a, b, &n);
	return n;
}

/* Runs one statement in its own transaction. */
static int step(sp_sink *s, const char *sql, int64_t a, int64_t b)
{
	int64_t ignored;
	int rc = s->ops->begin(s);
	if (!rc)
		rc = sp_sink_scalar(s, sql, a, b, &ignored);
	if (!rc)
		return s->ops->commit(s);
	char *msg = strdup(sp_sink_errmsg(s));
	s->ops->abort(s);
	sp_sink_fail(s, rc, "gc: %s", msg ? msg : "");
	free(msg);
	return rc;
}

/* A snapshot's line for retention: the default branch is one line (whatever its snapshots' refs
   say), every other ref one line each, detached snapshots off the default branch one more. */
#define GC_LINE(x) "(CASE WHEN " x ".on_default THEN '' ELSE coalesce(" x ".ref, ' detached') END)"
/* The complete snapshots of s's line, newest first. */
#define GC_SAME_LINE                                                                                    \
	"FROM snapshots c WHERE c.repository_id = $1 AND c.status = 'complete' AND " GC_LINE(           \
		"c") " = " GC_LINE("s")

/* Snapshots of one repository that the policy lets go: never a running one, never a pinned one
   (snapshot_pins: the base of a CI gate or a report), never the latest complete one of its line;
   with keep, those older than the keep-th newest complete snapshot of their line; with a date,
   those finished before it. */
static void victim_sql(const sp_sink *s, const sp_gc_policy *p, char *sql, size_t n)
{
	int len = snprintf(sql, n,
			   "SELECT min(s.snapshot_id) FROM snapshots s WHERE s.repository_id = $1 "
			   "AND s.status <> 'running' AND NOT EXISTS (SELECT 1 FROM snapshot_pins k "
			   "WHERE k.repository_id = s.repository_id AND k.snapshot_id = s.snapshot_id) "
			   "AND s.snapshot_id < (SELECT max(c.snapshot_id) " GC_SAME_LINE ") ");
	if (len < 0 || (size_t)len >= n)
		return;
	if (p->keep > 0)
		snprintf(sql + len, n - (size_t)len,
			 "AND s.snapshot_id < coalesce((SELECT c.snapshot_id " GC_SAME_LINE
			 " ORDER BY c.snapshot_id DESC LIMIT 1 OFFSET %d), 0)",
			 p->keep - 1);
	else
		snprintf(sql + len, n - (size_t)len, "AND s.finished_at < %s", s->ops->epoch_param);
}

static int gc_repository(sp_sink *s, int64_t repo, const sp_gc_policy *p, sp_gc_counts *c)
{
	int rc = sp_sink_repo_lock(s, repo, true); /* an index run of this repository finishes first */
	char victims[2048];
	victim_sql(s, p, victims, sizeof victims);
	while (!rc) {
		int64_t snap = count_of(s, victims, repo, p->older_than, &rc);
		if (rc || !snap)
			break;
		rc = step(s, "DELETE FROM snapshots WHERE repository_id = $1 AND snapshot_id = $2", repo,
			  snap);
		c->snapshots += !rc;
	}
	/* dependencies rows whose (path set, path, blob) no remaining snapshot has */
	int64_t before =
		count_of(s, "SELECT count(*) FROM dependencies WHERE repository_id = $1", repo, 0, &rc);
	if (!rc)
		rc = step(s,
			  "DELETE FROM dependencies WHERE repository_id = $1 AND NOT EXISTS (SELECT 1 "
			  "FROM "
			  "snapshots sn JOIN files f ON f.repository_id = sn.repository_id AND "
			  "f.snapshot_id = "
			  "sn.snapshot_id WHERE sn.repository_id = dependencies.repository_id AND "
			  "sn.path_set = "
			  "dependencies.path_set AND f.path = dependencies.path AND f.blob_id = "
			  "dependencies.blob_id)",
			  repo, 0);
	c->dependencies +=
		before -
		count_of(s, "SELECT count(*) FROM dependencies WHERE repository_id = $1", repo, 0, &rc);
	/* call resolution like dependencies (migration 0013): call_resolutions rows whose (path set,
	   path, blob) no remaining snapshot has, call_link_files of a calls_set no snapshot reads,
	   call_links no call_link_files row names (migration 0022) */
	if (!rc)
		rc = step(s,
			  "DELETE FROM call_resolutions WHERE repository_id = $1 AND NOT EXISTS (SELECT "
			  "1 FROM snapshots sn JOIN files f ON f.repository_id = sn.repository_id AND "
			  "f.snapshot_id = sn.snapshot_id WHERE sn.repository_id = "
			  "call_resolutions.repository_id AND sn.path_set = call_resolutions.path_set "
			  "AND f.path = call_resolutions.path AND f.blob_id = call_resolutions.blob_id)",
			  repo, 0);
	if (!rc)
		rc = step(s,
			  "DELETE FROM call_link_files WHERE repository_id = $1 AND NOT EXISTS (SELECT "
			  "1 FROM snapshots sn WHERE sn.repository_id = call_link_files.repository_id "
			  "AND sn.calls_set = call_link_files.calls_set)",
			  repo, 0);
	if (!rc)
		rc = step(s,
			  "DELETE FROM call_links WHERE repository_id = $1 AND NOT EXISTS (SELECT 1 "
			  "FROM call_link_files lf WHERE lf.repository_id = call_links.repository_id "
			  "AND lf.links_set = call_links.calls_set AND lf.path = call_links.path)",
			  repo, 0);
	/* paths no snapshot has any more */
	if (!rc)
		rc = step(s,
			  "DELETE FROM paths WHERE repository_id = $1 AND NOT EXISTS (SELECT 1 FROM "
			  "files f "
			  "WHERE f.repository_id = paths.repository_id AND f.path = paths.path)",
			  repo, 0);
	/* blobs no file refers to, with their facts (foreign keys cascade; on PostgreSQL the
	   blobs_children trigger of migration 0015), a batch at a time */
	const char *orphans =
		"SELECT blob_id FROM blobs b WHERE repository_id = $1 AND NOT EXISTS (SELECT 1 "
		"FROM files f WHERE f.repository_id = b.repository_id AND f.blob_id = b.blob_id)";
	char sql[1024];
	while (!rc) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM (%s LIMIT %d) x", orphans,
			 GC_BLOB_BATCH);
		int64_t n = count_of(s, sql, repo, 0, &rc);
		if (rc || !n)
			break;
		snprintf(sql, sizeof sql,
			 "DELETE FROM blobs WHERE repository_id = $1 AND blob_id IN (%s LIMIT %d)",
			 orphans, GC_BLOB_BATCH);
		rc = step(s, sql, repo, 0);
		c->blobs += rc ? 0 : n;
	}
	return rc;
}

static int64_t pragma_of(sp_sink *s, const char *sql, int *rc)
{
	int64_t n = 0;
	if (!*rc)
		*rc = sp_sink_query_int(s, sql, NULL, 0, &n);
	return n;
}

/* SQLite: deleted rows leave free pages in the file, reused by later writes but never returned;
   when they are a quarter of the file or more, VACUUM (which needs no transaction open and waits
   for writers like any write) rewrites the file without them. PostgreSQL's autovacuum makes
   the space reusable on its own; giving it back (VACUUM FULL) would lock the tables. */
static int reclaim(sp_sink *s, sp_gc_counts *c)
{
	if (strcmp(sp_sink_dialect(s), "sqlite"))
		return 0;
	int rc = 0;
	int64_t size = pragma_of(s, "PRAGMA page_size", &rc);
	int64_t pages = pragma_of(s, "PRAGMA page_count", &rc);
	int64_t unused = pragma_of(s, "PRAGMA freelist_count", &rc);
	if (rc || unused * 4 < pages)
		return rc;
	if ((rc = sp_sink_exec(s, "VACUUM"))) {
		char *msg = strdup(sp_sink_errmsg(s));
		sp_sink_fail(s, rc, "gc: VACUUM: %s", msg ? msg : "");
		free(msg);
		return rc;
	}
	int64_t after = pragma_of(s, "PRAGMA page_count", &rc);
	if (!rc && after < pages)
		c->bytes_reclaimed = (pages - after) * size;
	return rc;
}

int sp_sink_gc(sp_sink *s, const sp_gc_policy *p, sp_gc_counts *c)
{
	memset(c, 0, sizeof *c);
	int64_t repo = 0;
	int rc = 0;
	for (;;) {
		int64_t next = count_of(s,
					"SELECT coalesce(min(repository_id), 0) FROM repositories "
					"WHERE repository_id > $1",
					repo, 0, &rc);
		if (rc || !next)
			break;
		repo = next;
		if ((rc = gc_repository(s, repo, p, c)))
			break;
		c->repositories++;
	}
	return rc ? rc : reclaim(s, c);
}
