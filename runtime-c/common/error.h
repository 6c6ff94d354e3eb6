/*
 * Islander's one C error convention (see runtime-c/PROTOCOL.md, "Errors").
 *
 * A fallible function takes `isle_err_t *err` as its last argument and returns a negative int on failure,
 * after filling `err` with the failing stage, the errno and a message. Callers add context by wrapping:
 *
 *     if (mount_all (cfg, err) < 0)
 *       return isle_err_wrap (err, "preparing the rootfs");
 *
 * The error travels to the control plane as one JSON line ({"type":"error", stage, errno, message}); nothing
 * in the runtime prints to the container's stdio.
 */
#ifndef ISLE_ERROR_H
#define ISLE_ERROR_H

#include <errno.h>
#include <stddef.h>

#define ISLE_ERR_MSG_MAX 512

typedef struct isle_err
{
  const char *stage;          /* a fixed stage name from PROTOCOL.md: "mount", "pivot_root", "exec", ... */
  int errno_value;            /* 0 when the failure has no errno (a bad config value) */
  char message[ISLE_ERR_MSG_MAX];
} isle_err_t;

/* Record a failure; returns -1 so call sites can `return isle_err (...)`. errno_value may be 0. */
int isle_err (isle_err_t *err, const char *stage, int errno_value, const char *fmt, ...)
    __attribute__ ((format (printf, 4, 5)));

/* Prefix context to an existing message ("preparing the rootfs: mount /proc: ..."); returns -1. */
int isle_err_wrap (isle_err_t *err, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

/* Close a file descriptor on scope exit: `cleanup_close int fd = -1;` */
void isle_cleanup_close (int *fd);
#define cleanup_close __attribute__ ((cleanup (isle_cleanup_close)))

#define UNLIKELY(x) __builtin_expect (!!(x), 0)

#endif
