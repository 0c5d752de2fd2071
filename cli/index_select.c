/* cli/index_select.c: `snakepipe index`, first step: which listed files are sources (--include,
   --exclude, --language, the language by name or "#!"), and the resolver over their paths. */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "index_p.h"

#include "banned.h"

/* The language of a path: the config's language_map (a glob with '/' on the path, else on the
   base name; the first match wins), else the extension, else a "#!" line of an extension-less
   file. */
static const sp_language *detect(sp_run *r, const sp_file_entry *e, bool *mapped)
{
	*mapped = true;
	const char *path = e->path;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (size_t i = 0; i < r->o->language_map_count; i++) {
		const sp_lang_rule *m = &r->o->language_map[i];
		if (!fnmatch(m->glob, strchr(m->glob, '/') ? path : base, 0))
			return sp_extractor_by_name(r->ex, m->language);
	}
	*mapped = false;
	const sp_language *l = sp_extractor_by_path(r->ex, path);
	if (l)
		return l;
	if (strchr(base, '.'))
		return NULL;
	/* opened beneath the root like any file read: a symlink may lead out of the repository */
	char head[256];
	size_t n = sp_file_head(&r->files, e, head, sizeof head);
	return sp_extractor_by_shebang(r->ex, head, n);
}

/* --include/--exclude: a path is indexed when it matches some include (or there is none) and
   no exclude. '*' matches across '/' too, so "src/" followed by '*' is everything under src. */
static bool selected(const sp_options *o, const char *path)
{
	bool in = o->include_count == 0;
	for (size_t i = 0; !in && i < o->include_count; i++)
		in = fnmatch(o->include[i], path, 0) == 0;
	for (size_t i = 0; in && i < o->exclude_count; i++)
		in = fnmatch(o->exclude[i], path, 0) != 0;
	return in;
}

static bool wanted(const sp_options *o, const sp_language *l)
{
	bool in = o->languages_count == 0;
	for (size_t k = 0; k < o->languages_count; k++)
		in = in || !strcmp(o->languages[k], sp_language_name(l));
	return in;
}

/* Why e is left out before anything is read, or -1 when it is a source file (*lang; *ambiguous
   when evidence decides between it and another language, which --language then sees later). */
static int leave_out(sp_run *r, const sp_file_entry *e, const sp_language **lang, bool *ambiguous)
{
	*ambiguous = false;
	*lang = NULL;
	if (!selected(r->o, e->path))
		return SP_SKIP_NOT_SELECTED;
	/* never opened: FIFOs, sockets, devices; a commit's symlinks; a work tree's symlinks out of
	   the tree, whatever their name (a symlink's stat opens nothing) */
	if (e->type == SP_ENTRY_OTHER || (e->type == SP_ENTRY_SYMLINK && r->files.from_rev))
		return SP_SKIP_NOT_REGULAR;
	int64_t size, mtime;
	int why = e->type == SP_ENTRY_SYMLINK
			  ? sp_skip_reason_of(sp_file_stat(&r->files, e, &size, &mtime))
			  : -1;
	if (why >= 0)
		return why;
	bool mapped;
	const sp_language *l = detect(r, e, &mapped);
	if (!l)
		return SP_SKIP_NO_LANGUAGE;
	*ambiguous = !mapped && sp_run_is_ambiguous(e->path);
	if (!*ambiguous && !wanted(r->o, l)) {
		*lang = l; /* left out by --language: still evidence for the `.h` decision */
		return SP_SKIP_NOT_SELECTED;
	}
	*lang = l;
	return -1;
}

int sp_run_collect_sources(sp_run *r)
{
	if (r->files.warning.len) {
		char *w = strdup(r->files.warning.data);
		if (!w || sp_array_push(&r->sum->warnings, w)) {
			free(w);
			return SP_ENOMEM;
		}
		/* cppcheck-suppress memleak ; w now belongs to the summary's warnings */
	}
	for (size_t i = 0; i < r->files.files.n; i++) {
		const sp_file_entry *e = &r->files.files.v[i];
		const sp_language *l;
		bool ambiguous;
		int why = leave_out(r, e, &l, &ambiguous);
		if (why >= 0) {
			sp_run_source ev = {e, l, -1, -1, 0, false, false, false, false};
			if (l && sp_array_push(&r->evidence_only, ev))
				return SP_ENOMEM;
			sp_run_skip_file(r, e->path, why);
			continue;
		}
		sp_run_source src = {e, l, -1, -1, 0, false, false, false, ambiguous};
		/* what cannot be stat'ed is read later for the exact reason; it is in no snapshot */
		if (!r->files.from_rev)
			src.gone = sp_file_stat(&r->files, e, &src.size, &src.mtime_ns) != 0;
		if (sp_array_push(&r->sources, src))
			return SP_ENOMEM;
	}
	int rc = sp_run_decide_headers(r);
	if (rc)
		return rc;
	/* --language applies to what the evidence decided */
	size_t kept = 0;
	for (size_t i = 0; i < r->sources.n; i++) {
		if (r->sources.v[i].ambiguous && !wanted(r->o, r->sources.v[i].lang))
			sp_run_skip_file(r, r->sources.v[i].f->path, SP_SKIP_NOT_SELECTED);
		else
			r->sources.v[kept++] = r->sources.v[i];
	}
	r->sources.n = kept;
	r->sum->files_listed = (int64_t)r->files.files.n;
	r->sum->source_files = (int64_t)r->sources.n;
	/* dependencies resolve against the files the snapshot will hold */
	const char **paths = malloc((r->sources.n + 1) * sizeof *paths);
	if (!paths)
		return SP_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < r->sources.n; i++)
		if (!r->sources.v[i].gone)
			paths[n++] = r->sources.v[i].f->path;
	r->path_set = sp_path_set(paths, n);
	rc = sp_resolver_new(paths, n, &r->resolver);
	free(paths);
	/* what the dependency rules read besides paths: go.mod, tsconfig.json, include dirs */
	for (size_t i = 0; !rc && i < r->o->include_dir_count; i++) {
		rc = sp_resolver_add_include_dir(r->resolver, r->o->include_dirs[i]);
		if (rc == SP_EUSAGE)
			r->bad_include_dir = r->o->include_dirs[i];
	}
	for (size_t i = 0; !rc && i < r->files.files.n; i++) {
		const sp_file_entry *e = &r->files.files.v[i];
		if (!sp_resolver_is_config(e->path))
			continue;
		char *data = NULL;
		size_t len = 0;
		sp_buf err;
		sp_buf_init(&err);
		/* an unreadable config file only leaves its imports unresolved */
		if (!sp_file_read(&r->files, e, &data, &len, &err))
			rc = sp_resolver_add_config(r->resolver, e->path, data, len);
		free(data);
		sp_buf_release(&err);
	}
	r->path_set ^= (int64_t)sp_resolver_fingerprint(r->resolver);
	return rc;
}
