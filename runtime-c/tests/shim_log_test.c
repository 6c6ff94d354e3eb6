// links: shim/logfile.c shim/clock.c shim/record.c
/* Log lines (JSON.stringify escaping, invalid UTF-8, 16 KiB splitting), rotation names and rotation itself;
   the exit.json / shim.json texts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "clock.h"
#include "logfile.h"
#include "record.h"

static char line[SHIM_LOG_ENCODED_MAX];

static void
test_encode (void)
{
  const char *t = "2026-11-23T12:00:00.123456789Z";

  shim_log_encode (SHIM_STDOUT, (const unsigned char *) "hello\n", 6, t, line);
  CHECK (strcmp (line, "{\"log\":\"hello\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-23T12:00:00.123456789Z\"}\n") == 0);
  /* quotes, backslash, NUL, other controls, DEL (not escaped), tab */
  shim_log_encode (SHIM_STDERR, (const unsigned char *) "a\"\\\0\x01\x1f\x7f\t", 8, t, line);
  CHECK (strncmp (line, "{\"log\":\"a\\\"\\\\\\u0000\\u0001\\u001f\x7f\\t\",\"stream\":\"stderr\"", 43) == 0);
  /* valid multi-byte characters pass; invalid bytes become U+FFFD each */
  shim_log_encode (SHIM_STDOUT, (const unsigned char *) "\xC3\xA9\xF0\x9F\x98\x80|\x80|\xE2\x98|\xC0\xAF", 14, t, line);
  const char *expected = "{\"log\":\"\xC3\xA9\xF0\x9F\x98\x80|\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\",";
  CHECK (strncmp (line, expected, strlen (expected)) == 0);
}

static void
test_cut (void)
{
  CHECK (shim_log_cut ((const unsigned char *) "abc", 3) == 3);
  CHECK (shim_log_cut ((const unsigned char *) "ab\xE2\x98", 4) == 2);      /* a 3-byte character cut short */
  CHECK (shim_log_cut ((const unsigned char *) "ab\xE2\x98\x83", 5) == 5);  /* complete */
  CHECK (shim_log_cut ((const unsigned char *) "ab\xF0", 3) == 2);
}

static void
test_names (void)
{
  char out[64];

  CHECK (shim_log_rotated_name ("/x/container.log", 0, out, sizeof (out)) == 0 && strcmp (out, "/x/container.log") == 0);
  CHECK (shim_log_rotated_name ("/x/container.log", 2, out, sizeof (out)) == 0 && strcmp (out, "/x/container.log.2") == 0);
  CHECK (shim_log_rotated_name ("/x/container.log", 12, out, 18) < 0);
}

static size_t
count_lines (const char *path)
{
  FILE *f = fopen (path, "r");
  size_t n = 0;
  int c;

  if (f == NULL)
    return 0;
  while ((c = fgetc (f)) != EOF)
    n += c == '\n';
  fclose (f);
  return n;
}

static void
test_split_and_rotate (void)
{
  char dir[] = "/tmp/shim-log-test-XXXXXX", path[128], rotated[140];
  static unsigned char big[SHIM_LOG_LINE_MAX + 10];
  shim_log_t *log = calloc (1, sizeof (*log));
  isle_err_t err;

  CHECK (mkdtemp (dir) != NULL);
  snprintf (path, sizeof (path), "%s/container.log", dir);
  /* one output line longer than 16 KiB: two log lines, the first without a newline */
  CHECK (shim_log_open (log, path, 0, 1, &err) == 0);
  memset (big, 'x', sizeof (big));
  big[sizeof (big) - 1] = '\n';
  CHECK (shim_log_write (log, SHIM_STDOUT, big, sizeof (big), &err) == 0);
  CHECK (count_lines (path) == 2);
  /* a partial line is kept until flush */
  CHECK (shim_log_write (log, SHIM_STDERR, (const unsigned char *) "tail", 4, &err) == 0);
  CHECK (count_lines (path) == 2);
  shim_log_flush (log);
  CHECK (count_lines (path) == 3);
  close (log->fd);

  /* rotation: each line is ~80 bytes, the limit 200: at most 2 lines per file, 3 files kept */
  CHECK (shim_log_open (log, path, 200, 3, &err) == 0);
  for (int i = 0; i < 10; i++)
    CHECK (shim_log_write (log, SHIM_STDOUT, (const unsigned char *) "line\n", 5, &err) == 0);
  close (log->fd);
  CHECK (count_lines (path) >= 1 && count_lines (path) <= 2);
  snprintf (rotated, sizeof (rotated), "%s.1", path);
  CHECK (count_lines (rotated) == 2);
  snprintf (rotated, sizeof (rotated), "%s.2", path);
  CHECK (count_lines (rotated) == 2);
  snprintf (rotated, sizeof (rotated), "%s.3", path);
  CHECK (access (rotated, F_OK) < 0);
  for (int n = 0; n <= 3; n++)
    {
      shim_log_rotated_name (path, (unsigned) n, rotated, sizeof (rotated));
      unlink (rotated);
    }
  rmdir (dir);
  free (log);
}

static void
test_records (void)
{
  char out[512];
  shim_exit_t e = { .code = 3, .restart_count = 2 };
  shim_status_t st = { .shim_pid = 10, .shim_start_time = 99, .pid = 11, .status = "running",
                       .started_at = "2026-11-23T12:00:00.000000000Z", .restart_count = 0 };

  shim_exit_json (&e, "T", out, sizeof (out));
  CHECK (strcmp (out, "{\"v\":1,\"exitCode\":3,\"oomKilled\":false,\"finishedAt\":\"T\",\"restartCount\":2}\n") == 0);
  e = (shim_exit_t){ .signaled = true, .code = 9, .oom_killed = true };
  shim_exit_json (&e, "T", out, sizeof (out));
  CHECK (strcmp (out, "{\"v\":1,\"signal\":9,\"oomKilled\":true,\"finishedAt\":\"T\",\"restartCount\":0}\n") == 0);
  shim_exit_control_json (&e, out, sizeof (out));
  CHECK (strcmp (out, "{\"v\":1,\"type\":\"exit\",\"signal\":9,\"oomKilled\":true}") == 0);
  shim_status_json (&st, out, sizeof (out));
  CHECK (strcmp (out, "{\"v\":1,\"shimPid\":10,\"shimStartTime\":99,\"pid\":11,\"status\":\"running\","
                      "\"startedAt\":\"2026-11-23T12:00:00.000000000Z\",\"restartCount\":0}\n") == 0);
  CHECK (shim_proc_start_time () > 0);
}

/* shim_iso_time against gmtime_r, across leap days, centuries and the epoch. */
static void
test_iso_time (void)
{
  static const long long samples[] = { 0, 59, 86399, 86400, 951782399, 951782400, 951868800, 4107542399LL,
                                        4107542400LL, 1795454000, -1, -86401, 253402300799LL };

  for (size_t i = 0; i < sizeof (samples) / sizeof (samples[0]); i++)
    for (long long step = 0; step < 3 * 86400; step += 3607)
      {
        struct timespec ts = { .tv_sec = (time_t) (samples[i] + step), .tv_nsec = 123456789 };
        char ours[SHIM_ISO_MAX], expected[SHIM_ISO_MAX];
        struct tm tm;

        gmtime_r (&ts.tv_sec, &tm);
        snprintf (expected, sizeof (expected), "%04d-%02d-%02dT%02d:%02d:%02d.123456789Z", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        shim_iso_time (&ts, ours);
        CHECK (strcmp (ours, expected) == 0);
      }
}

int
main (void)
{
  test_encode ();
  test_iso_time ();
  test_cut ();
  test_names ();
  test_split_and_rotate ();
  test_records ();
  return check_done ("shim_log");
}
