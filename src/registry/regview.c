#include "common.h"
#include "regview.h"

json_t *jv_str(const char *s)
{
    if (!s)
        return json_null();
    json_t *j = json_string(s);
    /* Stored text is checked as UTF-8 on import; never emit a NULL value. */
    return j ? j : json_string_nocheck("?");
}

json_t *jv_date(date_t t)
{
    char iso[11];
    if (t == DATE_NONE)
        return json_null();
    date_format_iso(t, iso);
    return json_string(iso);
}

json_t *jv_count(int64_t v)
{
    return v < 0 ? json_null() : json_integer(v);
}

json_t *jv_ref(const struct org_ref *r)
{
    if (!r->code)
        return json_null();
    return json_pack("{s:s,s:o}", "code", r->code, "name", jv_str(r->name));
}

const char *regview_band_label(int band)
{
    static const char *const labels[LIST_BANDS] = {
        "0_4",   "5_9",   "10_14", "15_19", "20_24", "25_29", "30_34", "35_39", "40_44", "45_49",
        "50_54", "55_59", "60_64", "65_69", "70_74", "75_79", "80_84", "85_89", "90_94", "95+",
    };
    return band >= 0 && band < LIST_BANDS ? labels[band] : "?";
}

json_t *regview_icbs(const struct icb_row *rows, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s,s:o,s:o,s:I}", "code", rows[i].code, "name",
                                             jv_str(rows[i].name), "registered_patients",
                                             jv_count(rows[i].registered_patients), "pcn_count",
                                             (json_int_t)rows[i].pcn_count));
    return arr;
}

json_t *regview_pcns(const struct pcn_row *rows, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s,s:o,s:o,s:I,s:o}", "code", rows[i].code, "name",
                                             jv_str(rows[i].name), "registered_patients",
                                             jv_count(rows[i].registered_patients),
                                             "practice_count", (json_int_t)rows[i].practice_count,
                                             "icb_code", jv_str(rows[i].icb_code)));
    return arr;
}

json_t *regview_pcn(const struct pcn_detail *d)
{
    json_t *prs = json_array();
    for (size_t i = 0; i < d->npractices; i++)
        json_array_append_new(prs, json_pack("{s:s,s:o,s:o}", "code", d->practices[i].code, "name",
                                             jv_str(d->practices[i].name), "registered_patients",
                                             jv_count(d->practices[i].registered_patients)));
    json_t *trend = json_array();
    for (size_t i = 0; i < d->ntrend; i++)
        json_array_append_new(trend, json_pack("{s:o,s:I}", "date", jv_date(d->trend_dates[i]),
                                               "total", (json_int_t)d->trend_totals[i]));
    return json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "code", d->pcn.code, "name",
                     jv_str(d->pcn.name), "icb", jv_ref(&d->icb), "sub_icb", jv_ref(&d->sub_icb),
                     "registered_patients", jv_count(d->registered_patients), "list_size_date",
                     jv_date(d->registered_patients >= 0 ? d->list_size_date : DATE_NONE),
                     "practices", prs, "list_size_trend", trend);
}

json_t *regview_icb(const struct icb_detail *d)
{
    return json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "code", d->icb.code, "name",
                     jv_str(d->icb.name), "ons_code", jv_str(d->ons_code), "region",
                     jv_ref(&d->region), "registered_patients", jv_count(d->registered_patients),
                     "list_size_date",
                     jv_date(d->registered_patients >= 0 ? d->list_size_date : DATE_NONE), "pcns",
                     regview_pcns(d->pcns, d->npcns));
}

json_t *regview_practice(const struct practice_detail *d)
{
    json_t *list = json_null(), *trend = json_array(), *ods = json_null();
    if (d->has_list) {
        json_t *bands = json_array();
        for (int b = 0; b < LIST_BANDS; b++)
            json_array_append_new(bands, json_pack("{s:s,s:o,s:o}", "band", regview_band_label(b),
                                                   "male", jv_count(d->list.m[b]), "female",
                                                   jv_count(d->list.f[b])));
        list = json_pack("{s:I,s:o,s:o,s:o}", "total", (json_int_t)d->list.total, "male",
                         jv_count(d->list.male), "female", jv_count(d->list.female), "bands",
                         bands);
    }
    for (size_t i = 0; i < d->ntrend; i++)
        json_array_append_new(trend, json_pack("{s:o,s:I}", "date", jv_date(d->trend[i].date),
                                               "total", (json_int_t)d->trend[i].total));
    if (d->has_ods)
        ods = json_pack("{s:o,s:o,s:o}", "status", jv_str(d->ods_status), "open_date",
                        jv_date(d->ods_open), "close_date", jv_date(d->ods_close));
    return json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "code", d->info.code,
                     "name", jv_str(d->info.name), "postcode", jv_str(d->info.postcode), "supplier",
                     jv_str(d->info.supplier), "pcn", jv_ref(&d->pcn), "sub_icb",
                     jv_ref(&d->sub_icb), "icb", jv_ref(&d->icb), "registered_patients",
                     d->has_list ? json_integer(d->list.total) : json_null(), "list_size_date",
                     d->has_list ? jv_date(d->list.date) : json_null(), "list_size", list,
                     "list_size_trend", trend, "ods", ods);
}

json_t *regview_history(const struct reg_event *ev, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct reg_event *e = &ev[i];
        json_t *o;
        if (e->kind == EV_RENAMED)
            o = json_pack("{s:o,s:s,s:o,s:o}", "date", jv_date(e->date), "kind", "renamed", "from",
                          jv_str(e->old_name), "to", jv_str(e->new_name));
        else
            o = json_pack("{s:o,s:s,s:o,s:o,s:o}", "date", jv_date(e->date), "kind",
                          reg_event_kind_name(e->kind), "practice", jv_str(e->practice),
                          "practice_name", jv_str(e->practice_name), "other_pcn",
                          jv_str(e->other_pcn));
        json_array_append_new(arr, o);
    }
    return arr;
}
