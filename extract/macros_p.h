/* extract/macros_p.h: blanking of C/C++ annotation macros before parsing (macros.c). */
#ifndef SP_MACROS_P_H
#define SP_MACROS_P_H

#include <stdbool.h>
#include <stddef.h>

/* Copies src[0..len) to out (len bytes) with the annotation macros that tree-sitter would misread
   replaced by spaces (newlines kept), together with their argument lists: an upper-case
   identifier with an '_' (GTEST_API_, _GLIBCXX_NOEXCEPT) outside function bodies, where it is
   - after `namespace name` (`namespace std _GLIBCXX_VISIBILITY(default) {`),
   - between `class`/`struct`/`union` and the name (`class GTEST_API_ Cardinality {`),
   - after a declarator's `)` or `const`/`noexcept`/`override`/`final`, before its body, `;`,
     `:` or another such macro (`f() const GTEST_LOCK_EXCLUDED_(mu) {`),
   - at the start of a declaration, before a keyword that starts one or another such macro
     (`_GLIBCXX_NODISCARD bool empty()`), or alone on its line.
   Returns the number of macros blanked. Strings, comments and directives are never touched. */
size_t sp_blank_macros(const char *src, size_t len, char *out);

#endif
