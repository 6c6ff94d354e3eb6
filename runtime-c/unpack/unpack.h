/* The extraction loop: every entry of the tar stream on `in_fd` into the directory `dest`. */
#ifndef ISLE_UNPACK_UNPACK_H
#define ISLE_UNPACK_UNPACK_H

#include "error.h"
#include "extract.h"
#include "reader.h"

/* Extracts the tar read from `in` (the caller's, from an fd or a byte source), then reads `in` to its end.
   On failure *failed_entry (if not NULL) is the archive name of the entry being extracted, for the report;
   the caller frees it. `layer`: convert OCI whiteouts (whiteout.h). */
int unpack_stream (reader_t *in, const char *dest, bool layer, unpack_stats_t *stats, char **failed_entry,
                   isle_err_t *err);

#endif
