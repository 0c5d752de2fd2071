; extract/lang/go.scm: definitions, parameters and imports of Go, in the capture vocabulary of
; extract/query.c. Matches sharing a @definition.* node merge into one row. Rules: schema/lang/go.md.

; ---- functions ----
(function_declaration name: (identifier) @name) @definition.function

; ---- methods: @scope is the receiver's base type, so `func (p *T[K]) M()` is T.M; a receiver of
; another shape (invalid Go, or parenthesized twice) leaves the method without a scope ----
(method_declaration name: (field_identifier) @name) @definition.method

(method_declaration
  receiver: (parameter_list
    (parameter_declaration
      type: [(type_identifier) @scope
             (pointer_type (type_identifier) @scope)
             (generic_type type: (type_identifier) @scope)
             (pointer_type (generic_type type: (type_identifier) @scope))
             (parenthesized_type (type_identifier) @scope)
             (parenthesized_type (pointer_type (type_identifier) @scope))]))
  name: (field_identifier)) @definition.method

; ---- function literals bound to one name: `var f = func…`, `var f T = func…`, `f := func…` ----
; Only a lone name with a lone value: with several, a query cannot pair them by position.
(var_spec
  . name: (identifier) @name
  . value: (expression_list . (func_literal) @definition.function .))

(var_spec
  . name: (identifier) @name
  . type: (_)
  . value: (expression_list . (func_literal) @definition.function .))

(short_var_declaration
  left: (expression_list . (identifier) @name .)
  right: (expression_list . (func_literal) @definition.function .))

; ---- parameters: one capture per name; an unnamed parameter leaves nothing ----
(function_declaration
  parameters: (parameter_list
    [(parameter_declaration name: (identifier) @parameter)
     (variadic_parameter_declaration name: (identifier) @parameter)])) @definition.function

(method_declaration
  parameters: (parameter_list
    [(parameter_declaration name: (identifier) @parameter)
     (variadic_parameter_declaration name: (identifier) @parameter)])) @definition.method

; a function literal has parameters only where it is a definition (bound to one name, as above)
(var_spec
  . name: (identifier)
  . value: (expression_list
    . (func_literal
      parameters: (parameter_list
        [(parameter_declaration name: (identifier) @parameter)
         (variadic_parameter_declaration name: (identifier) @parameter)])) @definition.function .))

(var_spec
  . name: (identifier)
  . type: (_)
  . value: (expression_list
    . (func_literal
      parameters: (parameter_list
        [(parameter_declaration name: (identifier) @parameter)
         (variadic_parameter_declaration name: (identifier) @parameter)])) @definition.function .))

(short_var_declaration
  left: (expression_list . (identifier) .)
  right: (expression_list
    . (func_literal
      parameters: (parameter_list
        [(parameter_declaration name: (identifier) @parameter)
         (variadic_parameter_declaration name: (identifier) @parameter)])) @definition.function .))

; ---- types: structs and interfaces (other named types and aliases of them have no kind here) ----
(type_spec name: (type_identifier) @name type: (struct_type)) @definition.struct

(type_spec name: (type_identifier) @name type: (interface_type)) @definition.interface

(type_alias name: (type_identifier) @name type: (struct_type)) @definition.struct

(type_alias name: (type_identifier) @name type: (interface_type)) @definition.interface

; a lone spec spans its whole declaration, from `type` (a grouped one, its own line)
(type_declaration . [(type_spec type: (struct_type)) (type_alias type: (struct_type))] @definition.struct .) @span

(type_declaration . [(type_spec type: (interface_type)) (type_alias type: (interface_type))] @definition.interface .) @span

; embedded interfaces are the bases of an interface
(type_spec
  type: (interface_type
    (type_elem . [(type_identifier) (qualified_type) (generic_type)] @base .))) @definition.interface

; ---- imports: `import "p"`, grouped, `import a "p"`, `import . "p"`, `import _ "p"` ----
(import_spec
  name: [(package_identifier) (dot) (blank_identifier)]? @import.alias
  path: [(interpreted_string_literal) (raw_string_literal)] @import.module) @import

; ---- calls: `f()` plain, `pkg.F()` / `x.M()` a method call on the operand (a package or a
; value: resolution tells them apart); a conversion `T(x)` is a call too, as the grammar parses it ----
(call_expression) @call
(call_expression function: (identifier) @call.name) @call
(call_expression function: (selector_expression operand: (_) @call.receiver field: (field_identifier) @call.name)) @call.method
