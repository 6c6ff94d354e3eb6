// links: unpack/gunzip.c unpack/tap.c unpack/source.c
/* isle-unpack's input stages: gzip sniffing and inflating (members, trailing bytes, corruption), and the tap's
   sha256 and copy. The gzip input is made here with ISA-L's deflate, read back in small and odd-sized pieces. */
#include "gunzip.h"
#include "tap.h"

#include "check.h"

#include <isa-l/igzip_lib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A byte source over a buffer that hands out at most `step` bytes a call, like a pipe does. */
typedef struct memory_source
{
  byte_source_t base;
  const unsigned char *data;
  size_t len, pos, step;
} memory_source_t;

static ssize_t
memory_read (byte_source_t *self, unsigned char *buf, size_t n, isle_err_t *err)
{
  memory_source_t *m = (memory_source_t *) self;
  size_t take = m->len - m->pos;

  (void) err;
  if (take > n)
    take = n;
  if (take > m->step)
    take = m->step;
  memcpy (buf, m->data + m->pos, take);
  m->pos += take;
  return (ssize_t) take;
}

static memory_source_t
memory (const unsigned char *data, size_t len, size_t step)
{
  memory_source_t m = { .base = { .read = memory_read }, .data = data, .len = len, .step = step };
  return m;
}

/* gzip of `len` bytes of `data` appended at out + *at. */
static void
gzip_append (const unsigned char *data, size_t len, unsigned char *out, size_t cap, size_t *at)
{
  struct isal_zstream z;

  isal_deflate_stateless_init (&z);
  z.gzip_flag = IGZIP_GZIP;
  z.end_of_stream = 1;
  z.next_in = (uint8_t *) data;
  z.avail_in = (uint32_t) len;
  z.next_out = out + *at;
  z.avail_out = (uint32_t) (cap - *at);
  CHECK (isal_deflate_stateless (&z) == COMP_OK);
  *at += z.total_out;
}

/* Reads everything from `source` in pieces of `piece` bytes; returns the length, or -1 with err set. */
static ssize_t
read_all (byte_source_t *source, unsigned char *out, size_t cap, size_t piece, isle_err_t *err)
{
  size_t len = 0;
  for (;;)
    {
      size_t want = cap - len < piece ? cap - len : piece;
      ssize_t got = source->read (source, out + len, want, err);
      if (got <= 0)
        return got < 0 ? -1 : (ssize_t) len;
      len += (size_t) got;
    }
}

static unsigned char text[200000];

static void
fill_text (void)
{
  for (size_t i = 0; i < sizeof (text); i++)
    text[i] = (unsigned char) ("tar data, compressible "[i % 23] + (i / 4096) % 3);
}

static void
test_plain_passes_through (void)
{
  isle_err_t err = { 0 };
  unsigned char out[64];
  memory_source_t in = memory ((const unsigned char *) "ustar-ish plain bytes", 21, 5);
  gunzip_t gz;

  CHECK (gunzip_init (&gz, &in.base, &err) == 0);
  CHECK (read_all (&gz.base, out, sizeof (out), 3, &err) == 21);
  CHECK (memcmp (out, "ustar-ish plain bytes", 21) == 0);
  gunzip_free (&gz);
}

static void
test_members_and_trailing_bytes (void)
{
  isle_err_t err = { 0 };
  static unsigned char packed[400000], out[400000];
  size_t at = 0;
  gunzip_t gz;
  tap_t raw;
  char hex[SHA256_HEX_LEN + 1];

  gzip_append (text, 150000, packed, sizeof (packed), &at);
  gzip_append (text + 150000, sizeof (text) - 150000, packed, sizeof (packed), &at);
  memcpy (packed + at, "\0\0\0junk", 8); /* not a member: read (the tap sees it) and ignored */
  at += 8;

  memory_source_t in = memory (packed, at, 4093);
  CHECK (tap_init (&raw, &in.base, -1, &err) == 0);
  CHECK (gunzip_init (&gz, &raw.base, &err) == 0);
  CHECK (read_all (&gz.base, out, sizeof (out), 7777, &err) == (ssize_t) sizeof (text));
  CHECK (memcmp (out, text, sizeof (text)) == 0);
  CHECK (raw.bytes == at);
  CHECK (tap_digest_hex (&raw, hex, &err) == 0 && strlen (hex) == SHA256_HEX_LEN);
  gunzip_free (&gz);
  tap_free (&raw);
}

static void
test_corruption_is_an_archive_error (void)
{
  static unsigned char packed[300000], out[300000];
  size_t at = 0;

  gzip_append (text, sizeof (text), packed, sizeof (packed), &at);

  /* A wrong CRC-32 in the trailer. */
  packed[at - 8] ^= 0xff;
  {
    isle_err_t err = { 0 };
    memory_source_t in = memory (packed, at, 65536);
    gunzip_t gz;
    CHECK (gunzip_init (&gz, &in.base, &err) == 0);
    CHECK (read_all (&gz.base, out, sizeof (out), 65536, &err) == -1);
    CHECK (strcmp (err.stage, "archive") == 0 && strstr (err.message, "not a valid gzip stream") != NULL);
    gunzip_free (&gz);
  }
  packed[at - 8] ^= 0xff;

  /* Cut short. */
  {
    isle_err_t err = { 0 };
    memory_source_t in = memory (packed, at / 2, 65536);
    gunzip_t gz;
    CHECK (gunzip_init (&gz, &in.base, &err) == 0);
    CHECK (read_all (&gz.base, out, sizeof (out), 65536, &err) == -1);
    CHECK (strstr (err.message, "unexpected end of file") != NULL);
    gunzip_free (&gz);
  }
}

static void
test_tap_digest_and_copy (void)
{
  isle_err_t err = { 0 };
  unsigned char out[8];
  char hex[SHA256_HEX_LEN + 1];
  char copy[] = "/tmp/isle-tap-test-XXXXXX";
  int fd = mkstemp (copy);
  memory_source_t in = memory ((const unsigned char *) "abc", 3, 1);
  tap_t tap;

  CHECK (fd >= 0);
  CHECK (tap_init (&tap, &in.base, fd, &err) == 0);
  CHECK (read_all (&tap.base, out, sizeof (out), 2, &err) == 3);
  CHECK (tap_digest_hex (&tap, hex, &err) == 0);
  CHECK (strcmp (hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0);
  CHECK (lseek (fd, 0, SEEK_END) == 3);
  tap_free (&tap);
  close (fd);
  unlink (copy);
}

int
main (void)
{
  fill_text ();
  test_plain_passes_through ();
  test_members_and_trailing_bytes ();
  test_corruption_is_an_archive_error ();
  test_tap_digest_and_copy ();
  return check_done ("unpack_gunzip");
}
