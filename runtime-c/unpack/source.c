#include "source.h"

#include <unistd.h>

static ssize_t
fd_source_read (byte_source_t *self, unsigned char *buf, size_t n, isle_err_t *err)
{
  fd_source_t *source = (fd_source_t *) self;
  ssize_t got;

  do
    got = read (source->fd, buf, n);
  while (got < 0 && errno == EINTR);
  if (UNLIKELY (got < 0))
    return isle_err (err, "unpack", errno, "reading the archive");
  return got;
}

void
fd_source_init (fd_source_t *source, int fd)
{
  source->base.read = fd_source_read;
  source->fd = fd;
}
