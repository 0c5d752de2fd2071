; extract/lang/typescript.scm: definitions and imports of TypeScript and TSX (capture vocabulary: extract/query.c).
; The JavaScript rules (javascript.scm) with TypeScript's node names, plus interfaces, enums,
; namespaces, abstract classes, signatures and decorators. Rules: schema/lang/javascript.md.
; The tsx row of the language table uses this query too: the TSX grammar has these node types.

; ---- functions declared with a name ----
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function

; ---- a named function expression keeps its own name, wherever it is (as ctags names it) ----
(function_expression name: (identifier) @name) @definition.function
(generator_function name: (identifier) @name) @definition.function

; ---- anonymous function expressions, generators and arrows bound to a name: the function node
; is the definition, the binding gives the name ----
(variable_declarator
  name: (identifier) @name
  value: [(function_expression !name) (generator_function !name) (arrow_function)] @definition.function)

(assignment_expression
  left: (identifier) @name
  right: [(function_expression !name) (generator_function !name) (arrow_function)] @definition.function)

; `a.b.c = function () {}`: name c, scope a.b (qualified a.b.c); a named function keeps its name
(assignment_expression
  left: (member_expression object: (_) @scope property: (property_identifier) @name)
  right: [(function_expression !name) (generator_function !name) (arrow_function)] @definition.function)
(assignment_expression
  left: (member_expression object: (_) @scope property: (property_identifier))
  right: [(function_expression name: (identifier)) (generator_function name: (identifier))] @definition.function)

(pair
  key: [(property_identifier) (number)] @name
  value: [(function_expression !name) (generator_function !name) (arrow_function)] @definition.function)
(pair
  key: (string (string_fragment) @name)
  value: [(function_expression !name) (generator_function !name) (arrow_function)] @definition.function)

; class fields: `handler = () => {}` (a method, being inside the class)
(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @name
  value: [(function_expression !name) (generator_function !name) (arrow_function)] @definition.function)

; ---- methods (classes and object literals), getters, setters, static; constructor ----
((method_definition name: [(property_identifier) (private_property_identifier) (number)] @name)
  @definition.method
  (#not-eq? @name "constructor"))
(method_definition name: (string (string_fragment) @name)) @definition.method
((method_definition name: (property_identifier) @name) @definition.constructor
  (#eq? @name "constructor"))

; ---- async: the function node holds an "async" token ----
(function_declaration "async" @async) @definition.function
(generator_function_declaration "async" @async) @definition.function
(function_expression "async" @async name: (identifier)) @definition.function
(generator_function "async" @async name: (identifier)) @definition.function
((method_definition "async" @async name: (_) @_n) @definition.method (#not-eq? @_n "constructor"))
; bound anonymous functions: in these places only a function holds an "async" token
[(variable_declarator name: (identifier) value: (_ "async" @async) @definition.function)
 (assignment_expression
   left: [(identifier) (member_expression property: (property_identifier))]
   right: (_ "async" @async) @definition.function)
 (pair key: [(property_identifier) (number) (string (string_fragment))] value: (_ "async" @async) @definition.function)
 (public_field_definition
   name: [(property_identifier) (private_property_identifier)]
   value: (_ "async" @async) @definition.function)]

; ---- parameters: one per name; a destructuring pattern is captured as its text, a rest
; parameter as the name after `...`, a defaulted one as the name before `=` ----
(function_declaration parameters: (formal_parameters
  [(required_parameter pattern: [(identifier) (object_pattern) (array_pattern)] @parameter)
   (required_parameter pattern: (rest_pattern (_) @parameter))
   (optional_parameter pattern: (_) @parameter)])) @definition.function
(generator_function_declaration parameters: (formal_parameters
  [(required_parameter pattern: [(identifier) (object_pattern) (array_pattern)] @parameter)
   (required_parameter pattern: (rest_pattern (_) @parameter))
   (optional_parameter pattern: (_) @parameter)])) @definition.function
(function_expression name: (identifier) parameters: (formal_parameters
  [(required_parameter pattern: [(identifier) (object_pattern) (array_pattern)] @parameter)
   (required_parameter pattern: (rest_pattern (_) @parameter))
   (optional_parameter pattern: (_) @parameter)])) @definition.function
(generator_function name: (identifier) parameters: (formal_parameters
  [(required_parameter pattern: [(identifier) (object_pattern) (array_pattern)] @parameter)
   (required_parameter pattern: (rest_pattern (_) @parameter))
   (optional_parameter pattern: (_) @parameter)])) @definition.function
((method_definition name: (_) @_n parameters: (formal_parameters
  [(required_parameter pattern: [(identifier) (object_pattern) (array_pattern)] @parameter)
   (required_parameter pattern: (rest_pattern (_) @parameter))
   (optional_parameter pattern: (_) @parameter)])) @definition.method
  (#not-eq? @_n "constructor"))
((method_definition name: (_) @_n parameters: (formal_parameters
  [(required_parameter pattern: [(identifier) (object_pattern) (array_pattern)] @parameter)
   (required_parameter pattern: (rest_pattern (_) @parameter))
   (optional_parameter pattern: (_) @parameter)])) @definition.constructor
  (#eq? @_n "constructor"))
; bound anonymous functions: in these places only a function has a `parameters` field
[(variable_declarator name: (identifier) value: (_ parameters: (formal_parameters
   [(required_parameter pattern: [(identifier) (object_pattern) (array_pattern)] @parameter)
   (required_parameter pattern: (rest_pattern (_) @parameter))
   (optional_parameter pattern: (_) @parameter)])) @definition.function)
 (assignment_expression
   left: [(identifier) (member_expression property: (property_identifier))]
   right: (_ parameters: (formal_parameters
     [(required_parameter pattern: [(identifier) (object_pattern) (array_pattern)] @parameter)
   (required_parameter pattern: (rest_pattern (_) @parameter))
   (optional_parameter pattern: (_) @parameter)])) @definition.function)
 (pair key: [(property_identifier) (number) (string (string_fragment))] value: (_ parameters: (formal_parameters
   [(required_parameter pattern: [(identifier) (object_pattern) (array_pattern)] @parameter)
   (required_parameter pattern: (rest_pattern (_) @parameter))
   (optional_parameter pattern: (_) @parameter)])) @definition.function)
 (public_field_definition
   name: [(property_identifier) (private_property_identifier)]
   value: (_ parameters: (formal_parameters
     [(required_parameter pattern: [(identifier) (object_pattern) (array_pattern)] @parameter)
   (required_parameter pattern: (rest_pattern (_) @parameter))
   (optional_parameter pattern: (_) @parameter)])) @definition.function)]
; `x => …`: an arrow's single parameter without parentheses
[(variable_declarator name: (identifier) value: (arrow_function parameter: (identifier) @parameter) @definition.function)
 (assignment_expression
   left: [(identifier) (member_expression property: (property_identifier))]
   right: (arrow_function parameter: (identifier) @parameter) @definition.function)
 (pair key: [(property_identifier) (number) (string (string_fragment))]
   value: (arrow_function parameter: (identifier) @parameter) @definition.function)
 (public_field_definition
   name: [(property_identifier) (private_property_identifier)]
   value: (arrow_function parameter: (identifier) @parameter) @definition.function)]

; ---- classes: declarations, named class expressions, anonymous ones bound to a name ----
(class_declaration name: (type_identifier) @name) @definition.class
(class name: (type_identifier) @name) @definition.class
(variable_declarator name: (identifier) @name value: (class !name) @definition.class)
; a named class expression bound to a variable takes the variable's name (the first name of a
; definition wins), as code refers to it: `const GcTimer = class _GcTimer {}` is GcTimer
(variable_declarator name: (identifier) @name value: (class name: (_)) @definition.class)
(assignment_expression left: (identifier) @name right: (class !name) @definition.class)
(assignment_expression
  left: (member_expression object: (_) @scope property: (property_identifier) @name)
  right: (class !name) @definition.class)

; bases: `extends` (the expression, without type arguments) and each `implements` type
(class_declaration (class_heritage (extends_clause value: (_) @base))) @definition.class
(class_declaration (class_heritage (implements_clause (_) @base))) @definition.class
(abstract_class_declaration (class_heritage (extends_clause value: (_) @base))) @definition.class
(abstract_class_declaration (class_heritage (implements_clause (_) @base))) @definition.class
(class name: (type_identifier) (class_heritage (extends_clause value: (_) @base))) @definition.class
(class name: (type_identifier) (class_heritage (implements_clause (_) @base))) @definition.class
[(variable_declarator name: (identifier)
   value: (class !name (class_heritage [(extends_clause value: (_) @base) (implements_clause (_) @base)])) @definition.class)
 (assignment_expression
   left: [(identifier) (member_expression property: (property_identifier))]
   right: (class !name (class_heritage [(extends_clause value: (_) @base) (implements_clause (_) @base)])) @definition.class)]

; decorators: on the class node, before `export`, or as siblings before a method in the body
(class_declaration decorator: (decorator) @decorator) @definition.class
(abstract_class_declaration decorator: (decorator) @decorator) @definition.class
; `@d export class A {}`: the span starts at the decorator, as a class with its own decorators does
(export_statement decorator: (decorator) @decorator declaration: (class_declaration) @definition.class) @span
(export_statement decorator: (decorator) @decorator declaration: (abstract_class_declaration) @definition.class) @span
((class_body (decorator) @decorator . (method_definition name: (_) @_n) @definition.method)
  (#not-eq? @_n "constructor"))
((class_body (decorator) @decorator . (decorator) . (method_definition name: (_) @_n) @definition.method)
  (#not-eq? @_n "constructor"))
((class_body (decorator) @decorator . (decorator) . (decorator) . (method_definition name: (_) @_n) @definition.method)
  (#not-eq? @_n "constructor"))
(public_field_definition
  decorator: (decorator) @decorator
  name: [(property_identifier) (private_property_identifier)]
  value: [(function_expression !name) (generator_function !name) (arrow_function)] @definition.function)

; ---- TypeScript declarations ----
(abstract_class_declaration name: (type_identifier) @name) @definition.class
(interface_declaration name: (type_identifier) @name) @definition.interface
(interface_declaration (extends_type_clause type: (_) @base)) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
; `namespace A.B {}`: the written name A.B splits at its last "." (name B, scope A)
(internal_module name: [(identifier) (nested_identifier)] @name) @definition.namespace
(module name: [(identifier) (nested_identifier)] @name) @definition.module
(module name: (string (string_fragment) @name)) @definition.module

; signatures without a body, all of which ctags tags: `declare function f(): void;` and overloads
; (functions), abstract methods, interface and overload method signatures (methods); property
; signatures are not functions and are left out
(function_signature name: (identifier) @name) @definition.function
(function_signature parameters: (formal_parameters
  [(required_parameter pattern: [(identifier) (object_pattern) (array_pattern)] @parameter)
   (required_parameter pattern: (rest_pattern (_) @parameter))
   (optional_parameter pattern: (_) @parameter)])) @definition.function
(method_signature name: [(property_identifier) (private_property_identifier) (number)] @name) @definition.method
(method_signature name: (string (string_fragment) @name)) @definition.method
(method_signature parameters: (formal_parameters
  [(required_parameter pattern: [(identifier) (object_pattern) (array_pattern)] @parameter)
   (required_parameter pattern: (rest_pattern (_) @parameter))
   (optional_parameter pattern: (_) @parameter)])) @definition.method
; `new (x: T): U` in an interface: a constructor named new (ctags: a method)
(construct_signature "new" @name) @definition.constructor
(construct_signature parameters: (formal_parameters
  [(required_parameter pattern: [(identifier) (object_pattern) (array_pattern)] @parameter)
   (required_parameter pattern: (rest_pattern (_) @parameter))
   (optional_parameter pattern: (_) @parameter)])) @definition.constructor
(abstract_method_signature name: [(property_identifier) (private_property_identifier) (number)] @name) @definition.method
(abstract_method_signature name: (string (string_fragment) @name)) @definition.method
(abstract_method_signature parameters: (formal_parameters
  [(required_parameter pattern: [(identifier) (object_pattern) (array_pattern)] @parameter)
   (required_parameter pattern: (rest_pattern (_) @parameter))
   (optional_parameter pattern: (_) @parameter)])) @definition.method

; ---- imports: one row per imported name. `import x from "m"`: alias x (the default export);
; `import * as ns from "m"`: name *, alias ns; `import {a as b} from "m"`: name a, alias b;
; `import "m"`: module only ----
(import_statement . source: (string (string_fragment) @import.module)) @import
(import_statement
  (import_clause (identifier) @import.alias)
  source: (string (string_fragment) @import.module)) @import
(import_statement
  (import_clause (namespace_import "*" @import.name (identifier) @import.alias))
  source: (string (string_fragment) @import.module)) @import
(import_statement
  (import_clause (named_imports (import_specifier name: (_) @import.name alias: (_)? @import.alias)))
  source: (string (string_fragment) @import.module)) @import

; re-exports: `export {a as b} from "m"`, `export * from "m"`, `export * as ns from "m"`
(export_statement
  (export_clause (export_specifier name: (_) @import.name alias: (_)? @import.alias))
  source: (string (string_fragment) @import.module)) @import.export
(export_statement "*" @import.name . source: (string (string_fragment) @import.module)) @import.export
(export_statement
  (namespace_export "*" @import.name (_) @import.alias)
  source: (string (string_fragment) @import.module)) @import.export

; `require("m")` with one literal string (`const x = require("m")` gives the same row)
((call_expression
   function: (identifier) @_f
   arguments: (arguments . (string (string_fragment) @import.module) .)) @import.require
  (#eq? @_f "require"))

; `import x = require("m")`: kind require, alias x
(import_statement
  (import_require_clause (identifier) @import.alias source: (string (string_fragment) @import.module))) @import.require

; `import("m")` with a literal string
(call_expression
  function: (import)
  arguments: (arguments . (string (string_fragment) @import.module))) @import.dynamic

; ---- calls: every call_expression is a call site; `f()` a plain call, `o.f()` a method call on
; o (`a.b.f()`: receiver a.b; `o?.f()` too), `new C()` a constructor call; `import()` and
; `require()` are calls named import / require ----
(call_expression) @call
(call_expression function: [(identifier) (import)] @call.name) @call
(call_expression
  function: (member_expression object: (_) @call.receiver
                               property: [(property_identifier) (private_property_identifier)] @call.name)) @call.method
(new_expression) @call.new
(new_expression constructor: (identifier) @call.name) @call.new
(new_expression
  constructor: (member_expression object: (_) @call.receiver property: (property_identifier) @call.name)) @call.new
