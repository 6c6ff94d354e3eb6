#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Every stage name, so a parsed report can point at a static string again. */
static const char *const stages[] = {
  "config", "pty", "clone", "sync", "rootfs", "mount", "devices", "pivot_root", "masked_paths", "hostname",
  "network", "sysctl", "cgroupns", "capabilities", "rlimits", "user", "cwd", "exec",
};

void
isle_report_write (int fd, const isle_err_t *err)
{
  char buf[ISLE_REPORT_MAX];
  int len = snprintf (buf, sizeof (buf), "%s\n%d\n%s", err->stage, err->errno_value, err->message);

  if (len > 0)
    {
      ssize_t ignored = write (fd, buf, (size_t) len < sizeof (buf) ? (size_t) len : sizeof (buf) - 1);
      (void) ignored; /* nobody is left to tell if the monitor is gone */
    }
}

int
isle_report_parse (const char *buf, size_t len, isle_err_t *out)
{
  const char *nl1 = memchr (buf, '\n', len);
  const char *nl2 = nl1 ? memchr (nl1 + 1, '\n', len - (size_t) (nl1 + 1 - buf)) : NULL;
  size_t msg_len;

  *out = (isle_err_t){ .stage = "sync" };
  if (nl2 == NULL)
    {
      snprintf (out->message, sizeof (out->message), "malformed error report from the container init");
      return -1;
    }
  for (size_t i = 0; i < sizeof (stages) / sizeof (stages[0]); i++)
    if (strlen (stages[i]) == (size_t) (nl1 - buf) && memcmp (stages[i], buf, (size_t) (nl1 - buf)) == 0)
      out->stage = stages[i];
  out->errno_value = atoi (nl1 + 1);
  msg_len = len - (size_t) (nl2 + 1 - buf);
  if (msg_len >= sizeof (out->message))
    msg_len = sizeof (out->message) - 1;
  memcpy (out->message, nl2 + 1, msg_len);
  out->message[msg_len] = '\0';
  return 0;
}
