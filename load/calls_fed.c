/* load/calls_fed.c: the rows of the blobs a run wrote, handed to the call resolver as its batches
   commit (sp_calls_fed), so that the resolution reads back only the older blobs' rows. */
#include <stdlib.h>
#include <string.h>

#include "calls_p.h"

#include "banned.h"

int sp_calls_fed_new(int64_t floor, sp_calls_fed **out)
{
	sp_calls_fed *f = calloc(1, sizeof *f);
	if (!f || sp_callres_new(&f->cr)) {
		free(f);
		*out = NULL;
		return SP_ENOMEM;
	}
	f->floor = floor;
	*out = f;
	return 0;
}

void sp_calls_fed_free(sp_calls_fed *f)
{
	if (f)
		sp_callres_free(f->cr);
	free(f);
}

static const char *cell_text(const sp_value *v)
{
	return v->null ? NULL : v->s;
}

/* Column c of row r of table t of batch b (c from sp_table_col, by name). */
static const sp_value *cell(const sp_batch *b, sp_table_id t, size_t r, int c)
{
	return &b->cells[t].v[r * sp_tables[t].ncols + (size_t)c];
}

int sp_calls_fed_batch(sp_calls_fed *f, const sp_batch *b)
{
	static const char *const fn_cols[] = {"blob_id",        "function_id", "name",
					      "qualified_name", "kind",        "class_name"};
	static const char *const im_cols[] = {"blob_id", "import_id", "module", "name", "alias"};
	static const char *const ca_cols[] = {"blob_id",  "call_id", "function_id", "name",
					      "receiver", "kind",    "binding"};
	int fc[6], ic[5], cc[7];
	for (int i = 0; i < 6; i++)
		fc[i] = sp_table_col(SP_TBL_FUNCTIONS, fn_cols[i]);
	for (int i = 0; i < 5; i++)
		ic[i] = sp_table_col(SP_TBL_IMPORTS, im_cols[i]);
	for (int i = 0; i < 7; i++)
		cc[i] = sp_table_col(SP_TBL_CALLS, ca_cols[i]);
	int rc = 0;
	for (size_t r = 0; !rc && r < b->rows[SP_TBL_FUNCTIONS]; r++) {
		const sp_value *v[6];
		for (int i = 0; i < 6; i++)
			v[i] = cell(b, SP_TBL_FUNCTIONS, r, fc[i]);
		if (v[0]->i > f->floor)
			rc = sp_callres_function(f->cr, v[0]->i, v[1]->i, cell_text(v[2]),
						 cell_text(v[3]), cell_text(v[4]), cell_text(v[5]));
	}
	for (size_t r = 0; !rc && r < b->rows[SP_TBL_IMPORTS]; r++) {
		const sp_value *v[5];
		for (int i = 0; i < 5; i++)
			v[i] = cell(b, SP_TBL_IMPORTS, r, ic[i]);
		if (v[0]->i > f->floor)
			rc = sp_callres_import(f->cr, v[0]->i, v[1]->i, cell_text(v[2]), cell_text(v[3]),
					       cell_text(v[4]));
	}
	for (size_t r = 0; !rc && r < b->rows[SP_TBL_CALLS]; r++) {
		const sp_value *v[7];
		for (int i = 0; i < 7; i++)
			v[i] = cell(b, SP_TBL_CALLS, r, cc[i]);
		const char *binding = cell_text(v[6]);
		/* what load/sql/calls_sites.sql reads: the calls the blob alone does not decide */
		if (v[0]->i > f->floor && binding &&
		    (!strcmp(binding, "import") || !strcmp(binding, "open")))
			rc = sp_callres_call_bound(f->cr, v[0]->i, v[1]->i, v[2]->null ? -1 : v[2]->i,
						   cell_text(v[3]), cell_text(v[4]), cell_text(v[5]),
						   binding);
	}
	return rc;
}
