/* demoweb.h: how the pages mark demo data (demo.h): a notice at the top of
 * a demo PCN's ARRS and desk pages saying what is real and what is made
 * up, and a "Demo data" tag beside each record the demo loader made. */
#ifndef PCN_DEMOWEB_H
#define PCN_DEMOWEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ctx;
struct html;

/* The notice, when the PCN was given demo data; nothing otherwise. */
void demoweb_notice(struct ctx *c, struct html *h, const char *pcn);

/* The PCN's demo records of a kind (DEMO_STAFF ...), for demoweb_tag_if;
 * none when the store cannot say (logged). */
struct demoweb_ids {
    int64_t *ids;
    size_t n;
};
struct demoweb_ids demoweb_ids(struct ctx *c, const char *pcn, const char *kind);
/* " Demo data" as a tag when id is one of them. */
void demoweb_tag_if(struct html *h, const struct demoweb_ids *d, int64_t id);
/* The tag itself. */
void demoweb_tag(struct html *h);

#endif
