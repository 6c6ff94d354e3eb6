/*
 * isle-unpack's input as its flags build it from the stages of source.h: stdin, kept in a file and hashed as
 * read (--keep FILE: the compressed blob and its digest), inflated when it is gzip (--gunzip), and the tar
 * hashed (--hash: the diff id). With none of them the reader reads (and splices from) stdin itself.
 */
#ifndef ISLE_UNPACK_INPUT_H
#define ISLE_UNPACK_INPUT_H

#include "gunzip.h"
#include "json_out.h"
#include "reader.h"
#include "source.h"
#include "tap.h"

#include <stdbool.h>

typedef struct input_options
{
  const char *keep; /* NULL: keep no copy */
  bool gunzip;
  bool hash;
} input_options_t;

typedef struct input
{
  input_options_t opts;
  fd_source_t stdin_source;
  tap_t kept;
  gunzip_t gunzip;
  tap_t tar;
  int keep_fd;
  byte_source_t *top; /* what the reader reads; NULL: stdin itself */
  char tar_hex[SHA256_HEX_LEN + 1];
  char input_hex[SHA256_HEX_LEN + 1];
} input_t;

/* Creates the --keep file (it must not exist) and opens `reader` on the stages asked for. */
int input_open (input_t *in, int fd, const input_options_t *opts, reader_t *reader, isle_err_t *err);

/* Once the reader has read to the end: closes the kept copy and fills `digests` for the summary. */
int input_finish (input_t *in, unpack_digests_t *digests, isle_err_t *err);

/* After a failure, with --keep: reads the rest of stdin to hash it (the copy is dropped), so the caller can tell
   a blob that is not the one it asked for from a bad archive; returns -1 when there is no digest to give. */
int input_hash_rest (input_t *in, unpack_digests_t *digests);

void input_free (input_t *in);

#endif
