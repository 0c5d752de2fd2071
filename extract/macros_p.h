/* extract/macros_p.h: blanking of C/C++ annotation macros before parsing (macros.c). */
#ifndef SP_MACROS_P_H
#define SP_MACROS_P_H

#include <stdbool.h>
#include <stddef.h>

#include "sp_core.h"

/* The user's macro map (macros_map.c): NAME is read as nothing, NAME() as nothing with its
   argument list, NAME=TEXT / NAME()=TEXT as TEXT when TEXT has no more bytes than the use (padded
   with spaces; a longer TEXT reads as nothing: the copy keeps every offset). */
typedef struct sp_macro_def {
	char *name, *repl; /* repl NULL: read as nothing */
	size_t name_len, repl_len;
	bool args;
} sp_macro_def;

typedef struct sp_macro_map {
	sp_macro_def *v; /* sorted by name, one per name (the last definition given wins) */
	size_t n;
} sp_macro_map;

/* Replaces *m with the definitions defs[0..n) (a bad one: SP_EUSAGE, its text named in err). */
int sp_macro_map_parse(sp_macro_map *m, const char *const *defs, size_t n, sp_buf *err);
void sp_macro_map_release(sp_macro_map *m);
const sp_macro_def *sp_macro_map_find(const sp_macro_map *m, const char *name, size_t n);

/* Copies src[0..len) to out (len bytes) with the annotation macros that tree-sitter would misread
   replaced by spaces (newlines kept), together with their argument lists: an upper-case
   identifier with an '_' (GTEST_API_, _GLIBCXX_NOEXCEPT) outside function bodies, where it is
   - after `namespace name` (`namespace std _GLIBCXX_VISIBILITY(default) {`),
   - between `class`/`struct`/`union` and the name (`class GTEST_API_ Cardinality {`),
   - after a declarator's `)` or `const`/`noexcept`/`override`/`final`, before its body, `;`,
     `:` or another such macro (`f() const GTEST_LOCK_EXCLUDED_(mu) {`),
   - at the start of a declaration, before a keyword that starts one or another such macro
     (`_GLIBCXX_NODISCARD bool empty()`), or alone on its line.
   The names of map (NULL: none) are read as it defines them, anywhere but in strings, comments
   and directives, before any rule.
   Returns the number of macros blanked. Strings, comments and directives are never touched. */
size_t sp_blank_macros(const char *src, size_t len, char *out, const sp_macro_map *map);

#endif
