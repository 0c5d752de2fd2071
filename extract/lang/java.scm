; extract/lang/java.scm: definitions and imports of Java, in the capture vocabulary of
; extract/query.c. Matches sharing a @definition.* node merge into one row; rules: schema/lang/java.md.

; ---- type declarations (nested and local ones too; anonymous classes have no name: left out) ----
(class_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(record_declaration name: (identifier) @name) @definition.record
(annotation_type_declaration name: (identifier) @name) @definition.annotation

; superclass and implemented / extended interfaces, as written (generic arguments kept)
(class_declaration superclass: (superclass (_) @base)) @definition.class
(class_declaration interfaces: (super_interfaces (type_list (_) @base))) @definition.class
(enum_declaration interfaces: (super_interfaces (type_list (_) @base))) @definition.enum
(record_declaration interfaces: (super_interfaces (type_list (_) @base))) @definition.record
(interface_declaration (extends_interfaces (type_list (_) @base))) @definition.interface

; annotations of the declaration itself (not of its parameters): the annotation's name
(class_declaration (modifiers [(annotation name: (_) @decorator) (marker_annotation name: (_) @decorator)])) @definition.class
(interface_declaration (modifiers [(annotation name: (_) @decorator) (marker_annotation name: (_) @decorator)])) @definition.interface
(enum_declaration (modifiers [(annotation name: (_) @decorator) (marker_annotation name: (_) @decorator)])) @definition.enum
(record_declaration (modifiers [(annotation name: (_) @decorator) (marker_annotation name: (_) @decorator)])) @definition.record
(annotation_type_declaration (modifiers [(annotation name: (_) @decorator) (marker_annotation name: (_) @decorator)])) @definition.annotation

; ---- methods (class, interface, enum, record and anonymous class bodies) ----
(method_declaration name: (identifier) @name) @definition.method
; an annotation type's element `String value() default "";` is a method without parameters
(annotation_type_element_declaration name: (identifier) @name) @definition.method

; ---- constructors, including the compact constructor of a record `R { ... }` ----
(constructor_declaration name: (identifier) @name) @definition.constructor
(compact_constructor_declaration name: (identifier) @name) @definition.constructor

; ---- parameters: one capture per name; a receiver parameter `Foo this` is no parameter ----
(method_declaration
  parameters: (formal_parameters
    [(formal_parameter name: (_) @parameter)
     (spread_parameter (variable_declarator name: (_) @parameter))])) @definition.method

(constructor_declaration
  parameters: (formal_parameters
    [(formal_parameter name: (_) @parameter)
     (spread_parameter (variable_declarator name: (_) @parameter))])) @definition.constructor

; a compact constructor takes the record's components as its parameters
(record_declaration
  parameters: (formal_parameters
    [(formal_parameter name: (_) @parameter)
     (spread_parameter (variable_declarator name: (_) @parameter))])
  body: (class_body (compact_constructor_declaration) @definition.constructor))

(method_declaration (modifiers [(annotation name: (_) @decorator) (marker_annotation name: (_) @decorator)])) @definition.method
(constructor_declaration (modifiers [(annotation name: (_) @decorator) (marker_annotation name: (_) @decorator)])) @definition.constructor
(compact_constructor_declaration (modifiers [(annotation name: (_) @decorator) (marker_annotation name: (_) @decorator)])) @definition.constructor
(annotation_type_element_declaration (modifiers [(annotation name: (_) @decorator) (marker_annotation name: (_) @decorator)])) @definition.method

; ---- imports, kind import ----
; tree-sitter keeps, of two matches that differ only by an optional capture, the one with more
; captures: so `"static"? @_s` with #not-eq? leaves out static imports from the first two patterns.
; `import a.b.C;` -> module a.b.C; `import a.b.*;` -> module a.b, name *
((import_declaration "static"? @_s . [(scoped_identifier) (identifier)] @import.module .) @import
 (#not-eq? @_s "static"))
((import_declaration
   "static"? @_s . [(scoped_identifier) (identifier)] @import.module . (asterisk) @import.name .) @import
 (#not-eq? @_s "static"))
; `import static a.b.C.m;` -> module a.b.C (the class), name m; `import static a.b.C.*;` -> name *
(import_declaration
  "static" . (scoped_identifier scope: (_) @import.module name: (identifier) @import.name) .) @import
(import_declaration "static" . [(scoped_identifier) (identifier)] @import.module . (asterisk) @import.name) @import

; ---- calls: `f()` plain (a method of this class or an outer one), `o.f()` / `Type.f()` /
; `this.f()` / `super.f()` a method call on its object, `new T()` a constructor call ----
(method_invocation !object name: (identifier) @call.name) @call
(method_invocation object: (_) @call.receiver name: (identifier) @call.name) @call.method
(object_creation_expression) @call.new
(object_creation_expression type: [(type_identifier) (scoped_type_identifier)] @call.name) @call.new
(object_creation_expression type: (generic_type [(type_identifier) (scoped_type_identifier)] @call.name)) @call.new
