/* page_help.c: the help page: what the confidence marks, the source tags,
 * "Estimate" and "Not known" mean on PCN Ops' pages, with every source tag
 * of rules/sources.csv, its note and its address. */
#include "common.h"
#include "pages.h"
#include "rules.h"
#include "trail.h"
#include "ui.h"
#include "web.h"

/* A link's text for a source without a note: its address's host and path. */
static const char *short_address(const char *url)
{
    const char *s = strstr(url, "://");
    return s ? s + 3 : url;
}

static void sources_table(struct ctx *c, struct html *h)
{
    struct pcn_msg m = {0};
    const struct rules *r = web_rules(c, &m);
    if (!r) {
        HTML_LIT(h, "<div class=\"nhsuk-inset-text\"><p>The list of sources cannot be shown: "
                    "the rules folder has a problem. An administrator sees it on the rules "
                    "page.</p></div>");
        fprintf(stderr, "pcnops: help: %s\n", m.text);
        return;
    }
    HTML_LIT(h, "<p>");
    buf_add_count(h->b, (int64_t)r->nsources, "source is", "sources are");
    HTML_LIT(h, " listed in <code>rules/sources.csv</code>:</p>");
    ui_table_begin(h, "Source tags", "Tag,What it is,Address");
    for (size_t i = 0; i < r->nsources; i++) {
        const struct rule_source *s = &r->sources[i];
        ui_tr(h);
        ui_td_open(h, false);
        html_textf(h, "[%s]", s->tag);
        ui_td_close(h);
        ui_td_open(h, false);
        if (s->note && *s->note)
            html_text(h, s->note);
        else
            ui_none(h, "No note: see the address");
        ui_td_close(h);
        ui_td_open(h, false);
        if (s->address && *s->address) {
            HTML_LIT(h, "<a class=\"pcnops-break\" href=\"");
            html_url(h, s->address);
            HTML_LIT(h, "\">");
            html_text(h, short_address(s->address));
            HTML_LIT(h, "</a>");
        } else {
            ui_none(h, "No address: the note says where it is");
        }
        ui_td_close(h);
    }
    ui_table_end(h);
}

void page_help(struct ctx *c)
{
    struct html h = {&c->r->body};
    struct ui_page p = {.title = "Help: how to read the figures"};
    ui_begin(c, &h, &p);
    HTML_LIT(&h, "<h1>How to read the figures</h1>"
                 "<p class=\"nhsuk-lede-text\">Every figure PCN Ops works out from the NHS rules "
                 "says how sure it is, where its rates come from, and whether anything was "
                 "missing.</p>"
                 "<ul class=\"nhsuk-list nhsuk-list--bullet\">"
                 "<li><a href=\"#confidence\">Confidence marks</a></li>"
                 "<li><a href=\"#sources\">Source tags</a></li>"
                 "<li><a href=\"#estimates\">Estimates</a></li>"
                 "<li><a href=\"#not-known\">Not known</a></li></ul>");

    HTML_LIT(&h, "<h2 id=\"confidence\">Confidence marks</h2>"
                 "<p>Each rate, maximum and threshold in the rules has a mark. A figure worked "
                 "out from several of them takes the weakest.</p>"
                 "<dl class=\"nhsuk-summary-list\">"
                 "<div class=\"nhsuk-summary-list__row\"><dt class=\"nhsuk-summary-list__key\">");
    ui_tag(&h, "Official");
    HTML_LIT(&h, "</dt><dd class=\"nhsuk-summary-list__value\">From NHS England, NHS "
                 "Digital, Parliament or the BMA, or from two independent sources that agree. "
                 "In the rules files and the JSON: <code>");
    html_text(&h, conf_name(CONF_OFFICIAL));
    HTML_LIT(&h, "</code>.</dd></div><div class=\"nhsuk-summary-list__row\">"
                 "<dt class=\"nhsuk-summary-list__key\">");
    ui_tag(&h, "Single source");
    HTML_LIT(&h, "</dt><dd class=\"nhsuk-summary-list__value\">From one secondary source "
                 "only, such as an ICB's or a training hub's guidance. Likely right; check it "
                 "before you rely on it. In the files: <code>");
    html_text(&h, conf_name(CONF_SINGLE_SOURCE));
    HTML_LIT(&h, "</code>.</dd></div><div class=\"nhsuk-summary-list__row\">"
                 "<dt class=\"nhsuk-summary-list__key\">");
    ui_tag(&h, "Unconfirmed");
    HTML_LIT(&h, "</dt><dd class=\"nhsuk-summary-list__value\">The sources conflict, the "
                 "figure was derived or inferred, or it was not found. It is shown so that you "
                 "can see the working, but it may be wrong. In the files: <code>");
    html_text(&h, conf_name(CONF_UNCONFIRMED));
    HTML_LIT(&h, "</code>.</dd></div></dl>"
                 "<p>Where sources give different values for the same figure, both are kept: "
                 "the one used and the alternative, and the figure is marked unconfirmed.</p>");

    HTML_LIT(&h, "<h2 id=\"sources\">Source tags</h2>"
                 "<p>In the working of a figure, tags in square brackets, such as "
                 "<code>[P3][L22]</code>, name the documents a rate was taken from. Each tag is "
                 "one line of the rules' list of sources, below. An administrator corrects or "
                 "adds a source by uploading the rules files.</p>");
    sources_table(c, &h);

    HTML_LIT(&h, "<h2 id=\"estimates\">Estimates</h2><p>");
    ui_tag(&h, "Estimate");
    HTML_LIT(&h, " marks a figure worked out with something standing in for an input that is "
                 "missing, for example:</p><ul class=\"nhsuk-list nhsuk-list--bullet\">"
                 "<li>a practice's registered list standing in for its weighted or adjusted "
                 "population, when no population has been entered or imported;</li>"
                 "<li>the list sizes of the nearest date loaded, when those of 1 January before "
                 "the year are not;</li>"
                 "<li>no care home beds entered for a month.</li></ul>"
                 "<p>The working under \"How this was worked out\" says what stood in and why. "
                 "Enter the missing figure and the estimate becomes the real figure.</p>");

    HTML_LIT(&h, "<h2 id=\"not-known\">Not known</h2>"
                 "<p>\"Not known\" means PCN Ops does not have the figure: the rules leave it "
                 "empty because NHS England has not published it (a rate of a year still to be "
                 "agreed, most IIF thresholds), or the data has not been loaded (no list sizes, "
                 "no staff). Nothing is guessed in its place, and any total that needs it says "
                 "so. Where you can enter the figure yourself, the page links to the form.</p>");
    ui_end(c, &h);
}
