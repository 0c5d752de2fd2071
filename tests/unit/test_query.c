/* tests/unit/test_query.c: the query runner (extract/query.c). The query runs at each node where
   one of its patterns can start, and finds what one cursor over the whole tree finds. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract_fixture.h"
#include "query_p.h"

TestSuite(query, .init = sp_test_extractor_new, .fini = sp_test_extractor_free);

/* Everything the query's matches decide, as text. */
static char *facts_text(void)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	cr_assert_not_null(m);
	for (size_t i = 0; i < sp_facts_count(&facts, SP_FACT_DEF); i++) {
		const sp_def *d = &sp_facts_defs(&facts)[i];
		fprintf(m, "def %d %s %.*s %.*s %.*s %d %u:%u-%u:%u %u %d %u %u %u |", (int)d->kind,
			d->subkind ? d->subkind : "", (int)d->name.n, d->name.p, (int)d->scope.n,
			d->scope.p, (int)d->doc.n, d->doc.p, d->is_async, d->start_line, d->start_col,
			d->end_line, d->end_col, d->name_line, d->parent, d->complexity, d->max_nesting,
			d->cognitive);
		for (int k = 0; k < SP_ITEM_KINDS; k++)
			fprintf(m, " %u", d->item_n[k]);
		fputc('\n', m);
	}
	for (size_t i = 0; i < sp_facts_count(&facts, SP_FACT_IMPORT); i++) {
		const sp_import *im = &sp_facts_imports(&facts)[i];
		fprintf(m, "import %s %.*s %.*s %.*s %u\n", im->kind ? im->kind : "", (int)im->module.n,
			im->module.p, (int)im->name.n, im->name.p, (int)im->alias.n, im->alias.p,
			im->line);
	}
	for (size_t i = 0; i < sp_facts_count(&facts, SP_FACT_CALL); i++) {
		const sp_call *c = &sp_facts_calls(&facts)[i];
		fprintf(m, "call %s %.*s %.*s %d %u:%u\n", c->kind, (int)c->name.n, c->name.p,
			(int)c->receiver.n, c->receiver.p, c->func, c->line, c->col);
	}
	fclose(m);
	return out;
}

/* Every golden case of every language, extracted per node and then by one whole-tree cursor
   (whole_tree, the fallback for a query whose patterns cannot start per node). */
static void per_node_case(const char *lang, const char *path, const char *src, size_t len, void *ctx)
{
	(void)len, (void)ctx;
	compiled *c = (compiled *)sp_compiled_for(ex, sp_test_prepared(lang));
	cr_assert(!c->whole_tree && !c->start_any,
		  "%s: every pattern starts at named node types (compile.c)", lang);
	char *text[2];
	for (int whole = 0; whole < 2; whole++) {
		c->whole_tree = whole;
		sp_test_extract(lang, src);
		text[whole] = facts_text();
	}
	c->whole_tree = false;
	cr_assert_str_eq(text[0], text[1], "%s: per node\n%s\nwhole tree\n%s", path, text[0], text[1]);
	free(text[0]);
	free(text[1]);
}

Test(query, per_node_query_finds_what_one_cursor_finds)
{
	size_t cases = sp_test_each_golden(per_node_case, NULL);
	cr_assert_gt(cases, 100, "%zu golden cases", cases);
}

/* Matches of one definition node that start at different nodes: libstdc++'s reverse_iterator
   cut inside its body (an unclosed class: tree-sitter's recovery puts it in a function definition
   starting at the same byte). Applied in the order they were found (pre-order of the node each
   starts at), the function's match came first and the class was a function; in the whole-tree
   cursor's order (by last capture) the class's match is first, as before. The header is Debian's
   libstdc++-12-dev (build-essential, scripts/bootstrap). */
Test(query, matches_of_one_node_keep_the_whole_tree_order)
{
	FILE *fp = fopen("/usr/include/c++/12/bits/stl_iterator.h", "rb");
	if (!fp)
		cr_skip_test("/usr/include/c++/12/bits/stl_iterator.h (libstdc++-12-dev) is missing");
	char *src = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&src, &len);
	int lines = 0;
	for (int ch; lines < 300 && (ch = fgetc(fp)) != EOF;) {
		fputc(ch, m);
		lines += ch == '\n';
	}
	fclose(m);
	fclose(fp);
	compiled *c = (compiled *)sp_compiled_for(ex, sp_test_prepared("cpp"));
	char *text[2];
	for (int whole = 0; whole < 2; whole++) {
		c->whole_tree = whole;
		sp_test_extract("cpp", src);
		text[whole] = facts_text();
	}
	c->whole_tree = false;
	cr_assert_str_eq(text[0], text[1], "per node\n%s\nwhole tree\n%s", text[0], text[1]);
	cr_assert(strstr(text[0], "reverse_iterator") != NULL, "%s", text[0]);
	free(text[0]);
	free(text[1]);
	free(src);
}
