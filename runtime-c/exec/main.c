/*
 * isle-exec: runs a process inside a running container (`islander exec`).
 *
 *   isle-exec --pid PID --process FILE [--sync-fd N] [--cgroup-join FILE]...
 *   isle-exec --version
 *
 * PID is a process of the container (its init); FILE an OCI `process` object. With --sync-fd, errors,
 * "started" and "exit" are JSON lines on fd N (PROTOCOL.md, "isle-exec"). Exit code: the process's,
 * 128+signal, or 125 when isle-exec failed before the exec.
 */
#include <fcntl.h>
#include <linux/close_range.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "exec.h"
#include "protocol.h"

#define ISLE_EXEC_VERSION "0.1.0"

/* No descriptor of the host may reach the container: everything above stdio becomes close-on-exec at once.
   Not dumpable: while we hold host resources inside the container, its processes cannot ptrace us or open our
   /proc/PID/fd (the kernel resets this at the final exec). */
static int
seal_process (isle_err_t *err)
{
  if (close_range (3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
    return isle_err (err, "config", errno, "close_range");
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    return isle_err (err, "config", errno, "PR_SET_DUMPABLE");
  return 0;
}

int
main (int argc, char **argv)
{
  isle_err_t err = { 0 };
  exec_args_t args;
  exec_process_t proc;
  exec_namespaces_t ns;
  exec_session_t session;

  if (exec_parse_args (argc, argv, &args, &err) < 0)
    {
      exec_send_error (-1, &err);
      return EXEC_EXIT_ENGINE;
    }
  if (args.version)
    {
      printf ("isle-exec %s (protocol %d)\n", ISLE_EXEC_VERSION, ISLE_PROTOCOL_VERSION);
      return 0;
    }
  if (seal_process (&err) < 0 || exec_process_load (args.process_file, &proc, &err) < 0
      || exec_namespaces_open (args.pid, &ns, &err) < 0
      || exec_cgroups_join (args.cgroup_join, args.n_cgroup_join, &err) < 0
      || exec_namespaces_enter (&ns, &err) < 0 || exec_spawn (&session, &proc, args.sync_fd, &err) < 0)
    {
      exec_send_error (args.sync_fd, &err);
      return EXEC_EXIT_ENGINE;
    }
  return exec_wait (&session);
}
