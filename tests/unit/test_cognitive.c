/* tests/unit/test_cognitive.c: cognitive complexity (extract/cognitive.c) on in-memory sources:
   the increments of SonarSource's rule per language row, nesting, logical sequences, lambdas. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract_fixture.h"

/* The cognitive complexity of the function called name. */
static uint32_t cognitive(const char *name)
{
	for (size_t i = 0; i < sp_facts_count(&facts, SP_FACT_DEF); i++) {
		const sp_def *d = &sp_facts_defs(&facts)[i];
		if (d->name.n == strlen(name) && !memcmp(d->name.p, name, d->name.n))
			return d->cognitive;
	}
	cr_assert_fail("no definition %s", name);
	return 0;
}

TestSuite(cognitive, .init = sp_test_extractor_new, .fini = sp_test_extractor_free);

Test(cognitive, python_nesting_else_and_sequences)
{
	sp_test_extract("python", "def f(x, items):\n"
				  "    if x:\n" /* +1 */
				  "        pass\n"
				  "    elif x is None:\n" /* +1 */
				  "        pass\n"
				  "    else:\n" /* +1 */
				  "        for i in items:\n" /* +2 */
				  "            while i:\n" /* +3 */
				  "                i = i and x or x and i\n" /* +3 */
				  "    return 1 if x else 2\n" /* +1 */
				  "def g(a):\n"
				  "    h = lambda y: y if y else a\n" /* the lambda's own */
				  "    return h\n");
	cr_assert_eq(cognitive("f"), 12);
	cr_assert_eq(cognitive("g"), 0);
}

/* sonarjs 4 counts only && where a run of one operator starts: `||` and `??` add nothing */
Test(cognitive, javascript_logical_operators_as_sonarjs)
{
	sp_test_extract("javascript",
			"function f(a, b, c) { return a || b || c; }\n"
			"function g(a, b, c, d) { return (a && b) || (c && d) || (a ?? d); }\n"
			"function h(a) { if (a) {} else if (!a) {} else {} }\n");
	cr_assert_eq(cognitive("f"), 0);
	cr_assert_eq(cognitive("g"), 2);
	cr_assert_eq(cognitive("h"), 3);
}

Test(cognitive, nested_function_keeps_its_own)
{
	sp_test_extract("javascript",
			"function outer(x) {\n"
			"  if (x) {\n" /* +1 */
			"    function inner(y) { if (y) { while (y) { y--; } } }\n" /* 1 + 2 */
			"    return inner;\n"
			"  }\n"
			"}\n");
	cr_assert_eq(cognitive("outer"), 1);
	cr_assert_eq(cognitive("inner"), 3);
}

/* a chain of 5,000 `&&` is one sequence, walked without recursion */
Test(cognitive, long_logical_chain)
{
	size_t n = 5000;
	char *src = malloc(32 + 5 * n);
	cr_assert_not_null(src);
	size_t k = (size_t)snprintf(src, 32, "int f(int a) { return a");
	for (size_t i = 0; i < n; i++) {
		memcpy(src + k, " && a", 5);
		k += 5;
	}
	memcpy(src + k, "; }\n", 5);
	sp_test_extract("c", src);
	cr_assert_eq(cognitive("f"), 1);
	free(src);
}

Test(cognitive, every_language_row_compiles)
{
	static const char *const langs[] = {"c",      "cpp",  "go",   "java", "javascript",
					    "python", "ruby", "rust", "tsx",  "typescript"};
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
		const sp_language *l = sp_extractor_by_name(ex, langs[i]);
		cr_assert_not_null(l, "%s", langs[i]);
		cr_assert_eq(sp_extractor_prepare(ex, l), 0, "%s", sp_extractor_errmsg(ex));
	}
}
