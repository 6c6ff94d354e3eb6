/*
 * isle-shim: one per container, the monitor that holds its stdio, writes its log, reaps it, records how it
 * exited and restarts it (conmon and the runtime's monitor in one small process). See PROTOCOL.md "isle-shim".
 *
 *   parse args → double-fork away from the CLI → wait for its "start" → load config.json → open the dirs →
 *   v2: device filter on the group → detach → signals → runtime dir → attach.sock → log → stdio → clone the
 *   container init (+ cgroups) → loop → records → exit
 *
 * Exit code: 0 once the container ran (its own status is in exit.json), 125 when it never started.
 */
#include <fcntl.h>
#include <linux/close_range.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cgroup.h"
#include "cgroup_join.h"
#include "daemon.h"
#include "device_filter.h"
#include "record.h"
#include "shim.h"
#include "signals.h"

#define ISLE_SHIM_VERSION "0.1.0"
#define EXIT_ENGINE 125

/* The state is large (client buffers) and lives as long as the process: static, not on the stack. */
static shim_t shim;

/* Errors before the shim exists go to the CLI on the sync fd, and to stderr for people. */
static int
fail_early (const shim_args_t *args, const isle_err_t *err)
{
  isle_err_t ignored;
  isle_msg_t msg = { .type = ISLE_MSG_ERROR, .stage = err->stage, .errno_value = err->errno_value,
                     .message = err->message };

  fprintf (stderr, "isle-shim: %s: %s\n", err->stage, err->message);
  if (args->sync_fd >= 0)
    isle_msg_send (args->sync_fd, &msg, &ignored);
  return EXIT_ENGINE;
}

/* Every inherited fd above stdio becomes close-on-exec, and no host fd reaches the container (spawn.c closes
   the shim's own fds in the child as well). */
static int
seal_inherited_fds (isle_err_t *err)
{
  if (close_range (3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
    return isle_err (err, "config", errno, "close_range");
  return 0;
}

static int
open_state (shim_t *s, isle_err_t *err)
{
  s->state_fd = open (s->args.state_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (s->state_fd < 0)
    return isle_err (err, "config", errno, "open --state-dir %s", s->args.state_dir);
  s->cgroup_dir_fd = -1;
  if (s->args.cgroup_dir != NULL && (s->cgroup_dir_fd = shim_cgroup_open_dir (s->args.cgroup_dir, err)) < 0)
    return -1;
  for (size_t i = 0; i < s->args.n_cgroup_join; i++)
    if ((s->cgroup_join_fds[i] = isle_cgroup_join_open (s->args.cgroup_join[i], err)) < 0)
      return -1;
  return 0;
}

/* cgroup v2 has no devices.* files: the rules become a BPF program on the group, in place before any clone. A
   bundle without linux.resources.devices (the CLI always writes them) gets no filter. */
static int
restrict_devices (shim_t *s, isle_err_t *err)
{
  if (s->cgroup_dir_fd < 0 || !s->cfg.has_device_rules)
    return 0;
  return shim_device_filter_attach (s->cgroup_dir_fd, s->args.cgroup_dir, s->cfg.device_rules,
                                    s->cfg.n_device_rules, err);
}

/* Everything the loop needs, in the detached shim; on failure nothing is left (shim_abort). */
static int
set_up (shim_t *s, isle_err_t *err)
{
  s->start_time = shim_proc_start_time ();
  s->first_run = true;
  s->child = (shim_spawned_t){ .start_fd = -1, .ready_fd = -1, .report_fd = -1 };
  s->attach.listen_fd = -1;
  if (shim_detach (err) < 0 || (s->signal_fd = shim_signals_open (&s->child_mask, err)) < 0
      || shim_attach_listen (&s->attach, s->state_fd, err) < 0
      || shim_log_open (&s->log, s->args.log_file, s->args.log_max_size, s->args.log_max_files, err) < 0
      || shim_stdio_init (&s->io, &s->cfg, s->args.stdin_open, err) < 0)
    return -1;
  return shim_run_spawn (s, err);
}

int
main (int argc, char **argv)
{
  shim_t *s = &shim;
  isle_err_t err = { 0 };

  if (shim_args_parse (argc, argv, &s->args, &err) < 0)
    return fail_early (&s->args, &err);
  if (s->args.version)
    {
      printf ("isle-shim %s (protocol %d)\n", ISLE_SHIM_VERSION, ISLE_PROTOCOL_VERSION);
      return 0;
    }
  s->sync_fd = s->args.sync_fd;
  if (seal_inherited_fds (&err) < 0 || shim_daemonize (&err) < 0)
    return fail_early (&s->args, &err);
  /* The CLI spawns us first and writes the bundle, the cgroup and the directories meanwhile: nothing they name
     is touched before its "start". EOF instead means it gave up (or died): nobody is left to tell. */
  if (s->sync_fd >= 0 && shim_await_start (s, &err) < 0)
    return err.errno_value == EPIPE ? EXIT_ENGINE : fail_early (&s->args, &err);
  if (isle_config_load (s->args.bundle, &s->cfg, &err) < 0 || open_state (s, &err) < 0
      || restrict_devices (s, &err) < 0)
    return fail_early (&s->args, &err);
  if (set_up (s, &err) < 0)
    {
      shim_abort (s, &err);
      return EXIT_ENGINE;
    }
  shim_loop (s);
  if (s->aborted)
    return EXIT_ENGINE;
  shim_finish (s);
  return 0;
}
