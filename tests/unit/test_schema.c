/* tests/unit/test_schema.c: table descriptors and the row batch that transform fills and sinks
   read: cell order, NULLs, UTF-8 cleaning, wrong-arity rows, clearing between batches. */
#include <criterion/criterion.h>
#include <stdio.h>
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
	/* and the tables written whole outside a batch */
	const sp_table *whole[] = {&sp_table_components, &sp_table_component_files};
	for (size_t t = 0; t < sizeof whole / sizeof whole[0]; t++) {
		cr_assert_gt(whole[t]->ncols, 2);
		cr_assert_str_eq(whole[t]->cols[0].name, "repository_id", "table %s", whole[t]->name);
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
	sp_batch_text_or_null(&b, SP_TBL_FILES, "x", 0); /* nothing: NULL */
	sp_batch_end_row(&b, SP_TBL_FILES);
	for (int i = 0; i < 2; i++)
		sp_batch_int(&b, SP_TBL_FILES, 1);
	sp_batch_cstr(&b, SP_TBL_FILES, "b.py");
	for (int i = 0; i < 3; i++)
		sp_batch_null(&b, SP_TBL_FILES);
	sp_batch_text_or_null(&b, SP_TBL_FILES, "git0", 3);
	sp_batch_end_row(&b, SP_TBL_FILES);
	cr_assert_eq(b.err, 0);
	const sp_value *r = sp_batch_row(&b, SP_TBL_FILES, 0);
	cr_assert_str_eq(r[2].s, "caf\xEF\xBF\xBD\xEF\xBF\xBD.py");
	cr_assert(r[3].null);
	cr_assert(r[6].null, "text of no bytes is NULL");
	r = sp_batch_row(&b, SP_TBL_FILES, 1);
	cr_assert(!r[6].null);
	cr_assert_str_eq(r[6].s, "git");
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

static void blob_row(sp_batch *b, int64_t blob)
{
	const sp_table *t = &sp_tables[SP_TBL_BLOBS];
	for (size_t c = 0; c < t->ncols; c++) {
		if (c == 1)
			sp_batch_int(b, SP_TBL_BLOBS, blob);
		else if (t->cols[c].type == SP_COL_TEXT)
			sp_batch_cstr(b, SP_TBL_BLOBS, "x");
		else
			sp_batch_int(b, SP_TBL_BLOBS, 0);
	}
	sp_batch_end_row(b, SP_TBL_BLOBS);
}

Test(batch, blob_id_column_found_by_name)
{
	cr_assert_eq(sp_table_col(SP_TBL_BLOBS, "blob_id"), 1);
	cr_assert_eq(sp_table_col(SP_TBL_FUNCTIONS, "blob_id"), 1);
	cr_assert_eq(sp_table_col(SP_TBL_FILES, "blob_id"), 3);
	cr_assert_eq(sp_table_col(SP_TBL_DEPENDENCIES, "blob_id"), 3);
	cr_assert_eq(sp_table_col(SP_TBL_FILES, "no_such_column"), -1);
	for (int t = 0; t < SP_TBL_COUNT; t++) /* every row names its blob: the unit of a split */
		cr_assert_geq(sp_table_col((sp_table_id)t, "blob_id"), 0, "table %s", sp_tables[t].name);
}

Test(batch, filter_keeps_the_rows_of_chosen_blobs)
{
	sp_batch b, f;
	sp_batch_init(&b);
	sp_batch_init(&f);
	for (int64_t blob = 1; blob <= 5; blob++) {
		blob_row(&b, blob);
		char path[16];
		snprintf(path, sizeof path, "f%lld.py", (long long)blob);
		file_row(&b, 7, path, blob);
	}
	file_row(&b, 7, "same_as_3.py", 3); /* two files with one content: one unit */
	cr_assert_eq(b.err, 0);
	const int64_t keep[] = {2, 3, 9};
	cr_assert_eq(sp_batch_filter(&f, &b, keep, 3), 0);
	cr_assert_eq(f.rows[SP_TBL_BLOBS], 2);
	cr_assert_eq(f.rows[SP_TBL_FILES], 3);
	cr_assert_eq(sp_batch_row(&f, SP_TBL_BLOBS, 0)[1].i, 2);
	cr_assert_eq(sp_batch_row(&f, SP_TBL_BLOBS, 1)[1].i, 3);
	cr_assert_str_eq(sp_batch_row(&f, SP_TBL_FILES, 0)[2].s, "f2.py");
	cr_assert_str_eq(sp_batch_row(&f, SP_TBL_FILES, 1)[2].s, "f3.py");
	cr_assert_str_eq(sp_batch_row(&f, SP_TBL_FILES, 2)[2].s, "same_as_3.py");
	cr_assert_eq(sp_batch_total_rows(&f), 5);
	/* none kept: an empty batch */
	sp_batch_clear(&f);
	cr_assert_eq(sp_batch_filter(&f, &b, keep + 2, 1), 0);
	cr_assert_eq(sp_batch_total_rows(&f), 0);
	cr_assert(sp_ids_has(keep, 3, 9));
	cr_assert_not(sp_ids_has(keep, 3, 4));
	cr_assert_not(sp_ids_has(keep, 0, 2));
	sp_batch_release(&f);
	sp_batch_release(&b);
}

/* Cells are checked against the descriptor's column type as they are appended. */
Test(batch, a_cell_of_the_wrong_type_names_table_and_column)
{
	sp_batch b;
	sp_buf msg;
	sp_batch_init(&b);
	sp_buf_init(&msg);
	sp_batch_int(&b, SP_TBL_FILES, 1);
	sp_batch_int(&b, SP_TBL_FILES, 2);
	sp_batch_int(&b, SP_TBL_FILES, 3); /* path is text */
	cr_assert_eq(b.err, SP_EUSAGE);
	cr_assert_str_eq(b.err_table, "files");
	cr_assert_str_eq(b.err_column, "path");
	cr_assert_str_eq(sp_batch_errmsg(&b, &msg),
			 "table files, column path: a cell of the wrong type");
	sp_batch_end_row(&b, SP_TBL_FILES);
	cr_assert_str_eq(b.err_column, "path", "the first failure sticks");

	sp_batch_clear(&b);
	cr_assert_eq(b.err, 0);
	cr_assert_null(b.err_table);
	sp_batch_int(&b, SP_TBL_FILES, 1);
	sp_batch_int(&b, SP_TBL_FILES, 2);
	sp_batch_cstr(&b, SP_TBL_FILES, "a.py");
	sp_batch_cstr(&b, SP_TBL_FILES, "4"); /* blob_id is an integer */
	cr_assert_eq(b.err, SP_EUSAGE);
	cr_assert_str_eq(b.err_column, "blob_id");

	/* NULL fits any column, a boolean an integer or boolean one, text a JSON one */
	sp_batch_clear(&b);
	sp_batch_null(&b, SP_TBL_FILES);
	sp_batch_bool(&b, SP_TBL_FILES, true);
	sp_batch_null(&b, SP_TBL_FILES);
	cr_assert_eq(b.err, 0);
	int attrs = sp_table_col(SP_TBL_CLASSES, "attrs");
	cr_assert_geq(attrs, 0);
	for (int c = 0; c < attrs; c++)
		if (sp_tables[SP_TBL_CLASSES].cols[c].type == SP_COL_TEXT)
			sp_batch_cstr(&b, SP_TBL_CLASSES, "x");
		else
			sp_batch_int(&b, SP_TBL_CLASSES, c);
	sp_batch_cstr(&b, SP_TBL_CLASSES, "{}");
	cr_assert_eq(b.err, 0, "%s", sp_batch_errmsg(&b, &msg));

	/* a short row names its table */
	sp_batch_clear(&b);
	sp_batch_int(&b, SP_TBL_FILES, 1);
	sp_batch_end_row(&b, SP_TBL_FILES);
	cr_assert_str_eq(sp_batch_errmsg(&b, &msg), "table files: a row with the wrong number of cells");
	sp_buf_release(&msg);
	sp_batch_release(&b);
}

/* ---- tests/tables.py: the tests' copy of the descriptors (issue 16) ---- */

/* The block of tests/tables.py that these descriptors make, byte for byte. */
static void tables_py(sp_buf *out)
{
	static const char *const types[] = {[SP_COL_INT] = "int",
					    [SP_COL_TEXT] = "text",
					    [SP_COL_BOOL] = "bool",
					    [SP_COL_JSON] = "json",
					    [SP_COL_REAL] = "real"};
	sp_buf_puts(out, "TABLES = {\n");
	for (int t = 0; t < SP_TBL_COUNT; t++) {
		sp_buf_printf(out, "    \"%s\": [\n", sp_tables[t].name);
		for (size_t c = 0; c < sp_tables[t].ncols; c++) {
			sp_coltype ty = sp_tables[t].cols[c].type;
			cr_assert_lt((size_t)ty, sizeof types / sizeof types[0]);
			cr_assert_not_null(types[ty], "a column type tests/tables.py cannot spell");
			sp_buf_printf(out, "        (\"%s\", \"%s\"),\n", sp_tables[t].cols[c].name,
				      types[ty]);
		}
		sp_buf_puts(out, "    ],\n");
	}
	sp_buf_puts(out, "}\n");
}

Test(tables, tests_tables_py_is_the_descriptors)
{
	/* the golden runner and the load tests read their table lists from tests/tables.py: it
	   must say what schema/tables.c says, in the same order */
	const char *src = getenv("SNAKEPIPE_SRC");
	char path[4096];
	if (src)
		snprintf(path, sizeof path, "%s/tests/tables.py", src);
	else /* run by hand from the build directory: __FILE__ is ../tests/unit/test_schema.c */
		snprintf(path, sizeof path, "%.*s/tables.py",
			 (int)(strlen(__FILE__) - strlen("/unit/test_schema.c")), __FILE__);
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s", path);
	sp_buf file, want;
	sp_buf_init(&file);
	sp_buf_init(&want);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sp_buf_append(&file, chunk, n);
	fclose(f);
	tables_py(&want);
	static const char begin[] = "# BEGIN generated from schema/tables.c\n";
	static const char end[] = "# END generated\n";
	const char *text = sp_buf_cstr(&file);
	const char *b = strstr(text, begin), *e = b ? strstr(b, end) : NULL;
	cr_assert(b && e, "%s lacks the generated block's markers", path);
	b += strlen(begin);
	bool same = (size_t)(e - b) == want.len && !memcmp(b, sp_buf_cstr(&want), want.len);
	cr_assert(same, "%s differs from schema/tables.c; between its markers it should read:\n%s", path,
		  sp_buf_cstr(&want));
	sp_buf_release(&file);
	sp_buf_release(&want);
}
