#!/usr/bin/python3
"""perf/ctags_agreement.py: agreement of snakepipe's definitions with Universal Ctags', per language.

For each language (all, or those given with --lang) it takes the corpus of perf/corpora.sh, indexes
it with snakepipe (env SNAKEPIPE, default build/snakepipe) into a fresh SQLite file, runs
`ctags -R --languages=<L> --output-format=json --fields=+nK -f -` over the same directory and
compares the definitions by (path, name, line): our line is the line of the name (name_line of
current_functions / current_classes), ctags' is the line of its tag, which is the name's line too.

Kinds: each language has a table (KINDS below) mapping ctags kinds and our kinds onto shared
comparison kinds (Java constructors are ctags `method`s; a Go method is a ctags `func`; Ruby's
`def self.x` is a ctags `singletonMethod`, ours a method). Only comparison kinds both tools define
by design count; every other kind either tool reports (ctags macros, fields, variables; our
records...) is listed separately with its count, and so are ctags' made-up names of nameless
definitions (__anon<hash>, AnonymousFunction<hash>) and its JavaScript/TypeScript "classes" that
are object literals (see refine()). Names compare without whitespace (`operator =`).
  - recall of a kind: the ctags tags of that kind for which snakepipe has a definition with the same
    (path, name, line), whatever our kind (column "other kind" counts those whose kind differs);
  - precision of a kind: our definitions of that kind for which ctags has a tag (of any kind) with
    the same (path, name, line).
Only files snakepipe parsed and ctags reads as the language (`ctags --list-maps`) count (files
snakepipe skipped as too large, minified or generated are reported with the number of ctags tags
in them). Duplicate (path, name, line, kind) entries count once.

usage: perf/ctags_agreement.py [--lang L]... [--min-recall PCT] [--examples N] [--db-dir DIR]
  --lang L        c, cpp, cpp-googletest, cpp-headers, cpp-fmt, c-mixed, go, java, javascript,
                  python, ruby, rust, typescript (repeatable; default all). cpp-headers is
                  googletest as shipped (`.h` kept), cpp-fmt libfmt-dev's header-only library,
                  c-mixed a C project with C++ headers (kernel tools/ + vendored fmt): their `.h`
                  are read as snakepipe decides them (C or C++)
  --min-recall P  exit 1 when a shared kind's recall is below P percent (the summary table at
                  the end marks recalls below P, or below 98 % without this option, in bold)
  --examples N    print N unmatched ctags tags (missed) and N unmatched definitions of ours
                  (extra) per kind, sampled over the corpus; a missed tag says on which lines we
                  define that name in the file and which names we define on its line
  --db-dir DIR    keep the SQLite files there (DIR/<lang>.db) instead of a temp dir
  --sp-arg ARG    one more argument for `snakepipe index` (repeatable): `--sp-arg=--lang-map=*.h=c`
                  reads cpp-headers' `.h` as C, as snakepipe did before it decided `.h` by
                  evidence (issue 10), for a before/after in one build
Environment: SNAKEPIPE (binary), CORPORA_DIR (cache of perf/corpora.sh).
Exit codes: 0 ok, 1 a recall below --min-recall, 2 usage or tool failure.
"""
import argparse
import collections
import fnmatch
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# language -> (ctags language, extra ctags options, {comparison kind: (ctags kinds, our kinds)}).
# Our kinds are functions.kind (function, method, constructor) or classes.kind (class, struct, ...),
# prefixed "f:" / "c:" so a function kind never meets a class kind of the same name.
KINDS = {
    "c": ("C", ["--langmap=C:.c.h"], {
        "function": (["function"], ["f:function", "f:method", "f:constructor"]),
        "struct": (["struct"], ["c:struct"]),
        "union": (["union"], ["c:union"]),
        "enum": (["enum"], ["c:enum"]),
    }),
    "cpp": ("C++", [], {
        # ctags calls every function body a function (members too); ours says method inside a class
        "function": (["function"], ["f:function", "f:method", "f:constructor"]),
        "class": (["class"], ["c:class"]),
        "struct": (["struct"], ["c:struct"]),
        "union": (["union"], ["c:union"]),
        "enum": (["enum"], ["c:enum"]),
        "namespace": (["namespace"], ["c:namespace"]),
    }),
    "go": ("Go", [], {
        "func": (["func"], ["f:function", "f:method"]),
        "struct": (["struct"], ["c:struct"]),
        "interface": (["interface"], ["c:interface"]),
    }),
    "java": ("Java", [], {
        "method": (["method"], ["f:method", "f:constructor", "f:function"]),
        "class": (["class"], ["c:class"]),
        "interface": (["interface"], ["c:interface"]),
        "enum": (["enum"], ["c:enum"]),
        "annotation": (["annotation"], ["c:annotation"]),
    }),
    "javascript": ("JavaScript", [], {
        "function": (["function", "generator"], ["f:function"]),
        "method": (["method", "getter", "setter"], ["f:method", "f:constructor"]),
        "class": (["class"], ["c:class"]),
    }),
    "python": ("Python", [], {
        "function": (["function"], ["f:function"]),
        "method": (["member"], ["f:method", "f:constructor"]),
        "class": (["class"], ["c:class"]),
    }),
    "ruby": ("Ruby", [], {
        "method": (["method", "singletonMethod"], ["f:method", "f:function", "f:constructor"]),
        "class": (["class"], ["c:class"]),
        "module": (["module"], ["c:module"]),
    }),
    "rust": ("Rust", [], {
        "function": (["function"], ["f:function"]),
        "method": (["method"], ["f:method", "f:constructor"]),
        "impl": (["implementation"], ["c:impl"]),
        "struct": (["struct"], ["c:struct"]),
        "enum": (["enum"], ["c:enum"]),
        "trait": (["interface"], ["c:trait"]),
        # ctags tags `mod m;` as a module; we record it as an import of kind mod (i:mod)
        "module": (["module"], ["c:module", "i:mod"]),
    }),
    "typescript": ("TypeScript", [], {
        "function": (["function", "generator"], ["f:function"]),
        "method": (["method"], ["f:method", "f:constructor"]),
        "class": (["class"], ["c:class"]),
        "interface": (["interface"], ["c:interface"]),
        "enum": (["enum"], ["c:enum"]),
        "namespace": (["namespace"], ["c:namespace", "c:module"]),
    }),
}

# Second corpora of a language: their name here -> snakepipe's language.
KINDS["cpp-googletest"] = KINDS["cpp"]
KINDS["cpp-headers"] = KINDS["cpp"]
KINDS["cpp-fmt"] = KINDS["cpp"]
# A C project with C++ headers: ctags reads `.c` as C and every `.h` as C++ (its C++ parser tags a
# C header's functions, structs, unions and enums as its C parser does); C++ kinds, both languages.
KINDS["c-mixed"] = ("C,C++", [], KINDS["cpp"][2])
SP_LANG = {"cpp-googletest": "cpp", "cpp-headers": "cpp", "cpp-fmt": "cpp"}
# Corpora whose files snakepipe may read as one of several languages: a C++ project's `.h` are
# C or C++ by evidence (schema/lang/c.md), and what it decided is compared with ctags' C++ tags.
SP_LANGS = {"cpp-headers": ("c", "cpp"), "cpp-fmt": ("c", "cpp"), "c-mixed": ("c", "cpp")}

Def = collections.namedtuple("Def", "path name line kind raw")


# ctags' names for nameless things: __anon<hash> (C, C++ types), AnonymousFunction<hash> (JS).
ANON = re.compile(r"^(__anon|AnonymousFunction|AnonymousClass)[0-9a-f]*$")

# Kinds matched by (path, line) alone: a Rust impl of a type without a name of its own has no
# common name (ctags takes the last identifier it sees, `impl<T, const N: usize> X for [T; N]`
# is `N`; we keep the type as written, `[T; N]`).
LINE_ONLY = {("rust", "impl")}

# Kinds where ctags gives one definition two tags on its line (a named class expression bound to
# a variable: the variable's name and the class's own).
TWO_NAMES = {("javascript", "class"), ("typescript", "class")}


def refine(lang, tag):
    """ctags' kind of a tag, where ctags gives one kind to two different things.

    JavaScript/TypeScript: ctags calls an object literal bound to a name (`var o = {a: 1}`) a
    class; only tags whose line has the keyword `class` are classes here, the rest are kind
    `class (object literal)`, which is not compared."""
    kind = tag.get("kind", "")
    if lang in ("javascript", "typescript") and kind == "class" and \
            not re.search(r"\bclass\s+([\w$]+\s*)?(extends\b|\{|$)|\bclass\s*\{",
                          tag.get("pattern", "")):
        return "class (object literal)"
    return kind


def norm(name):
    """Names compare without whitespace: ctags writes `operator =`, a declarator may span lines."""
    return "".join(name.split())


def die(msg):
    print("ctags_agreement.py: " + msg, file=sys.stderr)
    sys.exit(2)


def corpus_dir(lang):
    try:
        out = subprocess.run([os.path.join(HERE, "corpora.sh"), "--path", lang], check=True,
                             capture_output=True, text=True).stdout.strip()
    except subprocess.CalledProcessError as e:
        die("perf/corpora.sh --path %s failed:\n%s" % (lang, e.stderr))
    return os.path.realpath(out)


def run_snakepipe(binary, lang, root, db, sp_args):
    langs = SP_LANGS.get(lang, (SP_LANG.get(lang, lang),))
    cmd = [binary, "index", root, "--db", db, *[a for l in langs for a in ("--language", l)],
           "--max-file-size", "200000000",
           "--quiet", "--json", *sp_args]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):  # 1: indexed, some files unparsable
        die("%s exited %d:\n%s" % (" ".join(cmd), p.returncode, p.stderr[-2000:]))
    if p.stderr.strip():
        sys.stderr.write("".join("  snakepipe: " + l + "\n" for l in p.stderr.strip().splitlines()[:5]))
    try:
        return json.loads(p.stdout)
    except ValueError:
        return {}


def our_defs(db, lang):
    """(definitions, parsed file paths, {skipped path: reason}, parse-error file count)."""
    con = sqlite3.connect(db)
    defs = []
    langs = SP_LANGS.get(lang, (SP_LANG.get(lang, lang),))
    for table, prefix in (("current_functions", "f:"), ("current_classes", "c:")):
        for path, name, line, kind in con.execute(
                "SELECT path, name, name_line, kind FROM %s WHERE language IN (%s)"
                % (table, ",".join("?" * len(langs))), langs):
            defs.append(Def(path, norm(name or ""), line, prefix + (kind or ""), name))
    if lang == "rust":  # `mod m;` declarations: imports of kind mod, named by the module
        for path, name, line in con.execute(
                "SELECT f.path, i.module, i.line FROM current_files f JOIN imports i"
                " ON i.repository_id = f.repository_id AND i.blob_id = f.blob_id"
                " WHERE f.language = 'rust' AND i.kind = 'mod'"):
            defs.append(Def(path, norm(name or ""), line, "i:mod", name))
    parsed, skipped, errors = set(), {}, 0
    for path, reason, perr in con.execute(
            "SELECT path, skip_reason, parse_error FROM current_files WHERE language IN (%s)"
            % ",".join("?" * len(langs)), langs):
        if reason:
            skipped[path] = reason
        else:
            parsed.add(path)
            errors += bool(perr)
    con.close()
    return defs, parsed, skipped, errors


def ctags_defs(lang, ctags_lang, extra, root):
    cmd = ["ctags", "-R", "--languages=" + ctags_lang, *extra, "--output-format=json",
           "--fields=+nK", "-f", "-", "."]
    p = subprocess.run(cmd, cwd=root, capture_output=True, text=True, errors="replace")
    if p.returncode != 0:
        die("%s (in %s) exited %d:\n%s" % (" ".join(cmd), root, p.returncode, p.stderr[-2000:]))
    defs = []
    for line in p.stdout.splitlines():
        try:
            t = json.loads(line)
        except ValueError:
            continue
        if t.get("_type") != "tag" or "line" not in t:
            continue
        path = t["path"][2:] if t["path"].startswith("./") else t["path"]
        defs.append(Def(path, norm(t["name"]), t["line"], refine(lang, t), t))
    return defs, cmd


def ctags_patterns(ctags_lang, extra):
    """The file name patterns ctags reads as ctags_lang (`ctags --list-maps`, after our --langmap)."""
    pats = []
    for one in ctags_lang.split(","):  # "C,C++": both languages' patterns
        out = subprocess.run(["ctags", *extra, "--list-maps=" + one], capture_output=True,
                             text=True).stdout.split()
        pats += out[1:] if out and out[0] == one else []
    return pats


def pct(a, b):
    return "%.1f" % (100.0 * a / b) if b else "n/a"


def compare(lang, binary, db_dir, examples, rng, sp_args=()):
    ctags_lang, extra, kinds = KINDS[lang]
    root = corpus_dir(lang)
    print("compare %s: %s" % (lang, root), file=sys.stderr)
    db = os.path.join(db_dir, lang + ".db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)
    summary = run_snakepipe(binary, lang, root, db, sp_args)
    ours_all, parsed, skipped, perr = our_defs(db, lang)
    tags_all, ctags_cmd = ctags_defs(lang, ctags_lang, extra, root)
    # Compare only files both tools read as the language (snakepipe's Ruby row also reads
    # .rake/.gemspec, its TypeScript row .mts/.cts...).
    pats = ctags_patterns(ctags_lang, extra)
    ours_files = parsed
    parsed = {p for p in parsed if any(fnmatch.fnmatchcase(os.path.basename(p), x) for x in pats)}
    ours_all = [d for d in ours_all if d.path in parsed]

    ctags_kind = {k: ck for ck, (cks, _) in kinds.items() for k in cks}
    our_kind = {k: ck for ck, (_, oks) in kinds.items() for k in oks}
    # ctags names anonymous types and functions; we record no nameless definition.
    anon = collections.Counter(t.kind for t in tags_all if ANON.match(t.name))
    tags_all = [t for t in tags_all if not ANON.match(t.name)]
    tags = [t for t in tags_all if t.path in parsed]
    tags_in_skipped = collections.Counter(skipped[t.path] for t in tags_all if t.path in skipped)
    ctags_files = {t.path for t in tags_all}

    # (path, name, line) -> comparison kinds on each side
    our_keys = collections.defaultdict(set)
    for d in ours_all:
        our_keys[(d.path, d.name, d.line)].add(our_kind.get(d.kind))
    tag_keys = {(t.path, t.name, t.line) for t in tags}
    our_names = collections.defaultdict(list)  # (path, name) -> lines, for the examples
    our_lines = collections.defaultdict(list)  # (path, line) -> names, for the examples
    for d in ours_all:
        our_names[(d.path, d.name)].append(d.line)
        our_lines[(d.path, d.line)].append(d.raw)

    rows, failures = [], []
    for ck, (cks, oks) in kinds.items():
        ct = {(t.path, t.name, t.line) for t in tags if ctags_kind.get(t.kind) == ck}
        ou = {(d.path, d.name, d.line) for d in ours_all if our_kind.get(d.kind) == ck}
        if (lang, ck) in LINE_ONLY:
            # by (path, line): a tag matches when we define this kind on its line (or on the
            # line after: ctags gives a multi-line impl header's first line, we the type's)
            ou_lines = {(p, ln) for p, _, ln in ou}
            matched = {k for k in ct if (k[0], k[2]) in ou_lines or (k[0], k[2] + 1) in ou_lines}
            ct_lines = {(p, ln) for p, _, ln in ct}
            ou_matched = {k for k in ou if (k[0], k[2]) in ct_lines or (k[0], k[2] - 1) in ct_lines}
            rows.append((ck, cks, oks, len(ct), len(ou), len(matched), 0, len(ou_matched),
                         sorted(ct - matched), sorted(ou - ou_matched)))
            continue
        matched = {k for k in ct if k in our_keys}
        if (lang, ck) in TWO_NAMES:
            # ctags tags `var X = class _X {}` as X and as _X; we define it once, as X: the
            # second tag of a line whose other tag we matched is the same class
            lines = {(k[0], k[2]) for k in matched}
            matched |= {k for k in ct if (k[0], k[2]) in lines}
        other = sum(1 for k in matched if ck not in our_keys.get(k, {ck}))
        ou_matched = {k for k in ou if k in tag_keys}
        rows.append((ck, cks, oks, len(ct), len(ou), len(matched), other, len(ou_matched),
                     sorted(ct - matched), sorted(ou - ou_matched)))

    only_ctags = collections.Counter(t.kind for t in tags if t.kind not in ctags_kind)
    only_ours = collections.Counter(d.kind for d in ours_all if d.kind not in our_kind)

    print("\n### %s (ctags %s)\n" % (lang, ctags_lang))
    print("- corpus: `%s`; snakepipe parsed %d files (%d with a syntax error), skipped %d%s; "
          "ctags tagged %d files; compared: the %d parsed files ctags reads as %s (%s)" % (
              root, len(ours_files), perr, len(skipped),
              " (%s)" % ", ".join("%s: %d ctags tags" % kv for kv in sorted(tags_in_skipped.items()))
              if tags_in_skipped else "", len(ctags_files), len(parsed), ctags_lang,
              " ".join(pats)))
    print("- ctags: `cd %s && %s`" % (root, " ".join(ctags_cmd)))
    print("- snakepipe: %s" % " ".join("%s=%s" % (k, summary[k]) for k in
                                       ("parsed", "functions", "classes") if k in summary))
    print()
    print("| kind | ctags kinds | our kinds | ctags | ours | matched | recall % | precision % | other kind |")
    print("|:---|:---|:---|---:|---:|---:|---:|---:|---:|")
    for ck, cks, oks, nct, nou, nm, other, noum, _, _ in rows:
        print("| %s | %s | %s | %d | %d | %d | %s | %s | %d |" % (
            ck, ", ".join(cks), ", ".join(k[2:] + ("()" if k[0] == "f" else "") for k in oks),
            nct, nou, nm, pct(nm, nct), pct(noum, nou), other))
        if nct and 100.0 * nm / nct < ARGS.min_recall:
            failures.append("%s %s recall %s %% < %s %%" % (lang, ck, pct(nm, nct), ARGS.min_recall))
    print()
    print("- not compared, ctags only: %s" % (
        ", ".join("%s %d" % kv for kv in sorted(only_ctags.items())) or "none"))
    print("- not compared, ctags' anonymous definitions (`__anon…`, `AnonymousFunction…`): %s" % (
        ", ".join("%s %d" % kv for kv in sorted(anon.items())) or "none"))
    print("- not compared, ours only: %s" % (
        ", ".join("%s %d" % (k[2:] + ("()" if k[0] == "f" else ""), n)
                  for k, n in sorted(only_ours.items())) or "none"))
    print("- `other kind`: matched ctags tags our definition at that (path, name, line) has another "
          "comparison kind; `()` marks function kinds (functions.kind), the rest are classes.kind")

    if examples:
        print()
        for ck, _, _, _, _, _, _, _, missed, extra_defs in rows:
            for label, keys in (("missed", missed), ("extra", extra_defs)):
                if not keys:
                    continue
                sample = sorted(rng.sample(keys, min(examples, len(keys))))
                print("- %s %s (%d), e.g.:" % (ck, label, len(keys)))
                for path, name, line in sample:
                    note = []
                    if label == "missed":
                        lines = sorted(our_names.get((path, name), []))
                        if lines:
                            note.append("ours: line %s" % ", ".join(map(str, lines[:5])))
                        others = our_lines.get((path, line), [])
                        if others:
                            note.append("ours on that line: %s" % ", ".join(
                                "`%s`" % " ".join(o.split()) for o in others[:3]))
                    note = "  (%s)" % "; ".join(note) if note else ""
                    print("  - `%s:%d` %s%s" % (path, line, name, note))
    sys.stdout.flush()
    return failures, [(lang,) + r[:8] for r in rows]


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", action="append", choices=sorted(KINDS))
    ap.add_argument("--min-recall", type=float, default=0.0)
    ap.add_argument("--examples", type=int, default=0)
    ap.add_argument("--db-dir")
    ap.add_argument("--sp-arg", action="append", default=[])
    ARGS = ap.parse_args()
    binary = os.environ.get("SNAKEPIPE", os.path.join(REPO, "build", "snakepipe"))
    if not os.access(binary, os.X_OK):
        die("no executable %s (set SNAKEPIPE)" % binary)
    langs = ARGS.lang or sorted(KINDS)
    ver = subprocess.run(["ctags", "--version"], capture_output=True, text=True).stdout.splitlines()
    spver = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    print("## ctags agreement\n")
    print("- command: `%s`" % " ".join(["perf/ctags_agreement.py"] + sys.argv[1:]))
    print("- snakepipe: %s (%s)" % (spver, binary))
    print("- ctags: %s" % (ver[0] if ver else "?"))
    rng = random.Random(5)
    failures, summary = [], []
    with tempfile.TemporaryDirectory(prefix="sp-agree-") as tmp:
        db_dir = ARGS.db_dir or tmp
        os.makedirs(db_dir, exist_ok=True)
        for lang in langs:
            f, rows = compare(lang, binary, db_dir, ARGS.examples, rng, ARGS.sp_arg)
            failures += f
            summary += rows
    print("\n### Summary\n")
    print("| language | kind | ctags | ours | matched | recall % | precision % | other kind |")
    print("|:---|:---|---:|---:|---:|---:|---:|---:|")
    for lang, ck, _, _, nct, nou, nm, other, noum in summary:
        low = nct and 100.0 * nm / nct < (ARGS.min_recall or 98.0)
        print("| %s | %s | %d | %d | %d | %s%s%s | %s | %d |" % (
            lang, ck, nct, nou, nm, "**" if low else "", pct(nm, nct), "**" if low else "",
            pct(noum, nou), other))
    print("\nRecall in **bold**: below %s %%." % (ARGS.min_recall or 98.0))
    if failures:
        print("\nbelow --min-recall %s %%:\n%s" % (ARGS.min_recall,
                                                  "\n".join("- " + f for f in failures)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
