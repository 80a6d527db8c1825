/* The calendar reader (ics.h): tables of files and the events they give,
 * and of broken files with the exact FILE:LINE message each must get. */
#include "testutil.h"

#include "arena.h"
#include "ics.h"

#define HEAD "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
#define TAIL "END:VCALENDAR\r\n"
#define EV(body) "BEGIN:VEVENT\r\n" body "END:VEVENT\r\n"

/* ---- good files --------------------------------------------------------- */

struct want_event {
    const char *date;      /* London date */
    int start;             /* minutes after midnight */
    int minutes;
    const char *summary;
    const char *uid;
};

static const struct {
    const char *name;
    const char *text;
    size_t nevents;
    struct want_event ev[3];
    long nwarnings;
    const char *warning;   /* the first, if any */
} good[] = {
    {"utc in winter", HEAD EV("UID:a1\r\nDTSTART:20261123T090000Z\r\nDTEND:20261123T103000Z\r\n"
                              "SUMMARY:ICB board\r\n") TAIL,
     1, {{"2026-11-23", 540, 90, "ICB board", "a1"}}, 0, NULL},
    {"utc in summer is an hour ahead in London",
     HEAD EV("DTSTART:20260701T080000Z\r\nDTEND:20260701T090000Z\r\nSUMMARY:x\r\n") TAIL,
     1, {{"2026-07-01", 540, 60, "x", ""}}, 0, NULL},
    {"late UTC evening in summer is the next London day",
     HEAD EV("DTSTART:20260701T233000Z\r\nDURATION:PT1H\r\n") TAIL,
     1, {{"2026-07-02", 30, 60, "", ""}}, 0, NULL},
    {"TZID Europe/London, quoted", HEAD EV("DTSTART;TZID=\"Europe/London\":20260701T090000\r\n"
                                           "DTEND;TZID=Europe/London:20260701T091500\r\n") TAIL,
     1, {{"2026-07-01", 540, 15, "", ""}}, 0, NULL},
    {"Outlook's name for London", HEAD EV("DTSTART;TZID=GMT Standard Time:20261123T140000\r\n"
                                          "DTEND;TZID=GMT Standard Time:20261123T150000\r\n") TAIL,
     1, {{"2026-11-23", 840, 60, "", ""}}, 0, NULL},
    {"floating time is London time", HEAD EV("DTSTART:20261123T090000\r\nDURATION:PT45M\r\n") TAIL,
     1, {{"2026-11-23", 540, 45, "", ""}}, 0, NULL},
    {"across the change to summer time: 2 real hours",
     HEAD EV("DTSTART;TZID=Europe/London:20260329T000000\r\n"
             "DTEND;TZID=Europe/London:20260329T030000\r\n") TAIL,
     1, {{"2026-03-29", 0, 120, "", ""}}, 0, NULL},
    {"across the change back: 4 real hours",
     HEAD EV("DTSTART;TZID=Europe/London:20261025T000000\r\n"
             "DTEND;TZID=Europe/London:20261025T030000\r\n") TAIL,
     1, {{"2026-10-25", 0, 240, "", ""}}, 0, NULL},
    {"folded lines are joined (space and tab)",
     HEAD EV("DTSTART:20261123T090000Z\r\nDURATION:PT1H\r\nSUMMARY:Primary care \r\n committee "
             "with the \r\n\tICB\r\n") TAIL,
     1, {{"2026-11-23", 540, 60, "Primary care committee with the ICB", ""}}, 0, NULL},
    {"text escapes", HEAD EV("DTSTART:20261123T090000Z\r\nDURATION:PT1H\r\n"
                             "SUMMARY:LMC\\, ICB \\; INT\\nnotes \\\\ end\r\n") TAIL,
     1, {{"2026-11-23", 540, 60, "LMC, ICB ; INT notes \\ end", ""}}, 0, NULL},
    {"LF line ends and a byte order mark",
     "\xEF\xBB\xBF" "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261123T090000Z\nDURATION:PT2H\n"
     "END:VEVENT\nEND:VCALENDAR\n",
     1, {{"2026-11-23", 540, 120, "", ""}}, 0, NULL},
    {"no line end after the last line", HEAD EV("DTSTART:20261123T090000Z\r\nDURATION:PT30M\r\n")
     "END:VCALENDAR",
     1, {{"2026-11-23", 540, 30, "", ""}}, 0, NULL},
    {"durations: days, hours, minutes, seconds",
     HEAD EV("DTSTART:20261123T090000Z\r\nDURATION:PT1H30M\r\n")
          EV("DTSTART:20261124T090000Z\r\nDURATION:PT90M\r\n")
          EV("DTSTART:20261125T090000Z\r\nDURATION:+PT0H20M30S\r\n") TAIL,
     3, {{"2026-11-23", 540, 90, "", ""}, {"2026-11-24", 540, 90, "", ""},
         {"2026-11-25", 540, 21, "", ""}}, 0, NULL},
    {"time zones, alarms and other components are ignored",
     HEAD "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\nBEGIN:STANDARD\r\nDTSTART:19701025T020000\r\n"
          "END:STANDARD\r\nEND:VTIMEZONE\r\n"
          EV("DTSTART:20261123T090000Z\r\nDURATION:PT1H\r\nBEGIN:VALARM\r\nTRIGGER:-PT15M\r\n"
             "DTSTART:20261123T084500Z\r\nEND:VALARM\r\n")
          "BEGIN:VTODO\r\nDTSTART:20261123T090000Z\r\nEND:VTODO\r\n"
          "X-WR-CALNAME:Work\r\n" TAIL,
     1, {{"2026-11-23", 540, 60, "", ""}}, 0, NULL},
    {"all-day events are left out, with a warning",
     HEAD EV("DTSTART;VALUE=DATE:20261123\r\nDTEND;VALUE=DATE:20261124\r\nSUMMARY:Leave\r\n")
          EV("DTSTART:20261124T090000Z\r\nDURATION:PT1H\r\n") TAIL,
     1, {{"2026-11-24", 540, 60, "", ""}}, 1,
     "cal.ics:4: 'Leave' is an all-day event, with no time to log: left out"},
    {"cancelled events are left out",
     HEAD EV("DTSTART:20261123T090000Z\r\nDURATION:PT1H\r\nSTATUS:CANCELLED\r\nSUMMARY:Off\r\n")
          TAIL,
     0, {{0}}, 1, "cal.ics:4: 'Off' is cancelled: left out"},
    {"events of no length are left out",
     HEAD EV("DTSTART:20261123T090000Z\r\nSUMMARY:Reminder\r\n") TAIL,
     0, {{0}}, 1, "cal.ics:4: 'Reminder' has no length: left out"},
    {"events over 24 hours are left out",
     HEAD EV("DTSTART:20261123T090000Z\r\nDURATION:P1DT1H\r\nSUMMARY:Away\r\n") TAIL,
     0, {{0}}, 1, "cal.ics:4: 'Away' is longer than 24 hours: left out"},
    {"a repeating event gives its first occurrence",
     HEAD EV("DTSTART:20261123T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY\r\n"
             "SUMMARY:Weekly\r\n") TAIL,
     1, {{"2026-11-23", 540, 60, "Weekly", ""}}, 1,
     "cal.ics:4: 'Weekly' repeats: only its first occurrence is included"},
    {"lower-case names and a parameter list",
     "begin:vcalendar\r\nbegin:vevent\r\ndtstart;x-a=1,\"b;c\":20261123T090000Z\r\n"
     "duration:PT1H\r\nend:vevent\r\nend:vcalendar\r\n",
     1, {{"2026-11-23", 540, 60, "", ""}}, 0, NULL},
};

static void test_good(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        struct arena a;
        struct ics_result r;
        struct pcn_msg m = {0};
        arena_init(&a, 0);
        int rc = ics_parse("cal.ics", good[i].text, strlen(good[i].text), &a, &r, &m);
        if (rc)
            fail_msg("%s: %s", good[i].name, m.text);
        if (r.nevents != good[i].nevents)
            fail_msg("%s: %zu events, expected %zu", good[i].name, r.nevents, good[i].nevents);
        for (size_t k = 0; k < r.nevents; k++) {
            const struct want_event *w = &good[i].ev[k];
            char iso[11];
            date_format_iso(r.events[k].date, iso);
            if (strcmp(iso, w->date) || r.events[k].start_minute != w->start ||
                r.events[k].minutes != w->minutes || strcmp(r.events[k].summary, w->summary) ||
                strcmp(r.events[k].uid, w->uid))
                fail_msg("%s: event %zu is %s +%d %" PRId64 " min '%s' '%s', expected %s +%d %d "
                         "'%s' '%s'",
                         good[i].name, k, iso, r.events[k].start_minute, r.events[k].minutes,
                         r.events[k].summary, r.events[k].uid, w->date, w->start, w->minutes,
                         w->summary, w->uid);
        }
        if (r.nwarnings != good[i].nwarnings)
            fail_msg("%s: %ld warnings, expected %ld (%s)", good[i].name, r.nwarnings,
                     good[i].nwarnings, r.nwarnings ? r.warnings[0] : "");
        if (good[i].warning && strcmp(r.warnings[0], good[i].warning) != 0)
            fail_msg("%s: warning '%s', expected '%s'", good[i].name, r.warnings[0],
                     good[i].warning);
        arena_release(&a);
    }
}

/* ---- broken files: every error, with its FILE:LINE text ------------------ */

static const struct {
    const char *text;
    int code;
    const char *msg;
} bad[] = {
    {"", PCN_EINVAL, "cal.ics:1: the file is empty: a calendar starts with BEGIN:VCALENDAR"},
    {"Date,Time,Subject\r\n", PCN_EINVAL,
     "cal.ics:1: 'Date,Time,Subject' is not a calendar line (NAME:VALUE)"},
    {"VERSION:2.0\r\n", PCN_EINVAL,
     "cal.ics:1: VERSION before BEGIN:VCALENDAR (is this an .ics calendar file?)"},
    {"BEGIN:VEVENT\r\n", PCN_EINVAL,
     "cal.ics:1: BEGIN:VEVENT outside BEGIN:VCALENDAR (is this an .ics calendar file?)"},
    {HEAD "BEGIN:VEVENT\r\nDTSTART:20261123T090000Z\r\n", PCN_EINVAL,
     "cal.ics:5: the file ends inside VEVENT begun on line 4"},
    {HEAD EV("DTSTART:20261123T090000Z\r\n") "END:VTODO\r\n", PCN_EINVAL,
     "cal.ics:7: END:VTODO does not match BEGIN:VCALENDAR on line 1"},
    {HEAD TAIL "END:VCALENDAR\r\n", PCN_EINVAL,
     "cal.ics:5: END:VCALENDAR without a BEGIN:VCALENDAR"},
    {HEAD TAIL "SUMMARY:x\r\n", PCN_EINVAL, "cal.ics:5: SUMMARY after END:VCALENDAR"},
    {HEAD "BEGIN:VCALENDAR\r\n", PCN_EINVAL, "cal.ics:4: BEGIN:VCALENDAR inside VCALENDAR"},
    {HEAD "BEGIN:VTODO\r\nBEGIN:VEVENT\r\n", PCN_EINVAL,
     "cal.ics:5: BEGIN:VEVENT inside VTODO: events belong in VCALENDAR"},
    {HEAD "BEGIN:\r\n", PCN_EINVAL, "cal.ics:4: BEGIN: '' is not a component name"},
    {HEAD EV("SUMMARY:no start\r\n") TAIL, PCN_EINVAL,
     "cal.ics:4: the event begun here has no DTSTART"},
    {HEAD EV("DTSTART:20261123T090000Z\r\nDTEND:20261123T100000Z\r\nDURATION:PT1H\r\n") TAIL,
     PCN_EINVAL, "cal.ics:4: the event begun here has both DTEND and DURATION"},
    {HEAD EV("DTSTART:20261123T090000Z\r\nDTSTART:20261123T090000Z\r\n") TAIL, PCN_EINVAL,
     "cal.ics:6: DTSTART appears twice in the event begun on line 4"},
    {HEAD EV("DTSTART:2026-11-23 09:00\r\n") TAIL, PCN_EINVAL,
     "cal.ics:5: DTSTART: '2026-11-23 09:00' is not a date-time like 20261123T090000Z or a date "
     "like 20261123"},
    {HEAD EV("DTSTART:20260231T090000Z\r\n") TAIL, PCN_EINVAL,
     "cal.ics:5: DTSTART: 20260231 is not a real date"},
    {HEAD EV("DTSTART:20261123T250000Z\r\n") TAIL, PCN_EINVAL,
     "cal.ics:5: DTSTART: 250000 is not a time of day"},
    {HEAD EV("DTSTART:20261123\r\n") TAIL, PCN_EINVAL,
     "cal.ics:5: DTSTART: '20261123' is a date: a date needs VALUE=DATE"},
    {HEAD EV("DTSTART;VALUE=DATE:20261123T090000Z\r\n") TAIL, PCN_EINVAL,
     "cal.ics:5: DTSTART: VALUE=DATE but '20261123T090000Z' is not a date like 20261123"},
    {HEAD EV("DTSTART;VALUE=PERIOD:20261123T090000Z\r\n") TAIL, PCN_EINVAL,
     "cal.ics:5: DTSTART: VALUE=PERIOD is not DATE or DATE-TIME"},
    {HEAD EV("DTSTART;TZID=America/New_York:20261123T090000\r\n") TAIL, PCN_EINVAL,
     "cal.ics:5: DTSTART: time zone 'America/New_York' is not supported: export the calendar in "
     "Europe/London or UTC time"},
    {HEAD EV("DTSTART;TZID=Europe/London:20261123T090000Z\r\n") TAIL, PCN_EINVAL,
     "cal.ics:5: DTSTART: a UTC time (ending Z) cannot also have TZID"},
    {HEAD EV("DTSTART:20261123T100000Z\r\nDTEND:20261123T090000Z\r\n") TAIL, PCN_EINVAL,
     "cal.ics:6: DTEND is before DTSTART"},
    {HEAD EV("DTSTART:20261123T100000Z\r\nDTEND;VALUE=DATE:20261124\r\n") TAIL, PCN_EINVAL,
     "cal.ics:6: DTEND: a date and a date-time cannot be mixed in one event"},
    {HEAD EV("DTSTART:20261123T100000Z\r\nDURATION:-PT1H\r\n") TAIL, PCN_EINVAL,
     "cal.ics:6: DURATION: '-PT1H' is negative"},
    {HEAD EV("DTSTART:20261123T100000Z\r\nDURATION:1 hour\r\n") TAIL, PCN_EINVAL,
     "cal.ics:6: DURATION: '1 hour' is not a duration like PT1H30M"},
    {HEAD EV("DTSTART:20261123T100000Z\r\nDURATION:PT1H30S\r\n") TAIL, PCN_EINVAL,
     "cal.ics:6: DURATION: 'PT1H30S' is not a duration like PT1H30M"},
    {HEAD EV("DTSTART:20261123T100000Z\r\nDURATION:PT\r\n") TAIL, PCN_EINVAL,
     "cal.ics:6: DURATION: 'PT' is not a duration like PT1H30M"},
    {HEAD EV("DTSTART:20261123T100000Z\r\nDURATION:P1W2D\r\n") TAIL, PCN_EINVAL,
     "cal.ics:6: DURATION: 'P1W2D' is not a duration like PT1H30M"},
    {HEAD EV("DTSTART:20261123T100000Z\r\nSUMMARY:bad \\x escape\r\n") TAIL, PCN_EINVAL,
     "cal.ics:6: SUMMARY: '\\x' is not a text escape (\\\\ \\; \\, \\n)"},
    {HEAD EV("DTSTART;TZID=\"Europe/London:20261123T090000\r\n") TAIL, PCN_EINVAL,
     "cal.ics:5: DTSTART: parameter TZID: a quoted value is not closed"},
    {HEAD EV("DTSTART;TZID=Eu\"rope:20261123T090000\r\n") TAIL, PCN_EINVAL,
     "cal.ics:5: DTSTART: parameter TZID: a quote inside a value"},
    {HEAD EV("DTSTART;TZID:20261123T090000\r\n") TAIL, PCN_EINVAL,
     "cal.ics:5: DTSTART: a parameter must be NAME=VALUE"},
    {HEAD EV("DTSTART;X=1,2;Y=\"3\"\r\n") TAIL, PCN_EINVAL,
     "cal.ics:5: DTSTART: no ':' before the value"},
    {HEAD EV("DT START:20261123T090000Z\r\n") TAIL, PCN_EINVAL,
     "cal.ics:5: 'DT START:20261123T090000Z' is not a calendar line (NAME:VALUE)"},
    {HEAD EV("SUMMARY:a\x01" "b\r\n") TAIL, PCN_EINVAL,
     "cal.ics:5: SUMMARY: a control character in the value"},
    {" folded:first\r\n", PCN_EINVAL, "cal.ics:1: a folded line with no line before it to continue"},
    {HEAD "\r\n" EV("DTSTART:20261123T090000Z\r\n") TAIL, PCN_EINVAL,
     "cal.ics:4: an empty line: every line of a calendar is NAME:VALUE"},
    {HEAD "SUMMARY:a\rb\r\n", PCN_EINVAL,
     "cal.ics:4: a carriage return without a line feed: lines end with CRLF"},
    {HEAD "SUMMARY:\xC3(\r\n", PCN_EINVAL, "cal.ics:4: the line is not valid UTF-8 text"},
    {HEAD EV("DTSTART:20261123T090000Z\r\nUID:" "0123456789012345678901234567890123456789"
             "0123456789012345678901234567890123456789012345678901234567890123456789012345678"
             "9012345678901234567890123456789012345678901234567890123456789012345678901234567"
             "89012345678901234567890123456789012345678901234567890123456789\r\n") TAIL,
     PCN_EINVAL, "cal.ics:6: UID: longer than 255 bytes"},
};

static void test_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct arena a;
        struct ics_result r;
        struct pcn_msg m = {0};
        arena_init(&a, 0);
        int rc = ics_parse("cal.ics", bad[i].text, strlen(bad[i].text), &a, &r, &m);
        if (rc != bad[i].code || strcmp(m.text, bad[i].msg) != 0)
            fail_msg("case %zu: %d '%s', expected %d '%s'", i, rc, m.text, bad[i].code,
                     bad[i].msg);
        arena_release(&a);
    }
}

/* A NUL byte, and the limits: size, line length, depth, events. */
static void test_limits(void **state)
{
    (void)state;
    struct arena a;
    struct ics_result r;
    struct pcn_msg m = {0};
    arena_init(&a, 0);

    static const char nul[] = "BEGIN:VCALENDAR\r\nSUMMARY:a\0b\r\n";
    assert_int_equal(ics_parse("cal.ics", nul, sizeof nul - 1, &a, &r, &m), PCN_EINVAL);
    assert_string_equal(m.text, "cal.ics:2: a NUL byte: this is not a text calendar file");

    size_t big = (size_t)LIMIT_ICS_BYTES + 1;
    char *p = calloc(1, big + 1);
    memset(p, 'x', big);
    assert_int_equal(ics_parse("cal.ics", p, big, &a, &r, &m), PCN_ELIMIT);
    assert_string_equal(m.text, "cal.ics: larger than 4194304 bytes");

    /* one line of 16 KiB + 1 after unfolding */
    size_t n = 0;
    n += (size_t)sprintf(p + n, "BEGIN:VCALENDAR\r\nX-LONG:");
    for (int i = 0; i < LIMIT_ICS_LINE_BYTES / 70 + 2; i++) {
        memset(p + n, 'y', 70);
        n += 70;
        n += (size_t)sprintf(p + n, "\r\n ");
    }
    n += (size_t)sprintf(p + n, "z\r\nEND:VCALENDAR\r\n");
    assert_int_equal(ics_parse("cal.ics", p, n, &a, &r, &m), PCN_ELIMIT);
    assert_string_equal(m.text, "cal.ics:2: the line is longer than 16384 bytes");

    n = (size_t)sprintf(p, "BEGIN:VCALENDAR\r\n");
    for (int i = 0; i < LIMIT_ICS_DEPTH; i++)
        n += (size_t)sprintf(p + n, "BEGIN:X-C%d\r\n", i);
    assert_int_equal(ics_parse("cal.ics", p, n, &a, &r, &m), PCN_ELIMIT);
    assert_string_equal(m.text, "cal.ics:9: components nested more than 8 deep");

    n = (size_t)sprintf(p, "BEGIN:VCALENDAR\r\n");
    for (int i = 0; i <= LIMIT_ICS_EVENTS; i++)
        n += (size_t)sprintf(p + n, "BEGIN:VEVENT\r\nDTSTART:20261123T090000Z\r\n"
                                    "DURATION:PT1H\r\nEND:VEVENT\r\n");
    n += (size_t)sprintf(p + n, "END:VCALENDAR\r\n");
    assert_int_equal(ics_parse("cal.ics", p, n, &a, &r, &m), PCN_ELIMIT);
    assert_string_equal(m.text, "cal.ics:40002: more than 10000 events");
    free(p);
    arena_release(&a);
}

/* Summer time: its edges in 2026 (29 March and 25 October, 01:00 UTC). */
static void test_london(void **state)
{
    (void)state;
    static const struct {
        int y, mo, d, h, mi;     /* UTC */
        int lh, lmi;             /* London */
    } cases[] = {
        {2026, 3, 29, 0, 59, 0, 59},  {2026, 3, 29, 1, 0, 2, 0},
        {2026, 10, 25, 0, 59, 1, 59}, {2026, 10, 25, 1, 0, 1, 0},
        {2026, 1, 15, 12, 0, 12, 0},  {2026, 7, 15, 12, 0, 13, 0},
        {2025, 3, 30, 1, 0, 2, 0},    {2025, 10, 26, 0, 30, 1, 30},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t day = date_from_ymd(cases[i].y, cases[i].mo, cases[i].d);
        int64_t utc = day * 1440 + cases[i].h * 60 + cases[i].mi;
        int64_t want = day * 1440 + cases[i].lh * 60 + cases[i].lmi;
        if (ics_utc_to_london(utc) != want)
            fail_msg("case %zu: London %" PRId64 ", expected %" PRId64, i,
                     ics_utc_to_london(utc), want);
        /* and back, except in the hour that happens twice (the first is taken) */
        if (i != 3 && ics_london_to_utc(want) != utc)
            fail_msg("case %zu: back to UTC %" PRId64 ", expected %" PRId64, i,
                     ics_london_to_utc(want), utc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_bad),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_london),
    };
    return cmocka_run_group_tests_name("ics", tests, NULL, NULL);
}
