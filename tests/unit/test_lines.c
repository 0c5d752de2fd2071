/* tests/unit/test_lines.c: Criterion tests of extract/lines.c, the cloc-compatible line classifier.
   Every expected count below was checked against cloc 1.96 (--by-file --read-binary-files). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "lines_p.h"

#include "../../core/sp_core.h"

#include "../../core/banned.h"

/* kinds spelled one letter per line: 'b' blank, '#' comment, 'c' code */
static char kind_letter(uint8_t k)
{
	return k == SP_LINE_BLANK ? 'b' : k == SP_LINE_COMMENT ? '#' : k == SP_LINE_CODE ? 'c' : '?';
}

static void check(const char *buf, size_t len, uint32_t blank, uint32_t comment, uint32_t code,
		  const char *kinds)
{
	size_t n = sp_lines_count_lines(buf, len);
	uint8_t got[256];
	char letters[257];
	sp_line_counts c, c2;

	cr_assert_lt(n, sizeof got);
	memset(got, 0xee, sizeof got);
	cr_assert_eq(sp_lines_classify(buf, len, &sp_comment_syntax_python, got, &c), 0);
	cr_assert_eq(sp_lines_classify(buf, len, &sp_comment_syntax_python, NULL, &c2), 0);
	cr_expect_eq(c.total, n, "total %u, lines %zu", c.total, n);
	cr_expect_eq(c.blank, blank, "blank %u, want %u", c.blank, blank);
	cr_expect_eq(c.comment, comment, "comment %u, want %u", c.comment, comment);
	cr_expect_eq(c.code, code, "code %u, want %u", c.code, code);
	cr_expect_eq(c.total, c.blank + c.comment + c.code);
	cr_expect(memcmp(&c, &c2, sizeof c) == 0, "counts differ without a kinds array");
	for (size_t i = 0; i < n; i++)
		letters[i] = kind_letter(got[i]);
	letters[n] = '\0';
	cr_expect_eq(got[n], 0xee, "wrote past the last line");
	if (kinds)
		cr_expect_str_eq(letters, kinds);
}

/* string literal input, embedded NULs included */
#define CHECK(lit, blank, comment, code, kinds)                                                         \
	check((lit), sizeof(lit) - 1, (blank), (comment), (code), (kinds))

Test(lines, empty_file)
{
	CHECK("", 0, 0, 0, "");
	cr_expect_eq(sp_lines_count_lines(NULL, 0), 0);
}

Test(lines, count_lines)
{
	cr_expect_eq(sp_lines_count_lines("\n", 1), 1);
	cr_expect_eq(sp_lines_count_lines("a", 1), 1);
	cr_expect_eq(sp_lines_count_lines("a\nb", 3), 2);
	cr_expect_eq(sp_lines_count_lines("a\nb\n", 4), 2);
	cr_expect_eq(sp_lines_count_lines("\n\n\r\n", 4), 3);
}

Test(lines, blank_lines_with_whitespace)
{
	/* Perl's \s: space, \t, \n, \v, \f, \r; a Latin-1 no-break space is not blank */
	CHECK(" \t\n\n  \f\v\n", 3, 0, 0, "bbb");
	CHECK("\xa0\n", 0, 0, 1, "c");
}

Test(lines, hash_comments)
{
	CHECK("# a\n  # b\nx = 1\n", 0, 2, 1, "##c");
}

Test(lines, inline_comment_is_code)
{
	CHECK("x = 1  # note\n", 0, 0, 1, "c");
}

Test(lines, docstring_single_line)
{
	CHECK("def f():\n    \"\"\"Doc.\"\"\"\n    return 1\n", 0, 1, 2, "c#c");
}

Test(lines, docstring_multi_line_single_quotes)
{
	/* the blank line inside stays blank: cloc removes blank lines before comments */
	CHECK("'''\nText\n\nmore\n'''\nx = 1\n", 1, 4, 1, "##b##c");
	CHECK("\"\"\"\n   \n\"\"\"\n", 1, 2, 0, "#b#");
}

Test(lines, docstring_with_code_before_or_after)
{
	/* cloc deletes the docstring with its newlines, so the code around it makes one code line */
	CHECK("x = \"\"\"a\nb\nc\"\"\" + y\n", 0, 2, 1, "c##");
	CHECK("\"\"\"a\nb\"\"\" + y\n", 0, 1, 1, "#c");
	CHECK("s = \"\"\"one line\"\"\" ; t = 2\n", 0, 0, 1, "c");
}

Test(lines, docstring_prefixes)
{
	/* only u/U is removed with the opening quotes; r, b, f stay behind as code */
	CHECK("    u\"\"\"Doc.\"\"\"\n    U'''Doc.'''\n", 0, 2, 0, "##");
	CHECK("    r\"\"\"Doc.\"\"\"\n    b'''x'''\n", 0, 0, 2, "cc");
}

Test(lines, docstring_quote_kinds_mix)
{
	/* cloc toggles on either delimiter: ''' closes what """ opened */
	CHECK("\"\"\"a'''\nx = 1\n", 0, 1, 1, "#c");
	CHECK("\"\"\"\"\"\"\nx = 1\n", 0, 1, 1, "#c");
}

Test(lines, unclosed_docstring_is_code)
{
	/* the comment regex finds no closer, so nothing is removed from the opener on */
	CHECK("\"\"\"never closed\nx = 1\n", 0, 0, 2, "cc");
}

Test(lines, crlf_line_endings)
{
	CHECK("x = 1\r\n\r\n# c\r\n", 1, 1, 1, "cb#");
	CHECK("x = 1 + \\\r\n\r\n    2\r\n", 0, 0, 3, "ccc");
}

Test(lines, no_trailing_newline)
{
	CHECK("x = 1\n# c", 0, 1, 1, "c#");
	CHECK("x = 1\n\"\"\"doc\"\"\"", 0, 1, 1, "c#");
}

Test(lines, slash_star_lines_are_comments)
{
	/* cloc's Python filters first drop every line containing slash-star or star-slash */
	CHECK("paths = glob.glob(\"src/*.py\")\npattern = \"*/\"\nx = 1\n", 0, 2, 1, "##c");
	/* the dropped line hides its """, so the docstring after it is read out of step */
	CHECK("x = 1\n\"\"\"start /*\ntext\n\"\"\"\n", 0, 1, 3, "c#cc");
}

Test(lines, backslash_continuation)
{
	/* a blank line right after a line ending in a backslash is not blank: it stays as code */
	CHECK("x = 1 + \\\n\n    2\n", 0, 0, 3, "ccc");
	/* ... unless the line it follows is itself removed as a comment */
	CHECK("# c \\\n\ny = 1\n", 0, 2, 1, "##c");
	/* a docstring emptied line after a continuation stays as code */
	CHECK("x = f \\\n\"\"\"doc\"\"\"\ny\n", 0, 0, 3, "ccc");
	/* split() drops a trailing empty line: "" after the continuation at EOF counts as comment */
	CHECK("x = 1 \\\n\n", 0, 1, 1, "c#");
	CHECK("x = 1 \\\n \n", 0, 0, 2, "cc");
}

Test(lines, shebang_is_code)
{
	CHECK("#!/usr/bin/env python\n# c\nx = 1\n", 0, 1, 2, "c#c");
	CHECK("\n#!/usr/bin/python\n", 1, 0, 1, "bc");
	CHECK("\xef\xbb\xbf#!/usr/bin/python\nx\n", 0, 0, 2, "cc");
	CHECK(" #!/usr/bin/python\nx\n", 0, 1, 1, "#c");
}

Test(lines, non_utf8_bytes)
{
	CHECK("x = '\x80\xfe'\n# \x80\n\xa0\n", 0, 1, 2, "c#c");
}

Test(lines, nul_bytes)
{
	CHECK("x\0 = 1\n\0\n#\0\n", 0, 1, 2, "cc#");
}

Test(lines, bad_arguments)
{
	sp_line_counts c;
	cr_expect_eq(sp_lines_classify("x", 1, NULL, NULL, &c), SP_EUSAGE);
	cr_expect_eq(sp_lines_classify("x", 1, &sp_comment_syntax_python, NULL, NULL), SP_EUSAGE);
	cr_expect_eq(sp_lines_classify(NULL, 1, &sp_comment_syntax_python, NULL, &c), SP_EUSAGE);
	cr_expect_eq(sp_lines_classify(NULL, 0, &sp_comment_syntax_python, NULL, &c), 0);
	cr_expect_eq(c.total, 0);
}

/* Arbitrary bytes, biased towards the ones the classifier reacts to: must not crash (run under
   ASan/UBSan), and the per-line kinds must add up to the counts. */
Test(lines, random_bytes_are_consistent)
{
	static const char alphabet[] = "\"'/*#\\\n\r \tuUx\0\xff\xef\xbb\xbf";
	uint64_t seed = 0x9e3779b97f4a7c15u;
	char buf[200];
	uint8_t kinds[201];

	for (int round = 0; round < 20000; round++) {
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		size_t len = (size_t)(seed >> 33) % sizeof buf;
		for (size_t i = 0; i < len; i++) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			unsigned r = (unsigned)(seed >> 33);
			buf[i] = (r & 0x100) ? (char)(r & 0xff) : alphabet[r % (sizeof alphabet - 1)];
		}
		sp_line_counts c;
		size_t n = sp_lines_count_lines(buf, len);
		cr_assert_eq(sp_lines_classify(buf, len, &sp_comment_syntax_python, kinds, &c), 0);
		uint32_t per[3] = {0, 0, 0};
		for (size_t i = 0; i < n; i++) {
			cr_assert_lt(kinds[i], 3);
			per[kinds[i]]++;
		}
		cr_assert_eq(c.total, n);
		cr_assert_eq(per[SP_LINE_BLANK], c.blank, "round %d", round);
		cr_assert_eq(per[SP_LINE_COMMENT], c.comment, "round %d", round);
		cr_assert_eq(per[SP_LINE_CODE], c.code, "round %d", round);
	}
}
