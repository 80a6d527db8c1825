#include "common.h"
#include "fielderr.h"

static int field_error(struct pcn_msg *m, const char **field, const char *name, bool named,
                       const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

static int field_error(struct pcn_msg *m, const char **field, const char *name, bool named,
                       const char *fmt, va_list ap)
{
    char text[LIMIT_MSG_BYTES];
    vsnprintf(text, sizeof text, fmt, ap);
    if (field)
        *field = name;
    return named ? msg_set(m, PCN_EINVAL, "%s: %s", name, text)
                 : msg_set(m, PCN_EINVAL, "%s", text);
}

int fielderr_set(struct pcn_msg *m, const char **field, const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = field_error(m, field, name, false, fmt, ap);
    va_end(ap);
    return rc;
}

int fielderr_named(struct pcn_msg *m, const char **field, const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = field_error(m, field, name, true, fmt, ap);
    va_end(ap);
    return rc;
}
