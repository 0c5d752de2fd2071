/* tests/unit/test_prepare.c: a lazy extractor's queries compiled from several threads at once,
   by sp_extractor_prepare and by parsers that meet a language nobody prepared (extract/compile.c). */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "lang_p.h" /* sp_language's fields: a language outside the table */
#include "sp_extract.h"

/* sp_extractor_prepare from many threads at once, each then parsing with its own parser: every
   language is compiled once (a second compile of the same language leaked its query and raced
   on the compiled struct before the extractor's lock) and every thread sees it whole. */
#define PREP_THREADS 8

static sp_extractor *lazy_ex;
static pthread_barrier_t prep_barrier;

static void *prepare_all(void *arg)
{
	size_t me = (size_t)(uintptr_t)arg;
	static const char *const langs[] = {"c", "go", "python", "ruby"};
	size_t n = sizeof langs / sizeof langs[0];
	sp_parser *p = NULL;
	sp_facts f;
	sp_facts_init(&f);
	intptr_t bad = 0;
	pthread_barrier_wait(&prep_barrier);
	for (size_t i = 0; i < n && !bad; i++) { /* each thread in another order */
		const sp_language *l = sp_extractor_by_name(lazy_ex, langs[(i + me) % n]);
		bad = !l || sp_extractor_prepare(lazy_ex, l) != 0;
	}
	const sp_language *py = sp_extractor_by_name(lazy_ex, "python");
	static const char src[] = "class A:\n    def f(self):\n        if x:\n            pass\n";
	if (!bad && !sp_parser_new(lazy_ex, &p) && !sp_parser_run(p, py, src, sizeof src - 1, &f))
		bad = sp_facts_count(&f, SP_FACT_DEF) != 2 || sp_facts_defs(&f)[1].complexity != 2;
	else
		bad = 1;
	sp_parser_free(p);
	sp_facts_release(&f);
	return (void *)bad;
}

/* A lazy extractor in lazy_ex, then PREP_THREADS threads running fn(i) from one barrier; each
   must return NULL (what it did is what failed). */
static void on_threads(void *(*fn)(void *), const char *what)
{
	cr_assert_eq(sp_extractor_new(&lazy_ex, SP_EXTRACTOR_LAZY), 0);
	pthread_barrier_init(&prep_barrier, NULL, PREP_THREADS);
	pthread_t th[PREP_THREADS];
	for (size_t i = 0; i < PREP_THREADS; i++)
		cr_assert_eq(pthread_create(&th[i], NULL, fn, (void *)(uintptr_t)i), 0);
	for (size_t i = 0; i < PREP_THREADS; i++) {
		void *bad;
		pthread_join(th[i], &bad);
		cr_assert_null(bad, "thread %zu failed to %s", i, what);
	}
	pthread_barrier_destroy(&prep_barrier);
}

Test(prepare, from_many_threads_at_once)
{
	on_threads(prepare_all, "prepare or parse");
	/* a language outside the table is refused, prepared or not */
	static const sp_language *none;
	sp_language fake;
	memset(&fake, 0, sizeof fake);
	fake.name = "fake";
	none = &fake;
	cr_assert_eq(sp_extractor_prepare(lazy_ex, none), SP_EUSAGE);
	sp_extractor_free(lazy_ex);
}

/* sp_parser_run on a lazy extractor nobody prepared: each file's language is compiled by the
   first parser that finishes parsing one (after its parse, so that a compile started on another
   thread overlaps it), the others wait for that language only, and two languages compile at
   once. Each thread parses the four languages in another order; every result is whole. */
static void *parse_unprepared(void *arg)
{
	size_t me = (size_t)(uintptr_t)arg;
	static const struct {
		const char *lang, *src;
		size_t defs;
	} files[] = {
		{"c", "int f(int a) { if (a) return 1; return 0; }\nint g(void) { return f(2); }\n", 2},
		{"go",
		 "package p\n\nfunc F(a int) int {\n\tif a > 0 {\n\t\treturn 1\n\t}\n\treturn 0\n}\n",
		 1},
		{"python", "class A:\n    def f(self):\n        if x:\n            pass\n", 2},
		{"ruby", "class A\n  def f(x)\n    x ? 1 : 2\n  end\nend\n", 2},
	};
	size_t n = sizeof files / sizeof files[0];
	sp_parser *p = NULL;
	sp_facts f;
	sp_facts_init(&f);
	intptr_t bad = sp_parser_new(lazy_ex, &p) != 0;
	pthread_barrier_wait(&prep_barrier);
	for (size_t i = 0; i < n && !bad; i++) {
		size_t k = (i + me) % n;
		const sp_language *l = sp_extractor_by_name(lazy_ex, files[k].lang);
		bad = !l || sp_parser_run(p, l, files[k].src, strlen(files[k].src), &f) != 0 ||
		      sp_facts_count(&f, SP_FACT_DEF) != files[k].defs;
	}
	sp_parser_free(p);
	sp_facts_release(&f);
	return (void *)bad;
}

Test(prepare, parser_prepares_its_language)
{
	on_threads(parse_unprepared, "parse an unprepared language");
	/* each language was compiled (once: sp_compiled_for hands out the one compiled query) */
	const sp_language *py = sp_extractor_by_name(lazy_ex, "python");
	cr_assert_eq(sp_extractor_prepare(lazy_ex, py), 0);
	sp_extractor_free(lazy_ex);
}
