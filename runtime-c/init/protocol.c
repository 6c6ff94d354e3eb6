#include "protocol.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "json.h"

static const char *const type_names[] = {
  [ISLE_MSG_READY] = "ready", [ISLE_MSG_START] = "start", [ISLE_MSG_STARTED] = "started",
  [ISLE_MSG_ERROR] = "error", [ISLE_MSG_EXIT] = "exit", [ISLE_MSG_SPAWNED] = "spawned",
};

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when the bytes there are not valid UTF-8. */
static size_t
utf8_sequence (const unsigned char *s)
{
  size_t n;
  unsigned cp;

  if (s[0] < 0x80)
    return 1;
  if (s[0] >= 0xC2 && s[0] <= 0xDF)
    n = 2, cp = s[0] & 0x1F;
  else if (s[0] >= 0xE0 && s[0] <= 0xEF)
    n = 3, cp = s[0] & 0x0F;
  else if (s[0] >= 0xF0 && s[0] <= 0xF4)
    n = 4, cp = s[0] & 0x07;
  else
    return 0;
  for (size_t i = 1; i < n; i++)
    {
      if ((s[i] & 0xC0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i] & 0x3F);
    }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

size_t
isle_json_escape (const char *s, char *out, size_t cap)
{
  const unsigned char *p = (const unsigned char *) s;
  size_t w = 0;

  while (*p != '\0')
    {
      char piece[8];
      const char *src = piece;
      size_t len, seq = utf8_sequence (p);

      if (*p == '"' || *p == '\\')
        len = (size_t) snprintf (piece, sizeof (piece), "\\%c", *p);
      else if (*p < 0x20)
        {
          const char *named = strchr ("\bb\ff\nn\rr\tt", *p);
          if (named != NULL)
            len = (size_t) snprintf (piece, sizeof (piece), "\\%c", named[1]);
          else
            len = (size_t) snprintf (piece, sizeof (piece), "\\u%04x", *p);
        }
      else if (seq == 0)
        src = "\xEF\xBF\xBD", len = 3, seq = 1; /* U+FFFD REPLACEMENT CHARACTER */
      else
        src = (const char *) p, len = seq;
      if (*p < 0x20 || *p == '"' || *p == '\\')
        seq = 1;
      if (w + len + 1 > cap)
        break;
      memcpy (out + w, src, len);
      w += len;
      p += seq;
    }
  if (cap > 0)
    out[w] = '\0';
  return w;
}

ssize_t
isle_msg_encode (const isle_msg_t *msg, char *buf, size_t cap)
{
  char stage[64], message[ISLE_MSG_MAX / 2];
  int n;

  switch (msg->type)
    {
    case ISLE_MSG_READY:
      n = snprintf (buf, cap, "{\"v\":%d,\"type\":\"ready\",\"pid\":%lld}\n", ISLE_PROTOCOL_VERSION, msg->pid);
      break;
    case ISLE_MSG_SPAWNED:
      n = snprintf (buf, cap, "{\"v\":%d,\"type\":\"spawned\",\"pid\":%lld,\"shimPid\":%lld,\"shimStartTime\":%lld}\n",
                    ISLE_PROTOCOL_VERSION, msg->pid, msg->shim_pid, msg->shim_start_time);
      break;
    case ISLE_MSG_STARTED:
      /* isle-init's started has no pid; isle-shim's names the (possibly restarted) container init. */
      if (msg->pid > 0)
        n = snprintf (buf, cap, "{\"v\":%d,\"type\":\"started\",\"pid\":%lld}\n", ISLE_PROTOCOL_VERSION, msg->pid);
      else
        n = snprintf (buf, cap, "{\"v\":%d,\"type\":\"started\"}\n", ISLE_PROTOCOL_VERSION);
      break;
    case ISLE_MSG_ERROR:
      isle_json_escape (msg->stage, stage, sizeof (stage));
      isle_json_escape (msg->message, message, sizeof (message));
      n = snprintf (buf, cap, "{\"v\":%d,\"type\":\"error\",\"stage\":\"%s\",\"errno\":%lld,\"message\":\"%s\"}\n",
                    ISLE_PROTOCOL_VERSION, stage, msg->errno_value, message);
      break;
    case ISLE_MSG_EXIT:
      if (msg->signaled)
        n = snprintf (buf, cap, "{\"v\":%d,\"type\":\"exit\",\"signal\":%lld}\n", ISLE_PROTOCOL_VERSION, msg->signal);
      else
        n = snprintf (buf, cap, "{\"v\":%d,\"type\":\"exit\",\"exitCode\":%lld}\n", ISLE_PROTOCOL_VERSION,
                      msg->exit_code);
      break;
    default:
      n = snprintf (buf, cap, "{\"v\":%d,\"type\":\"%s\"}\n", ISLE_PROTOCOL_VERSION, type_names[msg->type]);
      break;
    }
  return (n < 0 || (size_t) n >= cap) ? -1 : n;
}

static int
decode_fields (isle_json_t *doc, isle_msg_t *msg, isle_err_t *err)
{
  long long v;
  const char *type = isle_json_str (doc, isle_json_get (doc, 0, "type"));
  size_t t;

  if (isle_json_int (doc, isle_json_get (doc, 0, "v"), &v) < 0)
    return isle_err (err, "sync", EPROTO, "message without a protocol version \"v\"");
  if (v != ISLE_PROTOCOL_VERSION)
    return isle_err (err, "sync", EPROTO, "protocol version %lld, isle-init speaks %d", v, ISLE_PROTOCOL_VERSION);
  for (t = 0; type != NULL && t < sizeof (type_names) / sizeof (type_names[0]); t++)
    if (strcmp (type, type_names[t]) == 0)
      break;
  if (type == NULL || t == sizeof (type_names) / sizeof (type_names[0]))
    return isle_err (err, "sync", EPROTO, "unknown message type");
  *msg = (isle_msg_t){ .type = (isle_msg_type_t) t };
  switch (msg->type)
    {
    case ISLE_MSG_READY:
      if (isle_json_int (doc, isle_json_get (doc, 0, "pid"), &msg->pid) < 0)
        return isle_err (err, "sync", EPROTO, "ready without an integer pid");
      break;
    case ISLE_MSG_SPAWNED:
      if (isle_json_int (doc, isle_json_get (doc, 0, "pid"), &msg->pid) < 0
          || isle_json_int (doc, isle_json_get (doc, 0, "shimPid"), &msg->shim_pid) < 0
          || isle_json_int (doc, isle_json_get (doc, 0, "shimStartTime"), &msg->shim_start_time) < 0)
        return isle_err (err, "sync", EPROTO, "spawned without integers pid, shimPid and shimStartTime");
      break;
    case ISLE_MSG_STARTED:
      if (isle_json_get (doc, 0, "pid") >= 0 && isle_json_int (doc, isle_json_get (doc, 0, "pid"), &msg->pid) < 0)
        return isle_err (err, "sync", EPROTO, "started with a pid that is not an integer");
      break;
    case ISLE_MSG_ERROR:
      msg->stage = isle_json_str (doc, isle_json_get (doc, 0, "stage"));
      msg->message = isle_json_str (doc, isle_json_get (doc, 0, "message"));
      if (msg->stage == NULL || msg->message == NULL
          || isle_json_int (doc, isle_json_get (doc, 0, "errno"), &msg->errno_value) < 0)
        return isle_err (err, "sync", EPROTO, "error without stage, errno and message");
      break;
    case ISLE_MSG_EXIT:
      msg->signaled = isle_json_get (doc, 0, "signal") >= 0;
      if (msg->signaled ? isle_json_int (doc, isle_json_get (doc, 0, "signal"), &msg->signal) < 0
                        : isle_json_int (doc, isle_json_get (doc, 0, "exitCode"), &msg->exit_code) < 0)
        return isle_err (err, "sync", EPROTO, "exit without an integer exitCode or signal");
      break;
    default:
      break;
    }
  return 0;
}

int
isle_msg_decode (char *line, size_t len, isle_msg_t *msg, isle_err_t *err)
{
  isle_json_t doc;
  int ret;

  if (isle_json_parse (&doc, line, len, "sync", err) < 0)
    ret = -1;
  else if (!isle_json_is (&doc, 0, ISLE_JSON_OBJECT))
    ret = isle_err (err, "sync", EPROTO, "message is not a JSON object");
  else
    ret = decode_fields (&doc, msg, err);
  isle_json_free (&doc);
  return ret;
}

int
isle_msg_send (int fd, const isle_msg_t *msg, isle_err_t *err)
{
  char line[ISLE_MSG_MAX];
  ssize_t len = isle_msg_encode (msg, line, sizeof (line));
  size_t done = 0;

  if (len < 0)
    return isle_err (err, "sync", EMSGSIZE, "encoding a %s message", type_names[msg->type]);
  while (done < (size_t) len)
    {
      ssize_t n = write (fd, line + done, (size_t) len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return isle_err (err, "sync", errno, "writing to the sync fd");
      done += (size_t) n;
    }
  return 0;
}

int
isle_msg_take_start (char *buf, size_t cap, size_t *len, isle_err_t *err)
{
  char *nl = memchr (buf, '\n', *len);
  size_t line_len;
  isle_msg_t msg;

  if (nl == NULL)
    return *len < cap - 1 ? 0 : isle_err (err, "sync", EMSGSIZE, "start line too long");
  line_len = (size_t) (nl - buf);
  if (isle_msg_decode (buf, line_len, &msg, err) < 0)
    return -1;
  if (msg.type != ISLE_MSG_START)
    return isle_err (err, "sync", EPROTO, "expected a start message before anything else");
  *len -= line_len + 1;
  memmove (buf, nl + 1, *len);
  return 1;
}
