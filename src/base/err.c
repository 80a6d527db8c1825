/* Not common.h, which includes err.h: the error type sits below it. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "banned.h"

int msg_set(struct pcn_msg *m, int code, const char *fmt, ...)
{
    if (m) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(m->text, sizeof m->text, fmt, ap);
        va_end(ap);
        m->code = code;
    }
    return code;
}

void msg_prefix(struct pcn_msg *m, const char *fmt, ...)
{
    char head[LIMIT_MSG_BYTES], old[LIMIT_MSG_BYTES];
    va_list ap;

    if (!m)
        return;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(old, m->text, sizeof old);
    size_t hl = strlen(head), ol = strnlen(old, sizeof old - 1);
    if (hl > sizeof m->text - 1)
        hl = sizeof m->text - 1;
    if (ol > sizeof m->text - 1 - hl)
        ol = sizeof m->text - 1 - hl;
    memcpy(m->text, head, hl);
    memcpy(m->text + hl, old, ol);
    m->text[hl + ol] = '\0';
}

void msg_clear(struct pcn_msg *m)
{
    if (m) {
        m->code = 0;
        m->text[0] = '\0';
    }
}

const char *err_name(int code)
{
    switch (code) {
    case PCN_OK:
        return "ok";
    case PCN_EINVAL:
        return "bad input";
    case PCN_ENOTFOUND:
        return "not found";
    case PCN_ELIMIT:
        return "too large";
    case PCN_EIO:
        return "input or output error";
    case PCN_EDB:
        return "store error";
    case PCN_ENOMEM:
        return "out of memory";
    case PCN_EPERM:
        return "not allowed";
    case PCN_ECONFLICT:
        return "conflict";
    case PCN_EUSAGE:
        return "usage error";
    }
    return "unknown error";
}
