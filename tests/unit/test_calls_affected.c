/* tests/unit/test_calls_affected.c: which paths a changed snapshot resolves again
   (load/calls_affected.c): the Bloom filter of the names a path's calls look up, the directory
   and import rules, and nothing at all unless the earlier snapshot allows a partial resolution. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "calls_p.h"

/* The filter of names, hex, into out (a static buffer per call site). */
static void filter_of(const char *const *names, size_t n, sp_buf *out)
{
	sp_name_hashes h = {0};
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(sp_names_add(&h, names[i]), 0);
	sp_names_hex(&h, out);
	cr_assert_eq(out->err, 0);
	sp_array_release(&h);
}

/* An affected set in partial mode with one earlier row per (path, filter). */
static void earlier(sp_affected *a, const char *const *paths, const char *const *filters, size_t n)
{
	sp_affected_init(a);
	a->partial = true;
	for (size_t i = 0; i < n; i++) {
		sp_earlier_row e = {.names = filters[i]};
		cr_assert_eq(sp_array_push(&a->rows, e), 0);
		cr_assert_eq(sp_strmap_put(&a->at, paths[i], strlen(paths[i]), (int64_t)i), 0);
	}
}

static bool resolved(const sp_affected *a, const char *path)
{
	return sp_strmap_get(&a->paths, path, strlen(path), NULL);
}

Test(calls_affected, the_filter_holds_every_name_and_few_others)
{
	static const char *const names[] = {"kfree", "mutex_lock", "copy_process", "new", "Helper"};
	sp_buf hex;
	sp_buf_init(&hex);
	filter_of(names, 5, &hex);
	cr_assert(!strncmp(sp_buf_cstr(&hex), "b4:", 3) && (hex.len - 3) % 16 == 0,
		  "its version, then whole 64-bit words: %s", sp_buf_cstr(&hex));
	const char *f = sp_buf_cstr(&hex);
	const char *paths[] = {"a.c"};
	size_t others = 0;
	for (int i = 0; i < 10000; i++) {
		char name[32];
		snprintf(name, sizeof name, "other_%d", i);
		sp_affected a;
		earlier(&a, paths, &f, 1);
		cr_assert_eq(sp_names_add(&a.names, name), 0);
		cr_assert_eq(sp_affected_scan(&a), 0);
		others += resolved(&a, "a.c");
		sp_affected_release(&a);
	}
	cr_assert_lt(others, 200, "false positives: %zu of 10000", others);
	for (int i = 0; i < 5; i++) {
		sp_affected a;
		earlier(&a, paths, &f, 1);
		cr_assert_eq(sp_names_add(&a.names, names[i]), 0);
		cr_assert_eq(sp_affected_scan(&a), 0);
		cr_assert(resolved(&a, "a.c"), "the filter holds %s", names[i]);
		sp_affected_release(&a);
	}
	sp_buf_release(&hex);
}

Test(calls_affected, an_empty_filter_holds_nothing_a_damaged_one_everything)
{
	const char *paths[] = {"empty.c", "short.c", "odd.c", "other.c"};
	const char *filters[] = {"", "b4:ff", "b4:zz00000000000000", "b3:0000000000000000"};
	sp_affected a;
	earlier(&a, paths, filters, 4);
	cr_assert_eq(sp_names_add(&a.names, "anything"), 0);
	cr_assert_eq(sp_affected_scan(&a), 0);
	cr_assert(!resolved(&a, "empty.c"), "no call names: no name reaches it");
	cr_assert(resolved(&a, "short.c"), "a filter shorter than 64 bits may hold anything");
	cr_assert(resolved(&a, "odd.c"), "a filter that is not hex may hold anything");
	cr_assert(resolved(&a, "other.c"), "a filter of another version may hold anything");
	sp_affected_release(&a);
}

Test(calls_affected, a_changed_file_reaches_its_directory_and_its_importers)
{
	static const char *const mine[] = {"helper"};
	sp_buf hex;
	sp_buf_init(&hex);
	filter_of(mine, 1, &hex);
	const char *f = sp_buf_cstr(&hex);
	const char *paths[] = {"go/main.go", "go/util/x.go", "top.py", "other/y.go"};
	const char *filters[] = {f, f, f, f};
	sp_affected a;
	earlier(&a, paths, filters, 4);
	/* go/util/util.go changed, defining nothing the others call */
	cr_assert_eq(sp_strmap_put(&a.dirs, "go/util", 7, 1), 0);
	cr_assert_eq(sp_strmap_put(&a.targets, "go/util/util.go", 15, 1), 0);
	cr_assert_eq(sp_strmap_put(&a.targets, "go/util", 7, 1), 0);
	cr_assert_eq(sp_affected_dependency(&a, "go/main.go", "internal", "go/util"), 0);
	cr_assert_eq(sp_affected_dependency(&a, "top.py", "external", "go/util"), 0);
	cr_assert_eq(sp_affected_dependency(&a, "other/y.go", "internal", "other/z.go"), 0);
	cr_assert_eq(sp_affected_scan(&a), 0);
	cr_assert(resolved(&a, "go/main.go"), "imports the changed file's directory");
	cr_assert(resolved(&a, "go/util/x.go"), "shares its directory (package rule)");
	cr_assert(!resolved(&a, "top.py"), "an external import reaches no file");
	cr_assert(!resolved(&a, "other/y.go"), "imports another file, calls no name of it");
	sp_affected_release(&a);
	sp_buf_release(&hex);
}

Test(calls_affected, without_partial_mode_nothing_is_chosen)
{
	const char *paths[] = {"a.c"};
	const char *filters[] = {"b4:ffffffffffffffff"};
	sp_affected a;
	earlier(&a, paths, filters, 1);
	a.partial = false;
	cr_assert_eq(sp_strmap_put(&a.targets, "a.c", 3, 1), 0);
	cr_assert_eq(sp_names_add(&a.names, "x"), 0);
	cr_assert_eq(sp_affected_dependency(&a, "a.c", "internal", "a.c"), 0);
	cr_assert_eq(sp_affected_scan(&a), 0);
	cr_assert_eq(a.paths.used, 0, "every path is resolved: the set stays empty");
	sp_affected_release(&a);
}
