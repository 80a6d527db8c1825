/* uiform.h: the form fields of the NHS design system, written as the
 * documented markup of nhsuk-frontend: inputs, selects, date inputs,
 * radios, checkboxes, text areas and buttons, and reading a date input or
 * a repeated field back.  ui.h includes it, so a page sees the one set of
 * ui_ components; the functions keep their ui_ names for that reason. */
#ifndef PCN_UIFORM_H
#define PCN_UIFORM_H

#include <stdbool.h>
#include <stddef.h>

#include "html.h"
#include "web.h"

/* A form's error on one field (form.h collects them), for the field and the
 * error summary. */
struct ui_error {
    const char *field; /* id of the input the message links to */
    const char *text;
    const char *href; /* where the summary links: NULL for "#field" (a
                            date input's is "#field-day", form.h) */
};

/* Form fields, in the NHS design system's markup.  err is the form's
 * error (or NULL): when err->field is this field's id, the field shows the
 * message and its error styling.  Values are always written back, so
 * nothing the user typed is lost. */
void ui_input(struct html *h, const char *id, const char *label, const char *hint, const char *type,
              const char *value, const char *width_class, const struct ui_error *err);
/* The same with the browser's autocomplete told what the field is ("off",
 * "email", "current-password", "new-password"...). */
void ui_input_auto(struct html *h, const char *id, const char *label, const char *hint,
                   const char *type, const char *value, const char *autocomplete,
                   const char *width_class, const struct ui_error *err);
/* A money input with the £ prefix. */
void ui_input_money(struct html *h, const char *id, const char *label, const char *hint,
                    const char *value, const struct ui_error *err);
void ui_select(struct html *h, const char *id, const char *label, const char *const *values,
               const char *const *labels, size_t n, const char *selected,
               const struct ui_error *err);
/* The same in a table's cell: the label visually hidden (the column says
 * what the field is, the label which row it is for). */
void ui_select_in_table(struct html *h, const char *id, const char *label,
                        const char *const *values, const char *const *labels, size_t n,
                        const char *selected, const struct ui_error *err);
/* The date input: three fields id-day, id-month, id-year in a fieldset.
 * The values are what was typed (NULL: empty). */
void ui_date_input(struct html *h, const char *id, const char *legend, const char *hint,
                   const char *day, const char *month, const char *year,
                   const struct ui_error *err);
/* Reads a date input back: 0 and *out, or PCN_EINVAL (empty or not a
 * real date: *empty tells which). */
int ui_form_date(struct http_req *q, const char *id, date_t *out, bool *empty);
/* A date as the three strings of a date input (in a). */
void ui_date_parts(struct arena *a, date_t t, const char **day, const char **month,
                   const char **year);

/* Radios and checkboxes in a fieldset; values[i] labelled labels[i].  The
 * first input carries the id (the error summary links to it), the others
 * id-2, id-3...  Checkboxes are ticked only when their value is in
 * checked[0..nchecked): what the user chose (the POST), or what is stored,
 * never ticked by default. */
void ui_radios(struct html *h, const char *id, const char *legend, const char *hint,
               const char *const *values, const char *const *labels, size_t n, const char *selected,
               const struct ui_error *err);
void ui_checkboxes(struct html *h, const char *id, const char *legend, const char *hint,
                   const char *const *values, const char *const *labels, size_t n,
                   const char *const *checked, size_t nchecked, const struct ui_error *err);
/* A multi-line text field (textarea), value written back. */
void ui_textarea(struct html *h, const char *id, const char *label, const char *hint,
                 const char *value, const struct ui_error *err);
/* A submit button, and a secondary one. */
void ui_button(struct html *h, const char *text, bool secondary);
/* Every value of a form field that repeats (checkboxes), in c->a. */
size_t ui_form_all(struct ctx *c, const char *name, const char ***out);

#endif
