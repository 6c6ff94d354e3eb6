/* Name tables shared by config validation and the stages: capabilities, rlimits, namespaces. */
#ifndef ISLE_NAMES_H
#define ISLE_NAMES_H

/* "CAP_CHOWN" -> 0 ...; -1 when unknown. */
int isle_cap_from_name (const char *name);

/* "RLIMIT_NOFILE" -> RLIMIT_NOFILE; -1 when unknown. */
int isle_rlimit_from_name (const char *name);

/* RLIMIT_NOFILE for RLIMIT_NOFILE's number: for messages. */
const char *isle_rlimit_name (int resource);

#endif
