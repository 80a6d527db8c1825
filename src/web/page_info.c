/* page_info.c: the accessibility statement, the about page and the health
 * check. */
#include "common.h"
#include "db.h"
#include "pages.h"
#include "ui.h"

void page_accessibility(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct ui_page p = {.title = "Accessibility statement"};
    ui_begin(c, &h, &p);
    HTML_LIT(&h,
             "<h1>Accessibility statement for PCN Ops</h1>"
             "<p>This statement applies to this PCN Ops service. The organisation that runs it "
             "should complete the details below before the service goes live.</p>"
             "<h2>How accessible this service is</h2>"
             "<p>PCN Ops is built with the NHS design system to meet the Web Content "
             "Accessibility Guidelines (WCAG) version 2.2 at level AA. Every page works "
             "without JavaScript, at 400% zoom, and with a keyboard only. Each chart has its "
             "figures in a table beside it.</p>"
             "<p>Every page is checked automatically with axe-core before each release. "
             "Automated checks find only some problems, so the main journeys are also checked "
             "by hand with a screen reader and a keyboard.</p>"
             "<h2>Feedback and contact information</h2>"
             "<p>If you find a problem, or need information in a different format, contact the "
             "team that runs this service in your organisation.</p>"
             "<h2>Enforcement procedure</h2>"
             "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing "
             "the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
             "Regulations 2018. If you are not happy with how we respond to your complaint, "
             "contact the Equality Advisory and Support Service (EASS).</p>");
    ui_end(c, &h);
}

void page_about(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct ui_page p = {.title = "About PCN Ops and its data"};
    ui_begin(c, &h, &p);
    HTML_LIT(&h, "<h1>About PCN Ops and its data</h1>"
                 "<p>PCN Ops is open-source software for running a primary care network (PCN): "
                 "its registry of practices, its funding, its additional roles and its clinical "
                 "director's workload.</p>"
                 "<h2>Where the data comes from</h2>"
                 "<p>The registry of integrated care boards (ICBs), PCNs and practices, and the "
                 "numbers of registered patients, come from NHS England's monthly publication "
                 "<a href=\"https://digital.nhs.uk/data-and-information/publications/statistical/"
                 "patients-registered-at-a-gp-practice\">Patients Registered at a GP Practice</a>, "
                 "loaded as published. It contains public sector information licensed under the "
                 "Open Government Licence v3.0.</p>");
    ui_end(c, &h);
}

/* For load balancers: 200 when this server reaches its store, else 503. */
void page_healthz(struct ctx *c)
{
    struct pcn_msg m = {0};
    if (db_ping(c->db, &m)) {
        http_resp_text(c->r, 503, "The store is not available.");
        return;
    }
    http_resp_text(c->r, 200, "ok");
}
