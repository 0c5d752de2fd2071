#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] [--deep LANGUAGE|all]: builds the libFuzzer target with clang (ASan +
# UBSan; the tree-sitter runtime with ASan) and fuzzes extract + transform, seeded with the golden
# cases, tests/fuzz/seeds (inputs that once failed) and part of the standard library; default 60 s.
# --deep: the large-input target (templates expanded to >= 1 MiB of nesting or chains, seeded by
# deep_seeds.py) for one language, or all of them (the first byte picks; few seeds, for the suite).
# The suite runs both for 20 s. See tests/fuzz/README.md. SP_BUILD_DIR: the meson build to take grammars and embedded queries from (default build).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
deep=
if [[ ${2:-} == --deep ]]; then
	deep=${3:?--deep needs a language or all}
fi
languages=(python c cpp go java javascript ruby rust tsx typescript) # fuzz_extract.c's order
build=${SP_BUILD_DIR:-build}
out=build-fuzz
mkdir -p "$out"
[[ -f $build/build.ninja ]] || scripts/bootstrap
ninja -C "$build" >/dev/null # grammars and the embedded queries
ts=node_modules/tree-sitter/vendor/tree-sitter/lib
if [[ ! -f $out/tree-sitter.o || $out/tree-sitter.o -ot $ts/src/lib.c ]]; then
	clang -std=c17 -O1 -g -w -D_DEFAULT_SOURCE -fsanitize=fuzzer-no-link,address -I$ts/include -I$ts/src \
		-c $ts/src/lib.c -o "$out/tree-sitter.o"
fi
# every module of core, schema, extract and transform (the file walk too: unused, but it keeps
# this list right as modules split); -I$ts/src: extract/nodes.c reads the runtime's subtrees
srcs=(core/*.c schema/*.c extract/*.c transform/*.c "$build/embedded.c" tests/fuzz/fuzz_extract.c)
target=fuzz_extract
[[ -n $deep ]] && target=fuzz_deep
clang -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-D_DEFAULT_SOURCE ${deep:+-DSP_FUZZ_DEEP} -Icore -Ischema -Iextract -Itransform -I"$build" \
	-I$ts/include -I$ts/src "${srcs[@]}" "$build/libgrammars.a" "$out/tree-sitter.o" -lxxhash \
	-o "$out/$target"

# the byte that picks language $1 in fuzz_extract.c
lang_byte() {
	local i
	for i in "${!languages[@]}"; do
		if [[ ${languages[$i]} == "$1" ]]; then
			printf "\\$(printf '%03o' "$i")"
		fi
	done
}

if [[ -z $deep ]]; then
	corpus=$out/corpus
	mkdir -p "$corpus"
	# golden cases of every language, each prefixed with the byte that picks its language (the
	# standard-library seeds below are not: their first byte picks whichever language it maps to)
	for lang in "${languages[@]}"; do
		for f in tests/golden/$lang/*; do
			[[ -f $f && $f != *.expected ]] || continue
			{ lang_byte "$lang"; cat "$f"; } >"$corpus/$lang-$(basename "$f")"
		done
	done
	for f in tests/fuzz/seeds/*; do
		[[ $(basename "$f") == deep-* ]] || cp "$f" "$corpus/"
	done
	find /usr/lib/python3.11/json -name '*.py' -size -64k -exec cp {} "$corpus/" \; 2>/dev/null || true
	# -error_exitcode=1: libFuzzer's default, 77, is the code meson reads as "skipped"
	exec "$out/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -error_exitcode=1 \
		-artifact_prefix="$out/" "$corpus"
fi

# --deep: each input is a template of a few hundred bytes; its expansion is >= 1 MiB
corpus=$out/deep-$deep
mkdir -p "$corpus"
if [[ $deep == all ]]; then
	# one generated seed for three languages (each costs a 1 MiB parse before the clock starts;
	# mutating the first byte reaches the others) and the kept findings of all
	for lang in "${languages[@]}"; do
		python3 tests/fuzz/deep_seeds.py "$lang" "$out/deep-seeds-$lang"
		[[ $lang == @(python|c|javascript) ]] || rm -f "$out/deep-seeds-$lang"/*-00
		for f in "$out/deep-seeds-$lang"/*-00 tests/fuzz/seeds/deep-"$lang"-*; do
			if [[ -f $f ]]; then
				{ lang_byte "$lang"; cat "$f"; } >"$corpus/$(basename "$f")"
			fi
		done
	done
	unset SP_FUZZ_LANGUAGE
else
	python3 tests/fuzz/deep_seeds.py "$deep" "$corpus"
	cp tests/fuzz/seeds/deep-"$deep"-* "$corpus/" 2>/dev/null || true
	export SP_FUZZ_LANGUAGE=$deep
fi
exec "$out/$target" -max_total_time="$seconds" -max_len=4096 -timeout=60 -rss_limit_mb=4096 \
	-error_exitcode=1 -artifact_prefix="$out/deep-$deep-" "$corpus"
