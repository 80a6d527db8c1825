/* page_desk_import.c: the desk's calendar import (/pcn/CODE/desk/time/import):
 * an .ics file's meetings shown first, then the ones chosen added to the
 * time log (nothing saved until confirmed). */
#include "common.h"
#include "buf.h"
#include "deskdb.h"
#include "deskweb.h"
#include "demoweb.h"
#include "form.h"
#include "ics.h"
#include "pages.h"
#include "svg.h"

#define IMPORT_MAX 60 /* events per confirmation: the form's field limit */

/* ---- the calendar import ------------------------------------------------- */

static void import_form(struct ctx *c, const struct desk_page *d, const struct desk_errs *e)
{
    struct html h = {&c->r->body};
    deskweb_begin(c, &h, d, "Import meetings from a calendar", "time", e);
    HTML_LIT(&h, "<p>Export your calendar as an .ics file (in Outlook: File, Save calendar; in "
                 "Google Calendar: Settings, Import and export). Upload it here to fill in your "
                 "time log. You will see the meetings first and choose which to add: nothing is "
                 "saved until you confirm.</p><p>A repeating meeting comes once for each time it "
                 "happens in the dates you choose, as your calendar has it (without the ones "
                 "deleted, and the ones moved where they moved to). Without dates: from ");
    html_date(&h, desk_date_min());
    HTML_LIT(&h, " to ");
    html_date(&h, desk_date_max(c->today));
    HTML_LIT(&h, ".</p><form action=\"");
    html_url(&h, arena_printf(c->a, "%s/time/import", d->base));
    HTML_LIT(&h, "\" method=\"post\" enctype=\"multipart/form-data\" novalidate>");
    ui_csrf(c, &h);
    bool post = e != NULL;
    deskweb_date_input(c, &h, "from", "Meetings from (optional)", "For example, 2 11 2026",
                       DATE_NONE, e);
    deskweb_date_input(c, &h, "to", "Meetings to (optional)", NULL, DATE_NONE, e);
    const struct ui_error *fe = deskweb_err(c, e, "file");
    HTML_LIT(&h, "<div class=\"nhsuk-form-group nhsuk-file-upload");
    if (fe)
        HTML_LIT(&h, " nhsuk-form-group--error");
    HTML_LIT(&h, "\" data-module=\"nhsuk-file-upload\"><label class=\"nhsuk-label\" for=\"file\">"
                 "Upload a calendar file</label><div class=\"nhsuk-hint\" id=\"file-hint\">An "
                 ".ics file of up to 4 MB</div>");
    if (fe) {
        HTML_LIT(&h, "<span class=\"nhsuk-error-message\" id=\"file-error\">"
                     "<span class=\"nhsuk-u-visually-hidden\">Error:</span> ");
        html_text(&h, fe->text);
        HTML_LIT(&h, "</span>");
    }
    HTML_LIT(&h, "<input class=\"nhsuk-file-upload__input\" id=\"file\" name=\"file\" "
                 "type=\"file\" accept=\".ics,text/calendar\" aria-describedby=\"file-hint");
    if (fe)
        HTML_LIT(&h, " file-error");
    HTML_LIT(&h, "\"></div>");
    (void)post;
    ui_button(&h, "Upload and check", false);
    HTML_LIT(&h, "</form>");
    deskweb_end(c, &h);
}

void page_desk_import(struct ctx *c)
{
    deskweb_show(c, true, import_form);
}

/* Whether an event is already in the log: the same calendar UID on the
 * same date. */
static bool already(const struct desk_activity *a, size_t n, const char *uid, date_t date)
{
    if (!uid || !*uid)
        return false;
    for (size_t i = 0; i < n; i++)
        if (a[i].date == date && a[i].uid && strcmp(a[i].uid, uid) == 0)
            return true;
    return false;
}

/* The events left out of the file, and why, in a details component. */
static void left_out(struct ctx *c, struct html *h, const char *const *warnings, size_t nwarn,
                     long nwarn_all, long skipped)
{
    if (nwarn || skipped) {
        HTML_LIT(h, "<details class=\"nhsuk-details\"><summary class=\"nhsuk-details__summary\">"
                    "<span class=\"nhsuk-details__summary-text\">");
        buf_add_count(h->b, skipped, "event was", "events were");
        HTML_LIT(h, " left out, and why</span></summary><div class=\"nhsuk-details__text\">"
                    "<ul class=\"nhsuk-list nhsuk-list--bullet\">");
        for (size_t i = 0; i < nwarn; i++) {
            HTML_LIT(h, "<li>");
            html_text(h, deskweb_for_people(c, warnings[i]));
            HTML_LIT(h, "</li>");
        }
        if (nwarn_all > (long)nwarn) {
            HTML_LIT(h, "<li>");
            buf_add_count(h->b, nwarn_all - (long)nwarn, "more reason is", "more reasons are");
            HTML_LIT(h, " not listed</li>");
        }
        HTML_LIT(h, "</ul></div></details>");
    }
}

/* An event's category: a select with the category values (v, labels l), sel
 * chosen, labelled for a screen reader with the event's title and date. */
static void category_cell(struct ctx *c, struct html *h, const struct desk_pending *x,
                          const char *id, const char *sel, const char *const *v,
                          const char *const *l, const struct desk_errs *e)
{
    ui_td_open(h, false);
    const struct ui_error *fe = deskweb_err(c, e, id);
    int y, mo, dd;
    date_to_ymd(x->date, &y, &mo, &dd);
    const char *label = arena_printf(c->a, "Add \"%s\" on %d %s %d as",
                                     *x->title ? x->title : "the meeting", dd, date_month_name(mo),
                                     y);
    ui_select_in_table(h, id, label, v, l, DC_COUNT + 1, sel, fe);
    ui_td_close(h);
}

static void confirm_page(struct ctx *c, const struct desk_page *d, const struct desk_pending *p,
                         size_t n, const char *const *warnings, size_t nwarn, long nwarn_all,
                         long skipped, const struct desk_errs *e)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    struct desk_activity *have = NULL;
    size_t nhave = 0;
    if (n && deskdb_activities(c->db, d->pcn, p[0].date, p[n - 1].date, c->a, &have, &nhave, &m)) {
        deskweb_fail(c, &m);
        return;
    }
    struct buf blob;
    buf_init(&blob, LIMIT_FORM_BODY_BYTES);
    desk_pending_encode(&blob, p, n);
    deskweb_begin(c, &h, d, "Check the meetings to add", "time", e);
    HTML_LIT(&h, "<p>");
    buf_add_count(h.b, (int64_t)n, "meeting was", "meetings were");
    HTML_LIT(&h, " found. Choose a category for each one to add, or \"Do not add\". Nothing is "
                 "saved until you select <strong>Add to the time log</strong>.</p>");
    left_out(c, &h, warnings, nwarn, nwarn_all, skipped);

    HTML_LIT(&h, "<form action=\"");
    html_url(&h, arena_printf(c->a, "%s/time/import/confirm", d->base));
    HTML_LIT(&h, "\" method=\"post\" novalidate>");
    ui_csrf(c, &h);
    HTML_LIT(&h, "<input type=\"hidden\" name=\"events\" value=\"");
    html_attr(&h, blob.buf);
    HTML_LIT(&h, "\">");
    buf_release(&blob);
    const char **v = ARENA_ARRAY(c->a, const char *, DC_COUNT + 1);
    const char **l = ARENA_ARRAY(c->a, const char *, DC_COUNT + 1);
    v[0] = "skip";
    l[0] = "Do not add";
    for (int i = 0; i < DC_COUNT; i++) {
        v[i + 1] = desk_category_id((enum desk_category)i);
        l[i + 1] = desk_category_label((enum desk_category)i);
    }
    ui_table_begin(&h, "Meetings in the calendar file", "Date,Meeting,>Hours,Add as");
    for (size_t i = 0; i < n; i++) {
        const char *id = arena_printf(c->a, "ev%zu", i + 1);
        const char *sel = e ? http_form_str(c->q, id) : NULL;
        bool dup = already(have, nhave, p[i].uid, p[i].date);
        if (!sel)
            sel = dup ? "skip" : desk_category_id(desk_category_guess(p[i].title));
        ui_tr(&h);
        ui_td_open(&h, false);
        html_date(&h, p[i].date);
        ui_td_close(&h);
        ui_td_open(&h, false);
        html_text(&h, *p[i].title ? p[i].title : "(no title)");
        if (dup)
            HTML_LIT(&h, " <span class=\"nhsuk-u-secondary-text-colour\">(already in the log)"
                         "</span>");
        ui_td_close(&h);
        deskweb_td_hours(&h, p[i].minutes);
        category_cell(c, &h, &p[i], id, sel, v, l, e);
    }
    ui_table_end(&h);
    ui_button(&h, "Add to the time log", false);
    HTML_LIT(&h, "</form><p><a href=\"");
    html_url(&h, arena_printf(c->a, "%s/time/import", d->base));
    HTML_LIT(&h, "\">Cancel and upload another file</a></p>");
    deskweb_end(c, &h);
}

void page_desk_import_post(struct ctx *c)
{
    struct desk_page d;
    struct desk_errs e = {0};
    struct pcn_msg m = {0};
    struct ics_result r;
    if (!deskweb_open(c, true, &d))
        return;
    date_t from = deskweb_form_date(c, "from", "The first date", &e);
    date_t to = deskweb_form_date(c, "to", "The last date", &e);
    if (from != DATE_NONE && to != DATE_NONE && to < from)
        desk_errs_add(&e, "to", "The last date must be on or after the first date");
    const struct http_kv *file = http_form(c->q, "file");
    if (!file || !file->filename || !*file->filename || file->len == 0) {
        desk_errs_add(&e, "file", "Select a calendar file (.ics)");
    } else if (e.n == 0) {
        const char *name = file->filename;
        /* Repeating meetings are expanded in the dates asked for; without
         * dates, in the dates the time log accepts. */
        date_t wf = from != DATE_NONE ? from : desk_date_min();
        date_t wt = to != DATE_NONE ? to : desk_date_max(c->today);
        if (wt < wf)
            wt = wf; /* a first date after the last the log takes: nothing to add */
        int rc = ics_parse(name, file->value, file->len, wf, wt, c->a, &r, &m);
        if (rc == PCN_EINVAL || rc == PCN_ELIMIT)
            desk_errs_add(&e, "file", "%s. Nothing was added", deskweb_for_people(c, m.text));
        else if (rc)
            desk_errs_add(&e, "file", "The file could not be read");
    }
    if (e.n) {
        import_form(c, &d, &e);
        return;
    }
    /* The events in the dates asked for, in date order. */
    struct desk_pending *p = ARENA_ARRAY(c->a, struct desk_pending, r.nevents + 1);
    size_t n = 0;
    for (size_t i = 0; i < r.nevents; i++) {
        const struct ics_event *ev = &r.events[i];
        p[n++] = (struct desk_pending){ev->date, ev->minutes, ev->uid, ev->summary};
    }
    for (size_t i = 1; i < n; i++) {
        struct desk_pending x = p[i];
        size_t j = i;
        while (j > 0 && p[j - 1].date > x.date) {
            p[j] = p[j - 1];
            j--;
        }
        p[j] = x;
    }
    if (n == 0) {
        desk_errs_add(&e, "file", "The file has no meetings%s to add",
                      from != DATE_NONE || to != DATE_NONE ? " in those dates" : "");
        import_form(c, &d, &e);
        return;
    }
    if (n > IMPORT_MAX) {
        struct buf b;
        buf_init(&b, 512);
        buf_printf(&b, "The file has %zu meetings", n);
        if (from != DATE_NONE || to != DATE_NONE)
            BUF_LIT(&b, " in those dates");
        buf_printf(&b, ": choose dates that hold %d or fewer, from ", IMPORT_MAX);
        date_add_uk(&b, p[0].date);
        BUF_LIT(&b, " to ");
        date_add_uk(&b, p[n - 1].date);
        desk_errs_add(&e, "from", "%s", b.buf);
        buf_release(&b);
        import_form(c, &d, &e);
        return;
    }
    size_t kept = (size_t)(r.nwarnings < LIMIT_WARNINGS_KEPT ? r.nwarnings : LIMIT_WARNINGS_KEPT);
    confirm_page(c, &d, p, n, r.warnings, kept, r.nwarnings, r.skipped, NULL);
}

void page_desk_import_confirm(struct ctx *c)
{
    struct desk_page d;
    struct desk_errs e = {0};
    struct pcn_msg m = {0};
    struct desk_actor w;
    struct desk_pending *p;
    size_t n;
    if (!deskweb_open(c, true, &d))
        return;
    if (desk_pending_decode(http_form_str(c->q, "events"), c->a, IMPORT_MAX, &p, &n) || n == 0) {
        ui_error_page(c, 400, "The meetings could not be read",
                      "Go back and upload the calendar file again.");
        return;
    }
    struct desk_activity *acts = ARENA_ARRAY(c->a, struct desk_activity, n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *id = arena_printf(c->a, "ev%zu", i + 1);
        const char *sel = http_form_str(c->q, id);
        enum desk_category cat;
        if (sel && strcmp(sel, "skip") == 0)
            continue;
        if (!sel || desk_category_parse(sel, &cat)) {
            desk_errs_add(&e, id, "Event %zu: select a category, or \"Do not add\"", i + 1);
            continue;
        }
        acts[k++] = (struct desk_activity){.date = p[i].date,
                                           .minutes = p[i].minutes,
                                           .cat = cat,
                                           .meeting = true,
                                           .title = p[i].title,
                                           .note = "",
                                           .source = "calendar",
                                           .uid = p[i].uid};
    }
    if (!e.n && k == 0)
        desk_errs_add(&e, "ev1", "Choose a category for at least one meeting, or cancel");
    int rc = PCN_EINVAL;
    deskweb_actor(c, &w);
    if (!e.n) {
        /* The store names events by their place among those added: map back
         * to their rows on the page. */
        rc = deskdb_add_activities(c->db, &w, d.pcn, acts, k, c->today, "desk-time-import", c->a,
                                   NULL, &e, &m);
        for (size_t i = 0; rc == PCN_EINVAL && i < e.n; i++) {
            size_t idx;
            if (sscanf(e.e[i].field, "ev%zu", &idx) != 1 || idx == 0 || idx > k)
                continue;
            for (size_t j = 0, seen = 0; j < n; j++) {
                const char *sel = http_form_str(c->q, arena_printf(c->a, "ev%zu", j + 1));
                if (sel && strcmp(sel, "skip") == 0)
                    continue;
                if (++seen == idx) {
                    e.e[i].field = arena_printf(c->a, "ev%zu", j + 1);
                    break;
                }
            }
        }
    }
    if (rc == PCN_EINVAL || e.n) {
        confirm_page(c, &d, p, n, NULL, 0, 0, 0, &e);
        return;
    }
    deskweb_done(c, rc, &m, arena_printf(c->a, "%s/time?done=imported", d.base));
}
