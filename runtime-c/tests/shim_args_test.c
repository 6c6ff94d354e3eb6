// links: shim/args.c shim/restart.c
/* isle-shim's command line: the happy path and each refusal, which names the option. */
#include <string.h>

#include "args.h"
#include "check.h"

#define BASE "isle-shim", "--id", "c1", "--bundle", "/b", "--state-dir", "/s", "--log-file", "/l", "--exit-file", "/e"

static int
parse (char **argv, int argc, shim_args_t *a, isle_err_t *err)
{
  return shim_args_parse (argc, argv, a, err);
}

#define PARSE(a, err, ...)                                                                                          \
  parse ((char *[]){ __VA_ARGS__, NULL }, (int) (sizeof ((char *[]){ __VA_ARGS__ }) / sizeof (char *)), a, err)

int
main (void)
{
  shim_args_t a;
  isle_err_t err = { 0 };

  CHECK (PARSE (&a, &err, BASE) == 0);
  CHECK (strcmp (a.id, "c1") == 0 && a.sync_fd == -1 && !a.stdin_open && a.log_max_files == 1
         && a.restart.kind == SHIM_RESTART_NO);
  CHECK (PARSE (&a, &err, BASE, "--stdin", "--init", "--restart", "on-failure:3", "--log-max-size", "1000",
                "--log-max-files", "4", "--cgroup-join", "/p1", "--cgroup-join", "/p2", "--oom-file", "/o",
                "--oom-key", "oom_kill", "--sync-fd", "2")
         < 0); /* fd 2 is below 3 */
  CHECK (strstr (err.message, "--sync-fd") != NULL);
  CHECK (PARSE (&a, &err, BASE, "--stdin", "--init", "--restart", "on-failure:3", "--log-max-size", "1000",
                "--log-max-files", "4", "--cgroup-join", "/p1", "--cgroup-join", "/p2", "--oom-file", "/o",
                "--oom-key", "oom_kill")
         == 0);
  CHECK (a.stdin_open && a.init && a.restart.max == 3 && a.log_max_size == 1000 && a.log_max_files == 4);
  CHECK (a.n_cgroup_join == 2 && strcmp (a.cgroup_join[1], "/p2") == 0 && strcmp (a.oom_key, "oom_kill") == 0);
  CHECK (PARSE (&a, &err, "isle-shim", "--version") == 0 && a.version);
  CHECK (PARSE (&a, &err, BASE, "--auto-remove", "--exit-command", "/usr/bin/node", "--exit-command-arg", "cli.cjs",
                "--exit-command-arg", "rm", "--detached")
         == 0);
  CHECK (a.auto_remove && a.detached && strcmp (a.exit_command, "/usr/bin/node") == 0 && a.n_exit_command_args == 2
         && strcmp (a.exit_command_args[1], "rm") == 0);

  CHECK (PARSE (&a, &err, "isle-shim", "--id", "c1") < 0 && strstr (err.message, "missing --bundle") != NULL);
  CHECK (PARSE (&a, &err, BASE, "--bogus", "1") < 0 && strstr (err.message, "unknown option --bogus") != NULL);
  CHECK (PARSE (&a, &err, BASE, "--restart") < 0 && strstr (err.message, "--restart needs a value") != NULL);
  CHECK (PARSE (&a, &err, BASE, "--restart", "maybe") < 0 && strstr (err.message, "--restart maybe") != NULL);
  CHECK (PARSE (&a, &err, BASE, "--log-max-size", "10k") < 0 && strstr (err.message, "--log-max-size") != NULL);
  CHECK (PARSE (&a, &err, BASE, "--log-max-files", "0") < 0 && strstr (err.message, "--log-max-files") != NULL);
  CHECK (PARSE (&a, &err, BASE, "--sync-fd", "999") < 0 && strstr (err.message, "not an open") != NULL);
  CHECK (PARSE (&a, &err, BASE, "--oom-file", "/o") < 0 && strstr (err.message, "--oom-key") != NULL);
  CHECK (PARSE (&a, &err, BASE, "--cgroup-dir", "/c", "--cgroup-join", "/p") < 0);
  CHECK (PARSE (&a, &err, BASE, "--exit-command-arg", "rm") < 0 && strstr (err.message, "needs --exit-command") != NULL);
  CHECK (PARSE (&a, &err, BASE, "--exit-command", "node") < 0 && strstr (err.message, "absolute path") != NULL);
  CHECK (PARSE (&a, &err, BASE, "stray") < 0 && strstr (err.message, "unexpected argument stray") != NULL);
  CHECK (strcmp (err.stage, "config") == 0);
  return check_done ("shim_args");
}
