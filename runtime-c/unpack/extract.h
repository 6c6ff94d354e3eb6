/*
 * Creating one entry below the root. Parents are resolved with root_dir_fd (confined by RESOLVE_IN_ROOT); the
 * final component is created with *at() calls that never follow it: O_CREAT|O_EXCL|O_NOFOLLOW, mkdirat,
 * symlinkat, linkat without AT_SYMLINK_FOLLOW, mknodat. An existing entry at the same path is replaced (a
 * directory over a directory merges), as tar does. Device nodes are never created, only counted.
 *
 * Metadata order matters: data, then owner (chown clears setuid/setgid and file capabilities), then xattrs,
 * then mode, then times.
 */
#ifndef ISLE_UNPACK_EXTRACT_H
#define ISLE_UNPACK_EXTRACT_H

#include "dir_times.h"
#include "entry.h"
#include "error.h"
#include "reader.h"
#include "root.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct unpack_stats
{
  uint64_t entries;
  uint64_t bytes; /* regular-file data written */
  uint64_t skipped_devices;
} unpack_stats_t;

typedef struct extractor
{
  root_t root;
  reader_t *in;
  dir_times_t dir_times;
  unpack_stats_t stats;
  bool layer; /* --layer: whiteouts become overlay whiteouts (whiteout.h) */
} extractor_t;

/* Creates `entry` (whose path is cleaned in place). For a regular file it consumes the data from the reader;
   *unread is set to the data bytes the caller must still skip. */
int extract_entry (extractor_t *x, entry_t *entry, uint64_t *unread, isle_err_t *err);

#endif
