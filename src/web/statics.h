/* statics.h: the static files the pages use, loaded into memory at start.
 *
 *   static/NAME                               -> /static/NAME (our own files)
 *   VENDOR/nhsuk-frontend-V.min.css           -> /stylesheets/...
 *   VENDOR/nhsuk-frontend-V.min.js            -> /javascripts/...
 *   VENDOR/assets/...                         -> /assets/...
 * where VENDOR is nhsuk-frontend's dist/nhsuk folder installed by npm
 * (node_modules/nhsuk-frontend/dist/nhsuk).  Files up to 2 MiB; at most
 * 256 files.  A missing vendor folder is not an error: the pages then
 * render unstyled, and statics_load says so. */
#ifndef PCN_STATICS_H
#define PCN_STATICS_H

#include <stddef.h>

#include "err.h"

struct static_file {
    char *url;
    const char *content_type;
    unsigned char *data;
    size_t len;
    char etag[24];
};

struct statics {
    struct static_file *files;
    size_t n;
    bool vendor_found;
};

int statics_load(struct statics *s, const char *ours, const char *vendor, struct pcn_msg *m);
void statics_release(struct statics *s);
const struct static_file *statics_find(const struct statics *s, const char *url);

#endif
