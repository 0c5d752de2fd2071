/* tests/unit/load_fixture.h: what the load stage's unit tests (test_load, test_load_refs) share:
   a fresh SQLite file per test and the rows of a blob with one function. */
#ifndef SP_TEST_LOAD_FIXTURE_H
#define SP_TEST_LOAD_FIXTURE_H

#include "sink_p.h"

/* A Criterion .init: a fresh SQLite file name (not created yet) into sp_test_url. */
void sp_test_sqlite_fresh(void);
/* A Criterion .fini: removes that file and its -wal and -shm. */
void sp_test_sqlite_drop(void);
/* Adds to b a blob `blob` (python, hash of its id) with one function fname, and the files row
   (repo, snap, path) pointing at it; asserts the batch has no error. */
void sp_test_fill(sp_batch *b, int64_t repo, int64_t snap, int64_t blob, const char *path,
		  const char *fname);

#endif
