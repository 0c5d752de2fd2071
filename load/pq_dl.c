/* load/pq_dl.c: resolves the libpq functions sink_pg.c uses, on first use of PostgreSQL. The
   table is written once under pthread_once and read-only afterwards. */
#define SP_PQ_DL_IMPL
#include "pq_dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#include "sp_core.h"

#include "banned.h"

sp_pq_api sp_pq;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *load_error; /* written once inside pthread_once */

static void load(void)
{
	void *h = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		load_error = "libpq.so.5 could not be loaded (install libpq5)";
		return;
	}
#define SP_PQ_RESOLVE(ret, name, args)                                                                  \
	*(void **)&sp_pq.name = dlsym(h, #name);                                                        \
	if (!sp_pq.name) {                                                                              \
		load_error = "libpq.so.5 lacks " #name;                                                 \
		return;                                                                                 \
	}
	SP_PQ_FUNCS(SP_PQ_RESOLVE)
#undef SP_PQ_RESOLVE
}

int sp_pq_load(const char **why)
{
	pthread_once(&once, load);
	*why = load_error;
	return load_error ? SP_ECONNECT : 0;
}
