/* Names typed by a person, resolved to codes (inside the library). */
#ifndef RESOLVE_H
#define RESOLVE_H

#include "cepdir.h"

/* INSEE codes of communes, in a growing array. */
struct commune_list {
	char (*insee)[8];
	size_t n, cap;
};

/* Each returns CEP_OK, CEP_USAGE for a name that is unknown or ambiguous
 * (the message, with candidates, in db->err), or an error. */
int resolve_region(struct cep_db *db, const char *text, char *code,
    size_t codesz);
int resolve_operator(struct cep_db *db, const char *text, char *id,
    size_t idsz);
int resolve_commune_name(struct cep_db *db, const char *text,
    struct commune_list *out);
/* 0, or -1 when out of memory; an INSEE code already there is kept once */
int commune_list_add(struct commune_list *l, const char *insee);
void commune_list_free(struct commune_list *l);

#endif
