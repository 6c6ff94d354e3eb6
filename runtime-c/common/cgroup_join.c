#include "cgroup_join.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int
isle_cgroup_join_open (const char *file, isle_err_t *err)
{
  int fd = open (file, O_WRONLY | O_CLOEXEC);

  if (fd < 0)
    return isle_err (err, "cgroup", errno, "open %s", file);
  return fd;
}

int
isle_cgroup_join_self (int fd, const char *file, isle_err_t *err)
{
  if (write (fd, "0", 1) != 1)
    return isle_err (err, "cgroup", errno, "join the cgroup %s", file);
  return 0;
}
