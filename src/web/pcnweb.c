/* pcnweb.c: what the pages of one PCN's funds share (pcnweb.h). */
#include "common.h"
#include "pcnweb.h"
#include "form.h"
#include "pages.h"
#include "ui.h"

void pcnweb_begin(struct ctx *c, struct html *h, const char *code, const char *title,
                  const char *section, const struct form_errs *es, const char *crumb_text,
                  const char *crumb_href)
{
    struct ui_crumb *crumbs = arena_alloc(c->a, 3 * sizeof *crumbs);
    size_t n = 0;
    crumbs[n++] = (struct ui_crumb){"Home", "/"};
    crumbs[n++] = (struct ui_crumb){page_org_name(c, code), arena_printf(c->a, "/pcn/%s", code)};
    if (crumb_text)
        crumbs[n++] = (struct ui_crumb){crumb_text, crumb_href};
    struct ui_page p = {.title = title,
                        .section = section,
                        .errors = es ? es->e : NULL,
                        .nerrors = es ? es->n : 0,
                        .crumbs = crumbs,
                        .ncrumbs = n};
    ui_begin(c, h, &p);
}

void pcnweb_year_months(struct arena *a, fy_t fy, const char *mv[12], const char *ml[12])
{
    for (int k = 0; k < 12; k++) {
        int yy = k < 9 ? fy : fy + 1, mo = k < 9 ? k + 4 : k - 8;
        mv[k] = arena_printf(a, "%04d-%02d", yy, mo);
        ml[k] = arena_printf(a, "%s %d", date_month_name(mo), yy);
    }
}
