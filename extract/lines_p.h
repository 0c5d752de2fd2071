/* extract/lines_p.h: per-line classification (blank / comment / code) matching `cloc --by-file`.
   Extraction runs it once per file; its counts fill the files table and its per-line kinds give NLOC. */
#ifndef SP_LINES_P_H
#define SP_LINES_P_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sp_line_kind { SP_LINE_BLANK = 0, SP_LINE_COMMENT = 1, SP_LINE_CODE = 2 } sp_line_kind;

#define SP_LINES_MAX_FILTERS 4
#define SP_LINES_MAX_MARKERS 4

/* cloc's two line-dropping filters: remove_matches 'X' and remove_matches '^\s*X'. */
typedef enum sp_line_filter_kind {
	SP_LINE_FILTER_END = 0, /* terminates the filter list */
	SP_LINE_FILTER_CONTAINS, /* a line containing the marker anywhere is a comment line */
	SP_LINE_FILTER_STARTS, /* a line whose first non-blank bytes are the marker is a comment line */
} sp_line_filter_kind;

typedef struct sp_line_filter {
	sp_line_filter_kind kind;
	const char *marker; /* compared ASCII case-insensitively, as cloc's m{...}i */
} sp_line_filter;

typedef struct sp_comment_pair {
	const char *open, *close; /* non-nesting; the close must start after the whole open */
} sp_comment_pair;

/* One row per language, a transcription of cloc's filter list for it. Stages run in this order,
   each followed by cloc's blank-line clean-up: filters[] in order, then docstrings rewritten to
   blocks[0], then block comments removed from the file joined into one string. */
typedef struct sp_comment_syntax {
	const char *language; /* cloc's name for it */
	sp_line_filter filters[SP_LINES_MAX_FILTERS]; /* until SP_LINE_FILTER_END */
	const char *docstring_quotes[SP_LINES_MAX_MARKERS]; /* docstring_to_C delimiters, NULL-ended */
	const char *docstring_prefixes; /* one of these bytes just before an opening quote is dropped */
	sp_comment_pair blocks[SP_LINES_MAX_MARKERS]; /* call_regexp_common pairs, until open == NULL */
	char continuation; /* cloc's EOL continuation byte ('\\'), 0 for none */
	bool shebang_is_code; /* cloc's %Script_Language: a leading "#!" line is code */
} sp_comment_syntax;

extern const sp_comment_syntax sp_comment_syntax_python;
extern const sp_comment_syntax sp_comment_syntax_c;
extern const sp_comment_syntax sp_comment_syntax_ruby;

typedef struct sp_line_counts {
	uint32_t total, blank, comment, code;
} sp_line_counts;

/* Number of lines of buf[0..len): every '\n' ends one, a last line without '\n' counts, "" has 0. */
size_t sp_lines_count_lines(const char *buf, size_t len);

/* Classifies every line of buf[0..len) (any bytes: NUL and invalid UTF-8 are ordinary bytes).
   kinds (may be NULL) receives one sp_line_kind per line and must hold sp_lines_count_lines(buf, len)
   entries; the number of SP_LINE_CODE entries equals out->code, and so on. Allocates nothing.
   Returns 0, or SP_EUSAGE (out or syn NULL, buf NULL with len > 0, more than UINT32_MAX lines). */
int sp_lines_classify(const char *buf, size_t len, const sp_comment_syntax *syn, uint8_t *kinds,
		      sp_line_counts *out);

#endif
