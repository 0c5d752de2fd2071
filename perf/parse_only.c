/* perf/parse_only.c: the speed limit of the pipeline: tree-sitter parsing alone, one core.
   Reads file paths from stdin, parses each with one grammar (argv[1], default python), prints
   bytes, files and seconds. With --walk, each tree is also walked once, every node visited by a
   TSTreeCursor (its symbol and start read): the least any extraction that looks at every node
   adds to the parse (perf/floor.sh); nodes and walk_seconds are printed too.
   Usage: parse-only [--walk] [c|cpp|go|java|javascript|python|ruby|rust|tsx|typescript] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_c(void);
const TSLanguage *tree_sitter_cpp(void);
const TSLanguage *tree_sitter_go(void);
const TSLanguage *tree_sitter_java(void);
const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_ruby(void);
const TSLanguage *tree_sitter_rust(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_typescript(void);

/* The grammars snakepipe links, by the names of its language table. */
static const struct {
	const char *name;
	const TSLanguage *(*grammar)(void);
} grammars[] = {
	{"c", tree_sitter_c},
	{"cpp", tree_sitter_cpp},
	{"go", tree_sitter_go},
	{"java", tree_sitter_java},
	{"javascript", tree_sitter_javascript},
	{"python", tree_sitter_python},
	{"ruby", tree_sitter_ruby},
	{"rust", tree_sitter_rust},
	{"tsx", tree_sitter_tsx},
	{"typescript", tree_sitter_typescript},
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Every node of the tree, depth first, once; a checksum of what was read, so nothing is optimised
   away. */
static size_t walk(TSTree *tree, size_t *sum)
{
	TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
	size_t nodes = 0;
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&c);
		*sum += ts_node_symbol(n) + ts_node_start_byte(n);
		nodes++;
		if (ts_tree_cursor_goto_first_child(&c))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&c))
			if (!ts_tree_cursor_goto_parent(&c)) {
				ts_tree_cursor_delete(&c);
				return nodes;
			}
	}
}

int main(int argc, char **argv)
{
	int walking = argc > 1 && !strcmp(argv[1], "--walk");
	if (walking)
		argc--, argv++;
	const char *lang = argc > 1 ? argv[1] : "python";
	const TSLanguage *(*grammar)(void) = NULL;
	for (size_t i = 0; i < sizeof grammars / sizeof grammars[0]; i++)
		if (!strcmp(grammars[i].name, lang))
			grammar = grammars[i].grammar;
	if (!grammar || argc > 2) {
		fprintf(stderr, "usage: parse-only [--walk] [LANGUAGE] < paths (languages:");
		for (size_t i = 0; i < sizeof grammars / sizeof grammars[0]; i++)
			fprintf(stderr, " %s", grammars[i].name);
		fprintf(stderr, ")\n");
		return 2;
	}
	TSParser *p = ts_parser_new();
	ts_parser_set_language(p, grammar());
	char line[4096];
	size_t files = 0, bytes = 0, nodes = 0, sum = 0;
	double parse = 0, walked = 0;
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		FILE *f = fopen(line, "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		long n = ftell(f);
		fseek(f, 0, SEEK_SET);
		char *buf = malloc((size_t)n + 1);
		size_t got = buf ? fread(buf, 1, (size_t)n, f) : 0;
		fclose(f);
		double t = now();
		TSTree *tree = ts_parser_parse_string(p, NULL, buf, (uint32_t)got);
		if (walking) {
			double w = now();
			nodes += walk(tree, &sum);
			walked += now() - w;
		}
		ts_tree_delete(tree);
		parse += now() - t;
		free(buf);
		files++;
		bytes += got;
	}
	ts_parser_delete(p);
	if (walking)
		printf("{\"files\": %zu, \"bytes\": %zu, \"parse_seconds\": %.3f, \"nodes\": %zu, "
		       "\"walk_seconds\": %.3f, \"checksum\": %zu}\n",
		       files, bytes, parse - walked, nodes, walked, sum);
	else
		printf("{\"files\": %zu, \"bytes\": %zu, \"parse_seconds\": %.3f}\n", files, bytes,
		       parse);
	return 0;
}
