/*
 * isle-exec's side of the sync fd (PROTOCOL.md, "isle-exec"): error, started (with the process's host pid),
 * exit. error and exit are init/protocol.c's lines; started carries a pid that isle-init's does not, so it is
 * encoded here, with the same key order rules. Without a sync fd, errors go to stderr and nothing else is said.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec.h"
#include "protocol.h"

ssize_t
exec_encode_started (pid_t pid, char *buf, size_t cap)
{
  int n = snprintf (buf, cap, "{\"v\":%d,\"type\":\"started\",\"pid\":%d}\n", ISLE_PROTOCOL_VERSION, (int) pid);

  return (n < 0 || (size_t) n >= cap) ? -1 : n;
}

void
exec_send_error (int sync_fd, const isle_err_t *err)
{
  isle_msg_t msg = { .type = ISLE_MSG_ERROR, .stage = err->stage, .errno_value = err->errno_value,
                     .message = err->message };
  isle_err_t ignored;

  if (sync_fd < 0)
    fprintf (stderr, "isle-exec: %s: %s\n", err->stage, err->message);
  else
    isle_msg_send (sync_fd, &msg, &ignored); /* the control plane may be gone; nobody is left to tell */
}

void
exec_send_started (int sync_fd, pid_t pid)
{
  char line[64];
  ssize_t len = exec_encode_started (pid, line, sizeof (line));
  size_t done = 0;

  while (sync_fd >= 0 && len > 0 && done < (size_t) len)
    {
      ssize_t n = write (sync_fd, line + done, (size_t) len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return; /* a gone control plane is not an error once the process runs: `exec -d` leaves us behind */
      done += (size_t) n;
    }
}

void
exec_send_exit (int sync_fd, int status)
{
  isle_msg_t msg = { .type = ISLE_MSG_EXIT };
  isle_err_t ignored;

  if (sync_fd < 0)
    return;
  if (WIFSIGNALED (status))
    msg.signaled = true, msg.signal = WTERMSIG (status);
  else
    msg.exit_code = WEXITSTATUS (status);
  isle_msg_send (sync_fd, &msg, &ignored);
}
