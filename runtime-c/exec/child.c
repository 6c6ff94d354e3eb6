/*
 * The child, born inside the container's namespaces and cgroups: a straight line of stages, then exec. The
 * first failure is written to the CLOEXEC report pipe (init/report.h's format) and ends the process with 125;
 * a successful exec closes the pipe, which the parent reads as "started".
 */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec.h"
#include "stages.h"

static int
prepare_process (const exec_child_t *c, isle_err_t *err)
{
  if (prctl (PR_SET_NAME, "isle:exec", 0, 0, 0) < 0)
    return isle_err (err, "exec", errno, "prctl");
  if (signal (SIGPIPE, SIG_DFL) == SIG_ERR || sigprocmask (SIG_SETMASK, &c->sigmask, NULL) < 0)
    return isle_err (err, "exec", errno, "reset signals");
  /* A session of its own: with a terminal, the pty becomes its controlling terminal; without one, a ^C on
     the caller's terminal reaches isle-exec, which forwards it once. */
  if (setsid () < 0)
    return isle_err (err, "exec", errno, "setsid");
  return c->pty_slave ? isle_pty_attach (c->pty_slave, err) : 0;
}

static int
run (const exec_child_t *c, isle_err_t *err)
{
  isle_config_t *cfg = &c->proc->cfg;

  if (prepare_process (c, err) < 0 || exec_user_resolve (c->proc, err) < 0 || isle_rlimits_apply (cfg, err) < 0
      || isle_caps_bound (cfg, err) < 0 || isle_user_switch (cfg, err) < 0 || isle_caps_apply (cfg, err) < 0)
    return -1;
  umask (022);
  if (isle_cwd_enter (cfg, err) < 0)
    return -1;
  return isle_exec (cfg, err);
}

_Noreturn void
exec_child_main (const exec_child_t *child)
{
  isle_err_t err = { 0 };

  run (child, &err);
  isle_report_write (child->report_fd, &err);
  _exit (EXEC_EXIT_ENGINE);
}
