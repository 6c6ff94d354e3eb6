/*
 * The container init's straight line of stages: prepare the process, build the rootfs, pivot into it, wait
 * for "start" (the control plane has placed us in our cgroups by then), drop privileges and exec. The first
 * failure is reported to the monitor and ends the process; there is no cleanup to do, because everything
 * lives in namespaces that die with us.
 */
#include "child.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pty.h"
#include "report.h"
#include "stages.h"
#include "tiny_init.h"

static int
prepare_process (const isle_child_t *c, isle_err_t *err)
{
  if (prctl (PR_SET_NAME, "isle:init", 0, 0, 0) < 0 || prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
    return isle_err (err, "clone", errno, "prctl");
  /* The monitor may have died before PDEATHSIG was armed. (In a new PID namespace getppid() is always 0: the
     start pipe's EOF covers that case.) */
  if (getppid () != c->expected_ppid)
    return isle_err (err, "clone", ESRCH, "the monitor exited during clone");
  for (size_t i = 0; i < sizeof (c->monitor_fds) / sizeof (c->monitor_fds[0]); i++)
    if (c->monitor_fds[i] >= 0)
      close (c->monitor_fds[i]);
  if (signal (SIGPIPE, SIG_DFL) == SIG_ERR || sigprocmask (SIG_SETMASK, &c->sigmask, NULL) < 0)
    return isle_err (err, "clone", errno, "reset signals");
  /* A session of our own: the terminal's ^C goes to the monitor, which forwards it. */
  if (setsid () < 0)
    return isle_err (err, "clone", errno, "setsid");
  umask (0);
  return c->pty_slave ? isle_pty_attach (c->pty_slave, err) : 0;
}

/* Everything up to pivot_root; the rootfs fd only lives inside this function. */
static int
build_rootfs (const isle_child_t *c, isle_err_t *err)
{
  const isle_config_t *cfg = c->cfg;
  cleanup_close int root_fd = -1;

  if (isle_rootfs_prepare (cfg, &root_fd, err) < 0 || isle_mounts_apply (cfg, root_fd, err) < 0
      || isle_devices_create (cfg, root_fd, c->pty_slave ? STDIN_FILENO : -1, err) < 0
      || isle_sysctl_apply (cfg, err) < 0 || isle_masked_paths_apply (cfg, root_fd, err) < 0)
    return -1;
  return isle_pivot_root (root_fd, err);
}

static int
wait_for_start (const isle_child_t *c, isle_err_t *err)
{
  char byte;
  ssize_t n;

  do
    n = read (c->start_fd, &byte, 1);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return isle_err (err, "sync", errno, "wait for start");
  if (n == 0)
    _exit (125); /* the monitor is gone, and with it anyone to report to */
  close (c->start_fd);
  return 0;
}

/* Tell the shim the rootfs is ready, so it can answer "ready" once its cgroup writes are done as well. */
static int
signal_ready (const isle_child_t *c, isle_err_t *err)
{
  char byte = 'r';

  if (c->ready_fd <= 2)
    return 0;
  if (write (c->ready_fd, &byte, 1) != 1)
    return isle_err (err, "sync", errno, "signal ready to the shim");
  close (c->ready_fd);
  return 0;
}

static int
run (const isle_child_t *c, isle_err_t *err)
{
  const isle_config_t *cfg = c->cfg;

  if (prepare_process (c, err) < 0 || isle_namespaces_join (cfg, err) < 0 || isle_hostname_set (cfg, err) < 0
      || isle_loopback_up (cfg, err) < 0 || isle_oom_score_adj_set (cfg, err) < 0 || build_rootfs (c, err) < 0
      || isle_cwd_create (cfg, err) < 0 || isle_rootfs_readonly (cfg, err) < 0 || signal_ready (c, err) < 0)
    return -1;
  if (wait_for_start (c, err) < 0)
    return -1;
  if (isle_cgroupns_unshare (cfg, err) < 0 || isle_rlimits_apply (cfg, err) < 0 || isle_caps_bound (cfg, err) < 0
      || isle_user_switch (cfg, err) < 0 || isle_caps_apply (cfg, err) < 0)
    return -1;
  umask (022);
  if (isle_cwd_enter (cfg, err) < 0 || (c->tiny_init && isle_tiny_init (c->report_fd, err) < 0))
    return -1;
  return isle_exec (cfg, err);
}

_Noreturn void
isle_child_main (const isle_child_t *child)
{
  isle_err_t err = { 0 };

  run (child, &err);
  isle_report_write (child->report_fd, &err);
  _exit (125);
}
