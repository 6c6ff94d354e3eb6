/* Time stamps: RFC 3339 UTC with nanoseconds for logs and records, and a monotonic clock for the back-off. */
#ifndef SHIM_CLOCK_H
#define SHIM_CLOCK_H

#include <stdint.h>
#include <time.h>

#define SHIM_ISO_MAX 64

/* "2026-11-23T12:00:00.123456789Z" */
void shim_iso_time (const struct timespec *ts, char out[SHIM_ISO_MAX]);
void shim_iso_now (char out[SHIM_ISO_MAX]);
uint64_t shim_monotonic_ms (void);

#endif
