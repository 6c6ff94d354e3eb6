// links: exec/process.c exec/args.c exec/messages.c exec/user.c init/json.c init/config.c init/config_reader.c init/config_linux.c init/config_resources.c init/names.c init/mount_options.c init/protocol.c
/* isle-exec's pure stages: the command line, the process file, the "started" line, and user resolution (which
   reads this machine's own /etc/passwd and /etc/group: root exists on every Linux). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "exec.h"

static char path[] = "/tmp/isle-exec-test-XXXXXX";

static int
load (const char *json, exec_process_t *proc, isle_err_t *err)
{
  FILE *f = fopen (path, "w");

  if (f == NULL || fputs (json, f) < 0 || fclose (f) != 0)
    return -2;
  return exec_process_load (path, proc, err);
}

static void
test_process_file (void)
{
  exec_process_t proc;
  isle_err_t err = { 0 };

  CHECK (load ("{\"args\":[\"sh\",\"-c\",\"exit 7\"],\"env\":[\"A=1\"],\"cwd\":\"/tmp\",\"terminal\":true,"
               "\"user\":{\"uid\":65534,\"username\":\"nobody\",\"groupname\":\"users\"}}",
               &proc, &err)
         == 0);
  CHECK (strcmp (proc.cfg.args[2], "exit 7") == 0 && proc.cfg.args[3] == NULL);
  CHECK (strcmp (proc.cfg.env[0], "A=1") == 0 && strcmp (proc.cfg.cwd, "/tmp") == 0 && proc.cfg.terminal);
  CHECK (proc.cfg.uid == 65534 && strcmp (proc.user.username, "nobody") == 0);
  CHECK (strcmp (proc.user.groupname, "users") == 0 && !proc.user.has_gid && !proc.user.has_additional_gids);
  isle_config_free (&proc.cfg);

  /* Same validation and messages as config.json's process. */
  CHECK (load ("{\"args\":[]}", &proc, &err) < 0 && strcmp (err.stage, "config") == 0);
  CHECK (strstr (err.message, "process.args") != NULL);
  CHECK (load ("{\"args\":[\"x\"],\"cwd\":\"relative\"}", &proc, &err) < 0 && strstr (err.message, "process.cwd"));
  CHECK (load ("{\"args\":[\"x\"],\"user\":{\"username\":\"\"}}", &proc, &err) < 0);
  /* Only one object: a file cannot add members to the wrapper it is embedded in. */
  CHECK (load ("{\"args\":[\"x\"]},\"linux\":{}", &proc, &err) < 0 && strstr (err.message, "trailing data"));
  CHECK (load ("[\"x\"]", &proc, &err) < 0 && strstr (err.message, "JSON object"));
  CHECK (exec_process_load ("/nonexistent/process.json", &proc, &err) < 0 && err.errno_value == ENOENT);
}

static void
test_args (void)
{
  char *argv[] = { "isle-exec", "--pid", "42", "--process", "p.json", "--cgroup-join", "a", "--cgroup-join",
                   "b", NULL };
  char *bad_pid[] = { "isle-exec", "--pid", "0", "--process", "p.json", NULL };
  char *bad_fd[] = { "isle-exec", "--pid", "1", "--process", "p.json", "--sync-fd", "1", NULL };
  char *missing[] = { "isle-exec", "--pid", "1", NULL };
  exec_args_t args;
  isle_err_t err;

  CHECK (exec_parse_args (9, argv, &args, &err) == 0);
  CHECK (args.pid == 42 && strcmp (args.process_file, "p.json") == 0 && args.sync_fd == -1);
  CHECK (args.n_cgroup_join == 2 && strcmp (args.cgroup_join[1], "b") == 0);
  CHECK (exec_parse_args (5, bad_pid, &args, &err) < 0 && strcmp (err.stage, "config") == 0);
  CHECK (exec_parse_args (7, bad_fd, &args, &err) < 0 && err.errno_value == EBADF);
  CHECK (exec_parse_args (3, missing, &args, &err) < 0);
}

static void
test_started_line (void)
{
  char buf[64];

  CHECK (exec_encode_started (1234, buf, sizeof (buf)) == (ssize_t) strlen (buf));
  CHECK (strcmp (buf, "{\"v\":1,\"type\":\"started\",\"pid\":1234}\n") == 0);
  CHECK (exec_encode_started (1234, buf, 10) == -1);
}

static void
test_user_resolution (void)
{
  exec_process_t proc;
  isle_err_t err;
  bool home = false;

  CHECK (load ("{\"args\":[\"id\"],\"env\":[\"PATH=/bin\"],\"user\":{\"uid\":99,\"username\":\"root\"}}", &proc, &err)
         == 0);
  CHECK (exec_user_resolve (&proc, &err) == 0);
  CHECK (proc.cfg.uid == 0 && proc.cfg.gid == 0);
  for (char **e = proc.cfg.env; *e != NULL; e++)
    home = home || strcmp (*e, "HOME=/root") == 0;
  CHECK (home);

  CHECK (load ("{\"args\":[\"id\"],\"user\":{\"uid\":0,\"gid\":7,\"additionalGids\":[]}}", &proc, &err) == 0);
  CHECK (exec_user_resolve (&proc, &err) == 0 && proc.cfg.gid == 7 && proc.cfg.n_additional_gids == 0);

  CHECK (load ("{\"args\":[\"id\"],\"user\":{\"uid\":0,\"groupname\":\"root\"}}", &proc, &err) == 0);
  CHECK (exec_user_resolve (&proc, &err) == 0 && proc.cfg.gid == 0);

  CHECK (load ("{\"args\":[\"id\"],\"user\":{\"uid\":0,\"username\":\"no-such-user-7f3a\"}}", &proc, &err) == 0);
  CHECK (exec_user_resolve (&proc, &err) < 0 && strcmp (err.stage, "user") == 0);
  CHECK (strstr (err.message, "unable to find user no-such-user-7f3a") != NULL);

  CHECK (load ("{\"args\":[\"id\"],\"user\":{\"uid\":0,\"groupname\":\"no-such-group-7f3a\"}}", &proc, &err) == 0);
  CHECK (exec_user_resolve (&proc, &err) < 0 && strstr (err.message, "unable to find group") != NULL);
}

int
main (void)
{
  int fd = mkstemp (path);

  if (fd < 0)
    return 1;
  close (fd);
  test_process_file ();
  test_args ();
  test_started_line ();
  test_user_resolution ();
  unlink (path);
  return check_done ("exec_process_test");
}
