/* tests/fuzz/fuzz_extract.c: libFuzzer target for extract + transform: any bytes as a file of any
   language must give facts and rows (or a clean error), never a crash, a leak or undefined
   behaviour. The first byte picks the language (the name of a seed file with an extension keeps
   its meaning: seeds are tried as every language in turn as the fuzzer mutates that byte).
   Built with -DSP_FUZZ_DEEP (run.sh --deep), the input is a template that expands to a file of
   at least SP_FUZZ_DEEP_BYTES: HEAD \xff OPEN \xff MIDDLE \xff CLOSE \xff TAIL becomes
   HEAD OPEN*n MIDDLE CLOSE*n TAIL, so small mutated inputs reach the deep nesting and long chains
   (issue 9) that a 64 KB input cannot. SP_FUZZ_LANGUAGE=name fixes the language (no first byte). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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

#ifdef SP_FUZZ_DEEP
#define SP_FUZZ_DEEP_BYTES (1024 * 1024)

/* The template's five parts (missing ones are empty) expanded as the header says. */
static char *expand(const uint8_t *data, size_t size, size_t *out_len)
{
	const uint8_t *part[5] = {data, data + size, data + size, data + size, data + size};
	size_t len[5] = {size, 0, 0, 0, 0};
	for (size_t k = 1; k < 5; k++) {
		const uint8_t *sep = memchr(part[k - 1], 0xff, len[k - 1]);
		if (!sep)
			break;
		part[k] = sep + 1;
		len[k] = (size_t)(part[k - 1] + len[k - 1] - part[k]);
		len[k - 1] = (size_t)(sep - part[k - 1]);
	}
	size_t fixed = len[0] + len[2] + len[4], unit = len[1] + len[3];
	size_t n = unit ? (SP_FUZZ_DEEP_BYTES + unit - 1) / unit : 0;
	size_t total = fixed + n * unit;
	char *out = malloc(total + 1), *w = out;
	if (!out)
		abort();
	memcpy(w, part[0], len[0]), w += len[0];
	for (size_t i = 0; i < n; i++)
		memcpy(w, part[1], len[1]), w += len[1];
	memcpy(w, part[2], len[2]), w += len[2];
	for (size_t i = 0; i < n; i++)
		memcpy(w, part[3], len[3]), w += len[3];
	memcpy(w, part[4], len[4]), w += len[4];
	*out_len = total;
	return out;
}

/* -runs=0 with SP_FUZZ_EXPAND=FILE writes the expansion of the input the fuzzer reports, so a
   finding can be replayed with snakepipe itself. */
static void dump_expansion(const char *data, size_t size)
{
	const char *path = getenv("SP_FUZZ_EXPAND");
	FILE *f = path ? fopen(path, "wb") : NULL;
	if (f) {
		fwrite(data, 1, size, f);
		fclose(f);
	}
}
#endif

/* Compiles every language's queries once, before the first input: under a loaded machine that
   took longer than libFuzzer's per-input timeout, which then reported it as a hang of an input. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	static const char *const paths[] = {
		"a.py",     "go.mod",     "include/x.h", "lib/a.rb", "pkg/__init__.py",
		"pkg/b.py", "src/lib.rs", "src/main.c",  "src/x.ts", "web/index.js"};
	static const char gomod[] = "module example.com/m\n";
	if (sp_extractor_new(&ex, 0) || sp_parser_new(ex, &parser) || sp_transformer_new(&tr) ||
	    sp_resolver_new(paths, sizeof paths / sizeof paths[0], &resolver) ||
	    sp_resolver_add_config(resolver, "go.mod", gomod, sizeof gomod - 1))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the first byte picks the language, the rest is the file (a lone byte: Python) */
	const char *name = getenv("SP_FUZZ_LANGUAGE");
	if (!name) {
		name = "python";
		if (size > 1) {
			name = languages[data[0] % NLANG];
			data++, size--;
		}
	}
#ifdef SP_FUZZ_DEEP
	char *big = expand(data, size, &size);
	data = (const uint8_t *)big;
	dump_expansion(big, size);
#endif
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
#ifdef SP_FUZZ_DEEP
	free(big);
#endif
	return 0;
}
