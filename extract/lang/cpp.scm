; extract/lang/cpp.scm: definitions, parameters, bases and includes of C++, in the capture
; vocabulary of extract/query.c. Matches sharing a @definition.* node merge into one row.
; Rules and measured agreement: schema/lang/cpp.md. A query cannot descend "any depth" into
; declarators, so each declarator shape is spelled out.

; ---- functions and methods (a function directly in a class body is reported as a method) ----
; The name is the declarator of the innermost function_declarator, reached through `*`, `&`, `**`.
; `A<T>::f` is captured as @scope `A<T>` and @name `f`, so name_line is the line of `f`
; (libstdc++ puts `basic_string<...>::` on a line of its own); with more levels (`ns::A::f`)
; @name is `A::f`, which the pipeline splits at its last `::`. `body: (_)` leaves out
; `= default` and `= delete`, which are declarations. Functions with a return type:
(function_definition type: (_) declarator: (function_declarator declarator: [(identifier) @name (field_identifier) @name (destructor_name) @name (operator_name) @name (template_function) @name (qualified_identifier scope: (_) @scope name: (_) @name)]) body: (_)) @definition.function
(function_definition type: (_) declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) @name (field_identifier) @name (destructor_name) @name (operator_name) @name (template_function) @name (qualified_identifier scope: (_) @scope name: (_) @name)])) body: (_)) @definition.function
(function_definition type: (_) declarator: (reference_declarator (function_declarator declarator: [(identifier) @name (field_identifier) @name (destructor_name) @name (operator_name) @name (template_function) @name (qualified_identifier scope: (_) @scope name: (_) @name)])) body: (_)) @definition.function
(function_definition type: (_) declarator: (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) @name (field_identifier) @name (destructor_name) @name (operator_name) @name (template_function) @name (qualified_identifier scope: (_) @scope name: (_) @name)]))) body: (_)) @definition.function

; No return type: constructors (`A(int)` in a class body, `A<T>::A()` anywhere, kind constructor)
; and destructors (`~A()`, `A::~A()`, kind function, so method in a class body), outside function
; bodies. An unqualified name outside a class body is a macro call heading a block, a function
; named by the macro as ctags names it: `TEST(a, b) {`, `TEST_F(...) {`, `FMT_CATCH(...) {}`.
; Parameter patterns below say function: the name patterns decide (constructor wins). The parents
; a pattern may sit in are listed by #parent-any-of? (extract/compile.c): a pattern per parent type
; cost tree-sitter's analysis as much each (the query compiled in 1.0 s, 0.4 s now).
(field_declaration_list (preproc_if (function_definition !type declarator: (function_declarator declarator: (identifier) @name) body: (_)) @definition.constructor))
(field_declaration_list (preproc_ifdef (function_definition !type declarator: (function_declarator declarator: (identifier) @name) body: (_)) @definition.constructor))
(field_declaration_list (_ [(preproc_else (function_definition !type declarator: (function_declarator declarator: (identifier) @name) body: (_)) @definition.constructor) (preproc_elif (function_definition !type declarator: (function_declarator declarator: (identifier) @name) body: (_)) @definition.constructor)]))
((function_definition !type declarator: (function_declarator declarator: [(identifier) @name (qualified_identifier scope: (_) @scope name: (identifier) @name) (qualified_identifier scope: (_) @scope name: (qualified_identifier name: (identifier)) @name)]) body: (_)) @definition.constructor (#parent-any-of? @definition.constructor ERROR field_declaration_list template_declaration))
((function_definition !type declarator: (function_declarator declarator: [(destructor_name) @name (qualified_identifier scope: (_) @scope name: (destructor_name) @name) (qualified_identifier scope: (_) @scope name: (qualified_identifier name: (destructor_name)) @name)]) body: (_)) @definition.function (#parent-any-of? @definition.function ERROR translation_unit declaration_list field_declaration_list template_declaration preproc_if preproc_ifdef preproc_else preproc_elif))
((function_definition !type declarator: (function_declarator declarator: [(qualified_identifier scope: (_) @scope name: (identifier) @name) (qualified_identifier scope: (_) @scope name: (qualified_identifier name: (identifier)) @name)]) body: (_)) @definition.constructor (#parent-any-of? @definition.constructor translation_unit declaration_list preproc_if preproc_ifdef preproc_else preproc_elif))
((function_definition !type declarator: (function_declarator declarator: (identifier) @name) body: (_)) @definition.function (#parent-any-of? @definition.function translation_unit declaration_list preproc_if preproc_ifdef preproc_else preproc_elif))

; A template's definition spans `template <...>` too (def_line and name_line stay the function's).
(template_declaration (function_definition type: (_) declarator: (function_declarator declarator: [(identifier) @name (field_identifier) @name (destructor_name) @name (operator_name) @name (template_function) @name (qualified_identifier scope: (_) @scope name: (_) @name)]) body: (_)) @definition.function) @span
(template_declaration (function_definition type: (_) declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) @name (field_identifier) @name (destructor_name) @name (operator_name) @name (template_function) @name (qualified_identifier scope: (_) @scope name: (_) @name)])) body: (_)) @definition.function) @span
(template_declaration (function_definition type: (_) declarator: (reference_declarator (function_declarator declarator: [(identifier) @name (field_identifier) @name (destructor_name) @name (operator_name) @name (template_function) @name (qualified_identifier scope: (_) @scope name: (_) @name)])) body: (_)) @definition.function) @span
(template_declaration (function_definition !type declarator: (function_declarator declarator: [(identifier) @name (qualified_identifier scope: (_) @scope name: (identifier) @name) (qualified_identifier scope: (_) @scope name: (qualified_identifier name: (identifier)) @name)]) body: (_)) @definition.constructor) @span

; ---- parameters: one capture per name (`a`, `*a`, `&a`, `&&a`, `a[]`, `(*a)(...)`, `...a`) ----
(function_definition type: (_) declarator: (function_declarator declarator: (_) parameters: (parameter_list
      [(parameter_declaration declarator: [(identifier) @parameter
        (pointer_declarator declarator: (identifier) @parameter)
        (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @parameter))
        (reference_declarator (identifier) @parameter)
        (array_declarator declarator: (identifier) @parameter)
        (function_declarator
          declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @parameter)))])
       (optional_parameter_declaration declarator: [(identifier) @parameter
        (pointer_declarator declarator: (identifier) @parameter)
        (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @parameter))
        (reference_declarator (identifier) @parameter)
        (array_declarator declarator: (identifier) @parameter)
        (function_declarator
          declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @parameter)))])
       (variadic_parameter_declaration declarator: [(variadic_declarator (identifier) @parameter)
        (reference_declarator (variadic_declarator (identifier) @parameter))])])) body: (_)) @definition.function
(function_definition type: (_) declarator: (pointer_declarator declarator: (function_declarator declarator: (_) parameters: (parameter_list
      [(parameter_declaration declarator: [(identifier) @parameter
        (pointer_declarator declarator: (identifier) @parameter)
        (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @parameter))
        (reference_declarator (identifier) @parameter)
        (array_declarator declarator: (identifier) @parameter)
        (function_declarator
          declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @parameter)))])
       (optional_parameter_declaration declarator: [(identifier) @parameter
        (pointer_declarator declarator: (identifier) @parameter)
        (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @parameter))
        (reference_declarator (identifier) @parameter)
        (array_declarator declarator: (identifier) @parameter)
        (function_declarator
          declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @parameter)))])
       (variadic_parameter_declaration declarator: [(variadic_declarator (identifier) @parameter)
        (reference_declarator (variadic_declarator (identifier) @parameter))])]))) body: (_)) @definition.function
(function_definition type: (_) declarator: (reference_declarator (function_declarator declarator: (_) parameters: (parameter_list
      [(parameter_declaration declarator: [(identifier) @parameter
        (pointer_declarator declarator: (identifier) @parameter)
        (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @parameter))
        (reference_declarator (identifier) @parameter)
        (array_declarator declarator: (identifier) @parameter)
        (function_declarator
          declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @parameter)))])
       (optional_parameter_declaration declarator: [(identifier) @parameter
        (pointer_declarator declarator: (identifier) @parameter)
        (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @parameter))
        (reference_declarator (identifier) @parameter)
        (array_declarator declarator: (identifier) @parameter)
        (function_declarator
          declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @parameter)))])
       (variadic_parameter_declaration declarator: [(variadic_declarator (identifier) @parameter)
        (reference_declarator (variadic_declarator (identifier) @parameter))])]))) body: (_)) @definition.function
((function_definition !type declarator: (function_declarator declarator: [(identifier) (qualified_identifier scope: (_) name: (identifier)) (qualified_identifier scope: (_) name: (qualified_identifier name: (identifier)))] parameters: (parameter_list
      [(parameter_declaration declarator: [(identifier) @parameter
        (pointer_declarator declarator: (identifier) @parameter)
        (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @parameter))
        (reference_declarator (identifier) @parameter)
        (array_declarator declarator: (identifier) @parameter)
        (function_declarator
          declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @parameter)))])
       (optional_parameter_declaration declarator: [(identifier) @parameter
        (pointer_declarator declarator: (identifier) @parameter)
        (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @parameter))
        (reference_declarator (identifier) @parameter)
        (array_declarator declarator: (identifier) @parameter)
        (function_declarator
          declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @parameter)))])
       (variadic_parameter_declaration declarator: [(variadic_declarator (identifier) @parameter)
        (reference_declarator (variadic_declarator (identifier) @parameter))])])) body: (_)) @definition.function (#parent-any-of? @definition.function ERROR translation_unit declaration_list field_declaration_list template_declaration preproc_if preproc_ifdef preproc_else preproc_elif))

; ---- classes, structs, unions, enums (enum class too) with a body ----
; A specialization `struct hash<int> {` is named `hash`; `struct A::B {` is B in scope A.
(class_specifier name: [(type_identifier) (qualified_identifier)] @name body: (_)) @definition.class
(class_specifier name: (template_type name: (type_identifier) @name) body: (_)) @definition.class
(class_specifier name: (_) (base_class_clause [(type_identifier) (qualified_identifier) (template_type)] @base) body: (_)) @definition.class
(template_declaration (class_specifier name: (_) body: (_)) @definition.class) @span
(struct_specifier name: [(type_identifier) (qualified_identifier)] @name body: (_)) @definition.struct
(struct_specifier name: (template_type name: (type_identifier) @name) body: (_)) @definition.struct
(struct_specifier name: (_) (base_class_clause [(type_identifier) (qualified_identifier) (template_type)] @base) body: (_)) @definition.struct
(template_declaration (struct_specifier name: (_) body: (_)) @definition.struct) @span
(union_specifier name: [(type_identifier) (qualified_identifier)] @name body: (_)) @definition.union
(union_specifier name: (template_type name: (type_identifier) @name) body: (_)) @definition.union
(union_specifier name: (_) (base_class_clause [(type_identifier) (qualified_identifier) (template_type)] @base) body: (_)) @definition.union
(template_declaration (union_specifier name: (_) body: (_)) @definition.union) @span
(enum_specifier name: [(type_identifier) (qualified_identifier)] @name body: (_)) @definition.enum

; An anonymous one named by a typedef (`typedef struct { ... } T;`) takes the first declared name;
; the whole type_definition is the definition (def_line at `typedef`, name_line at `T`).
(type_definition type: (class_specifier !name body: (_)) . declarator: (type_identifier) @name) @definition.class
(type_definition type: (struct_specifier !name body: (_)) . declarator: (type_identifier) @name) @definition.struct
(type_definition type: (union_specifier !name body: (_)) . declarator: (type_identifier) @name) @definition.union
(type_definition type: (enum_specifier !name body: (_)) . declarator: (type_identifier) @name) @definition.enum

; ---- namespaces with a name and a body (`namespace a::b {` is b in scope a) ----
(namespace_definition
  name: [(namespace_identifier) (nested_namespace_specifier)] @name
  body: (_)) @definition.namespace

; ---- complexity: like pmccabe, directives add nothing (`#if A && B`) and `#if 0` blocks are
; skipped whole (#else branches are opaque_nodes in the language row) ----
(preproc_if condition: (_) @metric.opaque)
(preproc_elif condition: (_) @metric.opaque)
(preproc_if condition: (number_literal) @_zero (#eq? @_zero "0")) @metric.opaque

; ---- includes: "x.h" is a project include, <x.h> a system one ----
(preproc_include path: (string_literal) @import.module) @import.include
(preproc_include path: (system_lib_string) @import.module) @import.system

; ---- `class EXPORT_MACRO Name { … };` (GTEST_API_, DLL export macros without a definition in the
; file): tree-sitter reads the macro as the name of a body-less class that is the return type of a
; "function" whose declarator is the real name; that name and the braces are the class.
(function_definition type: (class_specifier name: (type_identifier) !body) declarator: (identifier) @name body: (_)) @definition.class
(function_definition type: (struct_specifier name: (type_identifier) !body) declarator: (identifier) @name body: (_)) @definition.struct

; ---- conversion operators `operator bool() const {…}`: the name is the operator_cast node, whose
; parameter list and qualifiers transform cuts off (`operator bool`, `operator Action<F>`)
(function_definition declarator: (operator_cast) @name body: (_)) @definition.function

; ---- calls: `f()` plain, `ns::f()` / `T::f()` plain with its qualifier (the innermost scope),
; `o.f()` / `p->f()` a method call on o, `new T()` a constructor call, a callee in upper case a
; macro-like call ----
(call_expression) @call
(call_expression function: (identifier) @call.name) @call
(call_expression function: (template_function name: (identifier) @call.name)) @call
(call_expression function: (qualified_identifier scope: (_) @call.receiver name: (identifier) @call.name)) @call
(call_expression
  function: (qualified_identifier scope: (_) @call.receiver name: (template_function name: (identifier) @call.name))) @call
(call_expression
  function: (qualified_identifier name: (qualified_identifier scope: (_) @call.receiver name: (identifier) @call.name))) @call
(call_expression function: (field_expression argument: (_) @call.receiver field: (field_identifier) @call.name)) @call.method
(call_expression
  function: (field_expression argument: (_) @call.receiver field: (template_method name: (field_identifier) @call.name))) @call.method
((call_expression function: (identifier) @call.name) @call.macro
  (#match? @call.name "^[A-Z_][A-Z0-9_]*$"))
(new_expression) @call.new
(new_expression type: (type_identifier) @call.name) @call.new
(new_expression type: (template_type name: (type_identifier) @call.name)) @call.new
(new_expression type: (qualified_identifier scope: (_) @call.receiver name: (type_identifier) @call.name)) @call.new
