#include "cgroup.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
write_pid (int fd, pid_t pid, const char *what, isle_err_t *err)
{
  char text[24];
  int len = snprintf (text, sizeof (text), "%d\n", (int) pid);

  if (write (fd, text, (size_t) len) != len)
    return isle_err (err, "cgroup", errno, "write pid %d into %s", (int) pid, what);
  return 0;
}

int
shim_cgroup_open_dir (const char *dir, isle_err_t *err)
{
  int fd = open (dir, O_PATH | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return isle_err (err, "cgroup", errno, "open %s", dir);
  return fd;
}

int
shim_cgroup_join_dir (int dir_fd, pid_t pid, isle_err_t *err)
{
  cleanup_close int fd = openat (dir_fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);

  if (fd < 0)
    return isle_err (err, "cgroup", errno, "open cgroup.procs");
  return write_pid (fd, pid, "cgroup.procs", err);
}

long long
shim_oom_count (const char *file, const char *key)
{
  char buf[1024];
  size_t key_len = strlen (key);
  ssize_t n;
  cleanup_close int fd = open (file, O_RDONLY | O_CLOEXEC);

  if (fd < 0 || (n = read (fd, buf, sizeof (buf) - 1)) < 0)
    return -1;
  buf[n] = '\0';
  for (char *line = buf; line != NULL && *line != '\0';)
    {
      char *next = strchr (line, '\n');
      if (strncmp (line, key, key_len) == 0 && line[key_len] == ' ')
        return strtoll (line + key_len + 1, NULL, 10);
      line = next ? next + 1 : NULL;
    }
  return -1;
}
