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

/* Snapshots of one repository that the policy lets go: never a running one, never the latest
   complete one; with keep, those older than the keep-th newest complete snapshot; with a date,
   those finished before it. */
static void victim_sql(const sp_sink *s, const sp_gc_policy *p, char *sql, size_t n)
{
	bool pg = !strcmp(s->ops->dialect, "postgresql");
	const char *latest = "(SELECT max(snapshot_id) FROM snapshots WHERE repository_id = $1 AND "
			     "status = 'complete')";
	if (p->keep > 0)
		snprintf(sql, n,
			 "SELECT min(snapshot_id) FROM snapshots WHERE repository_id = $1 AND status <> "
			 "'running' "
			 "AND snapshot_id < %s AND snapshot_id < coalesce((SELECT snapshot_id FROM "
			 "snapshots "
			 "WHERE repository_id = $1 AND status = 'complete' ORDER BY snapshot_id DESC "
			 "LIMIT 1 OFFSET %d), 0)",
			 latest, p->keep - 1);
	else
		snprintf(sql, n,
			 "SELECT min(snapshot_id) FROM snapshots WHERE repository_id = $1 AND status <> "
			 "'running' "
			 "AND snapshot_id < %s AND finished_at < %s",
			 latest,
			 pg ? "to_timestamp($2)" : "strftime('%Y-%m-%dT%H:%M:%fZ', $2, 'unixepoch')");
}

static int gc_repository(sp_sink *s, int64_t repo, const sp_gc_policy *p, sp_gc_counts *c)
{
	int rc = sp_sink_repo_lock(s, repo, true); /* an index run of this repository finishes first */
	char victims[1024];
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
	/* paths no snapshot has any more */
	if (!rc)
		rc = step(s,
			  "DELETE FROM paths WHERE repository_id = $1 AND NOT EXISTS (SELECT 1 FROM "
			  "files f "
			  "WHERE f.repository_id = paths.repository_id AND f.path = paths.path)",
			  repo, 0);
	/* blobs no file refers to, with their facts (foreign keys cascade), a batch at a time */
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
	return rc;
}
