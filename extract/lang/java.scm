; extract/lang/java.scm: definitions and imports of Java (capture vocabulary: extract/query.c).
(method_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.constructor
(class_declaration name: (identifier) @name) @definition.class
(import_declaration (scoped_identifier) @import.module) @import
