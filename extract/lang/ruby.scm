; extract/lang/ruby.scm: definitions and requires of Ruby, in the capture vocabulary of
; extract/query.c. Matches sharing a @definition.* node merge into one row; rules: schema/lang/ruby.md.

; ---- methods. A `def` is a function; the pipeline reports one directly inside a class as a
; method. Ruby's modules and `class << self` hold methods too, so a `def` in their body (also
; `private def m`, and in a block there: `included do def m end end`) is marked
; @definition.method here (a more specific kind wins over function when patterns meet).
; What stays function: a `def` at the top level, in another `def`, in a block outside a class.
(method name: (_) @name) @definition.function

(module body: (body_statement (method) @definition.method))
(module body: (body_statement (call arguments: (argument_list (method) @definition.method))))
(module body: (body_statement (call block: (do_block body: (body_statement (method) @definition.method)))))
(singleton_class body: (body_statement (method) @definition.method))
(singleton_class body: (body_statement (call arguments: (argument_list (method) @definition.method))))

; `def self.m` / `def obj.m` is a method named m. `def Const.m` records Const as its scope
; (Const::m); the `self` of `def self.m` adds nothing (the enclosing class names it).
(singleton_method name: (_) @name) @definition.method
(singleton_method object: [(constant) (scope_resolution)] @scope) @definition.method

; parameters, one capture per name: plain, optional (a = 1), splat (*a), double splat (**o),
; keyword (k:, k: 1), block (&b) and the names inside a destructured parameter ((a, b))
(method
  parameters: (method_parameters
    [(identifier) @parameter
     (optional_parameter name: (identifier) @parameter)
     (splat_parameter name: (identifier) @parameter)
     (hash_splat_parameter name: (identifier) @parameter)
     (keyword_parameter name: (identifier) @parameter)
     (block_parameter name: (identifier) @parameter)
     (destructured_parameter (identifier) @parameter)])) @definition.function

(singleton_method
  parameters: (method_parameters
    [(identifier) @parameter
     (optional_parameter name: (identifier) @parameter)
     (splat_parameter name: (identifier) @parameter)
     (hash_splat_parameter name: (identifier) @parameter)
     (keyword_parameter name: (identifier) @parameter)
     (block_parameter name: (identifier) @parameter)
     (destructured_parameter (identifier) @parameter)])) @definition.method

; ---- classes and modules; `class A::B` is named B in scope A (split at the last ::).
; `class << self` opens no definition: its methods belong to the enclosing class.
; `class ::A` (top level written out) is named A.
(class name: [(constant) (scope_resolution scope: (_))] @name) @definition.class
(class name: (scope_resolution !scope name: (_) @name)) @definition.class
(class superclass: (superclass (_) @base)) @definition.class
(module name: [(constant) (scope_resolution scope: (_))] @name) @definition.module
(module name: (scope_resolution !scope name: (_) @name)) @definition.module

; ---- requires: a call without receiver whose first argument is a plain string literal
; (no interpolation); `load "x.rb"` and `autoload :C, "x"` load a file from the load path as
; require does, so they are kind require too.
((call
   !receiver
   method: (identifier) @_m
   arguments: (argument_list . (string . (string_content) @import.module .))) @import.require
 (#any-of? @_m "require" "load"))

((call
   !receiver
   method: (identifier) @_m
   arguments: (argument_list . (string . (string_content) @import.module .))) @import.require_relative
 (#eq? @_m "require_relative"))

((call
   !receiver
   method: (identifier) @_m
   arguments: (argument_list . (simple_symbol) . (string . (string_content) @import.module .))) @import.require
 (#eq? @_m "autoload"))

; ---- calls: every `call` node (`f(x)`, `f x`, `o.f`, `o&.f`, `A::f`): plain without a receiver,
; a method call with one, `X.new` a constructor call; a bare `f` without arguments is a name to
; the grammar (a local variable or a call, undecidable without running the code) and no call ----
(call) @call
(call !receiver method: (identifier) @call.name) @call
(call receiver: (_) @call.receiver method: [(identifier) (constant) (operator)] @call.name) @call.method
((call receiver: (_) @call.receiver method: (identifier) @call.name) @call.new
  (#eq? @call.name "new"))
