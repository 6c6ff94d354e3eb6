/*
 * The one-line JSON messages isle-unpack writes (see PROTOCOL.md, "isle-unpack"). Entry names are raw bytes:
 * valid UTF-8 passes through, control characters and quotes are escaped, and every byte that is not part of
 * valid UTF-8 becomes the literal text \xNN (a backslash, 'x', two hex digits; JSON-encoded as "\\xNN"), so
 * the line stays valid UTF-8 JSON and a human can still read the name.
 */
#ifndef ISLE_UNPACK_JSON_OUT_H
#define ISLE_UNPACK_JSON_OUT_H

#include "error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct json_buf
{
  char *data;
  size_t len, cap;
  int failed; /* an allocation failed; the line is dropped */
} json_buf_t;

void json_raw (json_buf_t *buf, const char *text);
void json_string (json_buf_t *buf, const unsigned char *bytes, size_t len);
void json_uint (json_buf_t *buf, uint64_t value);
void json_int (json_buf_t *buf, int64_t value);
void json_free (json_buf_t *buf);

/* Writes the buffer plus "\n" to fd in one write when possible. */
int json_emit (json_buf_t *buf, int fd);

/* What isle-unpack hashed on the way (--hash, --keep); a NULL digest was not asked for. */
typedef struct unpack_digests
{
  const char *tar_sha256;   /* hex sha256 of the (decompressed) tar stream */
  const char *input_sha256; /* hex sha256 of stdin as read, the kept copy */
  uint64_t input_bytes;
} unpack_digests_t;

/* {"v":1,"type":"error","stage":...,"errno":N,"message":...,"entry":...} on fd; entry may be NULL. */
void report_error (int fd, const isle_err_t *err, const char *entry);

/* The same, plus the digests computed before the failure (--keep: the whole input is read to hash it). */
void report_error_digests (int fd, const isle_err_t *err, const char *entry, const unpack_digests_t *digests);

/* {"v":1,"type":"unpacked","entries":N,"bytes":N,"skippedDevices":N} on fd, plus "tarSha256", "inputSha256" and
   "inputBytes" for the digests given (digests may be NULL). */
void report_summary (int fd, uint64_t entries, uint64_t bytes, uint64_t skipped_devices,
                     const unpack_digests_t *digests);

/* --layer: {"v":1,"type":"opaque","path":DIR} on fd, one per opaque directory ("" is the layer root), before
   the summary; the copying storage driver (no overlayfs) needs them, since it cannot read trusted.* xattrs. */
void report_opaque (int fd, const char *dir);

#endif
