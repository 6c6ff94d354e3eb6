#include "gunzip.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define IN_CHUNK (256 * 1024)

static bool
gzip_magic (const unsigned char *bytes)
{
  return bytes[0] == 0x1f && bytes[1] == 0x8b;
}

/* Reads more input after what is buffered; returns the bytes added, 0 at the end of the input. */
static ssize_t
refill (gunzip_t *gz, isle_err_t *err)
{
  if (gz->z.avail_in > 0 && gz->z.next_in != gz->in)
    memmove (gz->in, gz->z.next_in, gz->z.avail_in);
  gz->z.next_in = gz->in;
  ssize_t got = gz->from->read (gz->from, gz->in + gz->z.avail_in, gz->in_cap - gz->z.avail_in, err);
  if (got > 0)
    gz->z.avail_in += (uint32_t) got;
  return got;
}

/* Buffers at least the two bytes of gzip's magic, unless the input ends first. */
static int
buffer_two (gunzip_t *gz, isle_err_t *err)
{
  while (gz->z.avail_in < 2)
    {
      ssize_t got = refill (gz, err);
      if (got < 0)
        return -1;
      if (got == 0)
        break;
    }
  return 0;
}

/* isal_inflate_init forgets the buffers; the buffered input and the output space carry over. */
static void
start_member (gunzip_t *gz)
{
  uint8_t *next_in = gz->z.next_in, *next_out = gz->z.next_out;
  uint32_t avail_in = gz->z.avail_in, avail_out = gz->z.avail_out;

  isal_inflate_init (&gz->z);
  gz->z.crc_flag = ISAL_GZIP;
  gz->z.next_in = next_in;
  gz->z.avail_in = avail_in;
  gz->z.next_out = next_out;
  gz->z.avail_out = avail_out;
}

/* Decides once, from the first two bytes, whether the stream is gzip. */
static int
sniff (gunzip_t *gz, isle_err_t *err)
{
  if (buffer_two (gz, err) < 0)
    return -1;
  gz->sniffed = true;
  gz->plain = gz->z.avail_in < 2 || !gzip_magic (gz->z.next_in);
  if (!gz->plain)
    start_member (gz);
  return 0;
}

static ssize_t
pass_through (gunzip_t *gz, unsigned char *buf, size_t n, isle_err_t *err)
{
  if (gz->z.avail_in == 0)
    return gz->from->read (gz->from, buf, n, err);
  size_t take = gz->z.avail_in < n ? gz->z.avail_in : n;
  memcpy (buf, gz->z.next_in, take);
  gz->z.next_in += take;
  gz->z.avail_in -= (uint32_t) take;
  return (ssize_t) take;
}

/* After a member: another one follows (gzip magic), or the rest of the input is read and dropped. */
static int
next_member (gunzip_t *gz, isle_err_t *err)
{
  if (buffer_two (gz, err) < 0)
    return -1;
  if (gz->z.avail_in >= 2 && gzip_magic (gz->z.next_in))
    {
      start_member (gz);
      return 0;
    }
  gz->done = true;
  gz->z.avail_in = 0;
  for (;;)
    {
      ssize_t got = gz->from->read (gz->from, gz->in, gz->in_cap, err);
      if (got <= 0)
        return got < 0 ? -1 : 0;
    }
}

static const char *
inflate_error (int ret)
{
  switch (ret)
    {
    case ISAL_INCORRECT_CHECKSUM:
      return "incorrect data check";
    case ISAL_INVALID_WRAPPER:
    case ISAL_UNSUPPORTED_METHOD:
      return "incorrect header check";
    case ISAL_NEED_DICT:
      return "needs a preset dictionary";
    default:
      return "invalid deflate data";
    }
}

static ssize_t
gunzip_read (byte_source_t *self, unsigned char *buf, size_t n, isle_err_t *err)
{
  gunzip_t *gz = (gunzip_t *) self;

  if (!gz->sniffed && sniff (gz, err) < 0)
    return -1;
  if (gz->plain)
    return pass_through (gz, buf, n, err);

  gz->z.next_out = buf;
  gz->z.avail_out = n > UINT32_MAX ? UINT32_MAX : (uint32_t) n;
  while (gz->z.avail_out > 0 && !gz->done)
    {
      if (gz->z.avail_in == 0)
        {
          ssize_t got = refill (gz, err);
          if (got < 0)
            return -1;
          if (got == 0)
            return isle_err (err, "archive", 0, "not a valid gzip stream (unexpected end of file)");
        }
      int ret = isal_inflate (&gz->z);
      if (UNLIKELY (ret != ISAL_DECOMP_OK))
        return isle_err (err, "archive", 0, "not a valid gzip stream (%s)", inflate_error (ret));
      if (gz->z.block_state == ISAL_BLOCK_FINISH && next_member (gz, err) < 0)
        return -1;
    }
  return (ssize_t) (gz->z.next_out - buf);
}

int
gunzip_init (gunzip_t *gz, byte_source_t *from, isle_err_t *err)
{
  memset (gz, 0, sizeof (*gz));
  gz->base.read = gunzip_read;
  gz->from = from;
  gz->in_cap = IN_CHUNK;
  gz->in = malloc (gz->in_cap);
  if (gz->in == NULL)
    return isle_err (err, "unpack", ENOMEM, "allocating the gzip buffer");
  gz->z.next_in = gz->in;
  return 0;
}

void
gunzip_free (gunzip_t *gz)
{
  free (gz->in);
  gz->in = NULL;
}
