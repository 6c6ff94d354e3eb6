/* A directory's entry names, sorted, so the same tree always gives the same tar (and the same layer digest). */
#ifndef ISLE_CP_DIR_LIST_H
#define ISLE_CP_DIR_LIST_H

#include "error.h"

#include <stddef.h>

/* Names of dir_fd's entries but "." and "..", sorted bytewise; the caller frees each name and the array. */
int list_dir (int dir_fd, char ***names_out, size_t *n_out, isle_err_t *err);

#endif
