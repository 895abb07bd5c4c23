/* Name resolution, inside the library (query.c uses it). */
#ifndef RESOLVE_H
#define RESOLVE_H

#include "cepdir.h"

#define COMMUNE_LIST_MAX 512

struct commune_list {
	size_t n;
	char insee[COMMUNE_LIST_MAX][8];
};

int resolve_region(struct cep_db *db, const char *text, char *code,
    size_t codesz);
int resolve_operator(struct cep_db *db, const char *text, char *id,
    size_t idsz);
int resolve_commune_name(struct cep_db *db, const char *text,
    struct commune_list *out);
int commune_list_add(struct commune_list *l, const char *insee);

#endif
