; extract/lang/ruby.scm: definitions and requires of Ruby (capture vocabulary: extract/query.c).
(method name: (_) @name) @definition.method
(class name: (constant) @name) @definition.class
(module name: (constant) @name) @definition.module
