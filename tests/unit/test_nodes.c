/* tests/unit/test_nodes.c: the file's one walk (extract/nodes.c). The recorded list holds every
   node a tree cursor visits, in pre-order, with its depth, subtree end, symbol and field, as a
   walk through ts_node_child finds them; the metric visitors read nothing else. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract_fixture.h"
#include "query_p.h"

TestSuite(nodes, .init = sp_test_extractor_new, .fini = sp_test_extractor_free);

/* Checks p->nodes[*i ...] against n's subtree, n at depth with the field fid; *i moves past it. */
static void check(const sp_parser *p, const compiled *c, TSNode n, uint32_t depth, TSFieldId fid,
		  size_t *i, const char *path)
{
	size_t at = (*i)++;
	cr_assert_lt(at, p->nodes.n, "%s: node %zu missing", path, at);
	const sp_node *x = &p->nodes.v[at];
	cr_assert(ts_node_eq(x->node, n), "%s: node %zu is not the walk's", path, at);
	cr_assert_eq(x->depth, depth, "%s: node %zu depth", path, at);
	cr_assert_eq(x->sym, ts_node_symbol(n), "%s: node %zu symbol", path, at);
	cr_assert_eq(x->named, ts_node_is_named(n), "%s: node %zu named", path, at);
	cr_assert_eq(x->field, ts_node_is_named(n) ? fid : 0, "%s: node %zu (%s) field %u, want %u",
		     path, at, ts_node_type(n), x->field, fid);
	for (uint32_t k = 0, nc = ts_node_child_count(n); k < nc; k++) {
		const char *field = ts_node_field_name_for_child(n, k);
		TSFieldId f =
			field ? ts_language_field_id_for_name(c->ts, field, (uint32_t)strlen(field)) : 0;
		check(p, c, ts_node_child(n, k), depth + 1, f, i, path);
	}
	cr_assert_eq(x->next, *i, "%s: node %zu (%s) ends at %u, want %zu", path, at, ts_node_type(n),
		     x->next, *i);
}

/* Every golden case of every language: the recorded walk against a recursive one. The parser is
   reused from file to file, as a worker's is (a list left from a bigger file must not leak in). */
/* One golden case: its recorded list against the ts_node_child recursion. */
static void walk_case(const char *lang, const char *path, const char *src, size_t len, void *ctx)
{
	const compiled *c = sp_compiled_for(ex, sp_test_prepared(lang));
	cr_assert(ts_parser_set_language(parser->ts, c->ts));
	TSTree *tree = ts_parser_parse_string(parser->ts, NULL, src, (uint32_t)len);
	cr_assert_not_null(tree);
	TSNode top = ts_tree_root_node(tree);
	cr_assert_eq(sp_nodes_record(parser, top), 0);
	size_t i = 0;
	check(parser, c, top, 0, 0, &i, path);
	cr_assert_eq(i, parser->nodes.n, "%s: %zu nodes recorded, the walk has %zu", path,
		     parser->nodes.n, i);
	*(size_t *)ctx += i;
	ts_tree_delete(tree);
}

Test(nodes, the_walk_records_every_node_in_pre_order)
{
	size_t total = 0, cases = sp_test_each_golden(walk_case, &total);
	cr_assert_gt(cases, 100, "%zu golden cases", cases);
	cr_assert_gt(total, 10000, "%zu nodes", total);
}

/* A file's metrics come out the same whatever the parser read before it: the visitors' state is
   set up per file (a bigger file first, then a smaller one). */
Test(nodes, metrics_do_not_depend_on_the_file_before)
{
	static const char small[] = "def f(a):\n    if a and a.b or c:\n        return -a\n"
				    "    return 1\n";
	sp_test_extract("python", small);
	const sp_def *d = &sp_facts_defs(&facts)[0];
	uint32_t cx = d->complexity, cog = d->cognitive, n1 = d->halstead.n1, n2 = d->halstead.n2;
	cr_assert_eq(cx, 2, "%u", cx);
	cr_assert_eq(cog, 3, "%u", cog);
	cr_assert_gt(n1, 0);
	sp_test_extract("python", "class A:\n    def g(self):\n        while x:\n            "
				  "for y in z:\n                if y or w: pass\n"
				  "def h(): return [k for k in range(10) if k % 2]\n");
	sp_test_extract("python", small);
	d = &sp_facts_defs(&facts)[0];
	cr_assert_eq(d->complexity, cx);
	cr_assert_eq(d->cognitive, cog);
	cr_assert_eq(d->halstead.n1, n1);
	cr_assert_eq(d->halstead.n2, n2);
}

/* A big file's node list is released once its facts are out, so a worker does not keep it for the
   rest of the run (it did: ~48 bytes a node, ~50 MB for a 2 MB file, per worker); the next file
   is extracted as before. */
Test(nodes, a_big_file_s_list_is_not_kept)
{
	size_t n = 40000, len = 0;
	char *big = malloc(n * 6 + 1);
	cr_assert_not_null(big);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(big + len, 7, "x = 1\n");
	sp_test_extract("python", big);
	free(big);
	cr_assert_eq(parser->nodes.cap, 0, "a list of %zu nodes kept", parser->nodes.cap);
	sp_test_extract("python", "def f(a):\n    return a or 1\n");
	cr_assert_eq(sp_facts_count(&facts, SP_FACT_DEF), 1);
	cr_assert_eq(sp_facts_defs(&facts)[0].complexity, 1);
	cr_assert_gt(parser->nodes.cap, 0, "a small file's list is kept");
}
