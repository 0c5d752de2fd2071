/* tests/fuzz/fuzz_extract.c: libFuzzer target for extract + transform: any bytes as a file of any
   language must give facts and rows (or a clean error), never a crash, a leak or undefined
   behaviour. The first byte picks the language (the name of a seed file with an extension keeps
   its meaning: seeds are tried as every language in turn as the fuzzer mutates that byte). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sp_transform.h"

static const char *const languages[] = {"python",     "c",    "cpp",  "go",  "java",
					"javascript", "ruby", "rust", "tsx", "typescript"};
#define NLANG (sizeof languages / sizeof languages[0])

static sp_extractor *ex;
static sp_parser *parser;
static sp_transformer *tr;
static sp_resolver *resolver;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ex) {
		static const char *const paths[] = {
			"a.py",     "go.mod",     "include/x.h", "lib/a.rb", "pkg/__init__.py",
			"pkg/b.py", "src/lib.rs", "src/main.c",  "src/x.ts", "web/index.js"};
		static const char gomod[] = "module example.com/m\n";
		if (sp_extractor_new(&ex, 0) || sp_parser_new(ex, &parser) || sp_transformer_new(&tr) ||
		    sp_resolver_new(paths, sizeof paths / sizeof paths[0], &resolver) ||
		    sp_resolver_add_config(resolver, "go.mod", gomod, sizeof gomod - 1))
			abort();
	}
	/* the first byte picks the language, the rest is the file (a lone byte: Python) */
	const char *name = "python";
	if (size > 1) {
		name = languages[data[0] % NLANG];
		data++, size--;
	}
	const sp_language *lang = sp_extractor_by_name(ex, name);
	sp_facts f;
	sp_facts_init(&f);
	sp_batch b;
	sp_batch_init(&b);
	if (sp_parser_run(parser, lang, (const char *)data, size, &f) == 0) {
		sp_blob_key key = {1, 1, "00000000000000000000000000000000", name, (int64_t)size, NULL};
		sp_import_row *imports;
		size_t n;
		if (sp_transform_blob(tr, &b, &key, lang, &f, &imports, &n) == 0)
			sp_transform_dependencies(tr, &b, resolver, lang, 1, 7, "src/x", 1, imports, n);
	}
	sp_batch_release(&b);
	sp_facts_release(&f);
	return 0;
}
