// links: unpack/tar_header.c
/* Header decoding: octal and base-256 numbers, checksums, the ustar name prefix. */
#include "tar_header.h"

#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static int64_t
number (const char *bytes, size_t len, int *ok)
{
  int64_t out = -12345;
  isle_err_t err;
  *ok = tar_parse_number ((const unsigned char *) bytes, len, &out, &err) == 0;
  return out;
}

static void
test_octal (void)
{
  int ok;
  CHECK (number ("0000644\0", 8, &ok) == 0644 && ok);
  CHECK (number ("   755 \0", 8, &ok) == 0755 && ok);
  CHECK (number ("\0\0\0\0\0\0\0\0", 8, &ok) == 0 && ok);
  CHECK (number ("77777777777\0", 12, &ok) == 077777777777LL && ok);
  number ("00008\0\0\0", 8, &ok);
  CHECK (!ok);
  number ("0644 x\0\0", 8, &ok);
  CHECK (!ok);
}

static void
test_base256 (void)
{
  int ok;
  /* 8 GiB + 1 does not fit in 11 octal digits; GNU tar writes it base-256. */
  const char big[12] = { (char) 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 0x01 };
  CHECK (number (big, 12, &ok) == 0x200000001LL && ok);
  const char minus_one[8] = { (char) 0xff, (char) 0xff, (char) 0xff, (char) 0xff,
                              (char) 0xff, (char) 0xff, (char) 0xff, (char) 0xff };
  CHECK (number (minus_one, 8, &ok) == -1 && ok);
  const char uid[8] = { (char) 0x80, 0, 0, 0, 0x7f, (char) 0xff, (char) 0xff, (char) 0xfe };
  CHECK (number (uid, 8, &ok) == 0x7ffffffeLL && ok);
  const char overflow[12] = { (char) 0x80, 0, 0, 0x7f, (char) 0xff, 0, 0, 0, 0, 0, 0, 0 };
  number (overflow, 12, &ok);
  CHECK (!ok);
}

static void
make_header (unsigned char block[TAR_BLOCK], const char *name, const char *prefix, char type, const char *size)
{
  memset (block, 0, TAR_BLOCK);
  memcpy (block, name, strlen (name));
  memcpy (block + 100, "0000755", 7);
  memcpy (block + 108, "0001750", 7);
  memcpy (block + 116, "0000144", 7);
  memcpy (block + 124, size, strlen (size));
  memcpy (block + 136, "14707000000", 11);
  block[156] = (unsigned char) type;
  memcpy (block + 257, "ustar\0" "00", 8);
  if (prefix)
    memcpy (block + 345, prefix, strlen (prefix));
  unsigned sum = 0;
  memset (block + 148, ' ', 8);
  for (int i = 0; i < TAR_BLOCK; i++)
    sum += block[i];
  snprintf ((char *) block + 148, 8, "%06o", sum);
}

static void
test_decode (void)
{
  unsigned char block[TAR_BLOCK];
  tar_header_t h;
  isle_err_t err;

  make_header (block, "bin/busybox", "usr", '0', "00000001750");
  CHECK (tar_checksum_ok (block));
  CHECK (tar_header_decode (block, &h, &err) == 0);
  CHECK (strcmp (h.name, "usr/bin/busybox") == 0);
  CHECK (h.mode == 0755 && h.uid == 1000 && h.gid == 100 && h.size == 1000 && h.typeflag == '0');
  CHECK (h.mtime == 014707000000LL);

  /* A 100-byte name fills the field with no NUL. */
  char long_name[101];
  memset (long_name, 'n', 100);
  long_name[100] = '\0';
  make_header (block, long_name, NULL, '0', "0");
  CHECK (tar_header_decode (block, &h, &err) == 0 && strlen (h.name) == 100);

  /* One flipped bit breaks the checksum. */
  make_header (block, "etc/passwd", NULL, '0', "0");
  block[0] ^= 1;
  CHECK (!tar_checksum_ok (block));
  CHECK (tar_header_decode (block, &h, &err) < 0 && strstr (err.message, "checksum") != NULL);

  /* Old GNU headers keep atime there, not a prefix. */
  make_header (block, "file", NULL, '0', "0");
  memcpy (block + 257, "ustar  \0", 8);
  memcpy (block + 345, "garbage", 7);
  unsigned sum = 0;
  memset (block + 148, ' ', 8);
  for (int i = 0; i < TAR_BLOCK; i++)
    sum += block[i];
  snprintf ((char *) block + 148, 8, "%06o", sum);
  CHECK (tar_header_decode (block, &h, &err) == 0 && strcmp (h.name, "file") == 0);

  memset (block, 0, TAR_BLOCK);
  CHECK (tar_block_is_zero (block));
  CHECK (tar_padding (0) == 0 && tar_padding (1) == 511 && tar_padding (512) == 0 && tar_padding (513) == 511);
}

int
main (void)
{
  test_octal ();
  test_base256 ();
  test_decode ();
  return check_done ("unpack_header_test");
}
