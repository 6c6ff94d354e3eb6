/* The extraction loop: every entry of the tar stream on `in_fd` into the directory `dest`. */
#ifndef ISLE_UNPACK_UNPACK_H
#define ISLE_UNPACK_UNPACK_H

#include "error.h"
#include "extract.h"

/* On failure *failed_entry (if not NULL) is the archive name of the entry being extracted, for the report;
   the caller frees it. `layer`: convert OCI whiteouts (whiteout.h). */
int unpack_stream (int in_fd, const char *dest, bool layer, unpack_stats_t *stats, char **failed_entry, isle_err_t *err);

#endif
