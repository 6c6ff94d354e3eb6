/*
 * Buffered reading of the tar stream with large reads (1 MiB), from one fd or from a byte source (source.h).
 * Read from an fd, file data bypasses the buffer: once the buffered bytes are used up, it moves from the stdin
 * pipe to the file with splice(2), so no byte is copied through user space; when stdin is not a pipe it falls
 * back to read/write of whole chunks. A source (decompressed or hashed on the way) is always read into the buffer.
 */
#ifndef ISLE_UNPACK_READER_H
#define ISLE_UNPACK_READER_H

#include "error.h"
#include "source.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct reader
{
  int fd;
  byte_source_t *source; /* NULL: read fd */
  unsigned char *buf;
  size_t cap, pos, len;
  bool eof;
  bool try_splice;
  uint64_t offset; /* bytes consumed so far, for error messages */
} reader_t;

int reader_init (reader_t *reader, int fd, isle_err_t *err);
int reader_init_source (reader_t *reader, byte_source_t *source, isle_err_t *err);
void reader_free (reader_t *reader);

/* Reads exactly n bytes. Returns 1 if the stream ended cleanly before the first byte, 0 on success, and fails
   with a "truncated archive" error if it ends part-way. */
int reader_read (reader_t *reader, void *dst, size_t n, isle_err_t *err);

int reader_skip (reader_t *reader, uint64_t n, isle_err_t *err);

/* Writes the next n bytes of the stream to out_fd. */
int reader_copy_to_fd (reader_t *reader, int out_fd, uint64_t n, isle_err_t *err);

/* Consumes the rest of the stream (tar writers pad to a record size; the feeder must not see EPIPE). */
int reader_drain (reader_t *reader, isle_err_t *err);

#endif
