/* The life cycle of the container's runs: spawn, ready, start, started, exit, restart (see shim.h). */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "exit_command.h"
#include "record.h"
#include "restart.h"
#include "shim.h"

#define EXIT_ENGINE 125

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

static void
kill_child (shim_t *s)
{
  if (s->child.pid <= 0)
    return;
  kill (s->child.pid, SIGKILL);
  while (waitpid (s->child.pid, NULL, 0) < 0 && errno == EINTR)
    ;
  s->child.pid = 0;
}

static void
close_run_fds (shim_t *s)
{
  close_fd (&s->child.start_fd);
  close_fd (&s->child.ready_fd);
  close_fd (&s->child.report_fd);
}

static void
send_msg (shim_t *s, isle_msg_t msg)
{
  isle_err_t ignored;

  if (s->sync_fd >= 0)
    isle_msg_send (s->sync_fd, &msg, &ignored); /* the CLI may be gone */
}

static void
write_status (shim_t *s, const char *status)
{
  isle_err_t ignored;
  shim_status_t st = { .shim_pid = getpid (), .shim_start_time = s->start_time, .pid = s->child.pid,
                       .status = status, .started_at = s->started_at, .restart_count = s->args.restart.count };

  shim_write_status_file (s->state_fd, &st, &ignored); /* after start the shim never bails (see shim.h) */
}

int
shim_run_spawn (shim_t *s, isle_err_t *err)
{
  shim_spawn_opts_t opts = { .cfg = &s->cfg, .io = &s->io, .cgroup_dir_fd = s->cgroup_dir_fd,
                             .cgroup_join_fds = s->cgroup_join_fds, .cgroup_join_files = s->args.cgroup_join,
                             .n_cgroup_join = s->args.n_cgroup_join,
                             .tiny_init = s->args.init, .child_mask = s->child_mask };

  s->report_len = 0;
  if (shim_stdio_prepare (&s->io, err) < 0 || shim_spawn (&opts, &s->child, err) < 0)
    {
      shim_stdio_end_run (&s->io);
      return -1;
    }
  shim_stdio_parent_close (&s->io);
  s->phase = SHIM_SETUP;
  /* Kernels without clone3(CLONE_INTO_CGROUP): the child builds its rootfs meanwhile. */
  if (s->cgroup_dir_fd >= 0 && !s->child.in_cgroup && shim_cgroup_join_dir (s->cgroup_dir_fd, s->child.pid, err) < 0)
    {
      kill_child (s);
      close_run_fds (s);
      shim_stdio_end_run (&s->io);
      return -1;
    }
  s->oom_before = s->args.oom_file ? shim_oom_count (s->args.oom_file, s->args.oom_key) : -1;
  /* The CLI records the container as running while the child builds its rootfs (PROTOCOL.md). */
  if (s->first_run)
    send_msg (s, (isle_msg_t){ .type = ISLE_MSG_SPAWNED, .pid = s->child.pid, .shim_pid = getpid (),
                               .shim_start_time = (long long) s->start_time });
  return 0;
}

static void
relay_start (shim_t *s)
{
  char byte = 's';

  if (write (s->child.start_fd, &byte, 1) != 1)
    {
      /* The child is gone already: its SIGCHLD and report tell why. */
    }
  close_fd (&s->child.start_fd);
  s->phase = SHIM_WAIT_EXEC;
}

/* The rootfs is built: the CLI's "start" came before the spawn, so the child may go on at once. */
void
shim_on_ready_fd (shim_t *s)
{
  char byte;
  ssize_t n = read (s->child.ready_fd, &byte, 1);

  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  close_fd (&s->child.ready_fd);
  if (n != 1)
    return; /* EOF: the child failed while building the rootfs; its report and exit follow */
  relay_start (s);
}

int
shim_await_start (shim_t *s, isle_err_t *err)
{
  struct pollfd pfd = { .fd = s->sync_fd, .events = POLLIN };
  int taken = 0;

  while (taken == 0)
    {
      ssize_t n;

      /* The fd may be non-blocking (the CLI's end of a socketpair): wait for it. */
      if (poll (&pfd, 1, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          return isle_err (err, "sync", errno, "poll the sync socket");
        }
      n = read (s->sync_fd, s->sync_buf + s->sync_len, sizeof (s->sync_buf) - 1 - s->sync_len);
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        continue;
      if (n < 0)
        return isle_err (err, "sync", errno, "read from the control plane");
      if (n == 0)
        return isle_err (err, "sync", EPIPE, "the control plane closed the sync socket before start");
      s->sync_len += (size_t) n;
      taken = isle_msg_take_start ((char *) s->sync_buf, sizeof (s->sync_buf), &s->sync_len, err);
    }
  return taken < 0 ? -1 : 0;
}

static void
started (shim_t *s)
{
  char control[64];
  int len;

  s->phase = SHIM_RUNNING;
  s->run_started_ms = shim_monotonic_ms ();
  shim_iso_now (s->started_at);
  if (s->first_run && s->sync_fd >= 0)
    {
      /* The CLI recorded the run on `spawned` and waits for this line, not for shim.json, which follows at once:
         a reader in between takes the recorded shim, alive, for running (PROTOCOL.md). */
      send_msg (s, (isle_msg_t){ .type = ISLE_MSG_STARTED, .pid = s->child.pid });
      shim_attach_add (&s->attach, s->sync_fd, true, s->sync_buf, s->sync_len, shim_stdio_on_frame, &s->io);
      s->sync_fd = -1;
    }
  write_status (s, "running");
  if (!s->first_run)
    {
      len = snprintf (control, sizeof (control), "{\"v\":1,\"type\":\"started\",\"pid\":%d}", (int) s->child.pid);
      shim_attach_broadcast (&s->attach, SHIM_FRAME_CONTROL, control, (size_t) len);
    }
  s->first_run = false;
}

void
shim_on_report_fd (shim_t *s)
{
  ssize_t n = read (s->child.report_fd, s->report + s->report_len, sizeof (s->report) - s->report_len);

  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  if (n > 0)
    {
      s->report_len += (size_t) n;
      if (s->report_len < sizeof (s->report))
        return;
    }
  close_fd (&s->child.report_fd);
  if (s->report_len == 0 && s->phase == SHIM_WAIT_EXEC)
    started (s);
  /* An error report: the child _exits right after writing it; shim_on_exit handles both together. */
}

void
shim_abort (shim_t *s, const isle_err_t *err)
{
  kill_child (s);
  close_run_fds (s);
  shim_attach_unlisten (&s->attach);
  unlinkat (s->state_fd, "shim.json", 0); /* ENOENT: not written yet */
  s->aborted = true;
  send_msg (s, (isle_msg_t){ .type = ISLE_MSG_ERROR, .stage = err->stage, .errno_value = err->errno_value,
                             .message = err->message });
}

/* A restart whose container never ran: the exit code the CLI would give for the same failure. */
static int
failed_start_code (const isle_err_t *e)
{
  if (strcmp (e->stage, "exec") == 0 && e->errno_value == ENOENT)
    return 127;
  if (strcmp (e->stage, "exec") == 0 && (e->errno_value == EACCES || e->errno_value == ENOEXEC))
    return 126;
  return EXIT_ENGINE;
}

static bool
restart_wanted (const shim_t *s, const shim_exit_t *e)
{
  bool failed = e->signaled || e->code != 0;
  bool stop = faccessat (s->state_fd, "stop-requested", F_OK, 0) == 0;

  return shim_restart_wanted (&s->args.restart, failed, stop);
}

static void
schedule_restart (shim_t *s)
{
  uint64_t ran = s->run_started_ms ? shim_monotonic_ms () - s->run_started_ms : 0;
  char control[96];
  int len;

  s->restart_at_ms = shim_monotonic_ms () + shim_restart_next_delay (&s->args.restart, ran);
  s->phase = SHIM_BACKOFF;
  write_status (s, "restarting");
  len = snprintf (control, sizeof (control), "{\"v\":1,\"type\":\"restarting\",\"restartCount\":%u}",
                  s->args.restart.count);
  shim_attach_broadcast (&s->attach, SHIM_FRAME_CONTROL, control, (size_t) len);
}

/* The files' last state: attach.sock gone, shim.json "exited". Idempotent. */
static void
finish_files (shim_t *s)
{
  if (s->files_final)
    return;
  s->files_final = true;
  shim_attach_unlisten (&s->attach);
  write_status (s, "exited");
}

/* Record a run's end, tell the clients, and apply the restart policy. On the last run the files are final before
   the exit frame goes out, so a client may clean up (`run --rm`) as soon as it reads it, without waiting for us
   to exit. */
static void
finish_run (shim_t *s, shim_exit_t e)
{
  isle_err_t ignored;
  char control[128];
  long long oom_after = s->args.oom_file ? shim_oom_count (s->args.oom_file, s->args.oom_key) : -1;
  bool restart;
  int len;

  e.oom_killed = oom_after > 0 && oom_after > (s->oom_before > 0 ? s->oom_before : 0);
  e.restart_count = s->args.restart.count;
  /* With --auto-remove the CLI deletes it in a moment, and after a crash the container is removed however it
     exited: no fsync for a file nobody will need. */
  shim_write_exit_file (s->args.exit_file, &e, !s->args.auto_remove, &ignored);
  restart = restart_wanted (s, &e);
  if (!restart)
    finish_files (s);
  len = shim_exit_control_json (&e, control, sizeof (control));
  if (len > 0)
    shim_attach_broadcast (&s->attach, SHIM_FRAME_CONTROL, control, (size_t) len);
  if (restart)
    schedule_restart (s);
  else
    {
      s->phase = SHIM_DONE;
      /* Asked now: an attached CLI goes as soon as it read the exit frame, its own work done; a detaching one may
         not have closed its socket yet when a short-lived container ends. */
      s->exit_command_due = s->args.detached || !shim_attach_starter_connected (&s->attach);
    }
}

void
shim_on_exit (shim_t *s, int status)
{
  isle_err_t err;

  close_fd (&s->child.start_fd);
  close_fd (&s->child.ready_fd);
  /* The child is gone, so its end of the report pipe is too: read to EOF (this may find "started"). */
  while (s->child.report_fd >= 0)
    shim_on_report_fd (s);
  if (s->phase == SHIM_RUNNING)
    {
      shim_output_drain (s);
      shim_stdio_end_run (&s->io);
      finish_run (s, (shim_exit_t){ .signaled = WIFSIGNALED (status),
                                    .code = WIFSIGNALED (status) ? WTERMSIG (status) : WEXITSTATUS (status) });
      return;
    }
  /* It died before exec. */
  if (s->report_len == 0 || isle_report_parse (s->report, s->report_len, &err) < 0)
    isle_err (&err, "sync", 0, "the container init exited before start (status %#x)", (unsigned) status);
  shim_stdio_end_run (&s->io);
  s->child.pid = 0;
  if (s->first_run)
    {
      shim_abort (s, &err);
      s->phase = SHIM_DONE;
      return;
    }
  finish_run (s, (shim_exit_t){ .code = failed_start_code (&err) });
}

void
shim_on_restart_due (shim_t *s)
{
  isle_err_t err;

  if (faccessat (s->state_fd, "stop-requested", F_OK, 0) == 0)
    {
      s->phase = SHIM_DONE; /* a stop arrived during the back-off */
      return;
    }
  s->run_started_ms = 0;
  if (shim_run_spawn (s, &err) < 0)
    finish_run (s, (shim_exit_t){ .code = EXIT_ENGINE });
}

void
shim_finish (shim_t *s)
{
  finish_files (s);
  shim_attach_drain (&s->attach, 1000);
  if (s->exit_command_due)
    shim_exit_command_run (&s->args);
}
