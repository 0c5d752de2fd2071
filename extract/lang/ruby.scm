; extract/lang/ruby.scm: definitions and requires of Ruby (capture vocabulary: extract/query.c).
(method name: (_) @name) @definition.method
(class name: (constant) @name) @definition.class
(module name: (constant) @name) @definition.module
(call method: (identifier) @_m arguments: (argument_list . (string (string_content) @import.module)) (#eq? @_m "require")) @import.require
(call method: (identifier) @_m arguments: (argument_list . (string (string_content) @import.module)) (#eq? @_m "require_relative")) @import.require_relative
