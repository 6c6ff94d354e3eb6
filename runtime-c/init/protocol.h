/*
 * The sync-fd protocol between isle-init's monitor and the control plane: one JSON object per line, each with
 * "v":1 and a "type". See runtime-c/PROTOCOL.md for the diagram; runtime-c/protocol/fixtures/ holds golden
 * conversations that the C and the TypeScript tests both check.
 *
 *   monitor -> CLI   ready    {"v":1,"type":"ready","pid":N}
 *   CLI -> monitor   start    {"v":1,"type":"start"}
 *   shim -> CLI      spawned  {"v":1,"type":"spawned","pid":N,"shimPid":N,"shimStartTime":N}  (isle-shim only)
 *   monitor -> CLI   started  {"v":1,"type":"started"}  (isle-shim: {"v":1,"type":"started","pid":N})
 *   monitor -> CLI   error    {"v":1,"type":"error","stage":S,"errno":N,"message":M}
 *   monitor -> CLI   exit     {"v":1,"type":"exit","exitCode":N}  or  {"v":1,"type":"exit","signal":N}
 */
#ifndef ISLE_PROTOCOL_H
#define ISLE_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

#define ISLE_PROTOCOL_VERSION 1
/* Longest line either side may send; a ready/start line is far shorter, an error line is bounded by its message. */
#define ISLE_MSG_MAX 4096

typedef enum isle_msg_type
{
  ISLE_MSG_READY,
  ISLE_MSG_START,
  ISLE_MSG_STARTED,
  ISLE_MSG_ERROR,
  ISLE_MSG_EXIT,
  ISLE_MSG_SPAWNED,
} isle_msg_type_t;

typedef struct isle_msg
{
  isle_msg_type_t type;
  long long pid;            /* ready; spawned; started (isle-shim only, 0 = absent) */
  long long shim_pid;       /* spawned */
  long long shim_start_time; /* spawned: the shim's start time in clock ticks (/proc/PID/stat field 22) */
  const char *stage;        /* error */
  long long errno_value;    /* error */
  const char *message;      /* error */
  bool signaled;            /* exit: true -> signal, false -> exit_code */
  long long exit_code;      /* exit */
  long long signal;         /* exit */
} isle_msg_t;

/* Encode msg as one line ending in '\n' into buf; returns its length, or -1 when it does not fit. */
ssize_t isle_msg_encode (const isle_msg_t *msg, char *buf, size_t cap);

/* Decode one line (without its '\n'), in place: string fields point into `line`. Errors use stage "sync". */
int isle_msg_decode (char *line, size_t len, isle_msg_t *msg, isle_err_t *err);

/*
 * The control plane's bytes before start, `*len` of them in `buf` (capacity `cap`): returns 1 once they hold a whole
 * start line, which is then removed so that `buf` keeps only what followed it (the start of an attach stream);
 * 0 while the line is incomplete; -1 for a line too long, undecodable or not a start.
 */
int isle_msg_take_start (char *buf, size_t cap, size_t *len, isle_err_t *err);

/* Write msg to fd as one line (retrying short writes). */
int isle_msg_send (int fd, const isle_msg_t *msg, isle_err_t *err);

/*
 * JSON-escape s into out (NUL-terminated, truncated at a character boundary to fit cap): quotes, backslashes and
 * control characters are escaped as JSON.stringify does; invalid UTF-8 bytes become U+FFFD. Returns the length.
 */
size_t isle_json_escape (const char *s, char *out, size_t cap);

#endif
