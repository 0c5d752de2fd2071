#!/usr/bin/env bash
# perf/corpora.sh: fetches and unpacks the real-code corpora the polyglot measurements run on
# (ctags_agreement.py, lang_throughput.sh) into a cache dir, then prints one line per language.
#
#   perf/corpora.sh              # cache in $CORPORA_DIR, default /tmp/snakepipe-corpora
#   perf/corpora.sh --path LANG  # print only the corpus directory of LANG (fetching it if needed)
#
# Idempotent: a corpus already in the cache is not fetched again (a `.done` stamp marks a complete
# one). Sources are Debian packages (apt-get install, as root) and npm tarballs (`npm pack`); the
# script never writes into the repository. Corpora:
#   python      /usr/lib/python3.11 (the system interpreter's library; symlink)
#   go          /usr/share/go-1.19/src (golang-1.19-src; symlink)
#   ruby        /usr/lib/ruby/3.1.0 (ruby3.1; symlink)
#   java        java.base/java/{util,lang,io} from the JDK's lib/src.zip (openjdk-17-source)
#   rust        the standard library, rust-src's library/ dir (symlink)
#   c           kernel/, lib/, mm/ of the linux-source-6.1 tarball
#   c-tools     tools/ of the same tarball, .c and .h as shipped: a whole C code base with its
#               headers (perf, bpftool, the selftests, nolibc), for pmccabe_check.py (issue 10)
#   cpp         /usr/include/c++/12 (libstdc++-12-dev), COPIED with every header renamed to end in
#               .hpp (`vector` -> `vector.hpp`, `bits/stl_vector.h` -> `bits/stl_vector.h.hpp`,
#               `.tcc` -> `.tcc.hpp`): snakepipe maps `.h` to C and knows no extensionless
#               headers, and ctags maps `.h` to C++; the rename makes both tools read every file
#               as C++.
#   cpp-googletest  /usr/src/googletest (Debian googletest: googletest and googlemock sources),
#               copied with *.h renamed to *.hpp: ordinary C++ application and test code
#   cpp-headers the same googletest and googlemock files as shipped, `.h` kept (issue 10): a C++
#               project whose headers are `.h`, which snakepipe must decide to be C++ by evidence
#               (schema/lang/c.md "C or C++ headers"); ctags maps `.h` to C++
#   cpp-fmt     /usr/include/fmt (libfmt-dev 9.1, header-only C++ library, `.h` names; symlink):
#               snakepipe decides each `.h` by evidence, ctags maps `.h` to C++ (issue 10)
#   c-mixed     a C project with C++ headers (issue 10): tools/include, tools/lib and tools/perf
#               of the linux-source-6.1 tarball (C, with perf's few .cpp files and their C
#               headers) plus libfmt-dev's headers vendored as third_party/fmt/include/fmt/*.h
#               (C++ `.h`), as C projects vendor a C++ library
#   c-ccdb      a C project with a compile_commands.json (issue 10): tools/bpf/bpftool, tools/lib,
#               tools/include and tools/arch of the linux-source-6.1 tarball, and a
#               compile_commands.json written here for bpftool's .c files with the -I flags of
#               its Makefile, variables expanded (-I. -I../../lib -I../../include
#               -I../../include/uapi), as `bear -- make` would record them
#   javascript  package/lib/*.js of `npm pack typescript@5.6.3` (the compiler, a few large files)
#   typescript  package/lib/*.d.ts of typescript@5.6.3 plus @types/node@22.9.0 (declarations)
#   javascript-express  express@4.21.2 and its dependencies as `npm install` lays them out
#               (node_modules/ copied, the packages' tests included): resolve_share.py
#   rust-crates the crates of Debian's librust-regex-dev, librust-serde-json-dev and
#               librust-syn-dev and of the crates they use (/usr/share/cargo/registry, copied)
#   ruby-gems   sinatra, sinatra-contrib, rack, rack-protection and mustermann from Debian's ruby-*
#               packages (/usr/share/rubygems-integration/all/gems, copied): a gem monorepo
set -euo pipefail

CORPORA_DIR=${CORPORA_DIR:-/tmp/snakepipe-corpora}
LANGS=(python go ruby java rust c c-tools c-mixed c-ccdb cpp cpp-googletest cpp-headers cpp-fmt javascript typescript javascript-express rust-crates ruby-gems)
TS_VERSION=5.6.3
EXPRESS_VERSION=4.21.2
RUST_CRATE_PKGS=(librust-regex-dev librust-serde-json-dev librust-syn-dev)
RUBY_GEM_PKGS=(ruby-sinatra ruby-sinatra-contrib ruby-rack ruby-rack-protection ruby-mustermann)
TYPES_NODE_VERSION=22.9.0

log() { printf '%s\n' "$*" >&2; }

# apt-get install, quietly, waiting for the dpkg lock when others install at the same time.
need_pkg() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		log "corpora.sh: packages ${missing[*]} missing and not root: install them first"
		return 1
	fi
	log "corpora.sh: apt-get install ${missing[*]}"
	local apt=(apt-get -o DPkg::Lock::Timeout=600 -qq)
	if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null; then
		"${apt[@]}" update >/dev/null
		DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null
	fi
}

# Symlink corpus: $1 lang, $2 system dir, rest: packages providing it.
link_corpus() {
	local lang=$1 dir=$2
	shift 2
	[ -d "$dir" ] || need_pkg "$@"
	[ -d "$dir" ] || { log "corpora.sh: $dir missing after installing $*"; return 1; }
	ln -sfn "$dir" "$CORPORA_DIR/$lang"
}

fetch_java() {
	local out=$CORPORA_DIR/java zip
	need_pkg unzip openjdk-17-source
	# src.zip of the JDK 17 (other JDKs may be installed beside it; their links may dangle).
	zip=$(readlink -e /usr/lib/jvm/java-17-openjdk-*/lib/src.zip | head -1)
	rm -rf "$out.tmp"
	mkdir -p "$out.tmp"
	unzip -q -o "$zip" 'java.base/java/util/*' 'java.base/java/lang/*' 'java.base/java/io/*' -d "$out.tmp"
	rm -rf "$out"
	mv "$out.tmp" "$out"
}

fetch_rust() {
	local lib
	lib=$(ls -d /usr/lib/rustlib/src/rust/library 2>/dev/null || true)
	if [ -z "$lib" ]; then
		need_pkg rust-src
		lib=$(dpkg -L rust-src | grep -E '/library$' | head -1)
	fi
	[ -d "$lib" ] || { log "corpora.sh: no library/ dir in rust-src"; return 1; }
	ln -sfn "$lib" "$CORPORA_DIR/rust"
}

# $1 corpus, rest: top directories of the linux-source-6.1 tarball to unpack into it.
fetch_c() {
	local out=$CORPORA_DIR/$1 tarball top
	shift
	need_pkg xz-utils
	tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -1 || true)
	if [ -z "$tarball" ]; then
		need_pkg linux-source-6.1
		tarball=$(ls /usr/src/linux-source-6.1.tar.* | head -1)
	fi
	top=$(basename "$tarball")
	top=${top%.tar.*}
	rm -rf "$out.tmp"
	mkdir -p "$out.tmp"
	tar -xf "$tarball" -C "$out.tmp" --strip-components=1 "${@/#/$top/}"
	rm -rf "$out"
	mv "$out.tmp" "$out"
}

fetch_c_ccdb() {
	local out=$CORPORA_DIR/c-ccdb dir f sep=''
	fetch_c c-ccdb tools/bpf/bpftool tools/lib tools/include tools/arch
	dir=$out/tools/bpf/bpftool
	mkdir -p "$out/build"
	{
		printf '['
		for f in "$dir"/*.c; do
			printf '%s\n{"directory": "%s", "file": "%s", "arguments": ["cc", "-I.", "-I../../lib", "-I../../include", "-I../../include/uapi", "-c", "%s"]}' \
				"$sep" "$dir" "$f" "$(basename "$f")"
			sep=,
		done
		printf '\n]\n'
	} >"$out/build/compile_commands.json"
}

# Copies the C++ files of $1 (relative paths on stdin) to $2, every file whose name C++ tools
# would not all read as C++ renamed to end in .hpp (`vector` -> `vector.hpp`, `a.h` -> `a.h.hpp`
# or, with $3 = strip-h, `a.hpp`).
copy_as_cpp() {
	local src=$1 out=$2 mode=${3:-} rel dst
	rm -rf "$out.tmp"
	mkdir -p "$out.tmp"
	while IFS= read -r rel; do
		rel=${rel#./}
		case "$rel" in
		*.hpp | *.cc | *.cpp | *.hh | *.hxx) dst=$rel ;;
		*.h) [ "$mode" = strip-h ] && dst=${rel%.h}.hpp || dst=$rel.hpp ;;
		*) dst=$rel.hpp ;;
		esac
		mkdir -p "$out.tmp/$(dirname "$dst")"
		cp "$src/$rel" "$out.tmp/$dst"
	done
	rm -rf "$out"
	mv "$out.tmp" "$out"
}

fetch_cpp() {
	local src=/usr/include/c++/12
	[ -d "$src" ] || need_pkg libstdc++-12-dev
	(cd "$src" && find . -type f) | copy_as_cpp "$src" "$CORPORA_DIR/cpp"
}

# googletest and googlemock (Debian googletest, ordinary C++ application and test code), headers
# renamed from .h to .hpp for the same reason as libstdc++'s.
fetch_cpp_googletest() {
	local src=/usr/src/googletest
	[ -d "$src/googletest" ] || need_pkg googletest
	(cd "$src" && find googletest googlemock -type f \( -name '*.h' -o -name '*.cc' \)) |
		copy_as_cpp "$src" "$CORPORA_DIR/cpp-googletest" strip-h
}

# googletest and googlemock as shipped: .h headers and .cc sources, names unchanged.
fetch_cpp_headers() {
	local src=/usr/src/googletest out=$CORPORA_DIR/cpp-headers
	[ -d "$src/googletest" ] || need_pkg googletest
	rm -rf "$out.tmp"
	mkdir -p "$out.tmp"
	(cd "$src" && find googletest googlemock -type f \( -name '*.h' -o -name '*.cc' \) \
		-exec cp --parents {} "$out.tmp" \;)
	rm -rf "$out"
	mv "$out.tmp" "$out"
}

# npm pack into a scratch dir, unpack the tarball there.
npm_unpack() {
	local spec=$1 dest=$2 tgz
	mkdir -p "$dest"
	tgz=$(cd "$dest" && npm pack --silent "$spec" | tail -1)
	tar -xzf "$dest/$tgz" -C "$dest"
	rm -f "$dest/$tgz"
	# npm tarballs hold one top directory: package/ mostly, node/ for @types/node.
	local top
	top=$(ls "$dest")
	[ "$top" = package ] || mv "$dest/$top" "$dest/package"
}

fetch_js_ts() {
	local scratch=$CORPORA_DIR/.npm
	command -v npm >/dev/null || need_pkg npm
	if [ ! -f "$scratch/typescript/.done" ]; then
		rm -rf "$scratch/typescript"
		npm_unpack "typescript@$TS_VERSION" "$scratch/typescript"
		touch "$scratch/typescript/.done"
	fi
	if [ ! -f "$scratch/types-node/.done" ]; then
		rm -rf "$scratch/types-node"
		npm_unpack "@types/node@$TYPES_NODE_VERSION" "$scratch/types-node"
		touch "$scratch/types-node/.done"
	fi
}

fetch_javascript() {
	local out=$CORPORA_DIR/javascript
	fetch_js_ts
	rm -rf "$out.tmp"
	mkdir -p "$out.tmp/typescript-lib"
	cp "$CORPORA_DIR/.npm/typescript/package/lib/"*.js "$out.tmp/typescript-lib/"
	rm -rf "$out"
	mv "$out.tmp" "$out"
}

fetch_typescript() {
	local out=$CORPORA_DIR/typescript
	fetch_js_ts
	rm -rf "$out.tmp"
	mkdir -p "$out.tmp/typescript-lib" "$out.tmp/types-node"
	cp "$CORPORA_DIR/.npm/typescript/package/lib/"*.d.ts "$out.tmp/typescript-lib/"
	(cd "$CORPORA_DIR/.npm/types-node/package" && find . -name '*.d.ts' -exec cp --parents {} "$out.tmp/types-node/" \;)
	rm -rf "$out"
	mv "$out.tmp" "$out"
}

fetch_javascript_express() {
	local out=$CORPORA_DIR/javascript-express scratch=$CORPORA_DIR/.npm/express
	command -v npm >/dev/null || need_pkg npm
	rm -rf "$scratch" "$out.tmp"
	mkdir -p "$scratch"
	npm install --silent --ignore-scripts --no-audit --no-fund --prefix "$scratch" "express@$EXPRESS_VERSION" >/dev/null
	cp -r "$scratch/node_modules" "$out.tmp"
	rm -rf "$out.tmp/.package-lock.json" "$out"
	mv "$out.tmp" "$out"
}

# Copies the package directories $2... (found with dpkg -L under $1) into corpus $3.
copy_pkg_dirs() {
	local under=$1 out=$2 pkg dir
	shift 2
	need_pkg "$@"
	rm -rf "$out.tmp"
	mkdir -p "$out.tmp"
	for pkg in "$@"; do
		dpkg -L "$pkg" | grep -E "^$under/[^/]+$" | while IFS= read -r dir; do
			cp -r "$dir" "$out.tmp/"
		done
	done
	rm -rf "$out"
	mv "$out.tmp" "$out"
}

fetch_rust_crates() {
	local pkgs=("${RUST_CRATE_PKGS[@]}") p
	need_pkg "${pkgs[@]}"
	# and the crates they depend on (their librust-*-dev dependency closure, those installed)
	for p in $(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
		--no-replaces --no-enhances "${RUST_CRATE_PKGS[@]}" | grep -E '^librust-[a-z0-9-]+-dev$' | sort -u); do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' && pkgs+=("$p")
	done
	copy_pkg_dirs /usr/share/cargo/registry "$CORPORA_DIR/rust-crates" $(printf '%s\n' "${pkgs[@]}" | sort -u)
}

# Make sure the corpus of $1 is in the cache.
ensure() {
	local lang=$1
	[ -e "$CORPORA_DIR/$lang" ] && [ -f "$CORPORA_DIR/.done-$lang" ] && return 0
	log "corpora.sh: fetching $lang"
	case "$lang" in
	python) link_corpus python /usr/lib/python3.11 libpython3.11-stdlib ;;
	go) link_corpus go /usr/share/go-1.19/src golang-1.19-src ;;
	ruby) link_corpus ruby /usr/lib/ruby/3.1.0 ruby3.1 libruby3.1 ;;
	java) fetch_java ;;
	rust) fetch_rust ;;
	c) fetch_c c kernel lib mm ;;
	c-tools) fetch_c c-tools tools ;;
	c-ccdb) fetch_c_ccdb ;;
	c-mixed)
		[ -d /usr/include/fmt ] || need_pkg libfmt-dev
		fetch_c c-mixed tools/include tools/lib tools/perf
		mkdir -p "$CORPORA_DIR/c-mixed/third_party/fmt/include"
		cp -r /usr/include/fmt "$CORPORA_DIR/c-mixed/third_party/fmt/include/"
		;;
	cpp) fetch_cpp ;;
	cpp-googletest) fetch_cpp_googletest ;;
	cpp-headers) fetch_cpp_headers ;;
	cpp-fmt) link_corpus cpp-fmt /usr/include/fmt libfmt-dev ;;
	javascript) fetch_javascript ;;
	typescript) fetch_typescript ;;
	javascript-express) fetch_javascript_express ;;
	rust-crates) fetch_rust_crates ;;
	ruby-gems) copy_pkg_dirs /usr/share/rubygems-integration/all/gems "$CORPORA_DIR/ruby-gems" "${RUBY_GEM_PKGS[@]}" ;;
	*) log "corpora.sh: unknown language $lang (known: ${LANGS[*]})"; return 2 ;;
	esac
	touch "$CORPORA_DIR/.done-$lang"
}

mkdir -p "$CORPORA_DIR"

if [ "${1:-}" = "--path" ]; then
	[ $# -eq 2 ] || { log "usage: perf/corpora.sh [--path LANG]"; exit 2; }
	ensure "$2"
	printf '%s\n' "$CORPORA_DIR/$2"
	exit 0
fi
[ $# -eq 0 ] || { log "usage: perf/corpora.sh [--path LANG]"; exit 2; }

printf '| language | directory | source | files | MB |\n|:---|:---|:---|---:|---:|\n'
for lang in "${LANGS[@]}"; do
	ensure "$lang"
	dir=$CORPORA_DIR/$lang
	case "$lang" in
	python) src=/usr/lib/python3.11; pat='*.py' ;;
	go) src=/usr/share/go-1.19/src; pat='*.go' ;;
	ruby) src=/usr/lib/ruby/3.1.0; pat='*.rb' ;;
	java) src="openjdk-17-source src.zip: java.base/java/{util,lang,io}"; pat='*.java' ;;
	rust) src="rust-src $(readlink "$dir")"; pat='*.rs' ;;
	c) src="linux-source-6.1: kernel/ lib/ mm/"; pat='*.[ch]' ;;
	c-tools) src="linux-source-6.1: tools/"; pat='*.[ch]' ;;
	cpp) src="/usr/include/c++/12 renamed to *.hpp"; pat='*.hpp' ;;
	cpp-fmt) src="libfmt-dev /usr/include/fmt, .h kept"; pat='*.h' ;;
	c-mixed) src="linux-source-6.1: tools/{include,lib,perf} + libfmt-dev headers"; pat='*.[ch]*' ;;
	c-ccdb) src="linux-source-6.1: tools/{bpf/bpftool,lib,include,arch} + compile_commands.json"; pat='*.[ch]' ;;
	cpp-googletest) src="/usr/src/googletest (googletest, googlemock), *.h renamed to *.hpp"; pat='*.[ch][cp]*' ;;
	cpp-headers) src="/usr/src/googletest (googletest, googlemock), .h kept"; pat='*.[ch]*' ;;
	javascript) src="npm typescript@$TS_VERSION package/lib/*.js"; pat='*.js' ;;
	typescript) src="npm typescript@$TS_VERSION lib/*.d.ts + @types/node@$TYPES_NODE_VERSION"; pat='*.ts' ;;
	javascript-express) src="npm express@$EXPRESS_VERSION and its dependencies"; pat='*.js' ;;
	rust-crates) src="${RUST_CRATE_PKGS[*]} and the crates they use"; pat='*.rs' ;;
	ruby-gems) src="${RUBY_GEM_PKGS[*]}"; pat='*.rb' ;;
	esac
	# -L: the symlinked corpora are followed like the tools follow them.
	read -r files bytes < <(find -L "$dir" -type f -name "$pat" -printf '%s\n' |
		awk '{n++; b+=$1} END {printf "%d %d\n", n, b}')
	printf '| %s | %s | %s | %d | %s |\n' "$lang" "$dir" "$src" "$files" "$(awk -v b="$bytes" 'BEGIN {printf "%.2f", b / 1e6}')"
done
