/*
 * Attach framing (attach.sock connections, and the sync socket after "started"):
 *
 *   +------+----------------------+-------------------+
 *   | kind | length (u32, big-end) | payload (length)  |
 *   +------+----------------------+-------------------+
 *
 *   1 STDIN        client -> shim   bytes for the container's stdin (delivered in pieces as they arrive)
 *   2 STDOUT       shim -> client   container output (with a pty: everything)
 *   3 STDERR       shim -> client   container stderr (pipes only)
 *   4 RESIZE       client -> shim   rows u16 BE, cols u16 BE
 *   5 CLOSE_STDIN  client -> shim   empty
 *   6 CONTROL      shim -> client   one JSON object (exit, restarting, started)
 *
 * The decoder is incremental and never buffers a STDIN payload: each call hands back at most one event.
 */
#ifndef SHIM_FRAME_H
#define SHIM_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum
{
  SHIM_FRAME_STDIN = 1,
  SHIM_FRAME_STDOUT = 2,
  SHIM_FRAME_STDERR = 3,
  SHIM_FRAME_RESIZE = 4,
  SHIM_FRAME_CLOSE_STDIN = 5,
  SHIM_FRAME_CONTROL = 6,
};

#define SHIM_FRAME_HEADER 5
#define SHIM_FRAME_STDIN_MAX (64u << 20) /* a client announcing more is broken */

typedef struct shim_frame_decoder
{
  unsigned char header[SHIM_FRAME_HEADER];
  size_t header_len;
  uint32_t remaining;           /* payload bytes still to come for the current frame */
  unsigned char small[4];       /* RESIZE payload */
  size_t small_len;
} shim_frame_decoder_t;

typedef struct shim_frame_event
{
  int kind;                     /* 0: nothing complete yet */
  const unsigned char *data;    /* STDIN: a piece of the payload; RESIZE: 4 bytes */
  size_t len;
  uint16_t rows, cols;          /* RESIZE */
} shim_frame_event_t;

/* Write the 5-byte header for a frame of `kind` with `len` payload bytes. */
void shim_frame_header (int kind, uint32_t len, unsigned char out[SHIM_FRAME_HEADER]);

/* Consume bytes from buf (at most one event's worth); returns how many, or -1 for a malformed stream
   (unknown or shim-to-client kind, wrong RESIZE/CLOSE_STDIN length, oversized STDIN). */
long shim_frame_decode (shim_frame_decoder_t *d, const unsigned char *buf, size_t len, shim_frame_event_t *ev,
                        isle_err_t *err);

#endif
