#!/bin/sh
# perf/cloc_check.sh: agreement of extract/lines.c with `cloc --by-file` on every *.py file of a tree.
# Usage: perf/cloc_check.sh [DIR] (default /usr/lib/python3.11). Builds into a temp dir; prints the figures.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/usr/lib/python3.11}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

cd "$root"
gcc -std=c17 -O2 -Wall -Wextra -Werror -Iextract extract/lines.c perf/cloc_check.c -o "$tmp/cloc_check"

find "$dir" -type f -name '*.py' | LC_ALL=C sort > "$tmp/files"
n_files=$(wc -l < "$tmp/files")

start=$(date +%s.%N)
"$tmp/cloc_check" < "$tmp/files" > "$tmp/ours.tsv" 2> "$tmp/ours.err"
end=$(date +%s.%N)

# --skip-uniqueness: otherwise cloc counts only one of several files with identical content.
cstart=$(date +%s.%N)
cloc --by-file --csv --quiet --skip-uniqueness --list-file="$tmp/files" > "$tmp/cloc.csv"
cend=$(date +%s.%N)

# cloc's CSV: language,filename,blank,comment,code (filenames here contain no commas).
awk -F, 'NR > 1 && $1 == "Python" { print $2 "\t" $3 "\t" $4 "\t" $5 }' "$tmp/cloc.csv" > "$tmp/cloc.tsv"

awk -F'\t' -v n_files="$n_files" '
	FNR == NR { cloc[$1] = $2 "\t" $3 "\t" $4; next }
	{
		if (!($1 in cloc)) { skipped++; next }
		compared++
		ours = $2 "\t" $3 "\t" $4
		if (ours == cloc[$1]) same++
		else if (++bad <= 20) mism[bad] = $1 "\n    cloc  blank/comment/code: " cloc[$1] "\n    ours  blank/comment/code: " ours
	}
	END {
		printf "files found:              %d\n", n_files
		printf "files cloc counted:       %d (cloc skips zero-sized and binary files: %d)\n", compared, skipped
		printf "identical (all 3 counts): %d\n", same
		printf "agreement:                %.2f %%\n", compared ? 100.0 * same / compared : 0
		if (bad) printf "first %d of %d mismatches:\n", bad < 20 ? bad : 20, bad
		for (i = 1; i <= bad && i <= 20; i++) print "  " mism[i]
	}' "$tmp/cloc.tsv" "$tmp/ours.tsv"

echo "lines.c: $(cat "$tmp/ours.err")"
awk -v s="$start" -v e="$end" -v cs="$cstart" -v ce="$cend" 'BEGIN {
	printf "wall time: cloc_check %.2f s (reading files included), cloc %.2f s\n", e - s, ce - cs }'
