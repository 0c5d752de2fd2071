#!/usr/bin/env python3
"""tests/load/test_calls.py: call sites resolved to functions (issue 12), on a real SQLite file and
a real throwaway PostgreSQL database indexed from the same fixture.

The fixture is one small project per language, each with the cases the resolution rules name
(migrations/shared/0007_calls.sql, schema/README.md 'How calls are resolved'): a function nested
in the caller, a file's own function shadowing an imported one of the same name, imports with
aliases (`from m import f as h`, `import {add as plus}`, `use crate::util::helper`), module and
namespace receivers (`u.helper()`, `lib.add()`, `util::other()`, `fmt.Println()`), methods on
self/this (explicit and, in Java, C++ and Ruby, implicit), constructors, Go and Java packages,
C functions defined in another file, externals and unresolved calls with their reasons.
current_calls must give exactly EXPECTED on both databases; a second snapshot of the same files
must resolve the same; call_edges, fan-in/fan-out and the never-called query must agree with it.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import check, engines, finish, run, tmpdir, write  # noqa: E402

FIXTURE = {
    'c/main.c': '#include <stdio.h>\n#include "util.h"\nstatic int twice(int x) { return util_add(x, x); }\nint main(void) { printf("%d", twice(2)); return MAX(1, 2); }\n',
    'c/util.c': '#include "util.h"\nint util_add(int a, int b) { return a + b; }\n',
    'c/util.h': 'int util_add(int a, int b);\n',
    'cpp/a.cpp': 'namespace ns { int f() { return 1; } }\nclass A {\npublic:\n    A() {}\n    void m() { g(); this->g(); ns::f(); A *a = new A(); }\n    void g() {}\n};\n',
    'go/go.mod': 'module example.com/m\n',
    'go/main.go': 'package main\n\nimport (\n\t"fmt"\n\t"example.com/m/util"\n)\n\nfunc main() {\n\tfmt.Println(util.Add(1, 2))\n\thelper()\n}\n',
    'go/other.go': 'package main\n\nfunc helper() int { return 1 }\n',
    'go/util/util.go': 'package util\n\nfunc Add(a, b int) int { return a + b }\n',
    'java/app/Helper.java': 'package app;\npublic class Helper {\n    public Helper() {}\n    static void assist() {}\n}\n',
    'java/app/Main.java': 'package app;\npublic class Main {\n    void run() { step(); this.step(); Helper.assist(); new Helper(); }\n    void step() {}\n}\n',
    'js/app.js': "import { add as plus, Counter } from './lib.js';\nimport * as lib from './lib.js';\nimport fs from 'fs';\nfunction main() {\n  plus(1, 2);\n  lib.add(3, 4);\n  new Counter().inc();\n  fs.readFileSync('x');\n  local();\n}\nfunction local() { return 1; }\n",
    'js/lib.js': 'export function add(a, b) { return a + b; }\nexport class Counter {\n  constructor() { this.n = 0; }\n  inc() { return this.bump(); }\n  bump() { return add(this.n, 1); }\n}\n',
    'py/main.py': 'import os.path\nimport pkg.util\nfrom pkg import util as u\nfrom pkg.util import helper as h, Tool, shadowed\n\ndef shadowed():\n    return 2\n\ndef main():\n    def inner():\n        return h(1)\n    inner()\n    shadowed()\n    u.helper(2)\n    pkg.util.helper(3)\n    Tool().run()\n    os.path.join("a")\n    print("x")\n    main2()\n\nmain()\n',
    'py/pkg/__init__.py': '',
    'py/pkg/util.py': 'def helper(x):\n    return x\n\ndef shadowed():\n    return 1\n\nclass Tool:\n    def __init__(self):\n        self.n = 0\n    def run(self):\n        return self.step()\n    def step(self):\n        return helper(1)\n',
    'r.db-snakepipe.lock': '',
    'rb/lib.rb': 'class Greeter\n  def initialize(name)\n    @name = name\n  end\n  def greet\n    format_name\n    self.format_name\n  end\n  def format_name\n    @name.upcase\n  end\nend\n',
    'rb/main.rb': 'require_relative \'lib\'\ndef main\n  Greeter.new("x").greet\n  puts "y"\nend\nmain\n',
    'rs/src/main.rs': 'mod util;\nuse crate::util::helper;\nstruct S;\nimpl S {\n    fn new() -> S { S }\n    fn go(&self) { self.step(); Self::new(); }\n    fn step(&self) {}\n}\nfn main() {\n    helper();\n    util::other();\n    S::new().go();\n    println!("x");\n}\n',
    'rs/src/util.rs': 'pub fn helper() {}\npub fn other() {}\n',
}

# path, line, caller, name, receiver, kind, resolution, target path, target function, module, reason
EXPECTED = """\
c/main.c	3	twice	util_add		call	global	c/util.c	util_add		
c/main.c	4	main	printf		call	unresolved				no definition in the repository
c/main.c	4	main	twice		call	local	c/main.c	twice		
c/main.c	4	main	MAX		macro	unresolved				no definition in the repository
cpp/a.cpp	5	A::m	g		call	method	cpp/a.cpp	A::g		
cpp/a.cpp	5	A::m	g	this	method	method	cpp/a.cpp	A::g		
cpp/a.cpp	5	A::m	f	ns	call	local	cpp/a.cpp	ns::f		
cpp/a.cpp	5	A::m	A		new	local	cpp/a.cpp	A::A		
go/main.go	9	main	Println	fmt	method	external			fmt	
go/main.go	9	main	Add	util	method	import	go/util/util.go	Add		
go/main.go	10	main	helper		call	package	go/other.go	helper		
java/app/Main.java	3	Main.run	step		call	method	java/app/Main.java	Main.step		
java/app/Main.java	3	Main.run	step	this	method	method	java/app/Main.java	Main.step		
java/app/Main.java	3	Main.run	assist	Helper	method	package	java/app/Helper.java	Helper.assist		
java/app/Main.java	3	Main.run	Helper		new	package	java/app/Helper.java	Helper.Helper		
js/app.js	5	main	plus		call	import	js/lib.js	add		
js/app.js	6	main	add	lib	method	import	js/lib.js	add		
js/app.js	7	main	inc	new Counter()	method	unresolved				receiver type not known
js/app.js	7	main	Counter		new	import	js/lib.js	Counter.constructor		
js/app.js	8	main	readFileSync	fs	method	external			fs	
js/app.js	9	main	local		call	local	js/app.js	local		
js/lib.js	4	Counter.inc	bump	this	method	method	js/lib.js	Counter.bump		
js/lib.js	5	Counter.bump	add		call	local	js/lib.js	add		
py/main.py	11	main.inner	h		call	import	py/pkg/util.py	helper		
py/main.py	12	main	inner		call	local	py/main.py	main.inner		
py/main.py	13	main	shadowed		call	local	py/main.py	shadowed		
py/main.py	14	main	helper	u	method	import	py/pkg/util.py	helper		
py/main.py	15	main	helper	pkg.util	method	import	py/pkg/util.py	helper		
py/main.py	16	main	run	Tool()	method	unresolved				receiver type not known
py/main.py	16	main	Tool		call	import	py/pkg/util.py	Tool.__init__		
py/main.py	17	main	join	os.path	method	external			os	
py/main.py	18	main	print		call	unresolved				no definition in the repository
py/main.py	19	main	main2		call	unresolved				no definition in the repository
py/main.py	21		main		call	local	py/main.py	main		
py/pkg/util.py	11	Tool.run	step	self	method	method	py/pkg/util.py	Tool.step		
py/pkg/util.py	13	Tool.step	helper		call	local	py/pkg/util.py	helper		
rb/lib.rb	7	Greeter::greet	format_name	self	method	method	rb/lib.rb	Greeter::format_name		
rb/lib.rb	10	Greeter::format_name	upcase	@name	method	unresolved				receiver type not known
rb/main.rb	1		require_relative		call	unresolved				no definition in the repository
rb/main.rb	3	main	greet	Greeter.new("x")	method	unresolved				receiver type not known
rb/main.rb	3	main	new	Greeter	new	global	rb/lib.rb	Greeter::initialize		
rb/main.rb	4	main	puts		call	unresolved				no definition in the repository
rs/src/main.rs	6	S::go	step	self	method	method	rs/src/main.rs	S::step		
rs/src/main.rs	6	S::go	new	Self	call	method	rs/src/main.rs	S::new		
rs/src/main.rs	10	main	helper		call	import	rs/src/util.rs	helper		
rs/src/main.rs	11	main	other	util	call	import	rs/src/util.rs	other		
rs/src/main.rs	12	main	go	S::new()	method	unresolved				receiver type not known
rs/src/main.rs	12	main	new	S	call	local	rs/src/main.rs	S::new		
rs/src/main.rs	13	main	println		macro	unresolved				no definition in the repository
"""

QUERY = """
SELECT c.path, c.line, COALESCE(c.caller, ''), COALESCE(c.name, ''), COALESCE(c.receiver, ''),
       c.kind, c.resolution, COALESCE(c.target_path, ''), COALESCE(f.qualified_name, ''),
       COALESCE(c.module, ''), COALESCE(c.reason, '')
FROM current_calls c
LEFT JOIN functions f ON f.repository_id = c.repository_id AND f.blob_id = c.target_blob_id
                     AND f.function_id = c.target_function_id
ORDER BY c.path, c.call_id
"""


def rows_text(rows):
    return "".join("\t".join(str(v) for v in r) + "\n" for r in rows)


def main():
    root = tmpdir()
    for rel, text in FIXTURE.items():
        write(root, rel, text)
    for Engine in engines():
        db = Engine()
        try:
            run("index", root, "--db", db.url, "--quiet", check_exit=0)
            got = rows_text(db.query(QUERY))
            check(got == EXPECTED, f"{db.dialect}: current_calls resolves every case as expected")
            if got != EXPECTED:
                import difflib
                sys.stdout.writelines(difflib.unified_diff(EXPECTED.splitlines(True),
                                                           got.splitlines(True), "expected", "got"))
            # a second snapshot of the same files: nothing parsed, the same resolution
            run("index", root, "--db", db.url, "--quiet", check_exit=0)
            per_snap = db.query(
                "SELECT snapshot_id, count(*), sum(CASE WHEN resolution = 'unresolved' THEN 0 ELSE 1 END)"
                " FROM snapshot_calls GROUP BY snapshot_id ORDER BY snapshot_id")
            check(len(per_snap) == 2 and per_snap[0][1:] == per_snap[1][1:],
                  f"{db.dialect}: a second snapshot of the same files resolves the same ({per_snap})")
            again = rows_text(db.query(QUERY))
            check(again == EXPECTED, f"{db.dialect}: current_calls shows the second snapshot alike")
            edges = db.query("SELECT count(*) FROM call_edges e JOIN current_snapshots s"
                             " ON s.repository_id = e.repository_id AND s.snapshot_id = e.snapshot_id")
            resolved = sum(1 for line in EXPECTED.splitlines() if line.split("\t")[8])
            check(int(edges[0][0]) == resolved,
                  f"{db.dialect}: call_edges has one row per call resolved to a function ({edges[0][0]})")
        finally:
            db.drop()
    finish()


if __name__ == "__main__":
    main()
