// links: shim/restart.c
/* Restart policies: parsing, which exits restart, and the back-off. */
#include <string.h>

#include "check.h"
#include "restart.h"

static void
test_parse (void)
{
  shim_restart_t r;
  isle_err_t err;

  CHECK (shim_restart_parse ("no", &r, &err) == 0 && r.kind == SHIM_RESTART_NO);
  CHECK (shim_restart_parse ("always", &r, &err) == 0 && r.kind == SHIM_RESTART_ALWAYS);
  CHECK (shim_restart_parse ("unless-stopped", &r, &err) == 0 && r.kind == SHIM_RESTART_UNLESS_STOPPED);
  CHECK (shim_restart_parse ("on-failure", &r, &err) == 0 && r.kind == SHIM_RESTART_ON_FAILURE && r.max == 0);
  CHECK (shim_restart_parse ("on-failure:2", &r, &err) == 0 && r.max == 2);
  static const char *const bad[] = { "", "sometimes", "on-failure:", "on-failure:-1", "on-failure:2x",
                                     "on-failures", "always:3" };
  for (size_t i = 0; i < sizeof (bad) / sizeof (bad[0]); i++)
    {
      CHECK (shim_restart_parse (bad[i], &r, &err) < 0);
      CHECK (strcmp (err.stage, "config") == 0);
    }
}

static void
test_decisions (void)
{
  shim_restart_t r;
  isle_err_t err;

  shim_restart_parse ("no", &r, &err);
  CHECK (!shim_restart_wanted (&r, true, false));
  shim_restart_parse ("always", &r, &err);
  CHECK (shim_restart_wanted (&r, false, false) && shim_restart_wanted (&r, true, false));
  CHECK (!shim_restart_wanted (&r, true, true)); /* stop-requested wins */
  shim_restart_parse ("unless-stopped", &r, &err);
  CHECK (shim_restart_wanted (&r, false, false) && !shim_restart_wanted (&r, false, true));
  shim_restart_parse ("on-failure:2", &r, &err);
  CHECK (!shim_restart_wanted (&r, false, false));
  CHECK (shim_restart_wanted (&r, true, false));
  shim_restart_next_delay (&r, 0);
  CHECK (shim_restart_wanted (&r, true, false));
  shim_restart_next_delay (&r, 0);
  CHECK (r.count == 2 && !shim_restart_wanted (&r, true, false));
  shim_restart_parse ("on-failure", &r, &err);
  r.count = 1000;
  CHECK (shim_restart_wanted (&r, true, false));
}

static void
test_backoff (void)
{
  shim_restart_t r;
  isle_err_t err;
  uint64_t expected[] = { 100, 200, 400, 800, 1600, 3200, 6400, 10000, 10000 };

  shim_restart_parse ("always", &r, &err);
  for (size_t i = 0; i < sizeof (expected) / sizeof (expected[0]); i++)
    CHECK (shim_restart_next_delay (&r, 50) == expected[i]);
  /* A run of 10 s resets it. */
  CHECK (shim_restart_next_delay (&r, 10000) == 100);
  CHECK (shim_restart_next_delay (&r, 9999) == 200);
  CHECK (r.count == 11);
}

int
main (void)
{
  test_parse ();
  test_decisions ();
  test_backoff ();
  return check_done ("shim_restart");
}
