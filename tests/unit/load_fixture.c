/* tests/unit/load_fixture.c: see load_fixture.h. */
#include "load_fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <unistd.h>

#include "pg_fixture.h"

static char sqlite_path[64];

void sp_test_sqlite_fresh(void)
{
	snprintf(sqlite_path, sizeof sqlite_path, "/tmp/sp-load-XXXXXX");
	int fd = mkstemp(sqlite_path);
	cr_assert_geq(fd, 0);
	close(fd);
	unlink(sqlite_path);
	snprintf(sp_test_url, sizeof sp_test_url, "%s", sqlite_path);
}

void sp_test_sqlite_drop(void)
{
	char p[96];
	unlink(sqlite_path);
	snprintf(p, sizeof p, "%s-wal", sqlite_path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", sqlite_path);
	unlink(p);
}

void sp_test_fill(sp_batch *b, int64_t repo, int64_t snap, int64_t blob, const char *path,
		  const char *fname)
{
	sp_table_id t = SP_TBL_BLOBS;
	char hash[33];
	snprintf(hash, sizeof hash, "%032lld", (long long)blob);
	sp_batch_int(b, t, repo), sp_batch_int(b, t, blob), sp_batch_cstr(b, t, hash);
	sp_batch_int(b, t, 1), sp_batch_cstr(b, t, "python"), sp_batch_int(b, t, 10);
	for (int i = 0; i < 4; i++)
		sp_batch_int(b, t, 1);
	sp_batch_bool(b, t, false), sp_batch_null(b, t), sp_batch_null(b, t);
	sp_batch_end_row(b, t);
	t = SP_TBL_FUNCTIONS;
	sp_batch_int(b, t, repo), sp_batch_int(b, t, blob), sp_batch_int(b, t, 1);
	sp_batch_cstr(b, t, fname), sp_batch_cstr(b, t, fname), sp_batch_cstr(b, t, "function");
	sp_batch_null(b, t);
	for (int i = 0; i < 6; i++)
		sp_batch_int(b, t, 1);
	sp_batch_cstr(b, t, "a\tb"), sp_batch_cstr(b, t, "{\"async\": false}");
	sp_batch_int(b, t, 1);
	sp_batch_end_row(b, t);
	t = SP_TBL_FILES;
	sp_batch_int(b, t, repo), sp_batch_int(b, t, snap), sp_batch_cstr(b, t, path),
		sp_batch_int(b, t, blob);
	sp_batch_null(b, t), sp_batch_null(b, t), sp_batch_null(b, t);
	sp_batch_end_row(b, t);
	cr_assert_eq(b->err, 0);
}
