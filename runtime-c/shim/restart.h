/*
 * The restart policy (--restart) and its back-off: pure decisions, so they are unit-tested without processes.
 *
 *   no                 never restart
 *   always             restart whatever the exit
 *   unless-stopped     the same inside the shim (the CLI decides about restarting after a daemon restart)
 *   on-failure[:N]     restart after a non-zero exit or a signal death, at most N times (no N: unlimited)
 *
 * Never when the CLI asked to stop (<state-dir>/stop-requested). Back-off: 100 ms, doubling, at most 10 s,
 * back to 100 ms once a run has lasted 10 s.
 */
#ifndef SHIM_RESTART_H
#define SHIM_RESTART_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

#define SHIM_BACKOFF_FIRST_MS 100
#define SHIM_BACKOFF_MAX_MS 10000
#define SHIM_BACKOFF_RESET_MS 10000

typedef enum shim_restart_kind
{
  SHIM_RESTART_NO,
  SHIM_RESTART_ALWAYS,
  SHIM_RESTART_UNLESS_STOPPED,
  SHIM_RESTART_ON_FAILURE,
} shim_restart_kind_t;

typedef struct shim_restart
{
  shim_restart_kind_t kind;
  unsigned max;             /* on-failure: most restarts; 0 = unlimited */
  unsigned count;           /* restarts done so far */
  uint64_t backoff_ms;      /* the next delay */
} shim_restart_t;

/* Parse a --restart value (stage "config" on error). */
int shim_restart_parse (const char *text, shim_restart_t *out, isle_err_t *err);

/* Whether the run that just ended is followed by another. failed: non-zero exit code or a signal. */
bool shim_restart_wanted (const shim_restart_t *r, bool failed, bool stop_requested);

/* The delay before the next restart, given how long the run lasted; advances the back-off and the count. */
uint64_t shim_restart_next_delay (shim_restart_t *r, uint64_t ran_ms);

#endif
