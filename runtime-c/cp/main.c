/*
 * isle-cp: reads and writes a container's filesystem for `islander cp`, `export` and `commit` (see cp.h and
 * PROTOCOL.md, "isle-cp"). main() is the table of contents: arguments → root → one mode → one JSON line.
 */
#include "cp.h"
#include "json_out.h"
#include "unpack.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
report_archived (const cp_archive_stats_t *stats)
{
  json_buf_t line = { 0 };
  json_raw (&line, "{\"v\":1,\"type\":\"archived\",\"entries\":");
  json_uint (&line, stats->entries);
  json_raw (&line, ",\"bytes\":");
  json_uint (&line, stats->bytes);
  json_raw (&line, "}");
  int ret = json_emit (&line, STDERR_FILENO);
  json_free (&line);
  return ret;
}

/* The extractor takes a path: /proc/self/fd/N names exactly the directory we resolved inside the root. */
static int
extract (int root_fd, const char *dir, char **failed_entry, isle_err_t *err)
{
  cleanup_close int dir_fd = cp_open_in_root (root_fd, dir, O_PATH | O_DIRECTORY, true, err);
  char dest[64];
  unpack_stats_t stats = { 0 };
  reader_t in;

  if (dir_fd < 0)
    return -1;
  snprintf (dest, sizeof (dest), "/proc/self/fd/%d", dir_fd);
  if (reader_init (&in, STDIN_FILENO, err) < 0)
    return -1;
  int ret = unpack_stream (&in, dest, false, &stats, failed_entry, err);
  reader_free (&in);
  if (ret < 0)
    return -1;
  report_summary (STDERR_FILENO, stats.entries, stats.bytes, stats.skipped_devices, NULL);
  return 0;
}

static int
run (const cp_options_t *opts, char **failed_entry, isle_err_t *err)
{
  cleanup_close int root_fd = cp_open_root (opts, err);
  cp_archive_stats_t stats = { 0 };

  if (root_fd < 0)
    return -1;
  switch (opts->mode)
    {
    case CP_MODE_STAT:
      return cp_stat (root_fd, opts->path, opts->follow, STDERR_FILENO, err);
    case CP_MODE_ARCHIVE:
      if (cp_archive (root_fd, opts, STDOUT_FILENO, &stats, err) < 0)
        return -1;
      return report_archived (&stats);
    case CP_MODE_EXTRACT:
      return extract (root_fd, opts->path, failed_entry, err);
    default:
      return isle_err (err, "args", 0, "no mode");
    }
}

int
main (int argc, char **argv)
{
  isle_err_t err = { 0 };
  cp_options_t opts = { 0 };
  char *failed_entry = NULL;

  if (argc == 2 && strcmp (argv[1], "--version") == 0)
    {
      puts ("isle-cp 0.1.0 (protocol 1)");
      return 0;
    }
  if (cp_parse_args (argc, argv, &opts, &err) < 0)
    {
      report_error (STDERR_FILENO, &err, NULL);
      return 2;
    }
  /* A reader that goes away is a write error to report, not a silent death. */
  signal (SIGPIPE, SIG_IGN);
  /* Modes come from the archive exactly; the umask must not trim them. */
  umask (0);
  if (run (&opts, &failed_entry, &err) < 0)
    {
      report_error (STDERR_FILENO, &err, failed_entry);
      free (failed_entry);
      return 1;
    }
  return 0;
}
