/* tests/unit/test_schema.c: table descriptors and the row batch that transform fills and sinks
   read: cell order, NULLs, UTF-8 cleaning, wrong-arity rows, clearing between batches. */
#include <criterion/criterion.h>
#include <string.h>

#include "sp_schema.h"

Test(tables, every_table_keys_on_repository_id)
{
	for (int t = 0; t < SP_TBL_COUNT; t++) {
		cr_assert_not_null(sp_tables[t].name);
		cr_assert_gt(sp_tables[t].ncols, 2);
		cr_assert_str_eq(sp_tables[t].cols[0].name, "repository_id", "table %s",
				 sp_tables[t].name);
	}
}

Test(tables, load_order_puts_parents_first)
{
	cr_assert_lt(SP_TBL_BLOBS, SP_TBL_FUNCTIONS);
	cr_assert_lt(SP_TBL_FUNCTIONS, SP_TBL_FUNCTION_METRICS);
	cr_assert_lt(SP_TBL_IMPORTS, SP_TBL_DEPENDENCIES);
	cr_assert_lt(SP_TBL_FILES, SP_TBL_DEPENDENCIES);
}

static void file_row(sp_batch *b, int64_t snap, const char *path, int64_t blob)
{
	sp_batch_int(b, SP_TBL_FILES, 1);
	sp_batch_int(b, SP_TBL_FILES, snap);
	sp_batch_cstr(b, SP_TBL_FILES, path);
	sp_batch_int(b, SP_TBL_FILES, blob);
	sp_batch_int(b, SP_TBL_FILES, 100);
	sp_batch_int(b, SP_TBL_FILES, 200);
	sp_batch_null(b, SP_TBL_FILES);
	sp_batch_end_row(b, SP_TBL_FILES);
}

Test(batch, rows_keep_descriptor_order)
{
	sp_batch b;
	sp_batch_init(&b);
	file_row(&b, 7, "a/b.py", 3);
	file_row(&b, 7, "c.py", 4);
	cr_assert_eq(b.err, 0);
	cr_assert_eq(b.rows[SP_TBL_FILES], 2);
	const sp_value *r = sp_batch_row(&b, SP_TBL_FILES, 1);
	cr_assert_eq(r[1].i, 7);
	cr_assert_str_eq(r[2].s, "c.py");
	cr_assert_eq(r[2].len, 4);
	cr_assert_eq(r[3].i, 4);
	cr_assert_eq(sp_batch_total_rows(&b), 2);
	sp_batch_clear(&b);
	cr_assert_eq(sp_batch_total_rows(&b), 0);
	file_row(&b, 8, "d.py", 5);
	cr_assert_str_eq(sp_batch_row(&b, SP_TBL_FILES, 0)[2].s, "d.py");
	sp_batch_release(&b);
}

Test(batch, text_is_cleaned_and_null_kept)
{
	sp_batch b;
	sp_batch_init(&b);
	sp_batch_int(&b, SP_TBL_FILES, 1);
	sp_batch_int(&b, SP_TBL_FILES, 1);
	sp_batch_text(&b, SP_TBL_FILES, "caf\xE9\0.py", 8);
	sp_batch_null(&b, SP_TBL_FILES);
	sp_batch_null(&b, SP_TBL_FILES);
	sp_batch_null(&b, SP_TBL_FILES);
	sp_batch_null(&b, SP_TBL_FILES);
	sp_batch_end_row(&b, SP_TBL_FILES);
	const sp_value *r = sp_batch_row(&b, SP_TBL_FILES, 0);
	cr_assert_str_eq(r[2].s, "caf\xEF\xBF\xBD\xEF\xBF\xBD.py");
	cr_assert(r[3].null);
	sp_batch_release(&b);
}

Test(batch, wrong_arity_sets_error)
{
	sp_batch b;
	sp_batch_init(&b);
	sp_batch_int(&b, SP_TBL_FILES, 1);
	sp_batch_end_row(&b, SP_TBL_FILES);
	cr_assert_eq(b.err, SP_EUSAGE);
	sp_batch_clear(&b);
	cr_assert_eq(b.err, 0);
	for (int i = 0; i < 8; i++)
		sp_batch_int(&b, SP_TBL_FILES, i); /* one too many */
	cr_assert_eq(b.err, SP_EUSAGE);
	sp_batch_release(&b);
}
