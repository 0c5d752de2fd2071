/* tests/fuzz/fuzz_extract.c: libFuzzer target for extract + transform: any bytes as a Python file
   must give facts and rows (or a clean error), never a crash, a leak or undefined behaviour. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "sp_transform.h"

static sp_extractor *ex;
static sp_parser *parser;
static sp_transformer *tr;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ex) {
		if (sp_extractor_new(&ex, 0) || sp_parser_new(ex, &parser) || sp_transformer_new(&tr))
			abort();
	}
	const sp_language *py = sp_extractor_by_name(ex, "python");
	sp_facts f;
	sp_facts_init(&f);
	sp_batch b;
	sp_batch_init(&b);
	if (sp_parser_run(parser, py, (const char *)data, size, &f) == 0) {
		sp_blob_key key = {1, 1, "00000000000000000000000000000000", "python", (int64_t)size,
				   NULL};
		sp_import_row *imports;
		size_t n;
		if (sp_transform_blob(tr, &b, &key, py, &f, &imports, &n) == 0) {
			const char *paths[] = {"a.py", "pkg/__init__.py", "pkg/b.py"};
			sp_resolver *r;
			if (sp_resolver_new(paths, 3, &r) == 0)
				sp_transform_dependencies(tr, &b, r, 1, 7, "pkg/b.py", 1, imports, n);
			sp_resolver_free(r);
		}
	}
	sp_batch_release(&b);
	sp_facts_release(&f);
	return 0;
}
