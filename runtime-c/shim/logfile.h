/*
 * The container's log (--log-file), in Docker's json-file format: one JSON object per line,
 *   {"log":"hello\n","stream":"stdout","time":"2026-11-23T12:00:00.123456789Z"}
 * one per '\n' of output, or per SHIM_LOG_LINE_MAX bytes without one (then "log" has no trailing newline; the
 * cut never splits a UTF-8 character). Invalid UTF-8 becomes U+FFFD; escaping is JSON.stringify's.
 *
 * Rotation (--log-max-size): when the next line would push the file past the limit, container.log.(n-1)
 * becomes .n, ..., container.log becomes .1, keeping --log-max-files files in all (1: the file is truncated).
 */
#ifndef SHIM_LOGFILE_H
#define SHIM_LOGFILE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define SHIM_LOG_LINE_MAX 16384
/* Worst case of one encoded line: every byte a \u00XX escape, plus the keys and the time stamp. */
#define SHIM_LOG_ENCODED_MAX (SHIM_LOG_LINE_MAX * 6 + 128)

enum shim_stream
{
  SHIM_STDOUT,
  SHIM_STDERR,
};

typedef struct shim_log
{
  const char *path;
  int fd;
  uint64_t size, max_size;      /* max_size 0: no rotation */
  unsigned max_files;
  struct
  {
    unsigned char buf[SHIM_LOG_LINE_MAX];
    size_t len;
  } partial[2];                 /* per stream: output since the last newline */
} shim_log_t;

int shim_log_open (shim_log_t *log, const char *path, uint64_t max_size, unsigned max_files, isle_err_t *err);

/* Append output of one stream; complete lines are written at once. Write failures are dropped (a full disk
   must not stop the container) and reported by the return value. */
int shim_log_write (shim_log_t *log, int stream, const unsigned char *data, size_t len, isle_err_t *err);

/* Write what is left without a newline (the container exited). */
void shim_log_flush (shim_log_t *log);

/* Pure helpers (unit-tested). Encode one line, '\n' included; returns its length. out has SHIM_LOG_ENCODED_MAX. */
size_t shim_log_encode (int stream, const unsigned char *data, size_t len, const char *iso_time, char *out);
/* "PATH" for n == 0, else "PATH.n"; returns -1 when it does not fit. */
int shim_log_rotated_name (const char *path, unsigned n, char *out, size_t cap);
/* How many bytes of a full buffer to emit so that no UTF-8 character is cut (len when none would be). */
size_t shim_log_cut (const unsigned char *data, size_t len);

#endif
