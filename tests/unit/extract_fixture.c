/* tests/unit/extract_fixture.c: see extract_fixture.h. */
#include "extract_fixture.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sp_extractor *ex;
sp_parser *parser;
sp_facts facts;

void sp_test_extractor_new(void)
{
	cr_assert_eq(sp_extractor_new(&ex, SP_EXTRACTOR_LAZY), 0, "%s", sp_extractor_errmsg(ex));
	cr_assert_eq(sp_parser_new(ex, &parser), 0);
	sp_facts_init(&facts);
}

void sp_test_extractor_free(void)
{
	sp_facts_release(&facts);
	sp_parser_free(parser);
	sp_extractor_free(ex);
}

const sp_language *sp_test_prepared(const char *name)
{
	const sp_language *l = sp_extractor_by_name(ex, name);
	cr_assert_not_null(l, "%s", name);
	cr_assert_eq(sp_extractor_prepare(ex, l), 0, "%s", sp_extractor_errmsg(ex));
	return l;
}

void sp_test_extract(const char *lang, const char *src)
{
	const sp_language *l = sp_test_prepared(lang);
	cr_assert_eq(sp_parser_run(parser, l, src, strlen(src), &facts), 0, "%s",
		     sp_parser_errmsg(parser));
}

bool sp_test_str_is(sp_str s, const char *want)
{
	return s.n == strlen(want) &&
	       (s.n == 0 || !memcmp(s.p, want, s.n)); /* memcmp(NULL, …, 0) is undefined */
}

char *sp_test_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	cr_assert_not_null(fp, "%s", path);
	char *src = NULL;
	FILE *m = open_memstream(&src, len);
	cr_assert_not_null(m);
	for (int ch; (ch = fgetc(fp)) != EOF;)
		fputc(ch, m);
	fclose(m);
	fclose(fp);
	return src;
}

size_t sp_test_each_golden(sp_test_golden_fn *fn, void *ctx)
{
	const char *root = getenv("SNAKEPIPE_SRC");
	cr_assert_not_null(root, "SNAKEPIPE_SRC (tests/meson.build) is not set");
	static const char *const names[] = {"c",      "cpp",  "go",   "java", "javascript",
					    "python", "ruby", "rust", "tsx",  "typescript"};
	size_t cases = 0;
	for (size_t l = 0; l < sizeof names / sizeof names[0]; l++) {
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/tests/golden/%s", root, names[l]);
		DIR *d = opendir(dir);
		cr_assert_not_null(d, "%s", dir);
		for (struct dirent *e; (e = readdir(d));) {
			size_t n = strlen(e->d_name);
			if (e->d_name[0] == '.' || (n > 9 && !strcmp(e->d_name + n - 9, ".expected")))
				continue;
			char path[8192];
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			size_t len;
			char *src = sp_test_slurp(path, &len);
			fn(names[l], path, src, len, ctx);
			free(src);
			cases++;
		}
		closedir(d);
	}
	return cases;
}
