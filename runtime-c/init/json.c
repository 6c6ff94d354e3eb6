#include "json.h"

#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 64

typedef struct parser
{
  isle_json_t *doc;
  char *buf;
  size_t len;
  size_t pos;
  const char *stage;
  isle_err_t *err;
} parser_t;

static int
fail (parser_t *p, const char *what)
{
  return isle_err (p->err, p->stage, 0, "malformed JSON at byte %zu: %s", p->pos, what);
}

static int
push_tok (parser_t *p, isle_json_type_t type, size_t start)
{
  isle_json_t *doc = p->doc;

  if (doc->ntoks == doc->cap)
    {
      size_t cap = doc->cap ? doc->cap * 2 : 64;
      isle_json_tok_t *toks = realloc (doc->toks, cap * sizeof (*toks));
      if (toks == NULL)
        return isle_err (p->err, p->stage, errno, "allocating JSON tokens");
      doc->toks = toks;
      doc->cap = cap;
    }
  doc->toks[doc->ntoks] = (isle_json_tok_t){ .type = type, .start = (uint32_t) start };
  return (int) doc->ntoks++;
}

static void
skip_ws (parser_t *p)
{
  while (p->pos < p->len && strchr (" \t\r\n", p->buf[p->pos]) != NULL && p->buf[p->pos] != '\0')
    p->pos++;
}

static int
hex4 (parser_t *p, unsigned *out)
{
  unsigned v = 0;

  if (p->len - p->pos < 4)
    return fail (p, "truncated \\u escape");
  for (int i = 0; i < 4; i++)
    {
      char c = p->buf[p->pos++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= (unsigned) (c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= (unsigned) (c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= (unsigned) (c - 'A' + 10);
      else
        return fail (p, "bad hex digit in \\u escape");
    }
  *out = v;
  return 0;
}

/* Decode one \uXXXX escape (plus a low surrogate when needed) to UTF-8 at *w. */
static int
unicode_escape (parser_t *p, char **w)
{
  unsigned cp, lo;
  unsigned char *o = (unsigned char *) *w;

  if (hex4 (p, &cp) < 0)
    return -1;
  if (cp >= 0xD800 && cp <= 0xDBFF)
    {
      if (p->len - p->pos < 2 || p->buf[p->pos] != '\\' || p->buf[p->pos + 1] != 'u')
        return fail (p, "unpaired surrogate");
      p->pos += 2;
      if (hex4 (p, &lo) < 0)
        return -1;
      if (lo < 0xDC00 || lo > 0xDFFF)
        return fail (p, "unpaired surrogate");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    }
  else if (cp >= 0xDC00 && cp <= 0xDFFF)
    return fail (p, "unpaired surrogate");
  if (cp == 0)
    return fail (p, "\\u0000 is not allowed in strings");
  if (cp < 0x80)
    *o++ = (unsigned char) cp;
  else if (cp < 0x800)
    {
      *o++ = (unsigned char) (0xC0 | (cp >> 6));
      *o++ = (unsigned char) (0x80 | (cp & 0x3F));
    }
  else if (cp < 0x10000)
    {
      *o++ = (unsigned char) (0xE0 | (cp >> 12));
      *o++ = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
      *o++ = (unsigned char) (0x80 | (cp & 0x3F));
    }
  else
    {
      *o++ = (unsigned char) (0xF0 | (cp >> 18));
      *o++ = (unsigned char) (0x80 | ((cp >> 12) & 0x3F));
      *o++ = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
      *o++ = (unsigned char) (0x80 | (cp & 0x3F));
    }
  *w = (char *) o;
  return 0;
}

/* Unescape the string starting after its opening quote, in place; the closing quote becomes the NUL. */
static int
parse_string (parser_t *p)
{
  int idx = push_tok (p, ISLE_JSON_STRING, ++p->pos);
  char *w;

  if (idx < 0)
    return -1;
  w = p->buf + p->pos;
  for (;;)
    {
      char c;

      if (p->pos >= p->len)
        return fail (p, "unterminated string");
      c = p->buf[p->pos++];
      if (c == '"')
        break;
      if ((unsigned char) c < 0x20)
        return fail (p, "control character in string");
      if (c != '\\')
        {
          *w++ = c;
          continue;
        }
      if (p->pos >= p->len)
        return fail (p, "unterminated escape");
      c = p->buf[p->pos++];
      switch (c)
        {
        case '"': case '\\': case '/': *w++ = c; break;
        case 'b': *w++ = '\b'; break;
        case 'f': *w++ = '\f'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 't': *w++ = '\t'; break;
        case 'u':
          if (unicode_escape (p, &w) < 0)
            return -1;
          break;
        default:
          return fail (p, "bad escape");
        }
    }
  p->doc->toks[idx].len = (uint32_t) (w - (p->buf + p->doc->toks[idx].start));
  *w = '\0';
  return idx;
}

static bool
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static int
parse_number (parser_t *p)
{
  size_t start = p->pos;
  int idx;

  if (p->pos < p->len && p->buf[p->pos] == '-')
    p->pos++;
  if (p->pos >= p->len || !is_digit (p->buf[p->pos]))
    return fail (p, "bad number");
  if (p->buf[p->pos] == '0')
    p->pos++;
  else
    while (p->pos < p->len && is_digit (p->buf[p->pos]))
      p->pos++;
  if (p->pos < p->len && p->buf[p->pos] == '.')
    {
      p->pos++;
      if (p->pos >= p->len || !is_digit (p->buf[p->pos]))
        return fail (p, "bad number fraction");
      while (p->pos < p->len && is_digit (p->buf[p->pos]))
        p->pos++;
    }
  if (p->pos < p->len && (p->buf[p->pos] == 'e' || p->buf[p->pos] == 'E'))
    {
      p->pos++;
      if (p->pos < p->len && (p->buf[p->pos] == '+' || p->buf[p->pos] == '-'))
        p->pos++;
      if (p->pos >= p->len || !is_digit (p->buf[p->pos]))
        return fail (p, "bad number exponent");
      while (p->pos < p->len && is_digit (p->buf[p->pos]))
        p->pos++;
    }
  idx = push_tok (p, ISLE_JSON_NUMBER, start);
  if (idx >= 0)
    p->doc->toks[idx].len = (uint32_t) (p->pos - start);
  return idx;
}

static int
parse_literal (parser_t *p, const char *word, isle_json_type_t type)
{
  size_t n = strlen (word);
  int idx;

  if (p->len - p->pos < n || memcmp (p->buf + p->pos, word, n) != 0)
    return fail (p, "unexpected character");
  idx = push_tok (p, type, p->pos);
  p->pos += n;
  if (idx >= 0)
    p->doc->toks[idx].len = (uint32_t) n;
  return idx;
}

static int parse_value (parser_t *p, int depth);

/* Objects and arrays share one loop: members are `"key": value` or `value`, separated by commas. */
static int
parse_container (parser_t *p, int depth)
{
  bool object = p->buf[p->pos] == '{';
  char close = object ? '}' : ']';
  int idx = push_tok (p, object ? ISLE_JSON_OBJECT : ISLE_JSON_ARRAY, p->pos);
  uint32_t size = 0;

  if (idx < 0)
    return -1;
  if (depth >= JSON_MAX_DEPTH)
    return fail (p, "nested too deeply");
  p->pos++;
  skip_ws (p);
  if (p->pos < p->len && p->buf[p->pos] == close)
    p->pos++;
  else
    for (;;)
      {
        if (object)
          {
            skip_ws (p);
            if (p->pos >= p->len || p->buf[p->pos] != '"')
              return fail (p, "expected a string key");
            if (parse_string (p) < 0)
              return -1;
            p->doc->toks[p->doc->ntoks - 1].next = (uint32_t) p->doc->ntoks;
            skip_ws (p);
            if (p->pos >= p->len || p->buf[p->pos] != ':')
              return fail (p, "expected ':'");
            p->pos++;
          }
        if (parse_value (p, depth + 1) < 0)
          return -1;
        size++;
        skip_ws (p);
        if (p->pos < p->len && p->buf[p->pos] == ',')
          {
            p->pos++;
            continue;
          }
        if (p->pos < p->len && p->buf[p->pos] == close)
          {
            p->pos++;
            break;
          }
        return fail (p, object ? "expected ',' or '}'" : "expected ',' or ']'");
      }
  p->doc->toks[idx].size = size;
  p->doc->toks[idx].len = (uint32_t) (p->pos - p->doc->toks[idx].start);
  p->doc->toks[idx].next = (uint32_t) p->doc->ntoks;
  return idx;
}

static int
parse_value (parser_t *p, int depth)
{
  int idx;

  skip_ws (p);
  if (p->pos >= p->len)
    return fail (p, "unexpected end of input");
  switch (p->buf[p->pos])
    {
    case '{': case '[': return parse_container (p, depth);
    case '"': idx = parse_string (p); break;
    case 't': idx = parse_literal (p, "true", ISLE_JSON_BOOL); break;
    case 'f': idx = parse_literal (p, "false", ISLE_JSON_BOOL); break;
    case 'n': idx = parse_literal (p, "null", ISLE_JSON_NULL); break;
    default: idx = parse_number (p); break;
    }
  if (idx >= 0)
    p->doc->toks[idx].next = (uint32_t) p->doc->ntoks;
  return idx;
}

int
isle_json_parse (isle_json_t *doc, char *buf, size_t len, const char *stage, isle_err_t *err)
{
  parser_t p = { .doc = doc, .buf = buf, .len = len, .stage = stage, .err = err };

  *doc = (isle_json_t){ .buf = buf };
  if (len > UINT32_MAX)
    return isle_err (err, stage, 0, "JSON document too large");
  buf[len] = '\0';
  if (parse_value (&p, 0) < 0)
    return -1;
  skip_ws (&p);
  if (p.pos != len)
    return fail (&p, "trailing data after the document");
  return 0;
}

void
isle_json_free (isle_json_t *doc)
{
  free (doc->toks);
  doc->toks = NULL;
  doc->ntoks = doc->cap = 0;
}

int
isle_json_first (const isle_json_t *doc, int container)
{
  if (container < 0 || doc->toks[container].size == 0)
    return -1;
  return container + 1;
}

int
isle_json_after (const isle_json_t *doc, int container, int child)
{
  uint32_t next = doc->toks[child].next;

  if (doc->toks[container].type == ISLE_JSON_OBJECT)
    next = doc->toks[next].next; /* skip the member's value */
  return next < doc->toks[container].next ? (int) next : -1;
}

int
isle_json_get (const isle_json_t *doc, int obj, const char *key)
{
  if (!isle_json_is (doc, obj, ISLE_JSON_OBJECT))
    return -1;
  for (int k = isle_json_first (doc, obj); k >= 0; k = isle_json_after (doc, obj, k))
    if (strcmp (doc->buf + doc->toks[k].start, key) == 0)
      return k + 1;
  return -1;
}

const char *
isle_json_str (const isle_json_t *doc, int idx)
{
  return isle_json_is (doc, idx, ISLE_JSON_STRING) ? doc->buf + doc->toks[idx].start : NULL;
}

int
isle_json_int (const isle_json_t *doc, int idx, long long *out)
{
  char text[32];
  char *end;
  const isle_json_tok_t *t;

  if (!isle_json_is (doc, idx, ISLE_JSON_NUMBER))
    return -1;
  t = &doc->toks[idx];
  if (t->len >= sizeof (text))
    return -1;
  memcpy (text, doc->buf + t->start, t->len);
  text[t->len] = '\0';
  errno = 0;
  *out = strtoll (text, &end, 10);
  return (errno == 0 && *end == '\0') ? 0 : -1;
}
