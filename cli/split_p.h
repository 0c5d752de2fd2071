/* cli/split_p.h: finding the files of a batch the database refused for their data, by writing
   halves of the batch until each refused unit (one blob and every file row pointing at it) is alone. */
#ifndef SP_SPLIT_P_H
#define SP_SPLIT_P_H

#include "sp_sink.h"

typedef sp_array(int64_t) sp_unit_ids;

/* Adds the blob id of every row of b to units (any order, repeats allowed). */
int sp_split_add_units(sp_unit_ids *units, const sp_batch *b);
/* Sorts units and drops repeats. */
void sp_split_sort_units(sp_unit_ids *units);

typedef struct sp_split_io {
	void *ctx;
	/* Writes the rows of the units ids[0..n) (sorted) inside the open transaction. */
	int (*write)(void *ctx, const int64_t *ids, size_t n);
	/* The transaction holding what the last write wrote committed. */
	void (*committed)(void *ctx);
	/* One unit the database refuses even on its own; why names the table and the server's
	   message. Returns 0 or SP_ENOMEM. */
	int (*refused)(void *ctx, int64_t id, const char *why);
} sp_split_io;

/* The batch of units ids[0..n) was just refused for a data reason (sp_sink_data_error) and rolled
   back: writes it again in parts, one transaction each, halving every part the database refuses
   for a data reason, until every unit is committed or refused alone. Returns 0, or the code of an
   error that is not about the data (the sink's message says why; nothing more is written). */
int sp_split_load(sp_sink *s, const int64_t *ids, size_t n, const sp_split_io *io);

#endif
