#!/usr/bin/env bash
# tests/lint.sh: the house style as a test: every C source formatted by the committed .clang-format,
# and cppcheck finding nothing (false positives are suppressed inline, each with its reason).
set -euo pipefail
cd "${SNAKEPIPE_SRC:-$(dirname "$0")/..}"
mapfile -t sources < <( (git ls-files '*.c' '*.h' 2>/dev/null || find core extract schema transform load cli tests perf -name '*.[ch]') | grep -v '^tests/golden/')
bad=0
for f in "${sources[@]}"; do
	clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || { echo "not formatted: $f (clang-format -i $f)"; bad=1; }
done
out=$(cppcheck --quiet --enable=warning,performance,portability --std=c11 --inline-suppr \
	-I core -I extract -I schema -I transform -I load -I queue -I cli core extract/*.c schema transform load queue cli 2>&1)
if [[ -n $out ]]; then
	echo "$out"
	bad=1
fi
((bad)) && { echo "0 passed, 1 failed"; exit 1; }
echo "1 passed, 0 failed"
