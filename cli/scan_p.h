/* cli/scan_p.h: what the single-process scan (cli/scan.c) and the shared queue's enqueue and
   worker (cli/scan_queue.c) share: one way to turn a manifest into each repository's options. */
#ifndef SP_SCAN_P_H
#define SP_SCAN_P_H

#include "cli_p.h"
#include "manifest_p.h"

/* The options every repository of m starts from: flags beat the manifest's defaults, which beat
   the built-in ones; db_given says the flags (or $SNAKEPIPE_DB) chose the database. */
void sp_scan_base(const sp_options *o, bool db_given, const sp_manifest *m, sp_options *base);
/* Repository i's options: its manifest keys over base (pointers into m). */
void sp_scan_repo(const sp_options *base, const sp_manifest *m, unsigned i, sp_options *one);

#endif
