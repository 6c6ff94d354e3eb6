// links: init/json.c
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json.h"

/* Parse a copy of text (the parser works in place and needs one spare byte). */
static int
parse (isle_json_t *doc, const char *text, char **buf, isle_err_t *err)
{
  size_t len = strlen (text);

  *buf = malloc (len + 1);
  memcpy (*buf, text, len);
  return isle_json_parse (doc, *buf, len, "config", err);
}

static void
test_values (void)
{
  isle_json_t doc;
  isle_err_t err;
  char *buf;
  long long v;
  int arr, i, count = 0;

  CHECK (parse (&doc, " {\"a\": [1, -20, 3.5e2, true, false, null, \"x\"], \"b\": {\"c\": \"d\"}, \"n\": 9007199254740993} ",
                &buf, &err)
         == 0);
  arr = isle_json_get (&doc, 0, "a");
  CHECK (isle_json_is (&doc, arr, ISLE_JSON_ARRAY));
  CHECK (doc.toks[arr].size == 7);
  for (i = isle_json_first (&doc, arr); i >= 0; i = isle_json_after (&doc, arr, i))
    count++;
  CHECK (count == 7);
  CHECK (isle_json_int (&doc, arr + 1, &v) == 0 && v == 1);
  CHECK (isle_json_int (&doc, arr + 2, &v) == 0 && v == -20);
  CHECK (isle_json_int (&doc, arr + 3, &v) < 0); /* 3.5e2 is not an integer literal */
  CHECK (isle_json_is (&doc, arr + 4, ISLE_JSON_BOOL));
  CHECK (isle_json_is (&doc, arr + 6, ISLE_JSON_NULL));
  CHECK (strcmp (isle_json_str (&doc, arr + 7), "x") == 0);
  CHECK (strcmp (isle_json_str (&doc, isle_json_get (&doc, isle_json_get (&doc, 0, "b"), "c")), "d") == 0);
  CHECK (isle_json_int (&doc, isle_json_get (&doc, 0, "n"), &v) == 0 && v == 9007199254740993LL);
  CHECK (isle_json_get (&doc, 0, "missing") < 0);
  isle_json_free (&doc);
  free (buf);
}

static void
test_escapes (void)
{
  isle_json_t doc;
  isle_err_t err;
  char *buf;

  CHECK (parse (&doc, "\"q\\\"b\\\\s\\/n\\nt\\tu\\u00e9\\u2603\\ud83d\\ude00\"", &buf, &err) == 0);
  CHECK (strcmp (isle_json_str (&doc, 0), "q\"b\\s/n\nt\tu\xC3\xA9\xE2\x98\x83\xF0\x9F\x98\x80") == 0);
  CHECK (doc.toks[0].len == strlen (isle_json_str (&doc, 0)));
  isle_json_free (&doc);
  free (buf);
}

static void
test_malformed (void)
{
  static const char *const bad[] = {
    "",           "{",           "[1,]",          "{\"a\" 1}",     "{\"a\":}",     "{a:1}",       "[1 2]",
    "\"open",     "\"\\x\"",     "\"\\u12\"",     "\"\\ud800\"",   "\"\\u0000\"",  "\"tab\there\"", "01",
    "1.",         "-",           "1e",            "tru",           "nul",          "{} {}",       "[1]]",
    "{\"a\":1,}", "\"\\udc00\"", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
  };

  for (size_t i = 0; i < sizeof (bad) / sizeof (bad[0]); i++)
    {
      isle_json_t doc;
      isle_err_t err = { 0 };
      char *buf;
      int ret = parse (&doc, bad[i], &buf, &err);

      if (ret == 0)
        fprintf (stderr, "accepted malformed JSON: %s\n", bad[i]);
      CHECK (ret < 0);
      CHECK (strcmp (err.stage, "config") == 0);
      CHECK (strstr (err.message, "malformed JSON") != NULL);
      isle_json_free (&doc);
      free (buf);
    }
}

int
main (void)
{
  test_values ();
  test_escapes ();
  test_malformed ();
  return check_done ("json");
}
