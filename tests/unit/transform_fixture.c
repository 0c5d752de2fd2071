/* tests/unit/transform_fixture.c: what test_transform.c and test_resolve.c share: a lazy
   extractor (Python prepared), a parser, a transformer, the batch rows land in, reading a cell by
   column name, and resolving one import against a snapshot's files. */
#include <criterion/criterion.h>
#include <string.h>

#include "transform_fixture.h"

sp_extractor *ex;
sp_parser *parser;
sp_transformer *tr;
sp_facts facts;
sp_batch batch;

void sp_test_transform_setup(void)
{
	/* lazy: these tests parse Python only; the other languages are resolved, not parsed */
	cr_assert_eq(sp_extractor_new(&ex, SP_EXTRACTOR_LAZY), 0, "%s", sp_extractor_errmsg(ex));
	cr_assert_eq(sp_extractor_prepare(ex, sp_extractor_by_name(ex, "python")), 0);
	cr_assert_eq(sp_parser_new(ex, &parser), 0);
	cr_assert_eq(sp_transformer_new(&tr), 0);
	sp_facts_init(&facts);
	sp_batch_init(&batch);
}

void sp_test_transform_teardown(void)
{
	sp_batch_release(&batch);
	sp_facts_release(&facts);
	sp_transformer_free(tr);
	sp_parser_free(parser);
	sp_extractor_free(ex);
}

/* Column index by name, so the tests do not hard-code positions. */
size_t col(sp_table_id t, const char *name)
{
	for (size_t c = 0; c < sp_tables[t].ncols; c++)
		if (!strcmp(sp_tables[t].cols[c].name, name))
			return c;
	cr_assert_fail("no column %s", name);
	return 0;
}

const char *text(sp_table_id t, size_t row, const char *name)
{
	const sp_value *v = &sp_batch_row(&batch, t, row)[col(t, name)];
	return v->null ? NULL : v->s;
}

int64_t num(sp_table_id t, size_t row, const char *name)
{
	return sp_batch_row(&batch, t, row)[col(t, name)].i;
}

void resolve_in(const snapshot_files *sf, const char *lang, const char *path, sp_import_row im,
		const char *kind, const char *target, const char *module)
{
	sp_resolver *r;
	cr_assert_eq(sp_resolver_new(sf->paths, sf->n, &r), 0);
	for (const char *const *c = sf->configs; c && *c; c += 2) {
		cr_assert(sp_resolver_is_config(c[0]));
		cr_assert_eq(sp_resolver_add_config(r, c[0], c[1], strlen(c[1])), 0);
	}
	for (const char *const *d = sf->include_dirs; d && *d; d++)
		cr_assert_eq(sp_resolver_add_include_dir(r, *d), 0);
	sp_batch_clear(&batch);
	const sp_language *l = sp_extractor_by_name(ex, lang);
	cr_assert_not_null(l);
	cr_assert_eq(sp_transform_dependencies(tr, &batch, r, l, 1, 2, path, 10, &im, 1), 0);
	cr_assert_eq(batch.rows[SP_TBL_DEPENDENCIES], 1);
	cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "kind"), kind, "%s from %s", im.module, path);
	if (target)
		cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "target_path"), target);
	else
		cr_assert_null(text(SP_TBL_DEPENDENCIES, 0, "target_path"));
	if (module)
		cr_assert_str_eq(text(SP_TBL_DEPENDENCIES, 0, "target_module"), module);
	sp_resolver_free(r);
}
