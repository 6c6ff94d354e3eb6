/*
 * A stage of the byte stream (source.h) that passes every byte on unchanged while hashing it with sha256 and,
 * when given a file, writing a copy there: on the compressed input it yields the blob and its digest, on the
 * decompressed stream the layer's diff id. Hashing uses OpenSSL, which uses the CPU's SHA extensions.
 */
#ifndef ISLE_UNPACK_TAP_H
#define ISLE_UNPACK_TAP_H

#include "source.h"

#include <stdint.h>

#define SHA256_HEX_LEN 64

typedef struct tap
{
  byte_source_t base;
  byte_source_t *from;
  void *hash; /* EVP_MD_CTX, kept opaque so only tap.c includes OpenSSL */
  int copy_fd; /* -1: no copy */
  uint64_t bytes;
} tap_t;

/* copy_fd: where to write a copy of the stream, or -1; the tap does not close it. */
int tap_init (tap_t *tap, byte_source_t *from, int copy_fd, isle_err_t *err);
void tap_free (tap_t *tap);

/* The sha256 of everything read so far as lowercase hex (hex has room for SHA256_HEX_LEN + 1). */
int tap_digest_hex (tap_t *tap, char *hex, isle_err_t *err);

#endif
