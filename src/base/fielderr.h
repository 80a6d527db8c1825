/* fielderr.h: the error of one field of a form or a record, for the store
 * functions that check what a person entered: the words in the message,
 * and the field's name in *field, so that the page's error summary can link
 * to the field (NHS design system).  Both return PCN_EINVAL, to be returned
 * as they are:
 *
 *   return fielderr_set(m, field, "month", "give the month as YYYY-MM");
 */
#ifndef PCN_FIELDERR_H
#define PCN_FIELDERR_H

#include "err.h"

/* m's text is the words; *field (when field is not NULL) is name. */
int fielderr_set(struct pcn_msg *m, const char **field, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same with m's text "NAME: words". */
int fielderr_named(struct pcn_msg *m, const char **field, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
