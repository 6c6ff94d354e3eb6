/*
 * POSIX.1-2001 pax extended headers: records of the form "<len> <key>=<value>\n", where <len> counts the whole
 * record. Values are length-delimited bytes (xattr values are binary). Only the keys Islander honours are kept;
 * any GNU.sparse.* key marks the entry as sparse, which the extractor refuses.
 */
#ifndef ISLE_UNPACK_PAX_H
#define ISLE_UNPACK_PAX_H

#include "entry.h"
#include "error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pax_attrs
{
  char *path;
  char *linkpath;
  bool has_size, has_uid, has_gid, has_mtime;
  uint64_t size;
  int64_t uid;
  int64_t gid;
  int64_t mtime_sec;
  long mtime_nsec;
  bool sparse;
  xattr_list_t xattrs; /* from SCHILY.xattr.<name> */
} pax_attrs_t;

/* Parses `len` bytes of records into `attrs` (later records win; an empty value unsets the key). */
int pax_parse (const char *data, size_t len, pax_attrs_t *attrs, isle_err_t *err);

/* "1234", "-5", "1234.5678" → seconds and nanoseconds. */
int pax_parse_time (const char *value, size_t len, int64_t *sec, long *nsec, isle_err_t *err);

void pax_attrs_free (pax_attrs_t *attrs);

#endif
