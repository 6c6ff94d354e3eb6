/*
 * The archive as a pull stream of bytes, built from stages that each wrap the one before:
 *
 *   stdin (fd_source) → tap (hash, keep a copy) → gunzip (when compressed) → tap (hash the tar) → reader.c
 *
 * so isle-unpack can take a layer straight from the registry download: the compressed bytes are hashed and
 * kept as the blob, the tar is hashed for the diff id and extracted, in one pass with no copy through Node.
 * Without a stage in between, reader.c reads stdin itself (and splices file data, see reader.h).
 */
#ifndef ISLE_UNPACK_SOURCE_H
#define ISLE_UNPACK_SOURCE_H

#include "error.h"

#include <stddef.h>
#include <sys/types.h>

typedef struct byte_source byte_source_t;
struct byte_source
{
  /* Up to n bytes into buf: returns the count, 0 at the end of the stream, or -1 with err set. */
  ssize_t (*read) (byte_source_t *self, unsigned char *buf, size_t n, isle_err_t *err);
};

/* The bytes of a file descriptor (a pipe or a file), read as they come. */
typedef struct fd_source
{
  byte_source_t base;
  int fd;
} fd_source_t;

void fd_source_init (fd_source_t *source, int fd);

#endif
