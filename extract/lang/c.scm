; extract/lang/c.scm: definitions, parameters and includes of C, in the capture vocabulary of
; extract/query.c. Matches sharing a @definition.* node merge into one row. Rules: schema/lang/c.md.

; ---- functions: the name is the identifier of the innermost function_declarator ----
; A query cannot descend "any depth", so each declarator shape is spelled out: plain `f(...)`,
; `*f(...)`, `**f(...)`, `***f(...)`, `(f)(...)` and a function returning a function pointer
; `(*f(...))(...)`. K&R definitions have the same declarator (identifiers in the parameter list).
(function_definition
  declarator: (function_declarator
    declarator: (identifier) @name)) @definition.function

(function_definition
  declarator: (pointer_declarator
    declarator: (function_declarator
      declarator: (identifier) @name))) @definition.function

(function_definition
  declarator: (pointer_declarator
    declarator: (pointer_declarator
      declarator: (function_declarator
        declarator: (identifier) @name)))) @definition.function

(function_definition
  declarator: (pointer_declarator
    declarator: (pointer_declarator
      declarator: (pointer_declarator
        declarator: (function_declarator
          declarator: (identifier) @name))))) @definition.function

(function_definition
  declarator: (function_declarator
    declarator: (parenthesized_declarator (identifier) @name))) @definition.function

(function_definition
  declarator: (function_declarator
    declarator: (parenthesized_declarator
      (pointer_declarator
        declarator: (function_declarator
          declarator: (identifier) @name))))) @definition.function

; A definition whose head is a macro call, `SYSCALL_DEFINE1(acct, ...) { ... }`: tree-sitter reads
; a call statement missing its `;` and then a block (or wraps both in an ERROR node). A block is
; legal only inside a function, so at file level, or in an #if branch at file level, it is such a
; definition. It is named after the macro, as pmccabe and ctags name it; its node is the block,
; so def_line is the line of `{` (after name_line). Inside a function (`list_for_each(p, h) {`)
; the same shape is a loop, hence the explicit file-level parents.
(translation_unit
  (expression_statement (call_expression function: (identifier) @name)) .
  (compound_statement) @definition.function)
(translation_unit
  [(preproc_if
     (expression_statement (call_expression function: (identifier) @name)) .
     (compound_statement) @definition.function)
   (preproc_ifdef
     (expression_statement (call_expression function: (identifier) @name)) .
     (compound_statement) @definition.function)
   (_ alternative: (preproc_else
     (expression_statement (call_expression function: (identifier) @name)) .
     (compound_statement) @definition.function))
   (_ alternative: (preproc_elif
     (expression_statement (call_expression function: (identifier) @name)) .
     (compound_statement) @definition.function))])

(ERROR
  (call_expression function: (identifier) @name) .
  (compound_statement) @definition.function)

; `SYSCALL_DEFINE0(getpid) { ... }` reads as a definition of `(getpid)` of type SYSCALL_DEFINE0:
; a function definition without a function declarator is such a macro head at file level (in a
; function, `for_each_cpu(cpu) {` takes the same shape and is a loop).
(translation_unit
  (function_definition
    type: (type_identifier) @name
    declarator: (parenthesized_declarator)) @definition.function)
(translation_unit
  [(preproc_if
     (function_definition
       type: (type_identifier) @name
       declarator: (parenthesized_declarator)) @definition.function)
   (preproc_ifdef
     (function_definition
       type: (type_identifier) @name
       declarator: (parenthesized_declarator)) @definition.function)
   (_ alternative: (preproc_else
     (function_definition
       type: (type_identifier) @name
       declarator: (parenthesized_declarator)) @definition.function))])

; ---- parameters: one capture per name, from the parameter list of the innermost declarator ----
; Name shapes: `a`, `*a`, `**a`, `a[]`, `*a[]`, `(*a)(...)`, and K&R's bare identifiers.
(function_definition
  declarator: (function_declarator
    declarator: (identifier)
    parameters: (parameter_list
      [(identifier) @parameter
       (parameter_declaration
         declarator: [(identifier) @parameter
                      (pointer_declarator declarator: (identifier) @parameter)
                      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @parameter))
                      (pointer_declarator declarator: (array_declarator declarator: (identifier) @parameter))
                      (array_declarator declarator: (identifier) @parameter)
                      (function_declarator
                        declarator: (parenthesized_declarator
                          (pointer_declarator declarator: (identifier) @parameter)))])]))) @definition.function

(function_definition
  declarator: (pointer_declarator
    declarator: (function_declarator
      declarator: (identifier)
      parameters: (parameter_list
        [(identifier) @parameter
         (parameter_declaration
           declarator: [(identifier) @parameter
                        (pointer_declarator declarator: (identifier) @parameter)
                        (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @parameter))
                        (pointer_declarator declarator: (array_declarator declarator: (identifier) @parameter))
                        (array_declarator declarator: (identifier) @parameter)
                        (function_declarator
                          declarator: (parenthesized_declarator
                            (pointer_declarator declarator: (identifier) @parameter)))])])))) @definition.function

(function_definition
  declarator: (pointer_declarator
    declarator: (pointer_declarator
      declarator: (function_declarator
        declarator: (identifier)
        parameters: (parameter_list
          [(identifier) @parameter
           (parameter_declaration
             declarator: [(identifier) @parameter
                          (pointer_declarator declarator: (identifier) @parameter)
                          (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @parameter))
                          (pointer_declarator declarator: (array_declarator declarator: (identifier) @parameter))
                          (array_declarator declarator: (identifier) @parameter)
                          (function_declarator
                            declarator: (parenthesized_declarator
                              (pointer_declarator declarator: (identifier) @parameter)))])]))))) @definition.function

(function_definition
  declarator: (function_declarator
    declarator: (parenthesized_declarator
      (pointer_declarator
        declarator: (function_declarator
          declarator: (identifier)
          parameters: (parameter_list
            [(identifier) @parameter
             (parameter_declaration
               declarator: [(identifier) @parameter
                            (pointer_declarator declarator: (identifier) @parameter)
                            (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @parameter))
                            (array_declarator declarator: (identifier) @parameter)])])))))) @definition.function

; ---- structs, unions, enums with a body ----
(struct_specifier name: (type_identifier) @name body: (_)) @definition.struct
(union_specifier name: (type_identifier) @name body: (_)) @definition.union
(enum_specifier name: (type_identifier) @name body: (_)) @definition.enum

; An anonymous one named by a typedef (`typedef struct { ... } T;`) takes the first declared
; name; the whole type_definition is the definition (def_line at `typedef`, name_line at `T`).
(type_definition
  type: (struct_specifier !name body: (_)) .
  declarator: (type_identifier) @name) @definition.struct
(type_definition
  type: (union_specifier !name body: (_)) .
  declarator: (type_identifier) @name) @definition.union
(type_definition
  type: (enum_specifier !name body: (_)) .
  declarator: (type_identifier) @name) @definition.enum

; A directive inside the body (`enum E {\n#define X(s) ...`) makes tree-sitter give up on the
; specifier: it keeps `enum E {` in an ERROR node, which then is the definition node.
(ERROR "struct" . (identifier) @name . "{") @definition.struct
(ERROR "union" . (identifier) @name . "{") @definition.union
(ERROR "enum" . (identifier) @name . "{") @definition.enum

; ---- complexity: pmccabe (default -X) skips `#if 0` blocks whole, #else branch included ----
(preproc_if condition: (number_literal) @_zero (#eq? @_zero "0")) @metric.opaque
; and ignores directives: `#if A && B` adds nothing
(preproc_if condition: (_) @metric.opaque)
(preproc_elif condition: (_) @metric.opaque)

; ---- includes: "x.h" is a project include, <x.h> a system one ----
(preproc_include path: (string_literal) @import.module) @import.include
(preproc_include path: (system_lib_string) @import.module) @import.system

; ---- calls: `f()` plain, `s.f()` / `p->f()` through a function pointer field (method kind, the
; struct expression as receiver), a callee in upper case (`MAX(a, b)`) a macro-like call ----
(call_expression) @call
(call_expression function: (identifier) @call.name) @call
(call_expression function: (field_expression argument: (_) @call.receiver field: (field_identifier) @call.name)) @call.method
((call_expression function: (identifier) @call.name) @call.macro
  (#match? @call.name "^[A-Z_][A-Z0-9_]*$"))
