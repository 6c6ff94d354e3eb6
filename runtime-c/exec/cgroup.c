/*
 * Joining the container's cgroups: we write ourselves into every file the control plane named (each v1
 * controller's `tasks`, or the unified group's cgroup.procs; common/cgroup_join.h says why those), before the
 * fork, so the process is born inside and is limited and accounted from its first instruction. This runs
 * before setns: the paths are host paths, and on cgroup v2 a move is checked against the writer's cgroup
 * namespace.
 */
#include "cgroup_join.h"
#include "exec.h"

int
exec_cgroups_join (const char *const *files, size_t n, isle_err_t *err)
{
  for (size_t i = 0; i < n; i++)
    {
      cleanup_close int fd = isle_cgroup_join_open (files[i], err);

      if (fd < 0 || isle_cgroup_join_self (fd, files[i], err) < 0)
        return -1;
    }
  return 0;
}
