/* err.h: the one error convention of PCN Ops.
 *
 * Functions return 0 on success or a negative enum pcn_err.  Where the caller
 * needs words for a person, the function also fills a struct pcn_msg, which is
 * a fixed-size buffer (no allocation, safe to pass anywhere).  The text names
 * the file, line and field, or the form field, so that it can be shown as is.
 *
 *   if (bad)
 *       return msg_set(m, PCN_EINVAL, "%s:%ld: field PRACTICE_CODE: ...", ...);
 */
#ifndef PCN_ERR_H
#define PCN_ERR_H

#include "limits.h"

enum pcn_err {
    PCN_OK = 0,
    PCN_EINVAL = -1,    /* bad input: a file, a field, an argument          */
    PCN_ENOTFOUND = -2, /* an unknown code or record                        */
    PCN_ELIMIT = -3,    /* an input passed a limit in limits.h              */
    PCN_EIO = -4,       /* reading or writing a file failed                 */
    PCN_EDB = -5,       /* the store failed                                 */
    PCN_ENOMEM = -6,    /* out of memory (most allocation aborts instead)   */
    PCN_EPERM = -7,     /* not allowed                                      */
    PCN_ECONFLICT = -8, /* the change clashes with what is stored           */
    PCN_EUSAGE = -9,    /* a command-line usage error                       */
};

struct pcn_msg {
    int code;                   /* the enum pcn_err last set, 0 if none */
    char text[LIMIT_MSG_BYTES]; /* always NUL-terminated                */
};

/* Sets m (if not NULL) to code and the formatted text, truncating at the
 * buffer size, and returns code so that it can be returned directly. */
int msg_set(struct pcn_msg *m, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes the current text with the formatted words, keeping the code. */
void msg_prefix(struct pcn_msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void msg_clear(struct pcn_msg *m);

/* A short English name of an error code: "bad input", "not found", ... */
const char *err_name(int code);

#endif
