#include "cp.h"
#include "json_out.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *
kind_name (mode_t mode)
{
  switch (mode & S_IFMT)
    {
    case S_IFREG:
      return "file";
    case S_IFDIR:
      return "directory";
    case S_IFLNK:
      return "symlink";
    default:
      return "other";
    }
}

int
cp_stat (int root_fd, const char *path, bool follow, int out_fd, isle_err_t *err)
{
  cleanup_close int fd = cp_open_in_root (root_fd, path, O_PATH, follow, err);
  json_buf_t line = { 0 };
  struct stat st;

  json_raw (&line, "{\"v\":1,\"type\":\"stat\",\"kind\":");
  if (fd < 0 && (err->errno_value == ENOENT || err->errno_value == ENOTDIR))
    {
      /* ENOTDIR: a parent is not a directory, so nothing exists there either; the caller says which. */
      json_string (&line, (const unsigned char *) "missing", 7);
      json_raw (&line, ",\"errno\":");
      json_int (&line, err->errno_value);
    }
  else if (fd < 0)
    return -1;
  else
    {
      if (UNLIKELY (fstat (fd, &st) < 0))
        return isle_err (err, "read", errno, "stat '%s'", path);
      const char *kind = kind_name (st.st_mode);
      json_string (&line, (const unsigned char *) kind, strlen (kind));
      json_raw (&line, ",\"mode\":");
      json_uint (&line, st.st_mode & 07777);
      json_raw (&line, ",\"size\":");
      json_uint (&line, (uint64_t) st.st_size);
    }
  json_raw (&line, "}");
  int ret = json_emit (&line, out_fd);
  json_free (&line);
  return ret < 0 ? isle_err (err, "write", errno, "writing the stat line") : 0;
}
