#include "input.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A download arrives on a pipe in 64 KiB writes; a larger pipe lets the writer run ahead of the extractor
   (and the extractor read in larger pieces) instead of both waking up for every 64 KiB. */
#define PIPE_SIZE (1024 * 1024)

static void
grow_pipe (int fd)
{
  struct stat st;

  /* Only a speed-up: without it (not a pipe, or past the user's pipe-size limit) reading works the same. */
  if (fstat (fd, &st) == 0 && S_ISFIFO (st.st_mode))
    (void) fcntl (fd, F_SETPIPE_SZ, PIPE_SIZE);
}

int
input_open (input_t *in, int fd, const input_options_t *opts, reader_t *reader, isle_err_t *err)
{
  memset (in, 0, sizeof (*in));
  in->opts = *opts;
  in->keep_fd = -1;
  grow_pipe (fd);
  fd_source_init (&in->stdin_source, fd);
  in->top = &in->stdin_source.base;
  if (opts->keep != NULL)
    {
      in->keep_fd = open (opts->keep, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
      if (UNLIKELY (in->keep_fd < 0))
        return isle_err (err, "unpack", errno, "creating %s", opts->keep);
      if (tap_init (&in->kept, in->top, in->keep_fd, err) < 0)
        return -1;
      in->top = &in->kept.base;
    }
  if (opts->gunzip)
    {
      if (gunzip_init (&in->gunzip, in->top, err) < 0)
        return -1;
      in->top = &in->gunzip.base;
    }
  if (opts->hash)
    {
      if (tap_init (&in->tar, in->top, -1, err) < 0)
        return -1;
      in->top = &in->tar.base;
    }
  if (in->top == &in->stdin_source.base)
    return reader_init (reader, fd, err);
  return reader_init_source (reader, in->top, err);
}

int
input_finish (input_t *in, unpack_digests_t *digests, isle_err_t *err)
{
  memset (digests, 0, sizeof (*digests));
  if (in->opts.hash)
    {
      if (tap_digest_hex (&in->tar, in->tar_hex, err) < 0)
        return -1;
      digests->tar_sha256 = in->tar_hex;
    }
  if (in->opts.keep != NULL)
    {
      if (tap_digest_hex (&in->kept, in->input_hex, err) < 0)
        return -1;
      digests->input_sha256 = in->input_hex;
      digests->input_bytes = in->kept.bytes;
      int fd = in->keep_fd;
      in->keep_fd = -1;
      if (UNLIKELY (close (fd) < 0))
        return isle_err (err, "unpack", errno, "writing %s", in->opts.keep);
    }
  return 0;
}

int
input_hash_rest (input_t *in, unpack_digests_t *digests)
{
  const size_t chunk = 256 * 1024;
  isle_err_t ignored = { 0 };
  unsigned char *buf;
  ssize_t got;

  memset (digests, 0, sizeof (*digests));
  if (in->opts.keep == NULL || in->kept.hash == NULL)
    return -1;
  buf = malloc (chunk);
  if (buf == NULL)
    return -1;
  in->kept.copy_fd = -1;
  do
    got = in->kept.base.read (&in->kept.base, buf, chunk, &ignored);
  while (got > 0);
  free (buf);
  if (got < 0 || tap_digest_hex (&in->kept, in->input_hex, &ignored) < 0)
    return -1;
  digests->input_sha256 = in->input_hex;
  digests->input_bytes = in->kept.bytes;
  return 0;
}

void
input_free (input_t *in)
{
  if (in->opts.hash)
    tap_free (&in->tar);
  if (in->opts.gunzip)
    gunzip_free (&in->gunzip);
  if (in->opts.keep != NULL)
    tap_free (&in->kept);
  if (in->keep_fd >= 0)
    close (in->keep_fd);
}
