#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
isle_err (isle_err_t *err, const char *stage, int errno_value, const char *fmt, ...)
{
  va_list ap;
  int used;

  err->stage = stage;
  err->errno_value = errno_value;
  va_start (ap, fmt);
  used = vsnprintf (err->message, sizeof (err->message), fmt, ap);
  va_end (ap);
  if (errno_value != 0 && used >= 0 && (size_t) used < sizeof (err->message))
    snprintf (err->message + used, sizeof (err->message) - (size_t) used, ": %s", strerror (errno_value));
  return -1;
}

int
isle_err_wrap (isle_err_t *err, const char *fmt, ...)
{
  char prefix[ISLE_ERR_MSG_MAX];
  char joined[ISLE_ERR_MSG_MAX];
  va_list ap;

  va_start (ap, fmt);
  vsnprintf (prefix, sizeof (prefix), fmt, ap);
  va_end (ap);
  /* Messages are bounded; a long chain of context is cut at the end rather than failing. */
  if (snprintf (joined, sizeof (joined), "%s: %s", prefix, err->message) < 0)
    return -1;
  memcpy (err->message, joined, sizeof (joined));
  return -1;
}

void
isle_cleanup_close (int *fd)
{
  if (*fd >= 0)
    close (*fd);
}
