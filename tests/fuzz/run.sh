#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS]: builds the libFuzzer target with clang (ASan + UBSan) and fuzzes
# extract + transform, seeded with the golden cases, tests/fuzz/seeds (inputs that once failed)
# and part of the standard library; default 60 s. The suite runs it for 20 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
out=build-fuzz
mkdir -p "$out/corpus"
[[ -f build/build.ninja ]] || scripts/bootstrap
ninja -C build >/dev/null # grammars and the embedded queries
# golden cases of every language, each prefixed with the byte that picks its language (the
# standard-library seeds below are not: their first byte picks whichever language it maps to)
i=0
for lang in python c cpp go java javascript ruby rust tsx typescript; do
	for f in tests/golden/$lang/*; do
		[[ -f $f && $f != *.expected ]] || continue
		{ printf "\\$(printf '%03o' "$i")"; cat "$f"; } >"$out/corpus/$lang-$(basename "$f")"
	done
	i=$((i + 1))
done
cp tests/fuzz/seeds/* "$out/corpus/" 2>/dev/null || true
find /usr/lib/python3.11/json -name '*.py' -size -64k -exec cp {} "$out/corpus/" \; 2>/dev/null || true
srcs=(core/core.c core/strmap.c schema/tables.c schema/batch.c extract/languages.c extract/lines.c
	extract/macros.c extract/query.c transform/rows.c transform/resolve.c transform/resolve_config.c
	transform/resolve_langs.c build/embedded.c tests/fuzz/fuzz_extract.c)
clang -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-D_DEFAULT_SOURCE -Icore -Ischema -Iextract -Itransform -Ibuild \
	-Inode_modules/tree-sitter/vendor/tree-sitter/lib/include "${srcs[@]}" \
	build/libgrammars.a build/libtree-sitter.a -lxxhash -o "$out/fuzz_extract"
# -error_exitcode=1: libFuzzer's default, 77, is the code meson reads as "skipped"
"$out/fuzz_extract" -max_total_time="$seconds" -max_len=65536 -timeout=10 -error_exitcode=1 \
	-artifact_prefix="$out/" "$out/corpus"
