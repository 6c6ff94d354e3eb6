/* The C unit tests' one assertion: report the failing expression and line, count, keep going. */
#ifndef ISLE_CHECK_H
#define ISLE_CHECK_H

#include <stdio.h>

static int check_failures;

#define CHECK(cond)                                                                                                 \
  do                                                                                                                \
    {                                                                                                               \
      if (!(cond))                                                                                                  \
        {                                                                                                           \
          fprintf (stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);                                 \
          check_failures++;                                                                                         \
        }                                                                                                           \
    }                                                                                                               \
  while (0)

static inline int
check_done (const char *name)
{
  printf ("%s: %s\n", name, check_failures ? "FAILED" : "ok");
  return check_failures ? 1 : 0;
}

#endif
