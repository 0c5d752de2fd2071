/* tests/unit/pg_fixture.c: see pg_fixture.h. */
#include "pg_fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

char sp_test_url[1024];
static char pg_db[64];

static void pg_admin(const char *sql)
{
	sp_sink *s;
	int rc = sp_sink_open(getenv("SNAKEPIPE_TEST_PG"), &s);
	cr_assert_eq(rc, 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_exec(s, sql), 0, "%s", sp_sink_errmsg(s));
	sp_sink_close(s);
}

void sp_test_pg_fresh(void)
{
	const char *base = getenv("SNAKEPIPE_TEST_PG");
	if (!base) {
		if (getenv("SNAKEPIPE_REQUIRE_PG"))
			cr_assert_fail("SNAKEPIPE_TEST_PG is not set but SNAKEPIPE_REQUIRE_PG is");
		cr_skip_test("no PostgreSQL (SNAKEPIPE_TEST_PG unset)");
	}
	snprintf(pg_db, sizeof pg_db, "sp_test_%d_%ld", (int)getpid(), random());
	char sql[128];
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", pg_db);
	pg_admin(sql);
	snprintf(sp_test_url, sizeof sp_test_url, "%s dbname=%s", base, pg_db);
}

void sp_test_pg_drop(void)
{
	if (!getenv("SNAKEPIPE_TEST_PG"))
		return;
	char sql[128];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_db);
	pg_admin(sql);
}

sp_sink *sp_test_open_migrated(void)
{
	sp_sink *s;
	int rc = sp_sink_open(sp_test_url, &s);
	cr_assert_eq(rc, 0, "%s", sp_sink_errmsg(s));
	cr_assert_eq(sp_sink_migrate(s), 0, "%s", sp_sink_errmsg(s));
	return s;
}
