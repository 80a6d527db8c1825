/* page_rules_admin.c: the rules folder for an administrator.
 *
 *   /admin/rules                          the years and their files; upload files
 *   /admin/rules/YEAR/FILE                one rules file as it stands
 *   /admin/rules/sources.csv              the source tags
 *   /admin/rules/YEAR/FILE/edit[?line=N]  the file's rows; one row's fields
 *   POST /admin/rules/YEAR/FILE/edit      change that row (with its source)
 *
 * Uploads and edits are checked with the rest of the folder first
 * (rulesfile_candidate): any problem is shown as FILE:LINE: field and
 * nothing is written; otherwise the file is replaced (rulesfile_write),
 * audited, and the server reads the rules again. */
#include "common.h"
#include "audit.h"
#include "pages.h"
#include "rules.h"
#include "rulesfile.h"
#include "rulestore.h"
#include "ui.h"
#include "web.h"

static const char *fy_dir(struct ctx *c, fy_t fy)
{
    char s[8];
    fy_format_dir(fy, s);
    return arena_strdup(c->a, s);
}

/* Records checked files in the store with their audit entry (one
 * transaction, rulestore.h), then writes them into this server's folder;
 * every other server takes them within its next check.  detail is the
 * audit entry's, taken over. */
static int record_change(struct ctx *c, fy_t fy, const struct rulesfile_upload *up, size_t nup,
                         const char *action, const char *target, json_t *detail, struct pcn_msg *m)
{
    struct audit_entry note;
    audit_note_ctx(&note, c, action, "rules", target, detail);
    int rc = rulestore_record(c->db, c->a, c->w->rules_dir, fy, up, nup,
                              c->user ? c->user->email : "", c->q->now, &note, m);
    if (rc) {
        if (!m->text[0])
            msg_set(m, rc, "the audit log could not be written: nothing was changed");
        return rc;
    }
    return web_rules_changed(c, m);
}

static const char *fy_label(struct ctx *c, fy_t fy)
{
    char s[8];
    fy_format(fy, s);
    return arena_strdup(c->a, s);
}

static void begin(struct ctx *c, struct html *h, const char *title, const char *section, bool error,
                  const struct ui_crumb *crumbs, size_t ncrumbs)
{
    struct ui_page p = {.title = title,
                        .section = section,
                        .error = error,
                        .crumbs = crumbs,
                        .ncrumbs = ncrumbs,
                        .active_nav = "/admin/rules"};
    ui_begin(c, h, &p);
}

/* The rules now: each year's folder and its files, to download or edit. */
static void rules_table(struct ctx *c, struct html *h, const struct rules *r)
{
    ui_table_begin(h, "The rules now", "Year,Folder,Files");
    for (size_t i = r->nyears; i-- > 0;) {
        const struct rules_year *y = &r->years[i];
        ui_tr(h);
        ui_td(h, fy_label(c, y->fy));
        ui_td(h, y->dir);
        ui_td_open(h, false);
        if (y->missing) {
            ui_none(h, "No folder yet: every figure of the year is not known. Upload all "
                       "its files together to add it");
            ui_td_close(h);
            continue;
        }
        for (int f = 0; f < RULESFILE_N; f++) {
            if (f == RULESFILE_SOURCES)
                continue;
            const char *fname = rulesfile_name(f);
            const char *fdata;
            size_t flen;
            if (f == RULESFILE_DEADLINES && /* optional: listed when the year has it */
                rulesfile_read(c->a, arena_printf(c->a, "%s/%s", y->dir, fname), &fdata, &flen) !=
                    0)
                continue;
            if (f)
                HTML_LIT(h, ", ");
            HTML_LIT(h, "<a href=\"");
            html_url(h, arena_printf(c->a, "/admin/rules/%s/%s", fy_dir(c, y->fy), fname));
            HTML_LIT(h, "\" download>");
            html_text(h, fname);
            HTML_LIT(h, "</a> (<a href=\"");
            html_url(h, arena_printf(c->a, "/admin/rules/%s/%s/edit", fy_dir(c, y->fy), fname));
            HTML_LIT(h, "\">edit a row<span class=\"nhsuk-u-visually-hidden\"> of ");
            html_text(h, fname);
            HTML_LIT(h, "</span></a>)");
        }
        ui_td_close(h);
    }
    ui_table_end(h);
}

/* The upload form: the year and the files, with the mistakes errs (the
 * year's by its field, the rest at the files). */
static void upload_form(struct ctx *c, struct html *h, const char *year,
                        const struct ui_error *errs, size_t nerrs)
{
    HTML_LIT(h, "<form action=\"/admin/rules\" method=\"post\" enctype=\"multipart/form-data\" "
                "novalidate>");
    ui_csrf(c, h);
    const struct ui_error *yerr = NULL;
    for (size_t i = 0; i < nerrs; i++)
        if (!strcmp(errs[i].field, "year"))
            yerr = &errs[i];
    ui_input(h, "year", "Financial year", "For example, 2025/26", "text", year,
             "nhsuk-input--width-5", yerr);
    bool ferr = nerrs && !yerr;
    HTML_LIT(h, "<div class=\"nhsuk-form-group nhsuk-file-upload");
    if (ferr)
        HTML_LIT(h, " nhsuk-form-group--error");
    HTML_LIT(h, "\" data-module=\"nhsuk-file-upload\"><label class=\"nhsuk-label\" for=\"files\">"
                "Rules files</label><div class=\"nhsuk-hint\" id=\"files-hint\">One or more "
                ".csv files, each named as in the rules folder, such as stream_rates.csv, "
                "arrs_maxima.csv or sources.csv</div>");
    if (ferr) {
        HTML_LIT(h, "<span class=\"nhsuk-error-message\" id=\"files-error\">"
                    "<span class=\"nhsuk-u-visually-hidden\">Error:</span> ");
        if (nerrs == 1)
            html_text(h, errs[0].text);
        else
            HTML_LIT(h, "The files have problems: see the list at the top of the page");
        HTML_LIT(h, "</span>");
    }
    HTML_LIT(h, "<input class=\"nhsuk-file-upload__input\" id=\"files\" name=\"files\" "
                "type=\"file\" multiple accept=\".csv,text/csv\" aria-describedby=\"files-hint");
    if (ferr)
        HTML_LIT(h, " files-error");
    HTML_LIT(h, "\"></div><button class=\"nhsuk-button\" data-module=\"nhsuk-button\" "
                "type=\"submit\">Check and upload</button></form></div></div>");
}

static void rules_page(struct ctx *c, int status, const char *year, const struct ui_error *errs,
                       size_t nerrs)
{
    struct html h = {&c->r->body};
    struct pcn_msg m = {0};
    const struct rules *r = web_rules(c, &m);
    struct ui_crumb crumbs[] = {{"Home", "/"}};
    struct ui_page pg = {.title = "Upload rules files",
                         .section = "Admin",
                         .error = nerrs > 0,
                         .crumbs = crumbs,
                         .ncrumbs = 1,
                         .active_nav = "/admin/rules"};
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    ui_begin(c, &h, &pg);
    HTML_LIT(&h, "<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">");
    if (nerrs)
        ui_error_summary(&h, errs, nerrs);
    HTML_LIT(&h, "<h1>Upload rules files</h1><p>Every rate, maximum and pay point PCN Ops uses "
                 "is a row of a CSV file in the rules folder, one folder a financial year. "
                 "Correct a rate by downloading its file, editing it and uploading it here. Add "
                 "a year by uploading all its files together.</p><p>PCN Ops checks the "
                 "files with the rest of the rules first. If anything is wrong it shows the "
                 "file, line and field, and changes nothing. Otherwise the files replace the "
                 "old ones and are used from the next page you open.</p>");
    if (r) {
        rules_table(c, &h, r);
        HTML_LIT(&h, "<p><a href=\"/admin/rules/sources.csv\" download>sources.csv</a> lists "
                     "the sources every year's rows cite.</p>");
    } else {
        HTML_LIT(&h, "<p>The rules folder cannot be read now: ");
        html_text(&h, m.text);
        HTML_LIT(&h, ". Upload corrected files to fix it.</p>");
    }
    upload_form(c, &h, year, errs, nerrs);
    ui_end(c, &h);
}

void page_rules(struct ctx *c)
{
    rules_page(c, 200, NULL, NULL, 0);
}

/* GET /admin/rules/YEAR/FILE and /admin/rules/sources.csv */
static void rules_file_send(struct ctx *c, const char *year, const char *file)
{
    const char *data;
    size_t len;
    fy_t fy;
    int f = rulesfile_of(file);
    const char *path;
    if (year) {
        if (fy_parse(year, &fy) || f < 0 || f == RULESFILE_SOURCES) {
            ui_not_found(c);
            return;
        }
        path = arena_printf(c->a, "%s/%s/%s", c->w->rules_dir, fy_dir(c, fy), file);
    } else {
        path = arena_printf(c->a, "%s/sources.csv", c->w->rules_dir);
    }
    if (rulesfile_read(c->a, path, &data, &len)) {
        ui_not_found(c);
        return;
    }
    http_resp_start(c->r, 200, "text/csv; charset=utf-8");
    buf_add(&c->r->body, data, len);
    http_resp_header(c->r, "Content-Disposition",
                     arena_printf(c->a, "attachment; filename=\"%s\"", file));
}

void page_rules_file(struct ctx *c)
{
    rules_file_send(c, c->params[0], c->params[1]);
}

void page_rules_sources(struct ctx *c)
{
    rules_file_send(c, NULL, "sources.csv");
}

/* The uploaded files (up, *nup of them) and their mistakes (errs, *nerrs,
 * at most max); *needs_year when one is a year's file (not sources.csv). */
static void read_files(struct ctx *c, struct rulesfile_upload *up, size_t *nup,
                       struct ui_error *errs, size_t *nerrs, size_t max, bool *needs_year)
{
    for (size_t i = 0; i < c->q->nform && *nerrs < max; i++) {
        const struct http_kv *kv = &c->q->form[i];
        if (strcmp(kv->name, "files") != 0 || !kv->filename || !*kv->filename)
            continue;
        const char *base = strrchr(kv->filename, '/');
        base = base ? base + 1 : kv->filename;
        int f = rulesfile_of(base);
        if (f < 0) {
            errs[(*nerrs)++] = (struct ui_error){
                "files",
                arena_printf(c->a,
                             "%s is not a rules file: name it as in the rules "
                             "folder, like stream_rates.csv",
                             base),
                NULL};
            continue;
        }
        bool twice = false;
        for (size_t k = 0; k < *nup; k++)
            twice = twice || up[k].file == f;
        if (twice) {
            errs[(*nerrs)++] = (struct ui_error){"files",
                                                 arena_printf(c->a,
                                                              "%s is uploaded twice: "
                                                              "upload it once",
                                                              base),
                                                 NULL};
            continue;
        }
        if (kv->len == 0) {
            errs[(*nerrs)++] = (struct ui_error){"files", arena_printf(c->a, "%s is empty", base),
                                                 NULL};
            continue;
        }
        if (kv->len > LIMIT_RULES_FILE_BYTES) {
            errs[(*nerrs)++] = (struct ui_error){"files",
                                                 arena_printf(c->a,
                                                              "%s is larger than "
                                                              "4 MB",
                                                              base),
                                                 NULL};
            continue;
        }
        up[(*nup)++] = (struct rulesfile_upload){base, f, kv->value, kv->len};
        *needs_year = *needs_year || f != RULESFILE_SOURCES;
    }
}

/* The files are saved: the panel and their list. */
static void uploaded_page(struct ctx *c, fy_t fy, bool needs_year,
                          const struct rulesfile_upload *up, size_t nup)
{
    struct html h = {&c->r->body};
    struct ui_crumb crumbs[] = {{"Home", "/"}, {"Upload rules files", "/admin/rules"}};
    begin(c, &h, "Rules updated", "Admin", false, crumbs, 2);
    HTML_LIT(&h, "<div class=\"nhsuk-panel\"><h1 class=\"nhsuk-panel__title\">Rules updated</h1>"
                 "<div class=\"nhsuk-panel__body\">");
    if (needs_year)
        html_text(&h, fy_label(c, fy));
    else
        HTML_LIT(&h, "Sources");
    HTML_LIT(&h, "</div></div><p>These files were checked with the rest of the rules and "
                 "replaced. Every page and download uses them from now on.</p><ul>");
    for (size_t i = 0; i < nup; i++) {
        HTML_LIT(&h, "<li>");
        html_text(&h, up[i].name);
        HTML_LIT(&h, " (");
        html_count(&h, (int64_t)up[i].len);
        HTML_LIT(&h, " bytes)</li>");
    }
    HTML_LIT(&h, "</ul><p><a href=\"/admin/rules\">Upload more rules files</a></p>");
    ui_end(c, &h);
}

void page_rules_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    const char *year = http_form_str(c->q, "year");
    struct ui_error errs[LIMIT_RULES_ERRORS_KEPT + 1];
    size_t nerrs = 0;
    struct rulesfile_upload up[RULESFILE_N];
    size_t nup = 0;
    fy_t fy = 0;
    bool needs_year = false;

    read_files(c, up, &nup, errs, &nerrs, ARRAY_SIZE(errs) - 1, &needs_year);
    if (!nerrs && nup == 0)
        errs[nerrs++] = (struct ui_error){"files", "Select one or more rules files to upload",
                                          NULL};
    if (needs_year && (!year || !*year))
        errs[nerrs++] = (struct ui_error){"year",
                                          "Enter the financial year of the files, like "
                                          "2025/26",
                                          NULL};
    else if (year && *year && fy_parse(year, &fy))
        errs[nerrs++] = (struct ui_error){"year",
                                          "Enter the financial year like 2025/26: the "
                                          "second year follows the first",
                                          NULL};
    if (nerrs) {
        rules_page(c, 400, year, errs, nerrs);
        return;
    }

    const char *dir = c->w->rules_dir;
    struct rules_diag d = {0};
    rulesfile_candidate(c->a, dir, needs_year ? fy : 0, up, nup, &d);
    if (d.nerrors) {
        long kept = d.nerrors < LIMIT_RULES_ERRORS_KEPT ? d.nerrors : LIMIT_RULES_ERRORS_KEPT;
        for (long i = 0; i < kept; i++)
            errs[nerrs++] = (struct ui_error){"files", d.errors[i], NULL};
        if (d.nerrors > kept)
            errs[nerrs++] = (struct ui_error){
                "files", arena_printf(c->a, "and %ld more problems", d.nerrors - kept), NULL};
        json_t *names = json_array();
        for (size_t i = 0; i < nup; i++)
            json_array_append_new(names, json_string(up[i].name));
        audit_ctx(c, "rules-upload-refused", "rules", year && *year ? year : "sources",
                  json_pack("{s:o,s:I,s:s}", "files", names, "problems", (json_int_t)d.nerrors,
                            "first", d.errors[0]));
        rules_page(c, 400, year, errs, nerrs);
        return;
    }

    /* Valid: record the files in the store with the audit entry, in one
     * transaction, so that every server takes them; then write them into
     * this server's folder and have it read the rules again. */
    json_t *files = rulesfile_describe(c->a, dir, needs_year ? fy : 0, up, nup);
    if (record_change(c, needs_year ? fy : 0, up, nup, "rules-upload",
                      needs_year ? fy_label(c, fy) : "sources", json_pack("{s:o}", "files", files),
                      &m)) {
        ui_fail_500(c, &m);
        return;
    }

    uploaded_page(c, fy, needs_year, up, nup);
}

/* ---- one row ---------------------------------------------------------------- */

/* The year and file of the route, and the file's bytes; false (404) when
 * either is not a rules file of a folder that exists. */
/* The rules file the route names (/admin/rules/YEAR/FILE/edit), read. */
struct edit_file {
    fy_t fy;
    int f;            /* its rulesfile number */
    const char *file; /* its name, "stream_rates.csv" */
    const char *path, *data;
    size_t len;
};

/* Reads the route's file into *e; false when the page (404) is answered. */
static bool edit_target(struct ctx *c, struct edit_file *e)
{
    e->file = c->params[1];
    e->f = rulesfile_of(e->file);
    bool ok = !fy_parse(c->params[0], &e->fy) && e->f >= 0 && e->f != RULESFILE_SOURCES;
    if (ok) {
        e->path = arena_printf(c->a, "%s/%s/%s", c->w->rules_dir, fy_dir(c, e->fy), e->file);
        ok = !rulesfile_read(c->a, e->path, &e->data, &e->len);
    }
    if (!ok)
        ui_not_found(c);
    return ok;
}

/* Line `ls` of the file (its headings and cells, n of each); false when
 * the page (404) is answered: no line, not a number, or not a row. */
static bool edit_row(struct ctx *c, const struct edit_file *e, const char *ls, int64_t *line,
                     const char ***head, const char ***row, size_t *n)
{
    struct pcn_msg m = {0};
    if (!ls || parse_i64(ls, 2, 1000000, line) ||
        rulesfile_row(c->a, e->path, e->data, e->len, (long)*line, head, row, n, &m)) {
        ui_not_found(c);
        return false;
    }
    return true;
}

static void row_form(struct ctx *c, int status, fy_t fy, const char *file, long line,
                     const char *const *head, const char *const *vals, size_t n,
                     const struct ui_error *errs, size_t nerrs)
{
    struct html h = {&c->r->body};
    const char *title = arena_printf(c->a, "Edit line %ld of %s", line, file);
    struct ui_crumb crumbs[] = {
        {"Home", "/"},
        {"Rules", "/admin/rules"},
        {file, arena_printf(c->a, "/admin/rules/%s/%s/edit", fy_dir(c, fy), file)}};
    http_resp_start(c->r, status, "text/html; charset=utf-8");
    begin(c, &h, title, "Admin", nerrs > 0, crumbs, 3);
    if (nerrs)
        ui_error_summary(&h, errs, nerrs);
    HTML_LIT(&h, "<h1><span class=\"nhsuk-caption-l\">");
    html_text(&h, fy_label(c, fy));
    HTML_LIT(&h, "</span>");
    html_text(&h, title);
    HTML_LIT(&h, "</h1><p>Change the figure and say where it comes from: the sources column "
                 "takes the source tags (add a new tag to sources.csv first) and the note says "
                 "what the figure is and how sure it is. The row is checked with the rest of "
                 "the rules before anything is written.</p><form action=\"");
    html_url(&h, arena_printf(c->a, "/admin/rules/%s/%s/edit", fy_dir(c, fy), file));
    HTML_LIT(&h, "\" method=\"post\" novalidate>");
    ui_csrf(c, &h);
    HTML_LIT(&h, "<input type=\"hidden\" name=\"line\" value=\"");
    html_int(&h, line);
    HTML_LIT(&h, "\">");
    for (size_t i = 0; i < n; i++) {
        const char *id = arena_printf(c->a, "col-%s", head[i]);
        const struct ui_error *e = NULL;
        for (size_t k = 0; k < nerrs; k++)
            if (!strcmp(errs[k].field, id))
                e = &errs[k];
        ui_input(&h, id, head[i], NULL, "text", vals[i], NULL, e);
    }
    HTML_LIT(&h, "<button class=\"nhsuk-button\" data-module=\"nhsuk-button\" type=\"submit\">"
                 "Check and save the row</button></form>");
    ui_end(c, &h);
}

void page_rules_edit(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct edit_file e;
    if (!edit_target(c, &e))
        return;
    const char *file = e.file, *path = e.path, *data = e.data;
    size_t len = e.len;
    fy_t fy = e.fy;
    const char *ls = http_query(c->q, "line");
    int64_t line;
    const char **head, **row;
    size_t n;
    if (ls) {
        if (edit_row(c, &e, ls, &line, &head, &row, &n))
            row_form(c, 200, fy, file, (long)line, head, row, n, NULL, 0);
        return;
    }
    /* The file's rows, each with a link to edit it. */
    struct html h = {&c->r->body};
    const char *title = arena_printf(c->a, "%s, %s", file, fy_label(c, fy));
    struct ui_crumb crumbs[] = {{"Home", "/"}, {"Rules", "/admin/rules"}};
    begin(c, &h, title, "Admin", false, crumbs, 2);
    HTML_LIT(&h, "<h1>");
    html_text(&h, title);
    HTML_LIT(&h, "</h1>");
    const char *saved = http_query(c->q, "saved");
    int64_t sl;
    if (saved && parse_i64(saved, 2, 1000000, &sl) == 0) {
        HTML_LIT(&h, "<div class=\"nhsuk-inset-text\"><p>Line ");
        html_int(&h, sl);
        HTML_LIT(&h, " was checked with the rest of the rules and saved. Every page uses it from "
                     "now on.</p></div>");
    }
    HTML_LIT(&h, "<p>Choose the row to change.</p>");
    ui_table_begin(&h, arena_printf(c->a, "The rows of %s", file), ">Line,Row,Change");
    for (long l = 2; l < 100000; l++) {
        if (rulesfile_row(c->a, path, data, len, l, &head, &row, &n, &m))
            break;
        ui_tr(&h);
        ui_td_count(&h, l);
        ui_td_open(&h, false);
        for (size_t i = 0; i < n && i < 4; i++) {
            if (i)
                HTML_LIT(&h, ", ");
            html_text(&h, row[i][0] ? row[i] : "(empty)");
        }
        ui_td_close(&h);
        ui_td_open(&h, false);
        HTML_LIT(&h, "<a href=\"?line=");
        html_int(&h, l);
        HTML_LIT(&h, "\">Edit<span class=\"nhsuk-u-visually-hidden\"> line ");
        html_int(&h, l);
        HTML_LIT(&h, "</span></a>");
        ui_td_close(&h);
    }
    ui_table_end(&h);
    ui_end(c, &h);
}

void page_rules_edit_post(struct ctx *c)
{
    struct pcn_msg m = {0};
    struct edit_file e;
    int64_t line;
    const char **head, **row;
    size_t n;
    if (!edit_target(c, &e) ||
        !edit_row(c, &e, http_form_str(c->q, "line"), &line, &head, &row, &n))
        return;
    const char *file = e.file, *path = e.path;
    fy_t fy = e.fy;
    const char **vals = arena_alloc(c->a, (n + 1) * sizeof *vals);
    for (size_t i = 0; i < n; i++) {
        const char *v = http_form_str(c->q, arena_printf(c->a, "col-%s", head[i]));
        vals[i] = v ? v : "";
    }
    const char *out;
    size_t outlen;
    if (rulesfile_replace_row(c->a, e.data, e.len, (long)line, vals, n, &out, &outlen)) {
        ui_not_found(c);
        return;
    }
    struct rulesfile_upload up = {file, e.f, out, outlen};
    struct rules_diag d = {0};
    rulesfile_candidate(c->a, c->w->rules_dir, fy, &up, 1, &d);
    if (d.nerrors) {
        /* Each problem by its field when the message names one of the row. */
        struct ui_error errs[LIMIT_RULES_ERRORS_KEPT + 1];
        size_t ne = 0;
        long kept = d.nerrors < LIMIT_RULES_ERRORS_KEPT ? d.nerrors : LIMIT_RULES_ERRORS_KEPT;
        for (long i = 0; i < kept; i++) {
            const char *field = arena_printf(c->a, "col-%s", head[0]);
            for (size_t k = 0; k < n; k++)
                if (strstr(d.errors[i], arena_printf(c->a, "field %s:", head[k])))
                    field = arena_printf(c->a, "col-%s", head[k]);
            errs[ne++] = (struct ui_error){field, d.errors[i], NULL};
        }
        audit_ctx(c, "rules-edit-refused", "rules", fy_label(c, fy),
                  json_pack("{s:s,s:I,s:s}", "file", file, "line", (json_int_t)line, "first",
                            d.errors[0]));
        row_form(c, 400, fy, file, (long)line, head, vals, n, errs, ne);
        return;
    }
    json_t *before = json_object(), *after = json_object();
    for (size_t i = 0; i < n; i++) {
        json_object_set_new(before, head[i], json_string(row[i]));
        json_object_set_new(after, head[i], json_string(vals[i]));
    }
    if (record_change(c, fy, &up, 1, "rules-edit", fy_label(c, fy),
                      json_pack("{s:s,s:I,s:o,s:o}", "file", path, "line", (json_int_t)line,
                                "before", before, "after", after),
                      &m)) {
        ui_fail_500(c, &m);
        return;
    }
    http_resp_redirect(c->r, arena_printf(c->a, "/admin/rules/%s/%s/edit?saved=%lld", fy_dir(c, fy),
                                          file, (long long)line));
}
