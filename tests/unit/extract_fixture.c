/* tests/unit/extract_fixture.c: see extract_fixture.h. */
#include "extract_fixture.h"

#include <criterion/criterion.h>
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
