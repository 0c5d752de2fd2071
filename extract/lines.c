/* extract/lines.c: blank / comment / code per line as cloc 1.96 counts it, by re-enacting cloc's filter
   chain for a language (an sp_comment_syntax row) in one pass; extraction stores the counts and kinds. */
#include "lines_p.h"

#include <string.h>

/* Relative so that the stand-alone builds in perf/ and tests/ need only -Iextract. */
#include "../core/sp_core.h"

#include "../core/banned.h"

/* cloc 1.96's filters for 'Python': drop lines containing slash-star, drop lines containing star-slash,
   drop lines matching ^\s*#, docstring_to_C, call_regexp_common C, remove_inline #.*$ (a no-op without
   --inline); end-of-line continuation regex \\$. */
const sp_comment_syntax sp_comment_syntax_python = {
	.language = "Python",
	.filters =
		{
			{SP_LINE_FILTER_CONTAINS, "/*"},
			{SP_LINE_FILTER_CONTAINS, "*/"},
			{SP_LINE_FILTER_STARTS, "#"},
		},
	.docstring_quotes = {"\"\"\"", "'''"},
	.docstring_prefixes = "uU",
	.blocks = {{"/*", "*/"}},
	.continuation = '\\',
	.shebang_is_code = true,
};

/* The C family (C, C++, Java, JavaScript, TypeScript, Go, Rust): cloc removes Regexp::Common's C++
   comments. Approximated here by dropping lines that start with a line comment and removing block
   comments; a line comment after code leaves the line code either way. */
const sp_comment_syntax sp_comment_syntax_c = {
	.language = "C",
	.filters = {{SP_LINE_FILTER_STARTS, "//"}},
	.blocks = {{"/*", "*/"}},
	.continuation = '\\',
};

/* Ruby: cloc drops lines matching ^\s*# and everything from ^=begin to ^=end. */
const sp_comment_syntax sp_comment_syntax_ruby = {
	.language = "Ruby",
	.filters = {{SP_LINE_FILTER_STARTS, "#"}},
	.blocks = {{"=begin", "=end"}},
	.shebang_is_code = true,
};

#define NONE SIZE_MAX

/* Everything that evolves while walking the file. Plain data: copied to take a snapshot, because
   cloc's comment regex does not match an opener that is never closed, which is only known at EOF. */
typedef struct lstate {
	uint32_t blank, code;
	bool prev_raw_cont; /* previous physical line ends with the continuation */
	bool stage_prev_cont[SP_LINES_MAX_FILTERS]; /* same, for the last line each filter let through */
	bool in_doc; /* docstring_to_C's toggle */
	bool in_block; /* inside a block comment of blocks[pair] */
	uint8_t pair;
	bool out_prev_cont; /* the previous joined output line ends with the continuation */
	/* the output line being assembled: cloc joins the lines and deletes comments with their newlines */
	bool grp_nonempty, grp_nonws, grp_last_cont;
	size_t grp_code_line; /* first physical line that put a non-blank byte into it */
	size_t pending_empty; /* code line whose output line is "", dropped by split() if nothing follows */
	bool seen_nonblank;
	size_t shebang_candidate, shebang_line;
} lstate;

typedef struct lctx {
	const char *buf;
	size_t len;
	const sp_comment_syntax *syn;
	uint8_t *kinds;
	size_t nfilters, nquotes, npairs, prefixes_len;
	size_t quote_len[SP_LINES_MAX_MARKERS], open_len[SP_LINES_MAX_MARKERS],
		close_len[SP_LINES_MAX_MARKERS];
	size_t limit
		[SP_LINES_MAX_MARKERS]; /* an opener of blocks[k] at or after limit[k] is plain text */
	bool contains_first[256]; /* may start a SP_LINE_FILTER_CONTAINS marker */
	bool token_first[256]; /* may start a docstring quote or a block marker */
} lctx;

/* One physical line: content is [start, end), without the '\n', one trailing '\r' and (line 1) a BOM. */
typedef struct linfo {
	size_t start, end, next, first; /* first: first non-blank byte, or end */
	bool ws, cont;
	unsigned contains; /* bit k: filters[k] is a CONTAINS filter whose marker occurs */
} linfo;

/* Perl's \s on a byte string: \t \n \v \f \r and space, nothing above 0x7f. */
static inline bool is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline unsigned char ascii_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

static bool match_ci(const char *p, size_t avail, const char *m)
{
	size_t n = strlen(m);
	if (n > avail)
		return false;
	for (size_t i = 0; i < n; i++)
		if (ascii_lower((unsigned char)p[i]) != ascii_lower((unsigned char)m[i]))
			return false;
	return true;
}

static inline bool match_at(const char *p, size_t avail, const char *m, size_t n)
{
	return n <= avail && memcmp(p, m, n) == 0;
}

static inline void set_kind(const lctx *cx, size_t line, sp_line_kind k)
{
	if (cx->kinds)
		cx->kinds[line] = (uint8_t)k;
}

/* Byte-order marks as cloc's read_file strips them from line 1. It renders bytes with "%x", so
   its "0e fe ff" and "00 00 fe ff" entries can never match; they are left out here too. */
static size_t bom_length(const char *buf, size_t len)
{
	static const struct {
		unsigned char n, b[5];
	} boms[] = {
		{2, {0xfe, 0xff}},
		{2, {0xff, 0xfe}},
		{3, {0xef, 0xbb, 0xbf}},
		{3, {0xf7, 0x64, 0x4c}},
		{3, {0xfb, 0xee, 0x28}},
		{4, {0x2b, 0x2f, 0x76, 0x38}},
		{4, {0x2b, 0x2f, 0x76, 0x39}},
		{4, {0x2b, 0x2f, 0x76, 0x2b}},
		{4, {0x2b, 0x2f, 0x76, 0x2f}},
		{4, {0xdd, 0x73, 0x66, 0x73}},
		{4, {0x84, 0x31, 0x95, 0x33}},
	};
	for (size_t i = 0; i < sizeof boms / sizeof boms[0]; i++)
		if (boms[i].n <= len && memcmp(buf, boms[i].b, boms[i].n) == 0)
			return boms[i].n;
	return 0;
}

static void ctx_init(lctx *cx, const char *buf, size_t len, const sp_comment_syntax *syn, uint8_t *kinds)
{
	*cx = (lctx){0};
	cx->buf = buf;
	cx->len = len;
	cx->syn = syn;
	cx->kinds = kinds;
	while (cx->nfilters < SP_LINES_MAX_FILTERS &&
	       syn->filters[cx->nfilters].kind != SP_LINE_FILTER_END &&
	       syn->filters[cx->nfilters].marker && syn->filters[cx->nfilters].marker[0]) {
		const sp_line_filter *f = &syn->filters[cx->nfilters];
		if (f->kind == SP_LINE_FILTER_CONTAINS) {
			unsigned char c = (unsigned char)f->marker[0];
			cx->contains_first[ascii_lower(c)] = true;
			cx->contains_first[c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c] = true;
		}
		cx->nfilters++;
	}
	while (cx->npairs < SP_LINES_MAX_MARKERS && syn->blocks[cx->npairs].open &&
	       syn->blocks[cx->npairs].close && syn->blocks[cx->npairs].open[0] &&
	       syn->blocks[cx->npairs].close[0]) {
		size_t k = cx->npairs++;
		cx->open_len[k] = strlen(syn->blocks[k].open);
		cx->close_len[k] = strlen(syn->blocks[k].close);
		cx->token_first[(unsigned char)syn->blocks[k].open[0]] = true;
		cx->token_first[(unsigned char)syn->blocks[k].close[0]] = true;
		cx->limit[k] = NONE;
	}
	/* docstrings become blocks[0] comments, so they need one */
	while (cx->npairs && cx->nquotes < SP_LINES_MAX_MARKERS && syn->docstring_quotes[cx->nquotes] &&
	       syn->docstring_quotes[cx->nquotes][0]) {
		cx->quote_len[cx->nquotes] = strlen(syn->docstring_quotes[cx->nquotes]);
		cx->token_first[(unsigned char)syn->docstring_quotes[cx->nquotes][0]] = true;
		cx->nquotes++;
	}
	cx->prefixes_len = syn->docstring_prefixes ? strlen(syn->docstring_prefixes) : 0;
}

static void scan_line(const lctx *cx, size_t off, linfo *li)
{
	const char *buf = cx->buf;
	const char *nl = memchr(buf + off, '\n', cx->len - off);
	size_t end = nl ? (size_t)(nl - buf) : cx->len;

	li->next = nl ? end + 1 : cx->len;
	li->start = off == 0 ? bom_length(buf, end) : off;
	if (end > li->start && buf[end - 1] == '\r')
		end--;
	li->end = end;
	li->first = end;
	li->contains = 0;
	for (size_t i = li->start; i < end; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (li->first == end && !is_space(c))
			li->first = i;
		if (!cx->contains_first[c])
			continue;
		for (size_t k = 0; k < cx->nfilters; k++)
			if (cx->syn->filters[k].kind == SP_LINE_FILTER_CONTAINS &&
			    match_ci(buf + i, end - i, cx->syn->filters[k].marker))
				li->contains |= 1u << k;
	}
	li->ws = li->first == end;
	li->cont = cx->syn->continuation && end > li->start && buf[end - 1] == cx->syn->continuation;
}

/* cloc's rm_blanks, then each remove_matches with the blank clean-up that follows it. That clean-up
   (remove_matches_2re) keeps a blank line whose predecessor *before* the clean-up ends with the
   continuation, so every stage remembers its own predecessor. Returns whether the line survives. */
static bool run_line_filters(const lctx *cx, lstate *st, const linfo *li, size_t line)
{
	bool blank = li->ws && !st->prev_raw_cont;
	st->prev_raw_cont = li->cont;
	if (blank) {
		set_kind(cx, line, SP_LINE_BLANK);
		st->blank++;
		return false;
	}
	if (!st->seen_nonblank) {
		st->seen_nonblank = true;
		if (cx->syn->shebang_is_code && li->end - li->start >= 2 && cx->buf[li->start] == '#' &&
		    cx->buf[li->start + 1] == '!')
			st->shebang_candidate = line;
	}
	for (size_t k = 0; k < cx->nfilters; k++) {
		const sp_line_filter *f = &cx->syn->filters[k];
		bool hit = f->kind == SP_LINE_FILTER_CONTAINS
				   ? (li->contains >> k) & 1u
				   : match_ci(cx->buf + li->first, li->end - li->first, f->marker);
		bool keep = !hit && (!li->ws || st->stage_prev_cont[k]);
		if (!hit)
			st->stage_prev_cont[k] = li->cont;
		if (!keep) {
			set_kind(cx, line, SP_LINE_COMMENT);
			/* cloc's rm_comments puts a leading "#!" line back after the filters removed it */
			if (line == st->shebang_candidate)
				st->shebang_line = line;
			return false;
		}
	}
	return true;
}

static void add_bytes(const lctx *cx, lstate *st, const char *p, size_t n, size_t line)
{
	if (n == 0)
		return;
	st->grp_nonempty = true;
	if (!st->grp_nonws) {
		for (size_t i = 0; i < n; i++) {
			if (!is_space((unsigned char)p[i])) {
				st->grp_nonws = true;
				st->grp_code_line = line;
				break;
			}
		}
	}
	st->grp_last_cont = cx->syn->continuation && p[n - 1] == cx->syn->continuation;
}

/* Enters blocks[k] at offset at, unless cloc's regex would find no closer (then it is text). */
static bool open_block(const lctx *cx, lstate *st, size_t k, size_t at, size_t *opened)
{
	if (at >= cx->limit[k])
		return false;
	st->in_block = true;
	st->pair = (uint8_t)k;
	*opened = at;
	return true;
}

/* docstring_to_C and call_regexp_common on one line that survived the filters. cloc rewrites every
   """ or ''' into alternately an opener and a closer of blocks[0] (eating a u/U before an opener),
   joins the lines and deletes each opener..closer span, newlines included. The bytes left outside
   comments form the output line being assembled. Returns the offset of the last opener, or NONE. */
static size_t scan_blocks(const lctx *cx, lstate *st, const linfo *li, size_t line)
{
	const char *buf = cx->buf;
	const sp_comment_syntax *syn = cx->syn;
	size_t seg = li->start, i = li->start, e = li->end, opened = NONE;

	while (i < e) {
		if (!cx->token_first[(unsigned char)buf[i]]) {
			i++;
			continue;
		}
		size_t q = 0;
		while (q < cx->nquotes &&
		       !match_at(buf + i, e - i, syn->docstring_quotes[q], cx->quote_len[q]))
			q++;
		if (q < cx->nquotes) {
			if (!st->in_doc) {
				size_t pre = i;
				if (pre > seg && cx->prefixes_len &&
				    memchr(syn->docstring_prefixes, buf[pre - 1], cx->prefixes_len))
					pre--;
				st->in_doc = true;
				if (!st->in_block) {
					add_bytes(cx, st, buf + seg, pre - seg, line);
					if (!open_block(cx, st, 0, i, &opened))
						add_bytes(cx, st, syn->blocks[0].open, cx->open_len[0],
							  line);
				}
			} else {
				st->in_doc = false;
				if (st->in_block) {
					if (st->pair == 0)
						st->in_block = false;
				} else {
					add_bytes(cx, st, buf + seg, i - seg, line);
					add_bytes(cx, st, syn->blocks[0].close, cx->close_len[0], line);
				}
			}
			i += cx->quote_len[q];
			seg = i;
			continue;
		}
		if (st->in_block) {
			size_t k = st->pair;
			if (match_at(buf + i, e - i, syn->blocks[k].close, cx->close_len[k])) {
				st->in_block = false;
				i += cx->close_len[k];
				seg = i;
				continue;
			}
		} else {
			size_t k = 0;
			while (k < cx->npairs &&
			       !match_at(buf + i, e - i, syn->blocks[k].open, cx->open_len[k]))
				k++;
			if (k < cx->npairs) {
				add_bytes(cx, st, buf + seg, i - seg, line);
				if (open_block(cx, st, k, i, &opened)) {
					i += cx->open_len[k];
					seg = i;
					continue;
				}
				seg = i; /* an opener that never closes stays as text */
			}
		}
		i++;
	}
	if (!st->in_block)
		add_bytes(cx, st, buf + seg, e - seg, line);
	return opened;
}

/* The line's newline: swallowed inside a comment, else it ends an output line, which the blank
   clean-up keeps if it has a non-blank byte or follows a line ending with the continuation. */
static void end_line(const lctx *cx, lstate *st, size_t line)
{
	set_kind(cx, line, SP_LINE_COMMENT);
	if (st->in_block)
		return;
	if (st->grp_nonempty)
		st->pending_empty = NONE;
	if (st->grp_nonws || st->out_prev_cont) {
		size_t at = st->grp_code_line != NONE ? st->grp_code_line : line;
		set_kind(cx, at, SP_LINE_CODE);
		st->code++;
		if (!st->grp_nonempty)
			st->pending_empty = at;
	}
	st->out_prev_cont = st->grp_nonempty && st->grp_last_cont;
	st->grp_nonempty = st->grp_nonws = st->grp_last_cont = false;
	st->grp_code_line = NONE;
}

size_t sp_lines_count_lines(const char *buf, size_t len)
{
	size_t n = 0;
	if (!buf)
		return 0;
	for (const char *p = buf, *end = buf + len; p < end; n++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	return n;
}

int sp_lines_classify(const char *buf, size_t len, const sp_comment_syntax *syn, uint8_t *kinds,
		      sp_line_counts *out)
{
	if (!out || !syn || (!buf && len))
		return SP_EUSAGE;
	*out = (sp_line_counts){0};

	lctx cx;
	ctx_init(&cx, buf, len, syn, kinds);
	lstate st = {.grp_code_line = NONE,
		     .pending_empty = NONE,
		     .shebang_candidate = NONE,
		     .shebang_line = NONE};
	lstate before, snap = st;
	size_t off = 0, line = 0, snap_off = 0, snap_line = 0, snap_open = NONE;
	uint8_t snap_pair = 0;
	bool resume = false; /* re-entering the snapshot line straight at its block scan */

	for (;;) {
		while (off < len) {
			linfo li;
			if (line >= UINT32_MAX)
				return SP_EUSAGE;
			scan_line(&cx, off, &li);
			if (resume || run_line_filters(&cx, &st, &li, line)) {
				resume = false;
				before = st;
				size_t opened = scan_blocks(&cx, &st, &li, line);
				if (opened != NONE) {
					snap = before;
					snap_open = opened;
					snap_pair = st.pair;
					snap_off = off;
					snap_line = line;
				}
				end_line(&cx, &st, line);
			}
			off = li.next;
			line++;
		}
		if (!st.in_block)
			break;
		/* The last opener never closed: cloc's regex leaves it and everything after it as text.
		   Replay from its line with that opener disabled; a limit only decreases, so this ends. */
		cx.limit[snap_pair] = snap_open;
		st = snap;
		off = snap_off;
		line = snap_line;
		resume = true;
	}

	if (st.pending_empty != NONE) {
		set_kind(&cx, st.pending_empty, SP_LINE_COMMENT);
		st.code--;
	}
	if (st.shebang_line != NONE) {
		set_kind(&cx, st.shebang_line, SP_LINE_CODE);
		st.code++;
	}
	out->total = (uint32_t)line;
	out->blank = st.blank;
	out->code = st.code;
	out->comment = out->total - st.blank - st.code;
	return 0;
}
