/* tests/unit/extract_fixture.h: the extractor, parser and facts the extract-stage unit tests
   (test_extract, test_calls, test_cognitive) share, made lazy: each test compiles only the
   queries it uses (all ten, under the sanitizers, took most of the suite's time). */
#ifndef SP_TEST_EXTRACT_FIXTURE_H
#define SP_TEST_EXTRACT_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "sp_extract.h"

extern sp_extractor *ex;
extern sp_parser *parser;
extern sp_facts facts;

/* A Criterion .init: a lazy extractor, a parser and empty facts. */
void sp_test_extractor_new(void);
/* A Criterion .fini: frees what sp_test_extractor_new made. */
void sp_test_extractor_free(void);
/* The language called name, its query compiled (asserted). */
const sp_language *sp_test_prepared(const char *name);
/* Extracts src as the language called lang into facts (asserted). */
void sp_test_extract(const char *lang, const char *src);
/* The whole file at path (asserted), NUL-terminated, its size in *len; the caller frees it. */
char *sp_test_slurp(const char *path, size_t *len);
/* One golden case (tests/golden/<lang>/<file>, not a .expected file): its language, path and text. */
typedef void sp_test_golden_fn(const char *lang, const char *path, const char *src, size_t len,
			       void *ctx);
/* Calls fn for every golden case of the ten languages (SNAKEPIPE_SRC, set by tests/meson.build),
   and returns how many there were. */
size_t sp_test_each_golden(sp_test_golden_fn *fn, void *ctx);
/* Whether s is the text want. */
bool sp_test_str_is(sp_str s, const char *want);

#endif
