/* tests/unit/test_gate_writers.c: the gate's output formats (gate/writers.c), each compared byte for
   byte with tests/gate/expected/<format>.<ext>; SNAKEPIPE_UPDATE_GOLDEN=1 rewrites those files. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp_gate.h"

/* A fixed result: paths with spaces, quotes, <&> and an escaped byte; a failing NEW, a failing
   WORSE, an UNCHANGED and a file-level finding; names with GitHub's reserved '%', ':' and ','. */
static const sp_finding FINDINGS[] = {
	{.rule = "file_lines > 800",
	 .metric = "file_lines",
	 .path = "lib/raw\\xff.c",
	 .line = 1,
	 .end_line = 912,
	 .function = NULL,
	 .language = "c",
	 .value = 912,
	 .state = SP_FINDING_NEW,
	 .fails = false,
	 .message = "912 lines > 800"},
	{.rule = "cyclomatic > 15",
	 .metric = "cyclomatic",
	 .path = "src/new \"quoted\" & <tagged>.py",
	 .line = 10,
	 .end_line = 41,
	 .function = "Parser.parse<T>",
	 .language = "python",
	 .value = 17,
	 .state = SP_FINDING_NEW,
	 .fails = true,
	 .message = "cyclomatic complexity 17 > 15"},
	{.rule = "cyclomatic > 15",
	 .metric = "cyclomatic",
	 .path = "src/with space.c",
	 .line = 5,
	 .end_line = 60,
	 .function = "run, then: 100% done",
	 .language = "c",
	 .value = 22,
	 .base_value = 18,
	 .has_base = true,
	 .state = SP_FINDING_WORSE,
	 .fails = true,
	 .message = "cyclomatic complexity 22 > 15 (was 18)"},
	{.rule = "nloc > 100",
	 .metric = "nloc",
	 .path = "src/with space.c",
	 .line = 80,
	 .end_line = 215,
	 .function = "legacy",
	 .language = "c",
	 .value = 120,
	 .base_value = 120,
	 .has_base = true,
	 .state = SP_FINDING_UNCHANGED,
	 .fails = false,
	 .message = "120 lines of code > 100 (was 120)"},
};

static const struct {
	const char *format, *file;
} GOLDEN[] = {
	{"text", "text.txt"},        {"json", "json.json"},
	{"sarif", "sarif.sarif"},    {"codeclimate", "codeclimate.json"},
	{"junit", "junit.xml"},      {"github", "github.txt"},
	{"markdown", "markdown.md"},
};

static void fixture(sp_gate_result *r, bool empty)
{
	memset(r, 0, sizeof *r);
	sp_arena_init(&r->arena);
	r->repository = "github.com/org/x & <y>";
	r->base_commit = "1111111111111111111111111111111111111111";
	r->head_commit = "2222222222222222222222222222222222222222";
	r->base_snapshot = 3;
	r->head_snapshot = 4;
	for (size_t i = 0; !empty && i < sizeof FINDINGS / sizeof *FINDINGS; i++) {
		cr_assert_eq(sp_array_push(&r->findings, FINDINGS[i]), 0);
		r->failing += FINDINGS[i].fails;
	}
}

static void release(sp_gate_result *r)
{
	sp_array_release(&r->findings);
	sp_arena_release(&r->arena);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	sp_buf b;
	sp_buf_init(&b);
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		sp_buf_append(&b, chunk, k);
	fclose(f);
	*n = b.len;
	return b.data ? b.data : calloc(1, 1);
}

static void golden(const char *format, const char *file)
{
	const char *src = getenv("SNAKEPIPE_SRC");
	cr_assert(src, "SNAKEPIPE_SRC is not set (meson sets it)");
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/gate/expected/%s", src, file);
	const sp_gate_writer *w = sp_gate_writer_find(format);
	cr_assert(w, "no writer %s", format);
	sp_gate_result r;
	fixture(&r, false);
	sp_buf out;
	sp_buf_init(&out);
	cr_assert_eq(w->write(&r, &out, false), 0);
	if (getenv("SNAKEPIPE_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "wb");
		cr_assert(f);
		fwrite(out.data, 1, out.len, f);
		fclose(f);
	}
	size_t n = 0;
	char *want = slurp(path, &n);
	cr_assert(want, "cannot read %s", path);
	cr_expect_eq(out.len, n, "%s: %zu bytes, expected %zu", format, out.len, n);
	cr_assert(out.len == n && memcmp(out.data, want, n) == 0, "%s differs from %s:\n%s", format,
		  path, sp_buf_cstr(&out));
	free(want);
	sp_buf_release(&out);
	release(&r);
}

Test(gate_writers, text)
{
	golden("text", "text.txt");
}
Test(gate_writers, json)
{
	golden("json", "json.json");
}
Test(gate_writers, sarif)
{
	golden("sarif", "sarif.sarif");
}
Test(gate_writers, codeclimate)
{
	golden("codeclimate", "codeclimate.json");
}
Test(gate_writers, junit)
{
	golden("junit", "junit.xml");
}
Test(gate_writers, github)
{
	golden("github", "github.txt");
}
Test(gate_writers, markdown)
{
	golden("markdown", "markdown.md");
}

Test(gate_writers, names_match_the_table)
{
	size_t n = 0;
	char names[256];
	snprintf(names, sizeof names, "%s", sp_gate_writer_names());
	for (char *p = names, *end; *p; p = end + (*end != 0)) {
		end = p + strcspn(p, ",");
		char save = *end;
		*end = 0;
		while (*p == ' ')
			p++;
		cr_expect(sp_gate_writer_find(p), "named writer %s is not in the table", p);
		*end = save;
		n++;
	}
	cr_assert_eq(n, sizeof GOLDEN / sizeof *GOLDEN);
	for (size_t i = 0; i < n; i++)
		cr_expect(strstr(sp_gate_writer_names(), GOLDEN[i].format), "%s missing from the names",
			  GOLDEN[i].format);
	cr_assert_null(sp_gate_writer_find("xml"));
	cr_assert_null(sp_gate_writer_find(""));
	cr_assert_null(sp_gate_writer_find(NULL));
}

Test(gate_writers, text_colours_only_when_asked)
{
	sp_gate_result r;
	fixture(&r, false);
	sp_buf plain, color;
	sp_buf_init(&plain);
	sp_buf_init(&color);
	const sp_gate_writer *w = sp_gate_writer_find("text");
	cr_assert_eq(w->write(&r, &plain, false), 0);
	cr_assert_eq(w->write(&r, &color, true), 0);
	cr_assert_null(strchr(sp_buf_cstr(&plain), '\033'));
	cr_assert(strstr(sp_buf_cstr(&color), "\033[1;31merror\033[0m"), "%s", sp_buf_cstr(&color));
	sp_buf_release(&plain);
	sp_buf_release(&color);
	release(&r);
}

/* With no findings every format still writes a whole document (an empty array, a passing suite). */
Test(gate_writers, empty_result)
{
	static const char *const WANT[] = {
		"0 findings (0 new, 0 worse, 0 unchanged): 0 fail the gate: passed\n",
		"\"findings\": []\n}\n",
		"\"results\": []\n    }\n  ]\n}\n",
		"[]\n",
		"tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\">\n  "
		"</testsuite>\n</testsuites>\n",
		"",
		": 0 findings, 0 fail the gate.\n",
	};
	for (size_t i = 0; i < sizeof GOLDEN / sizeof *GOLDEN; i++) {
		sp_gate_result r;
		fixture(&r, true);
		sp_buf out;
		sp_buf_init(&out);
		cr_assert_eq(sp_gate_writer_find(GOLDEN[i].format)->write(&r, &out, false), 0);
		const char *s = sp_buf_cstr(&out);
		size_t k = strlen(WANT[i]);
		cr_expect(out.len >= k && strcmp(s + out.len - k, WANT[i]) == 0, "%s ends wrong:\n%s",
			  GOLDEN[i].format, s);
		sp_buf_release(&out);
		release(&r);
	}
}
