/* tests/unit/test_queue.c: the shared scan queue (queue/) on a real throwaway PostgreSQL database
   (SNAKEPIPE_TEST_PG, which scripts/test starts): enqueue, claim order and SKIP LOCKED, the lease
   renewed or lost, a row given up after max_attempts lost workers, results; SQLite refused. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pg_fixture.h"
#include "sp_queue.h"

static int64_t scalar(sp_sink *s, const char *sql)
{
	int64_t v = -1;
	cr_assert_eq(sp_sink_query_int(s, sql, NULL, 0, &v), 0, "%s: %s", sql, sp_sink_errmsg(s));
	return v;
}

static int64_t enqueue3(sp_sink *s, int lease)
{
	const char *paths[] = {"/r/a", "/r/b", "/r/c"};
	int64_t run = 0;
	cr_assert_eq(sp_queue_enqueue(s, "m.yaml", "repositories: []\n", paths, 3, lease, &run), 0, "%s",
		     sp_sink_errmsg(s));
	cr_assert_gt(run, 0);
	return run;
}

TestSuite(queue, .init = sp_test_pg_fresh, .fini = sp_test_pg_drop);

Test(queue, claims_in_order_and_never_twice)
{
	sp_sink *a = sp_test_open_migrated(), *b = sp_test_open_migrated();
	int64_t run = enqueue3(a, 60);
	cr_assert_eq(scalar(a, "SELECT count(*) FROM scan_queue WHERE status = 'queued'"), 3);
	sp_queue_claim c1, c2, c3, c4;
	bool got;
	int64_t open;
	cr_assert_eq(sp_queue_claim_next(a, "w1", &c1, &got, &open), 0, "%s", sp_sink_errmsg(a));
	cr_assert(got);
	cr_assert_eq(c1.run_id, run);
	cr_assert_eq(c1.item, 0);
	cr_assert_eq(c1.attempt, 1);
	cr_assert_eq(c1.lease_seconds, 60);
	cr_assert_str_eq(c1.manifest, "m.yaml");
	cr_assert_str_eq(c1.yaml, "repositories: []\n");
	/* another connection: the next row, not the one already held */
	cr_assert_eq(sp_queue_claim_next(b, "w2", &c2, &got, &open), 0, "%s", sp_sink_errmsg(b));
	cr_assert(got);
	cr_assert_eq(c2.item, 1);
	cr_assert_eq(sp_queue_claim_next(b, "w2", &c3, &got, &open), 0);
	cr_assert_eq(c3.item, 2);
	/* all held by live leases: nothing to claim, three still open (worth waiting for) */
	cr_assert_eq(sp_queue_claim_next(a, "w1", &c4, &got, &open), 0);
	cr_assert_not(got);
	cr_assert_eq(open, 3);
	bool held = false;
	cr_assert_eq(sp_queue_renew(a, &c1, "w1", &held), 0);
	cr_assert(held);
	cr_assert_eq(sp_queue_finish(a, &c1, "w1", true, 0, 7, 9, NULL, &held), 0, "%s",
		     sp_sink_errmsg(a));
	cr_assert(held);
	cr_assert_eq(sp_queue_finish(b, &c2, "w2", false, 3, 0, 0, "server gone", &held), 0);
	cr_assert_eq(sp_queue_finish(b, &c3, "w2", true, 1, 8, 1, NULL, &held), 0);
	cr_assert_eq(scalar(a, "SELECT count(*) FROM scan_queue WHERE item = 0 AND status = 'done' "
			       "AND repository_id = 7 AND snapshot_id = 9 AND exit_code = 0 "
			       "AND error IS NULL AND lease_until IS NULL"),
		     1);
	cr_assert_eq(scalar(a, "SELECT count(*) FROM scan_queue WHERE item = 1 AND status = "
			       "'failed' AND repository_id IS NULL AND error = 'server gone'"),
		     1);
	/* drained: nothing to claim and nothing open, so a worker stops */
	cr_assert_eq(sp_queue_claim_next(a, "w1", &c4, &got, &open), 0);
	cr_assert_not(got);
	cr_assert_eq(open, 0);
	cr_assert_eq(scalar(a, "SELECT done * 100 + failed * 10 + finished::int FROM "
			       "scan_run_status"),
		     211);
	sp_queue_claim_release(&c1);
	sp_queue_claim_release(&c2);
	sp_queue_claim_release(&c3);
	sp_sink_close(a);
	sp_sink_close(b);
}

Test(queue, a_lapsed_lease_is_claimed_again_and_the_old_claim_is_lost)
{
	sp_sink *s = sp_test_open_migrated();
	enqueue3(s, 60);
	sp_queue_claim dead, next;
	bool got, held;
	int64_t open;
	cr_assert_eq(sp_queue_claim_next(s, "dead", &dead, &got, &open), 0);
	/* its worker stopped renewing: the lease runs out */
	cr_assert_eq(sp_sink_exec(s, "UPDATE scan_queue SET lease_until = now() - interval '1 s' "
				     "WHERE item = 0"),
		     0);
	cr_assert_eq(sp_queue_claim_next(s, "alive", &next, &got, &open), 0);
	cr_assert(got);
	cr_assert_eq(next.item, 0, "the lapsed row comes before the queued ones");
	cr_assert_eq(next.attempt, 2);
	/* the dead worker, were it only slow, can neither renew nor finish the row any more */
	cr_assert_eq(sp_queue_renew(s, &dead, "dead", &held), 0);
	cr_assert_not(held);
	cr_assert_eq(sp_queue_finish(s, &dead, "dead", true, 0, 1, 1, NULL, &held), 0);
	cr_assert_not(held);
	cr_assert_eq(scalar(s, "SELECT count(*) FROM scan_queue WHERE item = 0 AND status = "
			       "'running' AND worker = 'alive'"),
		     1);
	sp_queue_claim_release(&dead);
	sp_queue_claim_release(&next);
	sp_sink_close(s);
}

Test(queue, a_row_whose_workers_keep_dying_fails)
{
	sp_sink *s = sp_test_open_migrated();
	const char *paths[] = {"/r/oom"};
	int64_t run = 0;
	cr_assert_eq(sp_queue_enqueue(s, "m.yaml", "x", paths, 1, 60, &run), 0);
	for (int i = 1; i <= 3; i++) {
		sp_queue_claim c;
		bool got;
		int64_t open;
		cr_assert_eq(sp_queue_claim_next(s, "w", &c, &got, &open), 0);
		cr_assert(got);
		cr_assert_eq(c.attempt, i);
		sp_queue_claim_release(&c);
		cr_assert_eq(sp_sink_exec(s, "UPDATE scan_queue SET lease_until = now() - "
					     "interval '1 s'"),
			     0);
	}
	sp_queue_claim c;
	bool got;
	int64_t open;
	cr_assert_eq(sp_queue_claim_next(s, "w", &c, &got, &open), 0);
	cr_assert_not(got, "after max_attempts (3) lost workers the row is not claimed again");
	cr_assert_eq(open, 0);
	cr_assert_eq(scalar(s, "SELECT count(*) FROM scan_queue WHERE status = 'failed' AND error "
			       "LIKE '%was lost 3 time(s)%'"),
		     1);
	sp_sink_close(s);
}

Test(queue_sqlite, refused_and_untouched)
{
	char path[] = "/tmp/sp-queue-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	close(fd);
	unlink(path);
	sp_sink *s;
	cr_assert_eq(sp_sink_open(path, &s), 0, "%s", sp_sink_errmsg(s));
	cr_assert_not(sp_queue_supported(s));
	const char *paths[] = {"/r/a"};
	int64_t run = 1;
	cr_assert_eq(sp_queue_enqueue(s, "m", "x", paths, 1, 60, &run), SP_EUSAGE);
	sp_queue_claim c;
	bool got = true;
	int64_t open = 1;
	cr_assert_eq(sp_queue_claim_next(s, "w", &c, &got, &open), SP_EUSAGE);
	cr_assert_not(got);
	sp_sink_close(s);
	unlink(path);
}
