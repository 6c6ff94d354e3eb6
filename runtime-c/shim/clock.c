#include "clock.h"

#include <stdio.h>

void
shim_iso_time (const struct timespec *ts, char out[SHIM_ISO_MAX])
{
  struct tm tm;

  gmtime_r (&ts->tv_sec, &tm);
  snprintf (out, SHIM_ISO_MAX, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
            tm.tm_hour, tm.tm_min, tm.tm_sec, ts->tv_nsec);
}

void
shim_iso_now (char out[SHIM_ISO_MAX])
{
  struct timespec ts;

  clock_gettime (CLOCK_REALTIME, &ts); /* cannot fail with a valid clock id */
  shim_iso_time (&ts, out);
}

uint64_t
shim_monotonic_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000 + (uint64_t) ts.tv_nsec / 1000000;
}
