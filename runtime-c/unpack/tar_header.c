#include "tar_header.h"

#include <string.h>

/* Field offsets of the ustar header (POSIX.1-1988; GNU shares them up to `magic`). */
enum
{
  OFF_NAME = 0, LEN_NAME = 100,
  OFF_MODE = 100, LEN_MODE = 8,
  OFF_UID = 108, LEN_UID = 8,
  OFF_GID = 116, LEN_GID = 8,
  OFF_SIZE = 124, LEN_SIZE = 12,
  OFF_MTIME = 136, LEN_MTIME = 12,
  OFF_CHKSUM = 148, LEN_CHKSUM = 8,
  OFF_TYPEFLAG = 156,
  OFF_LINKNAME = 157, LEN_LINKNAME = 100,
  OFF_MAGIC = 257,
  OFF_PREFIX = 345, LEN_PREFIX = 155,
};

static int
parse_base256 (const unsigned char *field, size_t len, int64_t *out, isle_err_t *err)
{
  bool negative = (field[0] & 0x40) != 0;
  uint64_t value = negative ? UINT64_MAX : 0;

  value = (value << 7) | (field[0] & 0x7f);
  for (size_t i = 1; i < len; i++)
    {
      /* The 9 bits about to be shifted out, plus the new sign bit, must all equal the sign. */
      uint64_t top = value >> 55;
      if (top != (negative ? 0x1ff : 0))
        return isle_err (err, "archive", 0, "base-256 number does not fit in 64 bits");
      value = (value << 8) | field[i];
    }
  *out = (int64_t) value;
  return 0;
}

static int
parse_octal (const unsigned char *field, size_t len, int64_t *out, isle_err_t *err)
{
  size_t i = 0;
  uint64_t value = 0;

  while (i < len && field[i] == ' ')
    i++;
  for (; i < len && field[i] != '\0' && field[i] != ' '; i++)
    {
      if (field[i] < '0' || field[i] > '7')
        return isle_err (err, "archive", 0, "invalid octal digit 0x%02x", field[i]);
      if (value > (UINT64_MAX >> 4))
        return isle_err (err, "archive", 0, "octal number does not fit in 63 bits");
      value = (value << 3) | (uint64_t) (field[i] - '0');
    }
  for (; i < len; i++)
    if (field[i] != '\0' && field[i] != ' ')
      return isle_err (err, "archive", 0, "garbage after octal number");
  *out = (int64_t) value;
  return 0;
}

int
tar_parse_number (const unsigned char *field, size_t len, int64_t *out, isle_err_t *err)
{
  if (len == 0)
    return isle_err (err, "archive", 0, "empty numeric field");
  if (field[0] & 0x80)
    return parse_base256 (field, len, out, err);
  return parse_octal (field, len, out, err);
}

bool
tar_block_is_zero (const unsigned char block[TAR_BLOCK])
{
  static const unsigned char zero[TAR_BLOCK];
  return memcmp (block, zero, TAR_BLOCK) == 0;
}

bool
tar_checksum_ok (const unsigned char block[TAR_BLOCK])
{
  int64_t stored;
  isle_err_t ignored;
  uint64_t unsigned_sum = 0;
  int64_t signed_sum = 0;

  if (tar_parse_number (block + OFF_CHKSUM, LEN_CHKSUM, &stored, &ignored) < 0)
    return false;
  for (size_t i = 0; i < TAR_BLOCK; i++)
    {
      bool in_field = i >= OFF_CHKSUM && i < OFF_CHKSUM + LEN_CHKSUM;
      unsigned char byte = in_field ? ' ' : block[i];
      unsigned_sum += byte;
      signed_sum += (signed char) byte;
    }
  return (int64_t) unsigned_sum == stored || signed_sum == stored;
}

/* Copies a fixed-width, possibly unterminated string field. */
static size_t
copy_field (char *dst, const unsigned char *src, size_t len)
{
  size_t n = strnlen ((const char *) src, len);
  memcpy (dst, src, n);
  dst[n] = '\0';
  return n;
}

static int
number_field (const unsigned char *block, size_t off, size_t len, const char *what, int64_t *out,
              isle_err_t *err)
{
  if (tar_parse_number (block + off, len, out, err) < 0)
    return isle_err_wrap (err, "header field %s", what);
  return 0;
}

int
tar_header_decode (const unsigned char block[TAR_BLOCK], tar_header_t *header, isle_err_t *err)
{
  /* Only POSIX ustar ("ustar\0") has a name prefix; old GNU ("ustar  ") keeps atime/ctime in that space. */
  bool posix = memcmp (block + OFF_MAGIC, "ustar\0", 6) == 0;
  size_t used = 0;

  if (!tar_checksum_ok (block))
    return isle_err (err, "archive", 0, "bad header checksum (not a tar archive, or corrupt)");

  memset (header, 0, sizeof (*header));
  if (posix && block[OFF_PREFIX] != '\0')
    {
      used = copy_field (header->name, block + OFF_PREFIX, LEN_PREFIX);
      header->name[used++] = '/';
    }
  copy_field (header->name + used, block + OFF_NAME, LEN_NAME);
  copy_field (header->linkname, block + OFF_LINKNAME, LEN_LINKNAME);
  header->typeflag = (char) block[OFF_TYPEFLAG];

  if (number_field (block, OFF_MODE, LEN_MODE, "mode", &header->mode, err) < 0
      || number_field (block, OFF_UID, LEN_UID, "uid", &header->uid, err) < 0
      || number_field (block, OFF_GID, LEN_GID, "gid", &header->gid, err) < 0
      || number_field (block, OFF_SIZE, LEN_SIZE, "size", &header->size, err) < 0
      || number_field (block, OFF_MTIME, LEN_MTIME, "mtime", &header->mtime, err) < 0)
    return -1;
  if (header->size < 0)
    return isle_err (err, "archive", 0, "negative entry size");
  return 0;
}
