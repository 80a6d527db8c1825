#include "common.h"
#include "trail.h"

static const char *const conf_names[] = {
    [CONF_CARRIED] = "carried",
    [CONF_UNCONFIRMED] = "unconfirmed",
    [CONF_SINGLE_SOURCE] = "single-source",
    [CONF_OFFICIAL] = "official",
    [CONF_NONE] = "none",
};

static const char *const conf_labels[] = {
    [CONF_CARRIED] = "provisional",
    [CONF_UNCONFIRMED] = "unconfirmed",
    [CONF_SINGLE_SOURCE] = "single source",
    [CONF_OFFICIAL] = "official",
    [CONF_NONE] = "",
};

const char *conf_name(enum confidence c)
{
    return (size_t)c < ARRAY_SIZE(conf_names) ? conf_names[c] : "?";
}

const char *conf_label(enum confidence c)
{
    return (size_t)c < ARRAY_SIZE(conf_labels) ? conf_labels[c] : "?";
}

const char *conf_tag(enum confidence c)
{
    static const char *const tags[] = {
        [CONF_CARRIED] = "Provisional",
        [CONF_UNCONFIRMED] = "Unconfirmed",
        [CONF_SINGLE_SOURCE] = "Single source",
        [CONF_OFFICIAL] = "Official",
        [CONF_NONE] = "",
    };
    return (size_t)c < ARRAY_SIZE(tags) ? tags[c] : "?";
}

int conf_parse(const char *s, size_t len, enum confidence *out)
{
    for (size_t i = 0; i < CONF_NONE; i++) {
        if (strlen(conf_names[i]) == len && memcmp(s, conf_names[i], len) == 0) {
            *out = (enum confidence)i;
            return 0;
        }
    }
    return PCN_EINVAL;
}

const char *trail_unit_name(enum trail_unit u)
{
    static const char *const names[] = {
        [TRAIL_NONE] = "none",       [TRAIL_PENCE] = "pence",
        [TRAIL_COUNT] = "count",     [TRAIL_HUNDREDTHS] = "hundredths",
        [TRAIL_BP] = "basis_points", [TRAIL_MILLIPENCE] = "millipence",
    };
    return (size_t)u < ARRAY_SIZE(names) ? names[u] : "?";
}

void trail_init(struct trail *t, struct arena *a)
{
    memset(t, 0, sizeof *t);
    t->a = a;
}

struct trail_step *trail_add(struct trail *t, const char *key, enum trail_unit unit, int64_t value,
                             const char *source, enum confidence conf, const char *text)
{
    if (t->n == t->cap)
        t->steps = arena_grow(t->a, t->steps, t->n, &t->cap, sizeof *t->steps);
    struct trail_step *s = &t->steps[t->n++];
    s->key = arena_strdup(t->a, key);
    s->text = arena_strdup(t->a, text ? text : "");
    s->value = value;
    s->unit = unit;
    s->source = source ? arena_strdup(t->a, source) : NULL;
    s->conf = conf;
    return s;
}

enum confidence trail_confidence(const struct trail *t)
{
    enum confidence c = CONF_NONE;
    for (size_t i = 0; i < t->n; i++)
        c = conf_weakest(c, t->steps[i].conf);
    return c;
}
