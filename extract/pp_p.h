/* extract/pp_p.h: preprocessor recovery of a C/C++ copy before parsing (pp.c). */
#ifndef SP_PP_P_H
#define SP_PP_P_H

#include <stddef.h>

/* Edits s[0..n) in place, every byte kept where it was (lines and offsets stay):
   - a conditional group with a branch that is no whole construct (`#if A` / `if (a && b) {` /
     `#else` / `if (a) {` / `#endif`: braces or parentheses left open, or code that ends with ')'
     or a name when '{' follows the #endif: a signature chosen by #ifdef) keeps its first branch as plain code; its directive lines and
     its other branches become spaces; so does a conditional right after a label (`out:`);
   - a comment inside a continued #define becomes spaces, and a line such a comment ended
     without a backslash gets one at its end, so the definition stays one directive.
   Returns the number of edits. */
size_t sp_pp_recover(char *s, size_t n);

#endif
