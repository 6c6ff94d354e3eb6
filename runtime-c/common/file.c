#include "file.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int
isle_read_file (const char *path, size_t max_bytes, const char *stage, char **out, size_t *len, isle_err_t *err)
{
  cleanup_close int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  struct stat st;
  size_t got = 0;
  char *text;

  if (fd < 0)
    return isle_err (err, stage, errno, "open %s", path);
  if (fstat (fd, &st) < 0)
    return isle_err (err, stage, errno, "stat %s", path);
  if (!S_ISREG (st.st_mode) || (size_t) st.st_size > max_bytes)
    return isle_err (err, stage, EINVAL, "%s must be a regular file of at most %zu bytes", path, max_bytes);
  text = malloc ((size_t) st.st_size + 1);
  if (text == NULL)
    return isle_err (err, stage, errno, "reading %s", path);
  while (got < (size_t) st.st_size)
    {
      ssize_t n = read (fd, text + got, (size_t) st.st_size - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          free (text);
          return isle_err (err, stage, n < 0 ? errno : EIO, "read %s", path);
        }
      got += (size_t) n;
    }
  text[got] = '\0';
  *out = text;
  *len = got;
  return 0;
}

int
isle_write_all (int fd, const void *data, size_t n, const char *stage, const char *what, isle_err_t *err)
{
  const unsigned char *p = data;

  while (n > 0)
    {
      ssize_t put = write (fd, p, n);
      if (put < 0 && errno == EINTR)
        continue;
      if (UNLIKELY (put < 0))
        return isle_err (err, stage, errno, "writing %s", what);
      p += put;
      n -= (size_t) put;
    }
  return 0;
}
