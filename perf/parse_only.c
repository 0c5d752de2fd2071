/* perf/parse_only.c: the speed limit of the pipeline: tree-sitter parsing alone, one core.
   Reads file paths from stdin, parses each with the Python grammar, prints bytes, files and seconds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	TSParser *p = ts_parser_new();
	ts_parser_set_language(p, tree_sitter_python());
	char line[4096];
	size_t files = 0, bytes = 0;
	double parse = 0;
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
		ts_tree_delete(tree);
		parse += now() - t;
		free(buf);
		files++;
		bytes += got;
	}
	ts_parser_delete(p);
	printf("{\"files\": %zu, \"bytes\": %zu, \"parse_seconds\": %.3f}\n", files, bytes, parse);
	return 0;
}
