/* tests/unit/pg_fixture.h: the throwaway PostgreSQL database the load and queue unit tests share
   (SNAKEPIPE_TEST_PG, which scripts/test starts), and a migrated sink on a URL. */
#ifndef SP_TEST_PG_FIXTURE_H
#define SP_TEST_PG_FIXTURE_H

#include "sp_sink.h"

/* The database the test opens: sp_test_pg_fresh's connection string, or what the test writes. */
extern char sp_test_url[1024];

/* Creates a fresh database sp_test_<pid>_<random> on SNAKEPIPE_TEST_PG and writes its
   connection string into sp_test_url; skips the test when SNAKEPIPE_TEST_PG is unset (fails
   instead when SNAKEPIPE_REQUIRE_PG is set). A Criterion .init. */
void sp_test_pg_fresh(void);
/* Drops the database sp_test_pg_fresh created (nothing without PostgreSQL). A Criterion .fini. */
void sp_test_pg_drop(void);
/* Opens sp_test_url and migrates it, asserting both. Caller closes. */
sp_sink *sp_test_open_migrated(void);

#endif
