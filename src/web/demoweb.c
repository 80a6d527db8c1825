/* demoweb.c: demo data marked on the pages (demoweb.h). */
#include "common.h"
#include "demoweb.h"
#include "demo.h"
#include "html.h"
#include "ui.h"
#include "web.h"

void demoweb_notice(struct ctx *c, struct html *h, const char *pcn)
{
    struct pcn_msg m = {0};
    bool yes = false;
    if (demo_loaded(c->db, pcn, &yes, NULL, &m))
        fprintf(stderr, "pcnops: demo notice: %s\n", m.text);
    if (!yes)
        return;
    HTML_LIT(h, "<div class=\"nhsuk-inset-text pcnops-demo\"><span class=\"nhsuk-u-visually-hidden"
                "\">Information: </span><p>");
    demoweb_tag(h);
    HTML_LIT(h, " This PCN holds demo data, to show what PCN Ops does. Its ARRS staff are its "
                "real workforce from NHS England's census of June 2026, with their pay estimated "
                "from each role's band; their claims, the clinical director's time, the requests, "
                "the stakeholders' scores and the supervision sessions are made up. Each record "
                "made up is tagged as demo data.</p></div>");
}

struct demoweb_ids demoweb_ids(struct ctx *c, const char *pcn, const char *kind)
{
    struct pcn_msg m = {0};
    struct demoweb_ids d = {0};
    if (demo_ids(c->db, pcn, kind, c->a, &d.ids, &d.n, &m))
        fprintf(stderr, "pcnops: demo records: %s\n", m.text);
    return d;
}

void demoweb_tag(struct html *h)
{
    ui_tag(h, "Demo data");
}

void demoweb_tag_if(struct html *h, const struct demoweb_ids *d, int64_t id)
{
    if (!demo_has(d->ids, d->n, id))
        return;
    HTML_LIT(h, " ");
    demoweb_tag(h);
}
