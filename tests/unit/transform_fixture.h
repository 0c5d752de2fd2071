/* tests/unit/transform_fixture.h: the shared fixture of test_transform.c and test_resolve.c
   (tests/unit/transform_fixture.c). */
#ifndef SP_TRANSFORM_FIXTURE_H
#define SP_TRANSFORM_FIXTURE_H

#include "sp_transform.h"

extern sp_extractor *ex;
extern sp_parser *parser;
extern sp_transformer *tr;
extern sp_facts facts;
extern sp_batch batch;

void sp_test_transform_setup(void);
void sp_test_transform_teardown(void);

/* A cell of the batch by table, row and column name (the tests hard-code no positions). */
size_t col(sp_table_id t, const char *name);
const char *text(sp_table_id t, size_t row, const char *name);
int64_t num(sp_table_id t, size_t row, const char *name);

/* The snapshot the resolver of the next resolve_in() sees: paths, config files, include dirs. */
typedef struct snapshot_files {
	const char *const *paths;
	size_t n;
	const char *const *configs; /* path, content, path, content..., NULL */
	const char *const *include_dirs; /* NULL-terminated or NULL */
} snapshot_files;

/* Resolves im, written in path (language lang), against sf and checks the one dependency row. */
void resolve_in(const snapshot_files *sf, const char *lang, const char *path, sp_import_row im,
		const char *kind, const char *target, const char *module);

#endif
