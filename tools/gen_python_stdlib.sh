#!/bin/sh
# tools/gen_python_stdlib.sh: regenerates transform/python_stdlib.h from the running CPython.
exec /usr/bin/python3 - > "$(dirname "$0")/../transform/python_stdlib.h" <<'PY'
import sys
names = sorted(sys.stdlib_module_names)
print('/* transform/python_stdlib.h: top-level module names of the Python standard library, from')
print('   sys.stdlib_module_names of CPython %d.%d (regenerate with tools/gen_python_stdlib.sh). */' % sys.version_info[:2])
print('static const char *const sp_python_stdlib[] = {')
for n in names:
    print('\t"%s",' % n)
print('};')
PY
