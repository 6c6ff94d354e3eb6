#include "record.h"

#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"

int
shim_exit_json (const shim_exit_t *e, const char *finished_at, char *out, size_t cap)
{
  int n = snprintf (out, cap, "{\"v\":1,\"%s\":%d,\"oomKilled\":%s,\"finishedAt\":\"%s\",\"restartCount\":%u}\n",
                    e->signaled ? "signal" : "exitCode", e->code, e->oom_killed ? "true" : "false", finished_at,
                    e->restart_count);
  return n < 0 || (size_t) n >= cap ? -1 : n;
}

int
shim_exit_control_json (const shim_exit_t *e, char *out, size_t cap)
{
  int n = snprintf (out, cap, "{\"v\":1,\"type\":\"exit\",\"%s\":%d,\"oomKilled\":%s}", e->signaled ? "signal" : "exitCode",
                    e->code, e->oom_killed ? "true" : "false");
  return n < 0 || (size_t) n >= cap ? -1 : n;
}

int
shim_status_json (const shim_status_t *s, char *out, size_t cap)
{
  int n = snprintf (out, cap,
                    "{\"v\":1,\"shimPid\":%d,\"shimStartTime\":%llu,\"pid\":%d,\"status\":\"%s\",\"startedAt\":\"%s\","
                    "\"restartCount\":%u}\n",
                    (int) s->shim_pid, s->shim_start_time, (int) s->pid, s->status, s->started_at, s->restart_count);
  return n < 0 || (size_t) n >= cap ? -1 : n;
}

static int
write_all (int fd, const char *buf, size_t len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, buf, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      buf += n;
      len -= (size_t) n;
    }
  return 0;
}

/* temp file in dir_fd, optional fsync, rename over `name`. */
static int
replace_file (int dir_fd, const char *name, const char *text, size_t len, bool durable, isle_err_t *err)
{
  char tmp[NAME_MAX + 1];
  cleanup_close int fd = -1;

  if ((size_t) snprintf (tmp, sizeof (tmp), ".%s.tmp", name) >= sizeof (tmp))
    return isle_err (err, "record", ENAMETOOLONG, "%s", name);
  fd = openat (dir_fd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return isle_err (err, "record", errno, "create %s", tmp);
  if (write_all (fd, text, len) < 0)
    return isle_err (err, "record", errno, "write %s", tmp);
  if (durable && fsync (fd) < 0)
    return isle_err (err, "record", errno, "fsync %s", tmp);
  if (renameat (dir_fd, tmp, dir_fd, name) < 0)
    return isle_err (err, "record", errno, "rename %s to %s", tmp, name);
  if (durable && fsync (dir_fd) < 0)
    return isle_err (err, "record", errno, "fsync the directory of %s", name);
  return 0;
}

int
shim_write_exit_file (const char *path, const shim_exit_t *e, bool durable, isle_err_t *err)
{
  char text[256], now[SHIM_ISO_MAX], dir[PATH_MAX], base[PATH_MAX];
  int len;
  cleanup_close int dir_fd = -1;

  if (strlen (path) >= sizeof (dir))
    return isle_err (err, "record", ENAMETOOLONG, "%s", path);
  strcpy (dir, path);
  strcpy (base, path);
  shim_iso_now (now);
  len = shim_exit_json (e, now, text, sizeof (text));
  dir_fd = open (dirname (dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0)
    return isle_err (err, "record", errno, "open the directory of %s", path);
  return replace_file (dir_fd, basename (base), text, (size_t) len, durable, err);
}

int
shim_write_status_file (int dir_fd, const shim_status_t *s, isle_err_t *err)
{
  char text[512];
  int len = shim_status_json (s, text, sizeof (text));

  if (len < 0)
    return isle_err (err, "record", EMSGSIZE, "shim.json");
  return replace_file (dir_fd, "shim.json", text, (size_t) len, false, err);
}

unsigned long long
shim_proc_start_time (void)
{
  char buf[1024];
  ssize_t n;
  char *p;
  cleanup_close int fd = open ("/proc/self/stat", O_RDONLY | O_CLOEXEC);

  if (fd < 0 || (n = read (fd, buf, sizeof (buf) - 1)) <= 0)
    return 0;
  buf[n] = '\0';
  /* Fields after the command name, which may contain spaces and parentheses: start after the last ')'. */
  p = strrchr (buf, ')');
  for (int field = 2; p != NULL && field < 22; field++)
    p = strchr (p + 1, ' ');
  return p ? strtoull (p + 1, NULL, 10) : 0;
}
