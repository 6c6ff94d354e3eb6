/*
 * How the container init tells the monitor why it failed: one write of "stage\nerrno\nmessage" on a CLOEXEC
 * pipe, then _exit. A successful execve closes the pipe, so EOF with nothing read means "exec succeeded".
 * Plain text rather than a C struct, so the format does not depend on padding or on sizeof(isle_err_t).
 */
#ifndef ISLE_REPORT_H
#define ISLE_REPORT_H

#include <stddef.h>

#include "error.h"

#define ISLE_REPORT_MAX (ISLE_ERR_MSG_MAX + 64)

/* Write err to fd (best effort: the child exits right after). */
void isle_report_write (int fd, const isle_err_t *err);

/* Parse a report of len bytes; `stage` and `message` are copied into out (stage points at a static name). */
int isle_report_parse (const char *buf, size_t len, isle_err_t *out);

#endif
