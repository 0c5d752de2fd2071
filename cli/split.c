/* cli/split.c: a batch the database refused for its data is written again in halves, so that
   one bad file costs its own rows only and the rest of the batch still lands (see split_p.h). */
#include <stdlib.h>
#include <string.h>

#include "split_p.h"

#include "banned.h"

int sp_split_add_units(sp_unit_ids *units, const sp_batch *b)
{
	for (int t = 0; t < SP_TBL_COUNT; t++) {
		int col = sp_table_col((sp_table_id)t, "blob_id");
		for (size_t r = 0; col >= 0 && r < b->rows[t]; r++)
			if (sp_array_push(units, sp_batch_row(b, (sp_table_id)t, r)[col].i))
				return SP_ENOMEM;
	}
	return 0;
}

void sp_split_sort_units(sp_unit_ids *units)
{
	units->n = sp_i64_sort_unique(units->v, units->n);
}

typedef struct range {
	size_t lo, hi;
} range;
typedef sp_array(range) range_stack;

/* "table: message" of the write that just failed. */
static int refuse(sp_sink *s, const sp_split_io *io, int64_t id)
{
	int table;
	int64_t row;
	sp_sink_failed_row(s, &table, &row);
	sp_buf why;
	sp_buf_init(&why);
	sp_buf_printf(&why, "%s: %s", table >= 0 ? sp_tables[table].name : "commit", sp_sink_errmsg(s));
	int rc = why.err ? SP_ENOMEM : io->refused(io->ctx, id, why.data);
	sp_buf_release(&why);
	return rc;
}

/* Pushes the two halves of [lo, hi), the lower one on top so units are tried in order. */
static int push_halves(range_stack *stack, size_t lo, size_t hi)
{
	size_t mid = lo + (hi - lo) / 2;
	if (sp_array_push(stack, ((range){mid, hi})) || sp_array_push(stack, ((range){lo, mid})))
		return SP_ENOMEM;
	return 0;
}

int sp_split_load(sp_sink *s, const int64_t *ids, size_t n, const sp_split_io *io)
{
	if (n == 1) /* the refused batch was that unit alone */
		return refuse(s, io, ids[0]);
	range_stack stack = {0};
	int rc = n ? push_halves(&stack, 0, n) : 0;
	while (!rc && stack.n) {
		range g = stack.v[--stack.n];
		rc = sp_sink_begin(s);
		if (!rc)
			rc = io->write(io->ctx, ids + g.lo, g.hi - g.lo);
		if (!rc)
			rc = sp_sink_commit(s);
		if (!rc) {
			io->committed(io->ctx);
			continue;
		}
		bool data = rc != SP_ENOMEM && sp_sink_data_error(s);
		sp_sink_abort(s);
		if (!data)
			break;
		rc = g.hi - g.lo == 1 ? refuse(s, io, ids[g.lo]) : push_halves(&stack, g.lo, g.hi);
	}
	sp_array_release(&stack);
	return rc;
}
