/*
 * Messages in the user's language (GNU gettext, domain "cepdir"). The
 * library asks its own domain, so it needs no textdomain() of its caller;
 * without a catalogue the English is shown as it is.
 */
#ifndef I18N_H
#define I18N_H

#include <libintl.h>

#define CEPDIR_DOMAIN "cepdir"
#define _(s) dgettext(CEPDIR_DOMAIN, s)
#define N_(s) s
/* count, when a message has a plural */
#define P_(s, p, n) dngettext(CEPDIR_DOMAIN, s, p, n)

#endif
