; extract/lang/python.scm: definitions and imports of Python, in the capture vocabulary of
; extract/query.c (tags.scm names plus our own). Matches sharing a @definition.* node merge into one row.

; ---- functions (methods are functions whose parent definition is a class) ----
(function_definition name: (identifier) @name) @definition.function

(function_definition "async" @async) @definition.function

(function_definition
  parameters: (parameters
    [(identifier) @parameter
     (default_parameter name: (identifier) @parameter)
     (typed_default_parameter name: (identifier) @parameter)
     (typed_parameter (identifier) @parameter)
     (typed_parameter (list_splat_pattern (identifier) @parameter))
     (typed_parameter (dictionary_splat_pattern (identifier) @parameter))
     (list_splat_pattern (identifier) @parameter)
     (dictionary_splat_pattern (identifier) @parameter)])) @definition.function

(function_definition
  body: (block . (expression_statement . [(string) (concatenated_string)] @doc .))) @definition.function

(decorated_definition
  (decorator . (_) @decorator)
  definition: (function_definition) @definition.function) @span

; ---- classes ----
(class_definition name: (identifier) @name) @definition.class

(class_definition
  superclasses: (argument_list
    [(identifier) (attribute) (subscript) (call) (list_splat)
     (parenthesized_expression) (binary_operator) (conditional_expression)] @base)) @definition.class

(class_definition
  body: (block . (expression_statement . [(string) (concatenated_string)] @doc .))) @definition.class

(decorated_definition
  (decorator . (_) @decorator)
  definition: (class_definition) @definition.class) @span

; ---- imports: one row per imported module or name ----
(import_statement name: (dotted_name) @import.module) @import

(import_statement
  name: (aliased_import name: (dotted_name) @import.module alias: (identifier) @import.alias)) @import

(import_from_statement module_name: (_) @import.module name: (dotted_name) @import.name) @import

(import_from_statement
  module_name: (_) @import.module
  name: (aliased_import name: (dotted_name) @import.name alias: (identifier) @import.alias)) @import

(import_from_statement module_name: (_) @import.module (wildcard_import) @import.name) @import

(future_import_statement "__future__" @import.module name: (dotted_name) @import.name) @import

(future_import_statement
  "__future__" @import.module
  name: (aliased_import name: (dotted_name) @import.name alias: (identifier) @import.alias)) @import

; ---- complexity: mccabe 0.7 has no visitor for try/except* (TryStar) and counts it as one plain
; statement: it adds no decision and nothing inside it counts
(try_statement (except_group_clause)) @metric.opaque

; ---- calls: every call node is one call site; a name called directly is a plain call, an
; attribute called is a method call on its object (`os.path.join()`: receiver os.path, name join)
(call) @call
(call function: (identifier) @call.name) @call
(call function: (attribute object: (_) @call.receiver attribute: (identifier) @call.name)) @call.method
