/*
 * The tar stream as a sequence of entries: reads headers, folds GNU long names ('L', 'K') and pax headers
 * ('x' per entry, 'g' global) into the entry that follows, and refuses what Islander does not extract
 * (GNU sparse files, multi-volume archives). The caller consumes each entry's data, then calls
 * archive_end_entry to skip what is left and the block padding.
 */
#ifndef ISLE_UNPACK_ARCHIVE_H
#define ISLE_UNPACK_ARCHIVE_H

#include "entry.h"
#include "error.h"
#include "pax.h"
#include "reader.h"

typedef struct archive
{
  reader_t *in;
  pax_attrs_t global; /* from 'g' headers: only uid, gid, mtime and xattrs are honoured */
  uint64_t headers;   /* header blocks read, for error messages */
} archive_t;

void archive_init (archive_t *archive, reader_t *in);
void archive_free (archive_t *archive);

/* Returns 1 with *entry filled, 0 at the end-of-archive marker, -1 on error. */
int archive_next (archive_t *archive, entry_t *entry, isle_err_t *err);

/* Skips `unread` data bytes and the padding of an entry whose size was `size`. */
int archive_end_entry (archive_t *archive, uint64_t size, uint64_t unread, isle_err_t *err);

#endif
