/*
 * Joining the container's cgroups: our own pid goes into every cgroup.procs file the control plane named
 * (one per v1 controller, or the unified group), before the fork, so the process is born inside and is
 * limited and accounted from its first instruction. This runs before setns: the paths are host paths, and on
 * cgroup v2 a move is checked against the writer's cgroup namespace.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "exec.h"

int
exec_cgroups_join (const char *const *procs_files, size_t n, isle_err_t *err)
{
  char pid[16];
  int len = snprintf (pid, sizeof (pid), "%d", (int) getpid ());

  for (size_t i = 0; i < n; i++)
    {
      cleanup_close int fd = open (procs_files[i], O_WRONLY | O_CLOEXEC);

      if (fd < 0)
        return isle_err (err, "cgroup", errno, "open %s", procs_files[i]);
      if (write (fd, pid, (size_t) len) != len)
        return isle_err (err, "cgroup", errno, "join the cgroup %s", procs_files[i]);
    }
  return 0;
}
