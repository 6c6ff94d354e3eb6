/*
 * isle-spawn.node: the CLI's way to start isle-shim (a Node-API addon, loaded with process.dlopen).
 *
 * node:child_process forks the whole Node process (tens of MB of page tables, copy-on-write faults in the parent
 * afterwards) and waits while the child tears that copy down again in exec: about 4 ms on every `islander run`.
 * posix_spawn uses vfork: the child borrows the parent's memory until it execs. This addon does only that:
 *
 *   spawnWithSocket(file, args) → {pid, fd}   fd 3 of the child is one end of a socketpair, fd is the other;
 *                                             stdio is /dev/null; signal mask and dispositions are reset
 *   waitExit(pid) → code                      reaps the child: its exit code, or 128 + signal
 *   shutdownSocket(fd)                        shutdown(SHUT_RDWR): a read blocked on it in Node's thread pool
 *                                             returns, and the peer sees the end (Node has no call for it)
 *
 * Errors are thrown as Error objects with `code` (the errno's name, as Node's own: "ENOENT") and `errno`.
 */
#include <fcntl.h>
#include <node_api.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"

extern char **environ;

enum
{
  MAX_ARGS = 256,
  ARGS_BYTES = 64 * 1024,
  SYNC_FD = 3,
};

/* The command line, copied out of JS values into fixed storage: no allocation, a clear error past the limits. */
typedef struct command
{
  char file[4096];
  char bytes[ARGS_BYTES];
  char *argv[MAX_ARGS + 2];
} command_t;

static napi_value
throw_errno (napi_env env, int errno_value, const char *what)
{
  char message[ISLE_ERR_MSG_MAX];
  const char *name = strerrorname_np (errno_value);
  napi_value code, text, error, number;

  snprintf (message, sizeof (message), "%s: %s", what, strerror (errno_value));
  if (napi_create_string_utf8 (env, name ? name : "EUNKNOWN", NAPI_AUTO_LENGTH, &code) != napi_ok
      || napi_create_string_utf8 (env, message, NAPI_AUTO_LENGTH, &text) != napi_ok
      || napi_create_error (env, code, text, &error) != napi_ok
      || napi_create_int32 (env, errno_value, &number) != napi_ok
      || napi_set_named_property (env, error, "errno", number) != napi_ok)
    return NULL;
  napi_throw (env, error);
  return NULL;
}

static napi_value
throw_usage (napi_env env, const char *message)
{
  napi_throw_type_error (env, NULL, message);
  return NULL;
}

/* argv[0] is the file; then each element of `args`, which must be strings without NUL. */
static int
read_command (napi_env env, napi_value file, napi_value args, command_t *cmd)
{
  uint32_t count;
  size_t used = 0, len;
  bool is_array;

  if (napi_get_value_string_utf8 (env, file, cmd->file, sizeof (cmd->file), &len) != napi_ok
      || len >= sizeof (cmd->file) - 1 || napi_is_array (env, args, &is_array) != napi_ok || !is_array
      || napi_get_array_length (env, args, &count) != napi_ok || count > MAX_ARGS)
    return -1;
  cmd->argv[0] = cmd->file;
  for (uint32_t i = 0; i < count; i++)
    {
      napi_value element;

      if (napi_get_element (env, args, i, &element) != napi_ok
          || napi_get_value_string_utf8 (env, element, cmd->bytes + used, sizeof (cmd->bytes) - used, &len)
                 != napi_ok
          || used + len + 1 >= sizeof (cmd->bytes))
        return -1;
      cmd->argv[i + 1] = cmd->bytes + used;
      used += len + 1;
    }
  cmd->argv[count + 1] = NULL;
  return 0;
}

/* The child's fds and signals: stdio on /dev/null, `child_end` as fd 3, the mask empty, every handler default
   (Node ignores SIGPIPE and SIGXFSZ; ignored dispositions would survive exec). */
static int
prepare (posix_spawn_file_actions_t *actions, posix_spawnattr_t *attr, int child_end)
{
  sigset_t none, all;
  int ret;

  sigemptyset (&none);
  sigfillset (&all);
  sigdelset (&all, SIGKILL);
  sigdelset (&all, SIGSTOP);
  if ((ret = posix_spawn_file_actions_addopen (actions, 0, "/dev/null", O_RDONLY, 0)) != 0
      || (ret = posix_spawn_file_actions_addopen (actions, 1, "/dev/null", O_WRONLY, 0)) != 0
      || (ret = posix_spawn_file_actions_addopen (actions, 2, "/dev/null", O_WRONLY, 0)) != 0
      || (ret = posix_spawn_file_actions_adddup2 (actions, child_end, SYNC_FD)) != 0
      || (ret = posix_spawnattr_setsigmask (attr, &none)) != 0
      || (ret = posix_spawnattr_setsigdefault (attr, &all)) != 0
      || (ret = posix_spawnattr_setflags (attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)) != 0)
    return ret;
  return 0;
}

static napi_value
result (napi_env env, pid_t pid, int fd)
{
  napi_value object, pid_value, fd_value;

  if (napi_create_object (env, &object) != napi_ok || napi_create_int32 (env, pid, &pid_value) != napi_ok
      || napi_create_int32 (env, fd, &fd_value) != napi_ok
      || napi_set_named_property (env, object, "pid", pid_value) != napi_ok
      || napi_set_named_property (env, object, "fd", fd_value) != napi_ok)
    return NULL;
  return object;
}

static napi_value
spawn_with_socket (napi_env env, napi_callback_info info)
{
  static command_t cmd; /* the main thread's only: Node calls addons there */
  size_t argc = 2;
  napi_value argv[2];
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  cleanup_close int child_end = -1;
  int pair[2], ret;
  pid_t pid;

  if (napi_get_cb_info (env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2
      || read_command (env, argv[0], argv[1], &cmd) < 0)
    return throw_usage (env, "spawnWithSocket(file, args): strings only, at most 256 arguments and 64 KiB");
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
    return throw_errno (env, errno, "socketpair");
  /* dup2 onto itself would keep close-on-exec: the child's end must not already be fd 3. */
  child_end = pair[1] == SYNC_FD ? fcntl (pair[1], F_DUPFD_CLOEXEC, SYNC_FD + 1) : pair[1];
  if (child_end != pair[1])
    close (pair[1]);
  if (child_end < 0)
    {
      int saved = errno;
      close (pair[0]);
      return throw_errno (env, saved, "fcntl F_DUPFD_CLOEXEC");
    }
  if ((ret = posix_spawn_file_actions_init (&actions)) != 0)
    {
      close (pair[0]);
      return throw_errno (env, ret, "posix_spawn_file_actions_init");
    }
  if ((ret = posix_spawnattr_init (&attr)) == 0)
    {
      ret = prepare (&actions, &attr, child_end);
      if (ret == 0)
        ret = posix_spawn (&pid, cmd.file, &actions, &attr, cmd.argv, environ);
      posix_spawnattr_destroy (&attr);
    }
  posix_spawn_file_actions_destroy (&actions);
  if (ret != 0)
    {
      char what[sizeof (cmd.file) + 16];

      close (pair[0]);
      snprintf (what, sizeof (what), "posix_spawn %s", cmd.file);
      return throw_errno (env, ret, what);
    }
  return result (env, pid, pair[0]);
}

static napi_value
wait_exit (napi_env env, napi_callback_info info)
{
  size_t argc = 1;
  napi_value argv[1], code;
  int32_t pid;
  int status;

  if (napi_get_cb_info (env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1
      || napi_get_value_int32 (env, argv[0], &pid) != napi_ok || pid <= 0)
    return throw_usage (env, "waitExit(pid): a positive pid");
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      return throw_errno (env, errno, "waitpid");
  if (napi_create_int32 (env, WIFSIGNALED (status) ? 128 + WTERMSIG (status) : WEXITSTATUS (status), &code)
      != napi_ok)
    return NULL;
  return code;
}

static napi_value
shutdown_socket (napi_env env, napi_callback_info info)
{
  size_t argc = 1;
  napi_value argv[1];
  int32_t fd;

  if (napi_get_cb_info (env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1
      || napi_get_value_int32 (env, argv[0], &fd) != napi_ok || fd < 0)
    return throw_usage (env, "shutdownSocket(fd): a descriptor");
  if (shutdown (fd, SHUT_RDWR) < 0 && errno != ENOTCONN)
    return throw_errno (env, errno, "shutdown");
  return NULL;
}

NAPI_MODULE_INIT ()
{
  napi_value spawn_fn, wait_fn, shutdown_fn;

  if (napi_create_function (env, "spawnWithSocket", NAPI_AUTO_LENGTH, spawn_with_socket, NULL, &spawn_fn) != napi_ok
      || napi_create_function (env, "waitExit", NAPI_AUTO_LENGTH, wait_exit, NULL, &wait_fn) != napi_ok
      || napi_create_function (env, "shutdownSocket", NAPI_AUTO_LENGTH, shutdown_socket, NULL, &shutdown_fn)
             != napi_ok
      || napi_set_named_property (env, exports, "spawnWithSocket", spawn_fn) != napi_ok
      || napi_set_named_property (env, exports, "waitExit", wait_fn) != napi_ok
      || napi_set_named_property (env, exports, "shutdownSocket", shutdown_fn) != napi_ok)
    return NULL;
  return exports;
}
