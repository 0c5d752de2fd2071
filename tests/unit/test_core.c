/* tests/unit/test_core.c: growable buffers, arrays, arena, UTF-8 cleaning, JSON strings, hashing
   and the string map of core/. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sp_core.h"

Test(buf, appends_and_formats)
{
	sp_buf b;
	sp_buf_init(&b);
	cr_assert_str_eq(sp_buf_cstr(&b), "");
	sp_buf_puts(&b, "abc");
	sp_buf_putc(&b, '-');
	sp_buf_printf(&b, "%d/%s", 42, "x");
	cr_assert_str_eq(sp_buf_cstr(&b), "abc-42/x");
	cr_assert_eq(b.len, 8);
	sp_buf_reset(&b);
	cr_assert_eq(b.len, 0);
	for (int i = 0; i < 10000; i++)
		sp_buf_putc(&b, 'z');
	cr_assert_eq(b.len, 10000);
	cr_assert_eq(b.err, 0);
	sp_buf_release(&b);
}

Test(buf, appending_from_itself_survives_growth)
{
	sp_buf b;
	sp_buf_init(&b);
	sp_buf_puts(&b, "0123456789");
	for (int i = 0; i < 12; i++) /* each append doubles the buffer, forcing reallocations */
		sp_buf_append(&b, b.data, b.len);
	cr_assert_eq(b.len, 10u << 12);
	for (size_t i = 0; i < b.len; i++)
		cr_assert_eq(b.data[i], '0' + (int)(i % 10));
	sp_buf_release(&b);
}

Test(buf, json_string_escapes_and_cleans)
{
	sp_buf b;
	sp_buf_init(&b);
	const char in[] = "a\"b\\c\nd\te\x01\xff";
	sp_buf_json_str(&b, in, sizeof in - 1);
	cr_assert_str_eq(sp_buf_cstr(&b), "\"a\\\"b\\\\c\\nd\\te\\u0001\xEF\xBF\xBD\"");
	sp_buf_release(&b);
}

Test(utf8, valid_prefix_stops_at_bad_bytes)
{
	cr_assert_eq(sp_utf8_valid_prefix("abc", 3), 3);
	cr_assert_eq(sp_utf8_valid_prefix("gr\xC3\xB6\xC3\x9F"
					  "e",
					  7),
		     7);
	cr_assert_eq(sp_utf8_valid_prefix("ab\xE9"
					  "cd",
					  5),
		     2); /* latin-1 é */
	cr_assert_eq(sp_utf8_valid_prefix("ab\0cd", 5), 2); /* NUL is refused */
	cr_assert_eq(sp_utf8_valid_prefix("\xC0\x80", 2), 0); /* overlong */
	cr_assert_eq(sp_utf8_valid_prefix("\xED\xA0\x80", 3), 0); /* surrogate */
	cr_assert_eq(sp_utf8_valid_prefix("\xF0\x9F\x98\x80", 4), 4); /* emoji */
	cr_assert_eq(sp_utf8_valid_prefix("\xF0\x9F\x98", 3), 0); /* truncated */
}

Test(utf8, clean_replaces_each_bad_byte)
{
	sp_buf b;
	sp_buf_init(&b);
	sp_buf_utf8_clean(&b, "a\xE9\xE9z\0", 5);
	cr_assert_str_eq(sp_buf_cstr(&b), "a\xEF\xBF\xBD\xEF\xBF\xBDz\xEF\xBF\xBD");
	sp_buf_release(&b);
}

Test(array, push_grows)
{
	sp_array(int) a = {0};
	for (int i = 0; i < 1000; i++)
		cr_assert_eq(sp_array_push(&a, i), 0);
	cr_assert_eq(a.n, 1000);
	cr_assert_eq(a.v[999], 999);
	sp_array_release(&a);
	cr_assert_null(a.v);
}

Test(arena, allocates_aligned_and_resets)
{
	sp_arena a;
	sp_arena_init(&a);
	char *s = sp_arena_strndup(&a, "hello world", 5);
	cr_assert_str_eq(s, "hello");
	void *big = sp_arena_alloc(&a, 1 << 20); /* larger than a chunk */
	cr_assert_not_null(big);
	memset(big, 1, 1 << 20);
	void *p = sp_arena_alloc(&a, 3);
	cr_assert_eq((uintptr_t)p % _Alignof(max_align_t), 0);
	sp_arena_reset(&a);
	cr_assert_eq(a.used_total, 0);
	cr_assert_not_null(sp_arena_alloc(&a, 10));
	sp_arena_release(&a);
}

Test(hash, xxh3_128_hex_matches_reference_vectors)
{
	/* Expected values from the xxHash reference CLI (`xxhsum -H2`, Debian's xxhash 0.8.1), so
	   that a wrong variant, seed, byte order or hex spelling fails: every input length class
	   of XXH3 (0, 1-3, 17-128, 129-240, over 240 bytes). */
	static char big[1024], mid[200];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i % 256);
	memset(mid, 'a', sizeof mid);
	const char *fox = "The quick brown fox jumps over the lazy dog";
	const char *digits = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
			     "0123456789abcdef";
	const struct {
		const char *data;
		size_t len;
		const char *hex;
	} v[] = {
		{"", 0, "99aa06d3014798d86001c324468d497f"},
		{"abc", 3, "06b05ab6733a618578af5f94892f3950"},
		{fox, strlen(fox), "ddd650205ca3e7fa24a1cc2e3a8a7651"},
		{digits, 80, "b1ac0cb6a92f77b6964f32006288c639"},
		{mid, sizeof mid, "cffe968d25cc79dac8654f5c46034008"},
		{big, sizeof big, "83885e853bb6640ca870f92984398d22"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char h[SP_HASH_HEX_LEN + 1];
		memset(h, 'x', sizeof h);
		sp_hash128_hex(v[i].data, v[i].len, h);
		cr_assert_str_eq(h, v[i].hex, "vector %zu (%zu bytes)", i, v[i].len);
	}
}

Test(strmap, put_get_add_and_grow)
{
	sp_strmap m;
	sp_strmap_init(&m);
	int64_t v = 0;
	cr_assert_not(sp_strmap_get(&m, "x", 1, &v));
	char key[32];
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(key, sizeof key, "key%d", i);
		cr_assert_eq(sp_strmap_put(&m, key, (size_t)n, i), 0);
	}
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(key, sizeof key, "key%d", i);
		cr_assert(sp_strmap_get(&m, key, (size_t)n, &v));
		cr_assert_eq(v, i);
	}
	cr_assert_eq(sp_strmap_add(&m, "key7", 4, 99), 0);
	cr_assert(sp_strmap_get(&m, "key7", 4, &v));
	cr_assert_eq(v, 7, "add must not overwrite");
	cr_assert_eq(sp_strmap_put(&m, "key7", 4, 99), 0);
	cr_assert(sp_strmap_get(&m, "key7", 4, &v));
	cr_assert_eq(v, 99);
	cr_assert_str_eq(sp_strmap_key(&m, "key7", 4), "key7");
	cr_assert_null(sp_strmap_key(&m, "nope", 4));
	sp_strmap_release(&m);
}

/* clear empties a map for reuse: a small one keeps its slots, a big one gives them back */
Test(strmap, clear_keeps_small_maps)
{
	sp_strmap m;
	sp_strmap_init(&m);
	char key[32];
	for (int round = 0; round < 3; round++) {
		int n = round == 1 ? 10000 : 40; /* round 1 grows past the kept size */
		for (int i = 0; i < n; i++) {
			int len = snprintf(key, sizeof key, "r%dk%d", round, i);
			cr_assert_eq(sp_strmap_put(&m, key, (size_t)len, i), 0);
		}
		cr_assert_eq(m.used, (size_t)n);
		cr_assert(sp_strmap_get(&m, "r0k1", 4, NULL) == (round == 0));
		size_t cap = m.cap;
		sp_strmap_clear(&m);
		cr_assert_eq(m.used, 0);
		cr_assert_eq(m.cap, cap > 4096 ? 0 : cap);
		cr_assert_not(sp_strmap_get(&m, "r0k1", 4, NULL));
	}
	sp_strmap_release(&m);
}

Test(errors, every_code_has_text)
{
	/* every code from SP_OK down to SP_E_LAST has its own text; the first code past the last
	   has none, so a code added without moving SP_E_LAST fails here */
	for (int c = SP_OK; c >= SP_E_LAST; c--) {
		cr_assert_str_neq(sp_strerror(c), "unknown error", "code %d", c);
		for (int d = SP_OK; d > c; d--)
			cr_assert_str_neq(sp_strerror(c), sp_strerror(d), "codes %d and %d", c, d);
	}
	cr_assert_str_eq(sp_strerror(SP_E_LAST - 1), "unknown error");
	cr_assert_str_eq(sp_strerror(1), "unknown error");
	cr_assert_str_eq(sp_strerror(-999), "unknown error");
}

static void escaped(const char *raw, size_t n, const char *want)
{
	sp_buf b, back;
	sp_buf_init(&b);
	sp_buf_init(&back);
	sp_path_escape(&b, raw, n);
	cr_assert_str_eq(sp_buf_cstr(&b), want);
	cr_assert_eq(sp_path_unescape(&back, b.data ? b.data : "", b.len), 0);
	cr_assert_eq(back.len, n);
	cr_assert(n == 0 || !memcmp(back.data, raw, n));
	sp_buf_release(&b);
	sp_buf_release(&back);
}

Test(path, utf8_without_backslash_is_unchanged)
{
	escaped("src/caf\xc3\xa9.py", 12, "src/caf\xc3\xa9.py");
	escaped("with\ttab.py", 11, "with\ttab.py");
	escaped("", 0, "");
	cr_assert(!sp_path_needs_escape("a/b.py", 6));
	cr_assert(sp_path_needs_escape("a\\b.py", 6));
}

Test(path, invalid_bytes_and_backslash_are_escaped_distinctly)
{
	escaped("caf\xe9.py", 7, "caf\\xe9.py");
	escaped("caf\xe8.py", 7, "caf\\xe8.py");
	escaped("a\\xe9", 5, "a\\\\xe9"); /* a literal backslash-x name differs from the byte */
	escaped("\xc3", 1, "\\xc3"); /* truncated sequence */
	escaped("\xed\xa0\x80", 3, "\\xed\\xa0\\x80"); /* surrogate: not valid UTF-8 */
	escaped("\xff\xfe/\xe2\x82\xac", 6, "\\xff\\xfe/\xe2\x82\xac");
	cr_assert(sp_path_needs_escape("caf\xe9", 4));
}

Test(path, unescape_refuses_what_escape_never_writes)
{
	sp_buf b;
	sp_buf_init(&b);
	cr_assert_eq(sp_path_unescape(&b, "a\\n", 3), SP_EUSAGE);
	sp_buf_reset(&b);
	cr_assert_eq(sp_path_unescape(&b, "a\\", 2), SP_EUSAGE);
	sp_buf_reset(&b);
	cr_assert_eq(sp_path_unescape(&b, "\\xg1", 4), SP_EUSAGE);
	sp_buf_reset(&b);
	cr_assert_eq(sp_path_unescape(&b, "\\xE9", 4), 0);
	cr_assert_eq((unsigned char)b.data[0], 0xe9);
	sp_buf_release(&b);
}

Test(path, random_byte_strings_round_trip_and_stay_distinct)
{
	srand(12345);
	sp_buf a, b, back;
	sp_buf_init(&a);
	sp_buf_init(&b);
	sp_buf_init(&back);
	for (int round = 0; round < 20000; round++) {
		char raw[2][24];
		size_t n = (size_t)(rand() % 24);
		for (size_t i = 0; i < n; i++) {
			int r = rand() % 8; /* favour the interesting bytes */
			raw[0][i] = r == 0   ? '\\'
				    : r == 1 ? 'x'
				    : r < 4  ? (char)(0x80 + rand() % 128)
					     : (char)(1 + rand() % 255);
		}
		memcpy(raw[1], raw[0], n);
		if (n)
			raw[1][rand() % n] ^= (char)(1 + rand() % 255);
		sp_buf_reset(&a);
		sp_buf_reset(&b);
		sp_buf_reset(&back);
		sp_path_escape(&a, raw[0], n);
		sp_path_escape(&b, raw[1], n);
		cr_assert_eq(sp_utf8_valid_prefix(a.data ? a.data : "", a.len), a.len,
			     "stored path is text");
		cr_assert_eq(sp_path_unescape(&back, a.data ? a.data : "", a.len), 0);
		cr_assert_eq(back.len, n);
		cr_assert(n == 0 || !memcmp(back.data, raw[0], n), "round %d does not round-trip",
			  round);
		bool same_raw = n == 0 || !memcmp(raw[0], raw[1], n);
		bool same_stored = a.len == b.len && (a.len == 0 || !memcmp(a.data, b.data, a.len));
		cr_assert_eq(same_raw, same_stored, "round %d: distinct names collide", round);
	}
	sp_buf_release(&a);
	sp_buf_release(&b);
	sp_buf_release(&back);
}

/* Messages: names from a repository never reach a terminal with their control characters. */
static void term(const char *in, size_t n, const char *want)
{
	sp_buf b;
	sp_buf_init(&b);
	sp_buf_term_str(&b, in, n);
	cr_assert_str_eq(sp_buf_cstr(&b), want);
	sp_buf_release(&b);
}

Test(core, term_str_escapes_controls)
{
	term("plain/path.py", 13, "plain/path.py");
	term("caf\xc3\xa9 \xe2\x82\xac", 9, "caf\xc3\xa9 \xe2\x82\xac"); /* UTF-8 stays */
	term("\x1b[31mred\x07", 9, "\\x1b[31mred\\x07");
	term("a\nb\tc\rd", 7, "a\\nb\\tc\\rd");
	term("del\x7f", 4, "del\\x7f");
	term("nul\0x", 5, "nul\\x00x");
	term("c1\xc2\x9b"
	     "2J",
	     6, "c1\\xc2\\x9b2J"); /* U+009B is CSI on 8-bit terminals */
	term("nbsp\xc2\xa0", 6, "nbsp\xc2\xa0"); /* U+00A0 is printable */
	term("bad\xe9", 4, "bad\\xe9");
	term("back\\slash", 10, "back\\slash");
}

Test(core, i64_sort_unique_sorts_and_drops_repeats)
{
	int64_t v[] = {5, -3, 5, 9, -3, INT64_MIN, 9, 0};
	size_t n = sp_i64_sort_unique(v, sizeof v / sizeof *v);
	int64_t want[] = {INT64_MIN, -3, 0, 5, 9};
	cr_assert_eq(n, 5);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(v[i], want[i], "v[%zu]", i);
	cr_assert_eq(sp_i64_sort_unique(NULL, 0), 0, "an empty array, without storage");
}
