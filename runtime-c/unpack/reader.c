#include "reader.h"

#include "file.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READ_CHUNK (1024 * 1024)
#define SPLICE_MIN (64 * 1024)

int
reader_init (reader_t *reader, int fd, isle_err_t *err)
{
  memset (reader, 0, sizeof (*reader));
  reader->fd = fd;
  reader->cap = READ_CHUNK;
  reader->try_splice = true;
  reader->buf = malloc (reader->cap);
  if (reader->buf == NULL)
    return isle_err (err, "unpack", ENOMEM, "allocating the read buffer");
  return 0;
}

int
reader_init_source (reader_t *reader, byte_source_t *source, isle_err_t *err)
{
  if (reader_init (reader, -1, err) < 0)
    return -1;
  reader->source = source;
  reader->try_splice = false;
  return 0;
}

void
reader_free (reader_t *reader)
{
  free (reader->buf);
  reader->buf = NULL;
}

static int
truncated (reader_t *reader, isle_err_t *err)
{
  return isle_err (err, "archive", 0, "truncated archive: the stream ends in the middle of an entry (at byte %llu)",
                   (unsigned long long) reader->offset);
}

/* Refills an empty buffer; returns the number of bytes now buffered (0 at end of stream). */
static ssize_t
fill (reader_t *reader, isle_err_t *err)
{
  ssize_t got;

  reader->pos = reader->len = 0;
  if (reader->eof)
    return 0;
  if (reader->source != NULL)
    got = reader->source->read (reader->source, reader->buf, reader->cap, err);
  else
    {
      do
        got = read (reader->fd, reader->buf, reader->cap);
      while (got < 0 && errno == EINTR);
      if (UNLIKELY (got < 0))
        return isle_err (err, "unpack", errno, "reading the archive");
    }
  if (got < 0)
    return -1;
  if (got == 0)
    reader->eof = true;
  reader->len = (size_t) got;
  return got;
}

int
reader_read (reader_t *reader, void *dst, size_t n, isle_err_t *err)
{
  unsigned char *out = dst;
  size_t done = 0;

  while (done < n)
    {
      if (reader->pos == reader->len)
        {
          ssize_t got = fill (reader, err);
          if (got < 0)
            return -1;
          if (got == 0)
            return done == 0 ? 1 : truncated (reader, err);
        }
      size_t take = reader->len - reader->pos;
      if (take > n - done)
        take = n - done;
      memcpy (out + done, reader->buf + reader->pos, take);
      reader->pos += take;
      reader->offset += take;
      done += take;
    }
  return 0;
}

int
reader_skip (reader_t *reader, uint64_t n, isle_err_t *err)
{
  while (n > 0)
    {
      if (reader->pos == reader->len)
        {
          ssize_t got = fill (reader, err);
          if (got < 0)
            return -1;
          if (got == 0)
            return truncated (reader, err);
        }
      size_t take = reader->len - reader->pos;
      if (take > n)
        take = (size_t) n;
      reader->pos += take;
      reader->offset += take;
      n -= take;
    }
  return 0;
}

/* Moves up to n bytes from the input pipe straight into out_fd; returns bytes moved, 0 at end of stream, or -2
   when splice does not apply (input is not a pipe) so the caller falls back to read/write. */
static ssize_t
splice_some (reader_t *reader, int out_fd, uint64_t n, isle_err_t *err)
{
  size_t want = n > (1u << 30) ? (1u << 30) : (size_t) n;
  ssize_t moved;

  do
    moved = splice (reader->fd, NULL, out_fd, NULL, want, SPLICE_F_MOVE | SPLICE_F_MORE);
  while (moved < 0 && errno == EINTR);
  if (moved < 0 && (errno == EINVAL || errno == ESPIPE || errno == EBADF))
    {
      reader->try_splice = false;
      return -2;
    }
  if (UNLIKELY (moved < 0))
    return isle_err (err, "unpack", errno, "writing file data");
  if (moved == 0)
    reader->eof = true;
  return moved;
}

int
reader_copy_to_fd (reader_t *reader, int out_fd, uint64_t n, isle_err_t *err)
{
  while (n > 0)
    {
      if (reader->pos < reader->len)
        {
          size_t take = reader->len - reader->pos;
          if (take > n)
            take = (size_t) n;
          if (isle_write_all (out_fd, reader->buf + reader->pos, take, "unpack", "file data", err) < 0)
            return -1;
          reader->pos += take;
          reader->offset += take;
          n -= take;
          continue;
        }
      if (reader->try_splice && !reader->eof && n >= SPLICE_MIN)
        {
          ssize_t moved = splice_some (reader, out_fd, n, err);
          if (moved == -1)
            return -1;
          if (moved == 0)
            return truncated (reader, err);
          if (moved > 0)
            {
              reader->offset += (uint64_t) moved;
              n -= (uint64_t) moved;
              continue;
            }
        }
      ssize_t got = fill (reader, err);
      if (got < 0)
        return -1;
      if (got == 0)
        return truncated (reader, err);
    }
  return 0;
}

int
reader_drain (reader_t *reader, isle_err_t *err)
{
  for (;;)
    {
      ssize_t got = fill (reader, err);
      if (got <= 0)
        return got < 0 ? -1 : 0;
      reader->offset += (uint64_t) got;
    }
}
