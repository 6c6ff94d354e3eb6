// links: shim/frame.c
/* The attach framing: headers, and the incremental decoder fed byte by byte and in one piece. */
#include <string.h>

#include "check.h"
#include "frame.h"

static void
test_header (void)
{
  unsigned char h[SHIM_FRAME_HEADER];

  shim_frame_header (SHIM_FRAME_STDOUT, 0x01020304, h);
  CHECK (memcmp (h, "\x02\x01\x02\x03\x04", 5) == 0);
  shim_frame_header (SHIM_FRAME_CONTROL, 0, h);
  CHECK (memcmp (h, "\x06\x00\x00\x00\x00", 5) == 0);
}

/* A stream of STDIN "hello", RESIZE 24x80, an empty STDIN, CLOSE_STDIN. */
static const unsigned char stream[] = "\x01\x00\x00\x00\x05hello"
                                      "\x04\x00\x00\x00\x04\x00\x18\x00\x50"
                                      "\x01\x00\x00\x00\x00"
                                      "\x05\x00\x00\x00\x00";

static void
decode_in_steps (size_t step)
{
  shim_frame_decoder_t d = { 0 };
  char stdin_bytes[16] = { 0 };
  size_t stdin_len = 0, off = 0;
  int resizes = 0, closes = 0;
  isle_err_t err;

  while (off < sizeof (stream) - 1)
    {
      size_t avail = sizeof (stream) - 1 - off < step ? sizeof (stream) - 1 - off : step;
      shim_frame_event_t ev;
      long used = shim_frame_decode (&d, stream + off, avail, &ev, &err);

      CHECK (used > 0 || (used == 0 && ev.kind != 0));
      if (used < 0)
        return;
      off += (size_t) used;
      if (ev.kind == SHIM_FRAME_STDIN)
        memcpy (stdin_bytes + stdin_len, ev.data, ev.len), stdin_len += ev.len;
      if (ev.kind == SHIM_FRAME_RESIZE)
        {
          CHECK (ev.rows == 24 && ev.cols == 80);
          resizes++;
        }
      if (ev.kind == SHIM_FRAME_CLOSE_STDIN)
        closes++;
    }
  CHECK (stdin_len == 5 && memcmp (stdin_bytes, "hello", 5) == 0);
  CHECK (resizes == 1 && closes == 1);
}

static void
test_rejects (void)
{
  static const struct
  {
    const char *bytes;
  } bad[] = {
    { "\x02\x00\x00\x00\x01x" },         /* STDOUT comes from the shim, never from a client */
    { "\x06\x00\x00\x00\x01x" },         /* CONTROL likewise */
    { "\x09\x00\x00\x00\x00" },          /* unknown kind */
    { "\x04\x00\x00\x00\x03\x00\x00\x00" }, /* RESIZE must be 4 bytes */
    { "\x05\x00\x00\x00\x01x" },         /* CLOSE_STDIN has no payload */
    { "\x01\x7f\x00\x00\x00" },          /* STDIN larger than SHIM_FRAME_STDIN_MAX */
  };

  for (size_t i = 0; i < sizeof (bad) / sizeof (bad[0]); i++)
    {
      shim_frame_decoder_t d = { 0 };
      shim_frame_event_t ev;
      isle_err_t err;

      CHECK (shim_frame_decode (&d, (const unsigned char *) bad[i].bytes, 5, &ev, &err) < 0);
    }
}

int
main (void)
{
  test_header ();
  decode_in_steps (1);
  decode_in_steps (3);
  decode_in_steps (1000);
  test_rejects ();
  return check_done ("shim_frame");
}
