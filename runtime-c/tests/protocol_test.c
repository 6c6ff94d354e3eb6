// links: init/json.c init/protocol.c init/report.c
/*
 * The golden fixtures in protocol/fixtures/ (*.jsonl) are conversations between the monitor and the control plane.
 * Every line must decode, and encoding the decoded message must give back the very same bytes: the TypeScript
 * side checks its own encoder and decoder against the same files.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "protocol.h"
#include "report.h"

static void
check_fixture (const char *path)
{
  FILE *f = fopen (path, "r");
  char line[ISLE_MSG_MAX + 2], copy[ISLE_MSG_MAX + 2], encoded[ISLE_MSG_MAX];
  int lines = 0;

  CHECK (f != NULL);
  while (f != NULL && fgets (line, sizeof (line), f) != NULL)
    {
      size_t len = strlen (line);
      isle_msg_t msg;
      isle_err_t err = { 0 };

      lines++;
      CHECK (len > 0 && line[len - 1] == '\n');
      memcpy (copy, line, len + 1);
      if (isle_msg_decode (copy, len - 1, &msg, &err) < 0)
        {
          fprintf (stderr, "%s:%d: %s\n", path, lines, err.message);
          check_failures++;
          continue;
        }
      if (isle_msg_encode (&msg, encoded, sizeof (encoded)) < 0 || strcmp (encoded, line) != 0)
        {
          fprintf (stderr, "%s:%d:\n  fixture %s  encoded %s", path, lines, line, encoded);
          check_failures++;
        }
    }
  CHECK (lines > 0);
  if (f != NULL)
    fclose (f);
}

static void
test_fixtures (void)
{
  const char *dir = getenv ("ISLE_FIXTURES") ? getenv ("ISLE_FIXTURES") : "protocol/fixtures";
  DIR *d = opendir (dir);
  struct dirent *e;
  int files = 0;

  CHECK (d != NULL);
  while (d != NULL && (e = readdir (d)) != NULL)
    {
      char path[512];
      size_t n = strlen (e->d_name);

      if (n < 6 || strcmp (e->d_name + n - 6, ".jsonl") != 0)
        continue;
      snprintf (path, sizeof (path), "%s/%s", dir, e->d_name);
      check_fixture (path);
      files++;
    }
  CHECK (files >= 5);
  if (d != NULL)
    closedir (d);
}

static void
test_escaping (void)
{
  char out[128];

  isle_json_escape ("a\"b\\c\n\x01\x7f", out, sizeof (out));
  CHECK (strcmp (out, "a\\\"b\\\\c\\n\\u0001\x7f") == 0);
  /* Invalid UTF-8 (a lone continuation byte, a truncated sequence, an overlong '/') becomes U+FFFD. */
  isle_json_escape ("x\x80y\xE2\x98z\xC0\xAF", out, sizeof (out));
  CHECK (strcmp (out, "x\xEF\xBF\xBDy\xEF\xBF\xBD\xEF\xBF\xBDz\xEF\xBF\xBD\xEF\xBF\xBD") == 0);
  /* Truncation never splits an escape or a character. */
  CHECK (isle_json_escape ("ab\ncd", out, 4) == 2 && strcmp (out, "ab") == 0);
  CHECK (isle_json_escape ("\xE2\x98\x83\xE2\x98\x83", out, 5) == 3);
}

static void
test_rejects (void)
{
  static const char *const bad[] = {
    "{\"type\":\"start\"}", "{\"v\":2,\"type\":\"start\"}", "{\"v\":1,\"type\":\"go\"}", "{\"v\":1}",
    "[1]",                   "start",                      "{\"v\":1,\"type\":\"ready\"}", "{\"v\":\"1\",\"type\":\"start\"}",
  };

  for (size_t i = 0; i < sizeof (bad) / sizeof (bad[0]); i++)
    {
      char line[128];
      isle_msg_t msg;
      isle_err_t err = { 0 };

      strcpy (line, bad[i]);
      CHECK (isle_msg_decode (line, strlen (line), &msg, &err) < 0);
      CHECK (strcmp (err.stage, "sync") == 0);
    }
}

static void
test_report (void)
{
  isle_err_t in = { .stage = "exec", .errno_value = 13 }, out;

  strcpy (in.message, "exec \"/bin/x\"\nsecond line");
  {
    char buf[ISLE_REPORT_MAX];
    int len = snprintf (buf, sizeof (buf), "%s\n%d\n%s", in.stage, in.errno_value, in.message);
    CHECK (isle_report_parse (buf, (size_t) len, &out) == 0);
  }
  CHECK (strcmp (out.stage, "exec") == 0 && out.errno_value == 13);
  CHECK (strcmp (out.message, in.message) == 0);
  CHECK (isle_report_parse ("garbage", 7, &out) < 0 && strcmp (out.stage, "sync") == 0);
}

int
main (void)
{
  test_fixtures ();
  test_escaping ();
  test_rejects ();
  test_report ();
  return check_done ("protocol");
}
