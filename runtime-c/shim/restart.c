#include "restart.h"

#include <stdlib.h>
#include <string.h>

int
shim_restart_parse (const char *text, shim_restart_t *out, isle_err_t *err)
{
  *out = (shim_restart_t){ .kind = SHIM_RESTART_NO, .backoff_ms = SHIM_BACKOFF_FIRST_MS };
  if (strcmp (text, "no") == 0)
    return 0;
  if (strcmp (text, "always") == 0)
    return out->kind = SHIM_RESTART_ALWAYS, 0;
  if (strcmp (text, "unless-stopped") == 0)
    return out->kind = SHIM_RESTART_UNLESS_STOPPED, 0;
  if (strncmp (text, "on-failure", 10) == 0 && (text[10] == '\0' || text[10] == ':'))
    {
      out->kind = SHIM_RESTART_ON_FAILURE;
      if (text[10] == ':')
        {
          const char *digits = text + 11;
          char *end;
          unsigned long n;

          errno = 0;
          n = strtoul (digits, &end, 10);
          if (*digits < '0' || *digits > '9' || *end != '\0' || errno != 0 || n > 1000000)
            return isle_err (err, "config", 0, "--restart %s: the count after on-failure: must be a number", text);
          out->max = (unsigned) n;
        }
      return 0;
    }
  return isle_err (err, "config", 0, "--restart %s: expected no, always, unless-stopped or on-failure[:N]", text);
}

bool
shim_restart_wanted (const shim_restart_t *r, bool failed, bool stop_requested)
{
  if (stop_requested)
    return false;
  switch (r->kind)
    {
    case SHIM_RESTART_ALWAYS:
    case SHIM_RESTART_UNLESS_STOPPED:
      return true;
    case SHIM_RESTART_ON_FAILURE:
      return failed && (r->max == 0 || r->count < r->max);
    default:
      return false;
    }
}

uint64_t
shim_restart_next_delay (shim_restart_t *r, uint64_t ran_ms)
{
  uint64_t delay;

  if (ran_ms >= SHIM_BACKOFF_RESET_MS || r->backoff_ms == 0)
    r->backoff_ms = SHIM_BACKOFF_FIRST_MS;
  delay = r->backoff_ms;
  r->backoff_ms = delay * 2 > SHIM_BACKOFF_MAX_MS ? SHIM_BACKOFF_MAX_MS : delay * 2;
  r->count++;
  return delay;
}
