/* transform/rows_p.h: what the row builders of rows.c and calls_rows.c share: the transformer's
   scratch space and the totals file_metrics sums up. */
#ifndef SP_ROWS_P_H
#define SP_ROWS_P_H

#include "sp_callres.h"
#include "sp_transform.h"

struct sp_transformer {
	sp_buf names; /* qualified names of the current file, back to back */
	sp_array(size_t) name_off; /* per definition: offset into names */
	sp_array(int32_t) class_of; /* per definition: nearest enclosing class, -1 */
	sp_array(size_t) scope_off,
		scope_len; /* per definition: written scope inside names, len 0: none */
	sp_array(sp_str) short_name; /* per definition: the name without a written qualifier */
	sp_array(sp_import_row) imports;
	sp_array(int64_t) function_id; /* per definition: its functions.function_id, 0 for a class */
	sp_buf json, text;
	/* calls.binding: the blob's calls resolved with its own rows (the rules of call_rules) */
	sp_callres *calls;
	size_t functions_cell, imports_cell; /* where the blob's functions and imports rows start */
	struct { /* the columns bind_calls reads and writes, looked up once by name */
		size_t f_id, f_name, f_qn, f_kind, f_cls, i_id, i_module, i_name, i_alias, c_id, c_fid,
			c_name, c_recv, c_kind, c_binding, c_target;
	} col;
};

/* What file_metrics sums up, gathered by the row builders. */
typedef struct file_totals {
	int64_t functions, classes, imports, complexity_sum, complexity_max, nesting_max;
} file_totals;

/* calls_rows.c: the calls rows of a blob, with what the blob alone decides of their resolution */
int sp_rows_emit_calls(sp_transformer *t, sp_batch *b, const sp_blob_key *k, const sp_language *lang,
		       const sp_facts *f, file_totals *tot);
/* Looks up once the columns sp_rows_emit_calls reads and writes (t->col). */
void sp_rows_call_columns(sp_transformer *t);

#endif
