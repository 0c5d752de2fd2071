/* transform/calls_rows.c: a blob's calls rows (issue 12), each with what the blob alone decides
   of its resolution (calls.binding, target_function_id; migration 0019): the resolver of
   transform/callres*.c run over the blob's own functions, imports and calls as the batch holds
   them, with the rows of call_rules the run hands every transformer. */
#include <string.h>

#include "rows_p.h"

#include "banned.h"

/* column col of table tb (a name of schema/tables.c) */
static size_t col_of(sp_table_id tb, const char *col)
{
	size_t i = 0;
	while (i < sp_tables[tb].ncols && strcmp(sp_tables[tb].cols[i].name, col))
		i++;
	return i;
}

void sp_rows_call_columns(sp_transformer *t)
{
	t->col.f_id = col_of(SP_TBL_FUNCTIONS, "function_id");
	t->col.f_name = col_of(SP_TBL_FUNCTIONS, "name");
	t->col.f_qn = col_of(SP_TBL_FUNCTIONS, "qualified_name");
	t->col.f_kind = col_of(SP_TBL_FUNCTIONS, "kind");
	t->col.f_cls = col_of(SP_TBL_FUNCTIONS, "class_name");
	t->col.i_id = col_of(SP_TBL_IMPORTS, "import_id");
	t->col.i_module = col_of(SP_TBL_IMPORTS, "module");
	t->col.i_name = col_of(SP_TBL_IMPORTS, "name");
	t->col.i_alias = col_of(SP_TBL_IMPORTS, "alias");
	t->col.c_id = col_of(SP_TBL_CALLS, "call_id");
	t->col.c_fid = col_of(SP_TBL_CALLS, "function_id");
	t->col.c_name = col_of(SP_TBL_CALLS, "name");
	t->col.c_recv = col_of(SP_TBL_CALLS, "receiver");
	t->col.c_kind = col_of(SP_TBL_CALLS, "kind");
	t->col.c_binding = col_of(SP_TBL_CALLS, "binding");
	t->col.c_target = col_of(SP_TBL_CALLS, "target_function_id");
}

int sp_transformer_call_rule(sp_transformer *t, const char *language, const char *rule,
			     const char *value)
{
	return sp_callres_rule(t->calls, language, rule, value);
}

static const char *cell_text(const sp_value *row, size_t col)
{
	return row[col].null ? NULL : row[col].s;
}

typedef struct bind_ctx {
	sp_value *calls; /* the blob's first calls row */
	size_t ncols, binding, target;
} bind_ctx;

/* an answer of the blob's own resolution into its calls row's binding and target_function_id */
static int put_binding(void *ctx, const sp_call_answer *a)
{
	bind_ctx *x = ctx;
	sp_value *row = x->calls + (size_t)(a->call_id - 1) * x->ncols;
	row[x->binding] = (sp_value){.s = a->binding, .len = (uint32_t)strlen(a->binding)};
	if (!strcmp(a->binding, "method") || !strcmp(a->binding, "local"))
		row[x->target] = (sp_value){.i = a->stored_function_id};
	return 0;
}

/* The blob's calls resolved with its own functions and imports, as stored in b (the resolver of
   transform/callres*.c, which the snapshot's resolution runs again over the stored rows). */
static int bind_calls(sp_transformer *t, sp_batch *b, const sp_blob_key *k, size_t first_call)
{
	if (first_call >= b->cells[SP_TBL_CALLS].n)
		return 0;
	sp_callres *cr = t->calls;
	sp_callres_clear(cr);
	int rc = sp_callres_file(cr, "", k->blob_id, k->language);
	size_t nf = sp_tables[SP_TBL_FUNCTIONS].ncols, ni = sp_tables[SP_TBL_IMPORTS].ncols,
	       nc = sp_tables[SP_TBL_CALLS].ncols;
	const sp_value *cells = b->cells[SP_TBL_FUNCTIONS].v;
	for (size_t c = t->functions_cell; !rc && c < b->cells[SP_TBL_FUNCTIONS].n; c += nf)
		rc = sp_callres_function(
			cr, k->blob_id, cells[c + t->col.f_id].i, cell_text(cells + c, t->col.f_name),
			cell_text(cells + c, t->col.f_qn), cell_text(cells + c, t->col.f_kind),
			cell_text(cells + c, t->col.f_cls));
	cells = b->cells[SP_TBL_IMPORTS].v;
	for (size_t c = t->imports_cell; !rc && c < b->cells[SP_TBL_IMPORTS].n; c += ni)
		rc = sp_callres_import(
			cr, k->blob_id, cells[c + t->col.i_id].i, cell_text(cells + c, t->col.i_module),
			cell_text(cells + c, t->col.i_name), cell_text(cells + c, t->col.i_alias));
	cells = b->cells[SP_TBL_CALLS].v;
	for (size_t c = first_call; !rc && c < b->cells[SP_TBL_CALLS].n; c += nc)
		rc = sp_callres_call(cr, k->blob_id, cells[c + t->col.c_id].i,
				     cells[c + t->col.c_fid].null ? -1 : cells[c + t->col.c_fid].i,
				     cell_text(cells + c, t->col.c_name),
				     cell_text(cells + c, t->col.c_recv),
				     cell_text(cells + c, t->col.c_kind));
	bind_ctx x = {b->cells[SP_TBL_CALLS].v + first_call, nc, t->col.c_binding, t->col.c_target};
	if (!rc)
		rc = sp_callres_resolve(cr, "", put_binding, &x);
	return rc;
}

/* calls rows: each call site with the function it is in (NULL at file level), and what the
   blob alone decides of its resolution (binding, target_function_id; filled by bind_calls) */
int sp_rows_emit_calls(sp_transformer *t, sp_batch *b, const sp_blob_key *k, const sp_language *lang,
		       const sp_facts *f, file_totals *tot)
{
	(void)lang, (void)tot;
	sp_table_id tb = SP_TBL_CALLS;
	size_t first = b->cells[tb].n;
	for (size_t i = 0; i < sp_facts_count(f, SP_FACT_CALL); i++) {
		const sp_call *c = &sp_facts_calls(f)[i];
		sp_batch_int(b, tb, k->repository_id);
		sp_batch_int(b, tb, k->blob_id);
		sp_batch_int(b, tb, (int64_t)i + 1);
		if (c->func >= 0 && (size_t)c->func < t->function_id.n)
			sp_batch_int(b, tb, t->function_id.v[c->func]);
		else
			sp_batch_null(b, tb);
		sp_batch_text_or_null(b, tb, c->name.p, c->name.n);
		sp_batch_text_or_null(b, tb, c->receiver.p, c->receiver.n);
		sp_batch_cstr(b, tb, c->kind ? c->kind : "call");
		sp_batch_int(b, tb, c->line);
		sp_batch_int(b, tb, c->col);
		sp_batch_cstr(b, tb, "unresolved"); /* until bind_calls */
		sp_batch_null(b, tb);
		sp_batch_end_row(b, tb);
	}
	return b->err ? b->err : bind_calls(t, b, k, first);
}
