#include "spawn.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup_join.h"
#include "child.h"
#include "report.h"

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/* The kernel's struct clone_args up to `cgroup` (CLONE_ARGS_SIZE_VER2); <linux/sched.h> clashes with <sched.h>. */
struct shim_clone_args
{
  uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

static int
cmp_int (const void *a, const void *b)
{
  return *(const int *) a - *(const int *) b;
}

/* In the child: close every fd above 2 except `keep` (n <= 3). */
static int
close_others (int *keep, size_t n, isle_err_t *err)
{
  unsigned lo = 3;

  qsort (keep, n, sizeof (int), cmp_int);
  for (size_t i = 0; i <= n; i++)
    {
      unsigned hi = i < n ? (unsigned) keep[i] : ~0U;
      if (hi > lo && close_range (lo, hi - 1, 0) < 0)
        return isle_err (err, "clone", errno, "close the shim's descriptors");
      if (i < n)
        lo = (unsigned) keep[i] + 1;
    }
  return 0;
}

static _Noreturn void
child_side (const shim_spawn_opts_t *o, isle_child_t *child)
{
  isle_err_t err = { 0 };
  int keep[3] = { child->start_fd, child->report_fd, child->ready_fd };

  for (size_t i = 0; i < o->n_cgroup_join; i++)
    if (isle_cgroup_join_self (o->cgroup_join_fds[i], o->cgroup_join_files[i], &err) < 0)
      {
        isle_report_write (child->report_fd, &err);
        _exit (125);
      }
  if (shim_stdio_child_setup (o->io, &err) < 0 || close_others (keep, 3, &err) < 0)
    {
      isle_report_write (child->report_fd, &err);
      _exit (125);
    }
  isle_child_main (child);
}

/* fork-like clone: the child continues on a copy of our stack. clone3 when a v2 cgroup is to be joined. */
static pid_t
clone_child (const shim_spawn_opts_t *o, bool *in_cgroup)
{
  *in_cgroup = false;
  if (o->cgroup_dir_fd >= 0)
    {
      struct shim_clone_args args = { .flags = (uint64_t) (unsigned) o->cfg->clone_flags | CLONE_INTO_CGROUP,
                                       .exit_signal = SIGCHLD, .cgroup = (uint64_t) o->cgroup_dir_fd };
      long pid = syscall (SYS_clone3, &args, sizeof (args));
      if (pid >= 0)
        return *in_cgroup = true, (pid_t) pid;
      if (errno != ENOSYS && errno != E2BIG && errno != EINVAL)
        return -1;
    }
  return (pid_t) syscall (SYS_clone, SIGCHLD | o->cfg->clone_flags, NULL, NULL, NULL, NULL);
}

int
shim_spawn (const shim_spawn_opts_t *o, shim_spawned_t *out, isle_err_t *err)
{
  int start_pipe[2], ready_pipe[2], report_pipe[2];
  isle_child_t child = { .cfg = o->cfg, .sigmask = o->child_mask, .tiny_init = o->tiny_init,
                         .monitor_fds = { -1, -1, -1, -1, -1, -1 } };
  pid_t pid;

  if (pipe2 (start_pipe, O_CLOEXEC) < 0)
    return isle_err (err, "clone", errno, "pipe2");
  if (pipe2 (ready_pipe, O_CLOEXEC) < 0)
    {
      close (start_pipe[0]), close (start_pipe[1]);
      return isle_err (err, "clone", errno, "pipe2");
    }
  if (pipe2 (report_pipe, O_CLOEXEC) < 0)
    {
      close (start_pipe[0]), close (start_pipe[1]), close (ready_pipe[0]), close (ready_pipe[1]);
      return isle_err (err, "clone", errno, "pipe2");
    }
  child.expected_ppid = (o->cfg->clone_flags & CLONE_NEWPID) ? 0 : getpid ();
  child.start_fd = start_pipe[0];
  child.ready_fd = ready_pipe[1];
  child.report_fd = report_pipe[1];
  child.pty_slave = o->io->terminal ? o->io->pty.slave_path : NULL;

  pid = clone_child (o, &out->in_cgroup);
  if (pid == 0)
    child_side (o, &child);
  close (start_pipe[0]), close (ready_pipe[1]), close (report_pipe[1]);
  if (pid < 0)
    {
      close (start_pipe[1]), close (ready_pipe[0]), close (report_pipe[0]);
      return isle_err (err, "clone", errno, "clone the container init");
    }
  out->pid = pid;
  out->start_fd = start_pipe[1];
  out->ready_fd = ready_pipe[0];
  out->report_fd = report_pipe[0];
  return 0;
}
