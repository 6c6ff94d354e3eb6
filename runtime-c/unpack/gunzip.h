/*
 * A stage of the byte stream (source.h) that inflates gzip with ISA-L's igzip (twice zlib's speed, CRC-32 and
 * length checked): the stream is sniffed, and when it does not start
 * with gzip's magic bytes it passes through untouched (a plain tar). Concatenated gzip members are read as one
 * stream, as gzip -d and Node's zlib do; anything else after the last member is read (so a tap before this
 * stage sees the whole input) and ignored. A corrupt or truncated stream is an "archive" error.
 */
#ifndef ISLE_UNPACK_GUNZIP_H
#define ISLE_UNPACK_GUNZIP_H

#include "source.h"

#include <stdbool.h>
#include <isa-l/igzip_lib.h>

typedef struct gunzip
{
  byte_source_t base;
  byte_source_t *from;
  struct inflate_state z;
  unsigned char *in;
  size_t in_cap;
  bool sniffed, plain, done;
} gunzip_t;

int gunzip_init (gunzip_t *gz, byte_source_t *from, isle_err_t *err);
void gunzip_free (gunzip_t *gz);

#endif
