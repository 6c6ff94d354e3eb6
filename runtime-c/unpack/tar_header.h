/*
 * Decoding of one 512-byte tar header block (ustar, GNU and v7 layouts). Pure functions over bytes, so the
 * unit tests (tests/unpack_header_test.c) can feed them hostile blocks directly.
 */
#ifndef ISLE_UNPACK_TAR_HEADER_H
#define ISLE_UNPACK_TAR_HEADER_H

#include "error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TAR_BLOCK 512

typedef struct tar_header
{
  char name[257];     /* ustar prefix + "/" + name, NUL-terminated */
  char linkname[101]; /* NUL-terminated */
  char typeflag;
  int64_t mode;
  int64_t uid;
  int64_t gid;
  int64_t size;
  int64_t mtime;
} tar_header_t;

/* A numeric field: octal digits (leading spaces allowed, ended by NUL or space) or GNU base-256 (first byte has
   the high bit set; 0xff marks a negative value). Fails on any other byte and on values that overflow int64. */
int tar_parse_number (const unsigned char *field, size_t len, int64_t *out, isle_err_t *err);

/* The stored checksum matches the block, summed as unsigned or (as some old writers did) signed bytes. */
bool tar_checksum_ok (const unsigned char block[TAR_BLOCK]);

bool tar_block_is_zero (const unsigned char block[TAR_BLOCK]);

/* Checks the checksum and decodes every field; errors name the field. */
int tar_header_decode (const unsigned char block[TAR_BLOCK], tar_header_t *header, isle_err_t *err);

/* Bytes of padding after `size` bytes of data, up to the next block boundary. */
static inline uint64_t
tar_padding (uint64_t size)
{
  return (TAR_BLOCK - size % TAR_BLOCK) % TAR_BLOCK;
}

#endif
