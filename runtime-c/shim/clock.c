#include "clock.h"

#include <stdio.h>

/* Days since 1970-01-01 to a Gregorian date, by 400-year eras of 146097 days whose years start on March 1st (so
   that the leap day ends a year). gmtime_r would do, but glibc's first reads the time zone file, a file read on
   the way to every container's "started". */
static void
date_from_days (long long days, long long *year, int *month, int *day)
{
  long long shifted = days + 719468; /* days from 0000-03-01 */
  long long era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
  long long of_era = shifted - era * 146097;                                          /* [0, 146096] */
  long long year_of_era = (of_era - of_era / 1460 + of_era / 36524 - of_era / 146096) / 365; /* [0, 399] */
  long long of_year = of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100); /* [0, 365] */
  long long march_month = (5 * of_year + 2) / 153;                                    /* [0, 11], 0 = March */

  *day = (int) (of_year - (153 * march_month + 2) / 5 + 1);
  *month = (int) (march_month < 10 ? march_month + 3 : march_month - 9);
  *year = year_of_era + era * 400 + (*month <= 2);
}

void
shim_iso_time (const struct timespec *ts, char out[SHIM_ISO_MAX])
{
  long long days = ts->tv_sec >= 0 ? ts->tv_sec / 86400 : (ts->tv_sec - 86399) / 86400;
  long long of_day = ts->tv_sec - days * 86400, year;
  int month, day;

  date_from_days (days, &year, &month, &day);
  snprintf (out, SHIM_ISO_MAX, "%04lld-%02d-%02dT%02lld:%02lld:%02lld.%09ldZ", year, month, day, of_day / 3600,
            of_day / 60 % 60, of_day % 60, ts->tv_nsec);
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
