/*
 * isle-exec: runs one more process inside a running container (`islander exec`).
 *
 *   parse args → load the process file → open the target's namespaces → join its cgroups → setns → fork
 *   child: setsid, pty, resolve the user inside the container, rlimits, caps, user, cwd, exec
 *   parent: report started/exit on the sync fd, relay the pty, forward signals, exit with the child's status
 *
 * Every stage is one file and returns 0, or -1 with `err` naming its stage ("config", "setns", "cgroup", "pty",
 * "user", "capabilities", "rlimits", "cwd", "exec"; see PROTOCOL.md, "isle-exec"). Symbols are prefixed `exec_`
 * because init/'s stages are linked into the same binary.
 */
#ifndef ISLE_EXEC_H
#define ISLE_EXEC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "config.h"
#include "error.h"
#include "pty.h"
#include "report.h"

#define EXEC_EXIT_ENGINE 125

typedef struct exec_args
{
  pid_t pid;                     /* host pid of a process inside the container (its init) */
  const char *process_file;      /* the OCI `process` object as JSON */
  int sync_fd;                   /* -1: standalone, errors go to stderr */
  const char **cgroup_join;     /* cgroup files to join before the fork (cgroup_join.h) */
  size_t n_cgroup_join;
  bool version;
} exec_args_t;

/* Islander's extension of process.user: names resolved inside the container (user.c). */
typedef struct exec_user_request
{
  const char *username;          /* process.user.username, or NULL: look process.user.uid up instead */
  const char *groupname;         /* process.user.groupname, or NULL */
  bool has_gid;                  /* process.user.gid given: it wins over the passwd entry's group */
  bool has_additional_gids;      /* process.user.additionalGids given: /etc/group is not consulted */
} exec_user_request_t;

typedef struct exec_process
{
  isle_config_t cfg;             /* only the process fields are meaningful */
  exec_user_request_t user;
} exec_process_t;

/* The namespaces to join, opened before any is joined (paths under /proc stop resolving after setns(mnt)). */
#define EXEC_NAMESPACES 6
typedef struct exec_namespaces
{
  pid_t pid;
  int pidfd;
  int fds[EXEC_NAMESPACES];      /* -1: not joined (the same as ours, or absent from the kernel) */
  int root_fd;                   /* the container process's root directory (/proc/PID/root) */
} exec_namespaces_t;

/* The parent after the fork: everything the wait loop needs. */
typedef struct exec_session
{
  int sync_fd;
  pid_t child;
  int report_fd;                 /* read end of the child's CLOEXEC error pipe; EOF with nothing = exec'd */
  int signal_fd;
  bool started;
  isle_pty_t pty;
  char report[ISLE_REPORT_MAX];
  size_t report_len;
} exec_session_t;

/* args.c */
int exec_parse_args (int argc, char **argv, exec_args_t *args, isle_err_t *err);                  /* "config" */

/* process.c */
int exec_process_load (const char *path, exec_process_t *proc, isle_err_t *err);                  /* "config" */

/* namespaces.c */
int exec_namespaces_open (pid_t pid, exec_namespaces_t *ns, isle_err_t *err);                     /* "setns" */
int exec_namespaces_enter (exec_namespaces_t *ns, isle_err_t *err);                               /* "setns" */

/* cgroup.c */
int exec_cgroups_join (const char *const *files, size_t n, isle_err_t *err);                /* "cgroup" */

/* user.c: in the child, inside the container's mount namespace. */
int exec_user_resolve (exec_process_t *proc, isle_err_t *err);                                     /* "user" */

/* spawn.c: pty, error pipe, signals, fork; the child never returns. */
int exec_spawn (exec_session_t *s, exec_process_t *proc, int sync_fd, isle_err_t *err);          /* "pty", "exec" */

/* child.c */
typedef struct exec_child
{
  exec_process_t *proc;
  int report_fd;
  const char *pty_slave;         /* NULL without process.terminal */
  sigset_t sigmask;              /* restored before exec */
} exec_child_t;
_Noreturn void exec_child_main (const exec_child_t *child);

/* wait.c: returns isle-exec's exit code (the process's, 128+signal, or 125). */
int exec_wait (exec_session_t *s);

/* messages.c: the sync-fd lines (or, standalone, stderr). */
void exec_send_error (int sync_fd, const isle_err_t *err);
void exec_send_started (int sync_fd, pid_t pid);
void exec_send_exit (int sync_fd, int status);
/* The "started" line, exposed for the unit test; returns its length or -1 when cap is too small. */
ssize_t exec_encode_started (pid_t pid, char *buf, size_t cap);

#endif
