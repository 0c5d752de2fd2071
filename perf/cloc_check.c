/* perf/cloc_check.c: prints blank / comment / code per file as extract/lines.c counts them.
   Fed the same files as `cloc --by-file` by cloc_check.sh, which compares the two tables. */
#define _POSIX_C_SOURCE 200809L /* getline */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lines_p.h"

#include "../core/banned.h"

/* Reads the whole file into *data (caller frees). Returns 0 or -1. */
static int read_all(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t n = 0, cap = 0;
	int rc = -1;

	if (!f)
		goto out;
	for (;;) {
		if (cap - n < 65536) {
			size_t ncap = cap ? cap * 2 : 65536;
			char *np = realloc(p, ncap);
			if (!np)
				goto out;
			p = np;
			cap = ncap;
		}
		size_t got = fread(p + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto out;
	*data = p;
	*len = n;
	p = NULL;
	rc = 0;
out:
	if (f)
		fclose(f);
	free(p);
	return rc;
}

/* Time and bytes spent inside sp_lines_classify, reported on stderr at exit. */
typedef struct check_stats {
	double seconds;
	size_t bytes, lines;
} check_stats;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int check_one(const char *path, check_stats *stats)
{
	char *data = NULL;
	size_t len = 0;
	sp_line_counts c;

	if (read_all(path, &data, &len) != 0) {
		fprintf(stderr, "cloc_check: cannot read %s\n", path);
		return 1;
	}
	/* with a kinds array, as extraction will call it */
	size_t n_lines = sp_lines_count_lines(data, len);
	uint8_t *kinds = malloc(n_lines ? n_lines : 1);
	if (!kinds) {
		free(data);
		fprintf(stderr, "cloc_check: out of memory\n");
		return 1;
	}
	double t0 = now();
	int rc = sp_lines_classify(data, len, &sp_comment_syntax_python, kinds, &c);
	stats->seconds += now() - t0;
	stats->bytes += len;
	stats->lines += n_lines;
	free(kinds);
	free(data);
	if (rc != 0) {
		fprintf(stderr, "cloc_check: %s: error %d\n", path, rc);
		return 1;
	}
	printf("%s\t%u\t%u\t%u\n", path, c.blank, c.comment, c.code);
	return 0;
}

int main(int argc, char **argv)
{
	int failed = 0;
	check_stats stats = {0};

	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			failed |= check_one(argv[i], &stats);
		goto out;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, stdin)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (n > 0)
			failed |= check_one(line, &stats);
	}
	free(line);
out:
	fprintf(stderr, "classified %zu bytes, %zu lines in %.4f s (%.0f MB/s)\n", stats.bytes,
		stats.lines, stats.seconds,
		stats.seconds > 0 ? (double)stats.bytes / stats.seconds / 1e6 : 0.0);
	return failed;
}
