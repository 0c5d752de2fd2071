; extract/lang/rust.scm: definitions, parameters and imports of Rust, in the capture vocabulary of
; extract/query.c. Matches sharing a @definition.* node merge into one row. Rules: schema/lang/rust.md.

; ---- functions: an fn directly inside an impl or trait body is reported as a method ----
(function_item name: (identifier) @name) @definition.function

; declarations without a body: a trait's required methods and the functions of an `extern` block
; (as ctags reports them). Complexity 1, no nesting.
(trait_item
  body: (declaration_list
    (function_signature_item name: (identifier) @name) @definition.function))

(foreign_mod_item
  body: (declaration_list
    (function_signature_item name: (identifier) @name) @definition.function))

(function_item (function_modifiers "async" @async)) @definition.function

; ---- parameters: `x: T`, `mut x: T`, `self`/`&self`/`mut self`; patterns and `_` leave nothing ----
(function_item
  parameters: (parameters
    [(self_parameter (self) @parameter)
     (parameter pattern: (identifier) @parameter)])) @definition.function

(trait_item
  body: (declaration_list
    (function_signature_item
      parameters: (parameters
        [(self_parameter (self) @parameter)
         (parameter pattern: (identifier) @parameter)])) @definition.function))

(foreign_mod_item
  body: (declaration_list
    (function_signature_item
      parameters: (parameters (parameter pattern: (identifier) @parameter))) @definition.function))

; ---- types ----
(struct_item name: (type_identifier) @name) @definition.struct

(union_item name: (type_identifier) @name) @definition.union

(enum_item name: (type_identifier) @name) @definition.enum

(trait_item name: (type_identifier) @name) @definition.trait

; supertraits are the bases of a trait
(trait_item
  bounds: (trait_bounds
    [(type_identifier) (scoped_type_identifier) (generic_type)] @base)) @definition.trait

(mod_item name: (identifier) @name body: (declaration_list)) @definition.module

; ---- impl blocks: @name is the implementing type's own name (`impl<T> Tr for a::S<T>` -> S), also
; through one reference (`impl Tr for &'a mut S<T>` -> S, as ctags names it); a type without a name
; of its own is named by its whole text (`[T]`, `(A, B)`, `dyn Tr`, `i32`). @base is the trait.
(impl_item
  type: [(type_identifier) @name
         (scoped_type_identifier name: (type_identifier) @name)
         (generic_type type: [(type_identifier) @name
                              (scoped_type_identifier name: (type_identifier) @name)])
         (reference_type type: [(type_identifier) @name
                                (scoped_type_identifier name: (type_identifier) @name)
                                (generic_type type: [(type_identifier) @name
                                                     (scoped_type_identifier name: (type_identifier) @name)])])
         (reference_type type: [(primitive_type) (pointer_type) (array_type) (tuple_type)
                                (function_type) (dynamic_type) (abstract_type) (never_type)
                                (unit_type) (reference_type) (bounded_type)]) @name
         (primitive_type) @name
         (pointer_type) @name
         (array_type) @name
         (tuple_type) @name
         (function_type) @name
         (dynamic_type) @name
         (abstract_type) @name
         (never_type) @name
         (unit_type) @name
         (bounded_type) @name]) @definition.impl

(impl_item trait: (_) @base) @definition.impl

; ---- imports: `mod m;` ----
(mod_item name: (identifier) @import.module !body) @import.mod

; ---- `extern crate x;`, `extern crate x as y;` ----
(extern_crate_declaration
  name: (_) @import.module
  alias: (identifier)? @import.alias) @import.extern_crate

; ---- `use`: one row per leaf; a path alone is the module, in a list the prefix is the module ----
(use_declaration
  argument: [(identifier) (scoped_identifier) (crate) (self) (super) (metavariable)] @import.module) @import.use

(use_declaration
  argument: (use_as_clause path: (_) @import.module alias: (_) @import.alias)) @import.use

(use_declaration argument: (use_wildcard (_) @import.module "*" @import.name)) @import.use

(use_declaration
  argument: (scoped_use_list
    path: (_) @import.module
    list: (use_list
      [(identifier) (scoped_identifier) (self) (super) (crate) (metavariable)] @import.name))) @import.use

(use_declaration
  argument: (scoped_use_list
    path: (_) @import.module
    list: (use_list
      (use_as_clause path: (_) @import.name alias: (_) @import.alias)))) @import.use

; `use a::{b::*}`: the name is `b::*` (a query cannot join a::b)
(use_declaration
  argument: (scoped_use_list
    path: (_) @import.module
    list: (use_list (use_wildcard) @import.name))) @import.use

; a nested group `use a::{b::{c, d}}` is one row, module a, name b (its leaves are not rows)
(use_declaration
  argument: (scoped_use_list
    path: (_) @import.module
    list: (use_list (scoped_use_list path: (_) @import.name)))) @import.use

; `use {a, b::c};`: each item is a module
(use_declaration
  argument: (use_list
    [(identifier) (scoped_identifier) (crate) (self) (super)] @import.module)) @import.use

; ---- complexity: a wildcard match arm `_ =>` is the default branch and adds no decision ----
((match_pattern) @metric.opaque (#eq? @metric.opaque "_"))

; ---- calls: `f()` plain, `a::b::f()` plain with qualifier a::b, `x.m()` a method call on x,
; `m!()` a macro call; `S { .. }` literals are not calls ----
(call_expression) @call
(call_expression function: (identifier) @call.name) @call
(call_expression function: (scoped_identifier path: (_) @call.receiver name: (identifier) @call.name)) @call
(call_expression function: (generic_function function: (identifier) @call.name)) @call
(call_expression
  function: (generic_function function: (scoped_identifier path: (_) @call.receiver name: (identifier) @call.name))) @call
(call_expression function: (field_expression value: (_) @call.receiver field: (field_identifier) @call.name)) @call.method
(call_expression
  function: (generic_function function: (field_expression value: (_) @call.receiver field: (field_identifier) @call.name))) @call.method
(macro_invocation macro: (identifier) @call.name) @call.macro
(macro_invocation macro: (scoped_identifier path: (_) @call.receiver name: (identifier) @call.name)) @call.macro
