/* No built-in data: the bootstrap program and the unit tests. */
#include "cepdir.h"

const unsigned char cepdir_builtin_db[1];
const unsigned long cepdir_builtin_db_size = 0;
