/* tests/unit/test_callres.c: transform/callres*.c, call resolution over a snapshot's rows in
   memory: each rank of call_candidates (migration 0007), the order between candidates (ties
   included), and the part call_resolutions stores. The rules are rows given here, as load/calls.c
   gives those of call_rules. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp_callres.h"

#define MAXA 16
typedef struct got {
	size_t n;
	sp_call_answer a[MAXA];
	char path[MAXA][64], target[MAXA][64], module[MAXA][64];
} got;

static int keep(void *ctx, const sp_call_answer *a)
{
	got *g = ctx;
	cr_assert_lt(g->n, MAXA);
	g->a[g->n] = *a;
	snprintf(g->path[g->n], 64, "%s", a->path);
	snprintf(g->target[g->n], 64, "%s", a->target_path ? a->target_path : "-");
	snprintf(g->module[g->n], 64, "%s", a->module ? a->module : "-");
	g->n++;
	return 0;
}

static sp_callres *rules(void)
{
	sp_callres *c = NULL;
	cr_assert_eq(sp_callres_new(&c), 0);
	static const char *r[][3] = {
		{"python", "self", "self"}, {"python", "constructor", "__init__"},
		{"go", "package", ""},      {"c", "global", "c"},
		{"cpp", "global", "c"},     {"cpp", "self", ""},
		{"ruby", "global", "ruby"}, {"ruby", "constructor", "initialize"},
	};
	for (size_t i = 0; i < sizeof r / sizeof *r; i++)
		cr_assert_eq(sp_callres_rule(c, r[i][0], r[i][1], r[i][2]), 0);
	return c;
}

static got resolve(sp_callres *c, const char *path)
{
	got g = {0};
	cr_assert_eq(sp_callres_resolve(c, path, keep, &g), 0);
	return g;
}

Test(callres, python_method_local_nested_constructor_and_unresolved)
{
	sp_callres *c = rules();
	sp_callres_file(c, "m.py", 1, "python");
	/* class A: def __init__; def run(self): self.step(); helper(); inner(); A(); x.y(); f()() */
	sp_callres_function(c, 1, 0, "__init__", "A.__init__", "constructor", "A");
	sp_callres_function(c, 1, 1, "run", "A.run", "method", "A");
	sp_callres_function(c, 1, 2, "step", "A.step", "method", "A");
	sp_callres_function(c, 1, 3, "helper", "helper", "function", NULL);
	sp_callres_function(c, 1, 4, "inner", "A.run.inner", "function", NULL);
	sp_callres_call(c, 1, 0, 1, "step", "self", "method");
	sp_callres_call(c, 1, 1, 1, "helper", NULL, "call");
	sp_callres_call(c, 1, 2, 1, "inner", NULL, "call");
	sp_callres_call(c, 1, 3, 1, "A", NULL, "call");
	sp_callres_call(c, 1, 4, 1, "y", "x", "method");
	sp_callres_call(c, 1, 5, -1, NULL, NULL, "call");
	got g = resolve(c, "m.py");
	cr_assert_eq(g.n, 6);
	cr_assert_str_eq(g.a[0].resolution, "method");
	cr_assert_eq(g.a[0].target_function_id, 2);
	cr_assert_eq(g.a[0].rank, 1);
	cr_assert_str_eq(g.a[1].resolution, "local");
	cr_assert_eq(g.a[1].rank, 3);
	cr_assert_eq(g.a[2].rank, 2, "nested in the caller: rank 2");
	cr_assert_eq(g.a[2].target_function_id, 4);
	cr_assert_eq(g.a[3].target_function_id, 0, "A() runs A.__init__");
	cr_assert_str_eq(g.a[3].stored, "local");
	cr_assert_eq(g.a[3].stored_function_id, 0);
	cr_assert_str_eq(g.a[4].resolution, "unresolved");
	cr_assert_str_eq(g.a[4].reason, "receiver type not known");
	cr_assert_str_eq(g.a[4].stored, "unresolved");
	cr_assert_str_eq(g.a[4].stored_reason, "receiver type not known");
	cr_assert_str_eq(g.a[5].reason, "callee is an expression");
	cr_assert_eq(g.a[5].target_blob_id, -1);
	cr_assert_eq(sp_callres_resolve(c, "nope.py", keep, &g), SP_EUSAGE);
	sp_callres_free(c);
}

Test(callres, imports_internal_external_and_the_order_of_ties)
{
	sp_callres *c = rules();
	sp_callres_file(c, "a.py", 1, "python");
	sp_callres_file(c, "b.py", 2, "python");
	/* a.py: from b import f as g; import os; from sys import path; from os import path; g();
	   os.getcwd(); path() */
	sp_callres_import(c, 1, 0, "b", "f", "g");
	sp_callres_import(c, 1, 1, "os", NULL, NULL);
	sp_callres_import(c, 1, 2, "sys", "path", NULL);
	sp_callres_import(c, 1, 3, "os", "path", NULL);
	sp_callres_dependency(c, "a.py", 0, "internal", "b.py", "b", NULL);
	sp_callres_dependency(c, "a.py", 1, "stdlib", NULL, "os", NULL);
	sp_callres_dependency(c, "a.py", 2, "stdlib", NULL, "sys", NULL);
	sp_callres_dependency(c, "a.py", 3, "stdlib", NULL, "os", NULL);
	sp_callres_function(c, 2, 7, "f", "f", "function", NULL);
	sp_callres_call(c, 1, 0, -1, "g", NULL, "call");
	sp_callres_call(c, 1, 1, -1, "getcwd", "os", "method");
	sp_callres_call(c, 1, 2, -1, "path", NULL, "call");
	got g = resolve(c, "a.py");
	cr_assert_eq(g.n, 3);
	cr_assert_str_eq(g.a[0].resolution, "import");
	cr_assert_str_eq(g.target[0], "b.py");
	cr_assert_eq(g.a[0].target_blob_id, 2);
	cr_assert_eq(g.a[0].target_function_id, 7);
	cr_assert_str_eq(g.a[0].stored, "open", "bound to a file of the repository");
	cr_assert_str_eq(g.a[1].resolution, "external");
	cr_assert_str_eq(g.module[1], "os");
	cr_assert_str_eq(g.a[1].stored, "external");
	cr_assert_str_eq(g.a[1].stored_module, "os");
	/* two externals tie on rank, path and function: the module decides, whatever the order of
	   the imports (so both engines agree: tests/load/test_calls_stored.py) */
	cr_assert_str_eq(g.module[2], "os");
	sp_callres_free(c);
}

Test(callres, go_package_and_c_global_rank_by_path)
{
	sp_callres *c = rules();
	sp_callres_file(c, "pkg/a.go", 1, "go");
	sp_callres_file(c, "pkg/b.go", 2, "go");
	sp_callres_file(c, "other/c.go", 3, "go");
	sp_callres_function(c, 2, 0, "Run", "Run", "function", NULL);
	sp_callres_function(c, 3, 0, "Run", "Run", "function", NULL);
	sp_callres_call(c, 1, 0, -1, "Run", NULL, "call");
	got g = resolve(c, "pkg/a.go");
	cr_assert_str_eq(g.a[0].resolution, "package");
	cr_assert_str_eq(g.target[0], "pkg/b.go", "same directory only");
	cr_assert_str_eq(g.a[0].stored, "open");

	sp_callres_file(c, "z.c", 10, "c");
	sp_callres_file(c, "b.c", 11, "c");
	sp_callres_file(c, "a.cpp", 12, "cpp");
	sp_callres_file(c, "x.rb", 13, "ruby");
	sp_callres_function(c, 11, 0, "work", "work", "function", NULL);
	sp_callres_function(c, 12, 0, "work", "work", "function", NULL);
	sp_callres_function(c, 13, 0, "work", "work", "function", NULL);
	sp_callres_call(c, 10, 0, -1, "work", NULL, "call");
	sp_callres_call(c, 10, 1, -1, "none", NULL, "call");
	g = resolve(c, "z.c");
	cr_assert_str_eq(g.a[0].resolution, "global");
	cr_assert_str_eq(g.target[0], "a.cpp", "the family c, first by path");
	cr_assert_str_eq(g.a[1].stored, "open", "a global language's plain call may reach any file");
	cr_assert_str_eq(g.a[1].resolution, "unresolved");
	cr_assert_str_eq(g.a[1].reason, "no definition in the repository");
	sp_callres_free(c);
}

Test(callres, ruby_new_through_a_global_constructor)
{
	sp_callres *c = rules();
	sp_callres_file(c, "a.rb", 1, "ruby");
	sp_callres_file(c, "lib/b.rb", 2, "ruby");
	sp_callres_function(c, 2, 0, "initialize", "Foo#initialize", "method", "Foo");
	sp_callres_call(c, 1, 0, -1, "new", "Foo", "new");
	got g = resolve(c, "a.rb");
	cr_assert_str_eq(g.a[0].resolution, "global");
	cr_assert_str_eq(g.target[0], "lib/b.rb");
	cr_assert_eq(g.a[0].rank, 7);
	sp_callres_free(c);
}

Test(callres, free_null_is_a_no_op)
{
	sp_callres_free(NULL);
}

/* calls.binding (migration 0019): what the blob alone decides, the same with or without the
   dependency rows and other files, and which calls keep a call_resolutions row */
Test(callres, binding_is_decided_by_the_blob_alone)
{
	sp_callres *c = rules();
	for (int pass = 0; pass < 2; pass++) {
		/* pass 0: the blob alone, as a worker binds it; pass 1: the snapshot, after clear */
		sp_callres_clear(c);
		sp_callres_file(c, "a.py", 1, "python");
		if (pass) {
			sp_callres_file(c, "b.py", 2, "python");
			sp_callres_function(c, 2, 0, "f", "f", "function", NULL);
			sp_callres_dependency(c, "a.py", 0, "internal", "b.py", "b", NULL);
			sp_callres_dependency(c, "a.py", 1, "stdlib", NULL, "os", NULL);
		}
		/* a.py: from b import f; import os; def h(): ...; h(); f(); os.getcwd(); x.y(); g() */
		sp_callres_import(c, 1, 0, "b", "f", NULL);
		sp_callres_import(c, 1, 1, "os", NULL, NULL);
		sp_callres_function(c, 1, 0, "h", "h", "function", NULL);
		sp_callres_call_bound(c, 1, 0, -1, "h", NULL, "call", "local");
		sp_callres_call_bound(c, 1, 1, -1, "f", NULL, "call", "import");
		sp_callres_call_bound(c, 1, 2, -1, "getcwd", "os", "method", "import");
		sp_callres_call_bound(c, 1, 3, -1, "y", "x", "method", "unresolved");
		sp_callres_call(c, 1, 4, -1, "g", NULL, "call"); /* from before 0019 */
		got g = resolve(c, "a.py");
		cr_assert_eq(g.n, 5);
		const char *want[] = {"local", "import", "import", "unresolved", "unresolved"};
		for (size_t i = 0; i < g.n; i++)
			cr_assert_str_eq(g.a[i].binding, want[i], "pass %d call %zu", pass, i);
		cr_assert_eq(g.a[0].stored_function_id, 0);
		cr_assert(!g.a[0].stored_row && g.a[1].stored_row && g.a[2].stored_row);
		cr_assert(!g.a[3].stored_row);
		cr_assert(g.a[4].stored_row, "a call without a stored binding keeps its row");
		if (pass) { /* the answers that depend on the path set */
			cr_assert_str_eq(g.a[1].stored, "open");
			cr_assert_str_eq(g.a[1].resolution, "import");
			cr_assert_str_eq(g.a[2].stored, "external");
			cr_assert_str_eq(g.a[2].stored_module, "os");
		}
	}
	sp_callres_free(c);
}

Test(callres, binding_open_where_plain_calls_reach_other_files)
{
	sp_callres *c = rules();
	sp_callres_rule(c, "go", "package", ""); /* a rule given again adds nothing */
	sp_callres_file(c, "p/a.go", 1, "go");
	sp_callres_call(c, 1, 0, -1, "Run", NULL, "call");
	sp_callres_call(c, 1, 1, -1, NULL, NULL, "call");
	got g = resolve(c, "p/a.go");
	cr_assert_str_eq(g.a[0].binding, "open");
	cr_assert_str_eq(g.a[0].stored, "open");
	cr_assert_str_eq(g.a[1].binding, "unresolved", "no name: nothing can bind it");
	sp_callres_free(c);
}

/* Thousands of files: every chain grows past its first table, the same name chains a function
   of each blob, and a row added after the answers rebuilds them (transform/callres_index.c). */
Test(callres, thousands_of_files_grow_and_rebuild_every_chain)
{
	enum { N = 3000 };
	sp_callres *c = rules();
	char path[32], next[32], fn[32], mod[32];
	for (int i = 0; i < N; i++) {
		int j = (i + 1) % N;
		snprintf(path, sizeof path, "pkg/m%d.py", i);
		snprintf(next, sizeof next, "pkg/m%d.py", j);
		snprintf(fn, sizeof fn, "g%d", i);
		cr_assert_eq(sp_callres_file(c, path, i + 1, "python"), 0);
		cr_assert_eq(sp_callres_function(c, i + 1, 0, "f", "f", "function", NULL), 0);
		cr_assert_eq(sp_callres_function(c, i + 1, 1, fn, fn, "function", NULL), 0);
		/* from pkg.m<j> import g<j>; g<j>() and f() inside g<i> */
		snprintf(mod, sizeof mod, "pkg.m%d", j);
		snprintf(fn, sizeof fn, "g%d", j);
		cr_assert_eq(sp_callres_import(c, i + 1, 0, mod, fn, NULL), 0);
		cr_assert_eq(sp_callres_dependency(c, path, 0, "internal", next, mod, NULL), 0);
		cr_assert_eq(sp_callres_call(c, i + 1, 0, 1, fn, NULL, "call"), 0);
		cr_assert_eq(sp_callres_call(c, i + 1, 1, 1, "f", NULL, "call"), 0);
	}
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < N; i++) {
			snprintf(path, sizeof path, "pkg/m%d.py", i);
			snprintf(next, sizeof next, "pkg/m%d.py", (i + 1) % N);
			got g = resolve(c, path);
			cr_assert_eq(g.n, 2);
			cr_assert_str_eq(g.a[0].resolution, "import", "%s", path);
			cr_assert_str_eq(g.target[0], next);
			cr_assert_eq(g.a[0].target_blob_id, (i + 1) % N + 1);
			cr_assert_eq(g.a[0].target_function_id, 1);
			cr_assert_str_eq(g.a[1].resolution, "local", "%s", path);
			cr_assert_eq(g.a[1].target_blob_id, i + 1, "its own blob's f, of %d", N);
			cr_assert_eq(g.a[1].target_function_id, 0);
		}
		cr_assert_eq(sp_callres_file(c, "late.py", N + 1, "python"), 0);
	}
	sp_callres_free(c);
}
