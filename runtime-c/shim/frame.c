#include "frame.h"

#include <string.h>

void
shim_frame_header (int kind, uint32_t len, unsigned char out[SHIM_FRAME_HEADER])
{
  out[0] = (unsigned char) kind;
  out[1] = (unsigned char) (len >> 24);
  out[2] = (unsigned char) (len >> 16);
  out[3] = (unsigned char) (len >> 8);
  out[4] = (unsigned char) len;
}

static int
check_header (shim_frame_decoder_t *d, isle_err_t *err)
{
  int kind = d->header[0];
  uint32_t len = (uint32_t) d->header[1] << 24 | (uint32_t) d->header[2] << 16 | (uint32_t) d->header[3] << 8
                 | d->header[4];

  if (kind == SHIM_FRAME_STDIN && len > SHIM_FRAME_STDIN_MAX)
    return isle_err (err, "attach", EMSGSIZE, "STDIN frame of %u bytes", len);
  if (kind == SHIM_FRAME_RESIZE && len != 4)
    return isle_err (err, "attach", EPROTO, "RESIZE frame of %u bytes, expected 4", len);
  if (kind == SHIM_FRAME_CLOSE_STDIN && len != 0)
    return isle_err (err, "attach", EPROTO, "CLOSE_STDIN frame with a payload");
  if (kind != SHIM_FRAME_STDIN && kind != SHIM_FRAME_RESIZE && kind != SHIM_FRAME_CLOSE_STDIN)
    return isle_err (err, "attach", EPROTO, "frame kind %d is not one a client sends", kind);
  d->remaining = len;
  d->small_len = 0;
  return 0;
}

long
shim_frame_decode (shim_frame_decoder_t *d, const unsigned char *buf, size_t len, shim_frame_event_t *ev,
                   isle_err_t *err)
{
  size_t used = 0, take;

  *ev = (shim_frame_event_t){ 0 };
  if (d->header_len < SHIM_FRAME_HEADER)
    {
      take = SHIM_FRAME_HEADER - d->header_len < len ? SHIM_FRAME_HEADER - d->header_len : len;
      memcpy (d->header + d->header_len, buf, take);
      d->header_len += take;
      used = take;
      if (d->header_len < SHIM_FRAME_HEADER)
        return (long) used;
      if (check_header (d, err) < 0)
        return -1;
      if (d->header[0] == SHIM_FRAME_CLOSE_STDIN)
        {
          d->header_len = 0;
          ev->kind = SHIM_FRAME_CLOSE_STDIN;
          return (long) used;
        }
      if (d->remaining == 0)
        {
          d->header_len = 0;
          return (long) used;
        }
    }
  take = d->remaining < len - used ? d->remaining : len - used;
  if (d->header[0] == SHIM_FRAME_STDIN)
    {
      if (take > 0)
        *ev = (shim_frame_event_t){ .kind = SHIM_FRAME_STDIN, .data = buf + used, .len = take };
    }
  else
    {
      memcpy (d->small + d->small_len, buf + used, take);
      d->small_len += take;
    }
  used += take;
  d->remaining -= (uint32_t) take;
  if (d->remaining == 0)
    {
      if (d->header[0] == SHIM_FRAME_RESIZE)
        *ev = (shim_frame_event_t){ .kind = SHIM_FRAME_RESIZE, .data = d->small, .len = 4,
                                    .rows = (uint16_t) (d->small[0] << 8 | d->small[1]),
                                    .cols = (uint16_t) (d->small[2] << 8 | d->small[3]) };
      d->header_len = 0;
    }
  return (long) used;
}
