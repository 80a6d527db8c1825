/* The calendar reader (ics.h): tables of files and the events they give,
 * and of broken files with the exact FILE:LINE message each must get;
 * every real calendar of tests/data/desk/ics/ against expected.txt, and
 * repeating meetings of those calendars against occurrences worked out by
 * hand. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include "arena.h"
#include "buf.h"
#include "ics.h"

/* The window of most cases: wide enough for every single event. */
#define WIN date_from_ymd(1990, 1, 1), date_from_ymd(2030, 12, 31)

#define HEAD "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
#define TAIL "END:VCALENDAR\r\n"
#define EV(body) "BEGIN:VEVENT\r\n" body "END:VEVENT\r\n"

/* ---- good files --------------------------------------------------------- */

struct want_event {
    const char *date; /* London date */
    int start;        /* minutes after midnight */
    int minutes;
    const char *summary;
    const char *uid;
};

static const struct {
    const char *name;
    const char *text;
    size_t nevents;
    struct want_event ev[4];
    long nwarnings;
    const char *warning; /* the first, if any */
} good[] = {
    {"utc in winter",
     HEAD EV("UID:a1\r\nDTSTART:20261123T090000Z\r\nDTEND:20261123T103000Z\r\n"
             "SUMMARY:ICB board\r\n") TAIL,
     1,
     {{"2026-11-23", 540, 90, "ICB board", "a1"}},
     0,
     NULL},
    {"utc in summer is an hour ahead in London",
     HEAD EV("DTSTART:20260701T080000Z\r\nDTEND:20260701T090000Z\r\nSUMMARY:x\r\n") TAIL,
     1,
     {{"2026-07-01", 540, 60, "x", ""}},
     0,
     NULL},
    {"late UTC evening in summer is the next London day",
     HEAD EV("DTSTART:20260701T233000Z\r\nDURATION:PT1H\r\n") TAIL,
     1,
     {{"2026-07-02", 30, 60, "", ""}},
     0,
     NULL},
    {"TZID Europe/London, quoted",
     HEAD EV("DTSTART;TZID=\"Europe/London\":20260701T090000\r\n"
             "DTEND;TZID=Europe/London:20260701T091500\r\n") TAIL,
     1,
     {{"2026-07-01", 540, 15, "", ""}},
     0,
     NULL},
    {"Outlook's name for London",
     HEAD EV("DTSTART;TZID=GMT Standard Time:20261123T140000\r\n"
             "DTEND;TZID=GMT Standard Time:20261123T150000\r\n") TAIL,
     1,
     {{"2026-11-23", 840, 60, "", ""}},
     0,
     NULL},
    {"floating time is London time",
     HEAD EV("DTSTART:20261123T090000\r\nDURATION:PT45M\r\n") TAIL,
     1,
     {{"2026-11-23", 540, 45, "", ""}},
     0,
     NULL},
    {"across the change to summer time: 2 real hours",
     HEAD EV("DTSTART;TZID=Europe/London:20260329T000000\r\n"
             "DTEND;TZID=Europe/London:20260329T030000\r\n") TAIL,
     1,
     {{"2026-03-29", 0, 120, "", ""}},
     0,
     NULL},
    {"across the change back: 4 real hours",
     HEAD EV("DTSTART;TZID=Europe/London:20261025T000000\r\n"
             "DTEND;TZID=Europe/London:20261025T030000\r\n") TAIL,
     1,
     {{"2026-10-25", 0, 240, "", ""}},
     0,
     NULL},
    {"folded lines are joined (space and tab)",
     HEAD EV("DTSTART:20261123T090000Z\r\nDURATION:PT1H\r\nSUMMARY:Primary care \r\n committee "
             "with the \r\n\tICB\r\n") TAIL,
     1,
     {{"2026-11-23", 540, 60, "Primary care committee with the ICB", ""}},
     0,
     NULL},
    {"text escapes",
     HEAD EV("DTSTART:20261123T090000Z\r\nDURATION:PT1H\r\n"
             "SUMMARY:LMC\\, ICB \\; INT\\nnotes \\\\ end\r\n") TAIL,
     1,
     {{"2026-11-23", 540, 60, "LMC, ICB ; INT notes \\ end", ""}},
     0,
     NULL},
    {"LF line ends and a byte order mark",
     "\xEF\xBB\xBF"
     "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261123T090000Z\nDURATION:PT2H\n"
     "END:VEVENT\nEND:VCALENDAR\n",
     1,
     {{"2026-11-23", 540, 120, "", ""}},
     0,
     NULL},
    {"no line end after the last line",
     HEAD EV("DTSTART:20261123T090000Z\r\nDURATION:PT30M\r\n") "END:VCALENDAR",
     1,
     {{"2026-11-23", 540, 30, "", ""}},
     0,
     NULL},
    {"durations: days, hours, minutes, seconds",
     HEAD EV("DTSTART:20261123T090000Z\r\nDURATION:PT1H30M\r\n")
         EV("DTSTART:20261124T090000Z\r\nDURATION:PT90M\r\n")
             EV("DTSTART:20261125T090000Z\r\nDURATION:+PT0H20M30S\r\n") TAIL,
     3,
     {{"2026-11-23", 540, 90, "", ""},
      {"2026-11-24", 540, 90, "", ""},
      {"2026-11-25", 540, 21, "", ""}},
     0,
     NULL},
    {"time zones, alarms and other components are ignored",
     HEAD "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\nBEGIN:STANDARD\r\nDTSTART:19701025T020000\r\n"
          "END:STANDARD\r\nEND:VTIMEZONE\r\n" EV(
              "DTSTART:20261123T090000Z\r\nDURATION:PT1H\r\nBEGIN:VALARM\r\nTRIGGER:-PT15M\r\n"
              "DTSTART:20261123T084500Z\r\nEND:VALARM\r\n") "BEGIN:VTODO\r\nDTSTART:"
                                                            "20261123T090000Z\r\nEND:VTODO\r\n"
                                                            "X-WR-CALNAME:Work\r\n" TAIL,
     1,
     {{"2026-11-23", 540, 60, "", ""}},
     0,
     NULL},
    {"all-day events are left out, with a warning",
     HEAD EV("DTSTART;VALUE=DATE:20261123\r\nDTEND;VALUE=DATE:20261124\r\nSUMMARY:Leave\r\n")
         EV("DTSTART:20261124T090000Z\r\nDURATION:PT1H\r\n") TAIL,
     1,
     {{"2026-11-24", 540, 60, "", ""}},
     1,
     "cal.ics:4: 'Leave' is an all-day event, with no time to log: left out"},
    {"cancelled events are left out",
     HEAD EV("DTSTART:20261123T090000Z\r\nDURATION:PT1H\r\nSTATUS:CANCELLED\r\nSUMMARY:Off\r\n")
         TAIL,
     0,
     {{0}},
     1,
     "cal.ics:4: 'Off' is cancelled: left out"},
    {"events of no length are left out",
     HEAD EV("DTSTART:20261123T090000Z\r\nSUMMARY:Reminder\r\n") TAIL,
     0,
     {{0}},
     1,
     "cal.ics:4: 'Reminder' has no length: left out"},
    {"events over 24 hours are left out",
     HEAD EV("DTSTART:20261123T090000Z\r\nDURATION:P1DT1H\r\nSUMMARY:Away\r\n") TAIL,
     0,
     {{0}},
     1,
     "cal.ics:4: 'Away' is longer than 24 hours: left out"},
    {"a repeating event gives each occurrence",
     HEAD EV("DTSTART:20261123T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n"
             "SUMMARY:Weekly\r\n") TAIL,
     3,
     {{"2026-11-23", 540, 60, "Weekly", ""},
      {"2026-11-30", 540, 60, "Weekly", ""},
      {"2026-12-07", 540, 60, "Weekly", ""}},
     0,
     NULL},
    {"Outlook's weekly meeting in its own GMT Standard Time zone (issue 15)",
     HEAD "BEGIN:VTIMEZONE\r\nTZID:GMT Standard Time\r\nBEGIN:STANDARD\r\n"
          "DTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\n"
          "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n"
          "BEGIN:DAYLIGHT\r\nDTSTART:16010101T010000\r\nTZOFFSETFROM:+0000\r\n"
          "TZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r\n"
          "END:DAYLIGHT\r\nEND:VTIMEZONE\r\n" EV(
              "UID:o1\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nSUMMARY:PCN board\r\n"
              "DTSTART;TZID=GMT Standard Time:20261014T100000\r\n"
              "DTEND;TZID=GMT Standard Time:20261014T120000\r\n") TAIL,
     4,
     {{"2026-10-14", 600, 120, "PCN board", "o1"},
      {"2026-10-21", 600, 120, "PCN board", "o1"},
      {"2026-10-28", 600, 120, "PCN board", "o1"},
      {"2026-11-04", 600, 120, "PCN board", "o1"}},
     0,
     NULL},
    {"a weekly London meeting keeps its wall-clock time across summer time",
     HEAD EV("DTSTART;TZID=Europe/London:20260323T090000\r\nDURATION:PT1H\r\n"
             "RRULE:FREQ=WEEKLY;COUNT=2\r\n") TAIL,
     2,
     {{"2026-03-23", 540, 60, "", ""}, {"2026-03-30", 540, 60, "", ""}},
     0,
     NULL},
    {"Windows zone names without a VTIMEZONE, and a European zone",
     HEAD EV("DTSTART;TZID=W. Europe Standard Time:20260701T100000\r\nDURATION:PT1H\r\n")
         EV("DTSTART;TZID=Europe/Paris:20261201T100000\r\nDURATION:PT1H\r\n") TAIL,
     2,
     {{"2026-07-01", 540, 60, "", ""}, {"2026-12-01", 540, 60, "", ""}},
     0,
     NULL},
    {"the last working day of the month (BYSETPOS), less an EXDATE, plus an RDATE",
     HEAD EV("DTSTART:20261030T140000Z\r\nDURATION:PT30M\r\nRRULE:FREQ=MONTHLY;COUNT=3;"
             "BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1\r\nEXDATE:20261130T140000Z\r\n"
             "RDATE:20261202T140000Z,20261203T140000Z\r\n") TAIL,
     4,
     {{"2026-10-30", 840, 30, "", ""},
      {"2026-12-02", 840, 30, "", ""},
      {"2026-12-03", 840, 30, "", ""},
      {"2026-12-31", 840, 30, "", ""}},
     0,
     NULL},
    {"a moved and a cancelled instance (RECURRENCE-ID)",
     HEAD EV("UID:m\r\nDTSTART:20261102T100000Z\r\nDURATION:PT1H\r\n"
             "RRULE:FREQ=DAILY;COUNT=3\r\nSUMMARY:Huddle\r\n")
         EV("UID:m\r\nRECURRENCE-ID:20261103T100000Z\r\nDTSTART:20261103T150000Z\r\n"
            "DURATION:PT2H\r\nSUMMARY:Huddle (moved)\r\n")
             EV("UID:m\r\nRECURRENCE-ID:20261104T100000Z\r\nDTSTART:20261104T100000Z\r\n"
                "DURATION:PT1H\r\nSTATUS:CANCELLED\r\nSUMMARY:Huddle\r\n") TAIL,
     2,
     {{"2026-11-02", 600, 60, "Huddle", "m"}, {"2026-11-03", 900, 120, "Huddle (moved)", "m"}},
     1,
     "cal.ics:18: 'Huddle' is cancelled: left out"},
    {"a repeating all-day event: one warning with the number left out",
     HEAD EV("DTSTART;VALUE=DATE:20261102\r\nRRULE:FREQ=DAILY;COUNT=5\r\nSUMMARY:Leave\r\n") TAIL,
     0,
     {{0}},
     1,
     "cal.ics:4: 'Leave' is an all-day event, with no time to log: 5 occurrences "
     "left out"},
    {"a floating EXDATE is in the zone of the event's DTSTART",
     HEAD EV("DTSTART;TZID=Europe/Berlin:20261123T100000\r\nDURATION:PT1H\r\n"
             "RRULE:FREQ=DAILY;COUNT=3\r\nEXDATE:20261124T100000\r\n") TAIL,
     2,
     {{"2026-11-23", 540, 60, "", ""}, {"2026-11-25", 540, 60, "", ""}},
     0,
     NULL},
    {"floating times in the calendar's X-WR-TIMEZONE",
     HEAD "X-WR-TIMEZONE:Europe/Berlin\r\n" EV("DTSTART:20261123T100000\r\nDURATION:PT1H\r\n") TAIL,
     1,
     {{"2026-11-23", 540, 60, "", ""}},
     0,
     NULL},
    {"lower-case names and a parameter list",
     "begin:vcalendar\r\nbegin:vevent\r\ndtstart;x-a=1,\"b;c\":20261123T090000Z\r\n"
     "duration:PT1H\r\nend:vevent\r\nend:vcalendar\r\n",
     1,
     {{"2026-11-23", 540, 60, "", ""}},
     0,
     NULL},
};

static void test_good(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        struct arena a;
        struct ics_result r;
        struct pcn_msg m = {0};
        arena_init(&a, 0);
        int rc = ics_parse("cal.ics", good[i].text, strlen(good[i].text), WIN, &a, &r, &m);
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

static const struct test_refusal bad[] = {
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
    {HEAD EV("DTSTART;TZID=Mars/Olympus:20261123T090000\r\n") TAIL, PCN_EINVAL,
     "cal.ics:5: DTSTART: time zone 'Mars/Olympus' is not known: the file has no VTIMEZONE of "
     "that name and it is not a zone such as Europe/London"},
    {HEAD "BEGIN:VTIMEZONE\r\nTZID:Ours\r\nEND:VTIMEZONE\r\n" EV(
         "DTSTART;TZID=Ours:20261123T090000\r\n") TAIL,
     PCN_EINVAL,
     "cal.ics:4: VTIMEZONE 'Ours' cannot be read as a time zone: each STANDARD and DAYLIGHT "
     "part needs DTSTART, TZOFFSETFROM and TZOFFSETTO"},
    {HEAD EV("DTSTART:20261123T090000Z\r\nRRULE:FREQ=FORTNIGHTLY\r\n") TAIL, PCN_EINVAL,
     "cal.ics:6: RRULE: 'FREQ=FORTNIGHTLY' is not a repeat rule like FREQ=WEEKLY;COUNT=4"},
    {HEAD EV("DTSTART:20261123T090000Z\r\nRRULE:FREQ=MINUTELY;COUNT=5\r\n") TAIL, PCN_EINVAL,
     "cal.ics:6: RRULE: FREQ=MINUTELY: a meeting repeating every minute is not a meeting to log"},
    {HEAD EV("UID:x\r\nDTSTART:20261123T090000Z\r\n"
             "RECURRENCE-ID;RANGE=THISANDFUTURE:20261123T090000Z\r\n") TAIL,
     PCN_EINVAL,
     "cal.ics:7: RECURRENCE-ID;RANGE=THISANDFUTURE (a change to this and every later meeting) "
     "is not supported: save the series again in the calendar and export it"},
    {HEAD EV("DTSTART:20261123T090000Z\r\nRECURRENCE-ID:20261123T090000Z\r\n") TAIL, PCN_EINVAL,
     "cal.ics:6: RECURRENCE-ID: the event has no UID to say which meeting it changes"},
    {HEAD EV("DTSTART:20261123T090000Z\r\nRDATE;VALUE=PERIOD:20261124T090000Z\r\n") TAIL,
     PCN_EINVAL,
     "cal.ics:6: RDATE: '20261124T090000Z' is not a period like "
     "20261123T090000Z/PT1H"},
    {HEAD EV("DTSTART:20261123T090000Z\r\nEXDATE:20261130T090000Z,soon\r\n") TAIL, PCN_EINVAL,
     "cal.ics:6: EXDATE: 'soon' is not a date-time like 20261123T090000Z or a date "
     "like 20261123"},
    {HEAD EV("DTSTART:20261123T090000Z\r\nRDATE;VALUE=DATE:20261124\r\n") TAIL, PCN_EINVAL,
     "cal.ics:6: RDATE: '20261124': a date and a date-time cannot be mixed in one event"},
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
    {HEAD EV("SUMMARY:a\x01"
             "b\r\n") TAIL,
     PCN_EINVAL, "cal.ics:5: SUMMARY: a control character in the value"},
    {" folded:first\r\n", PCN_EINVAL,
     "cal.ics:1: a folded line with no line before it to continue"},
    {HEAD "\r\n" EV("DTSTART:20261123T090000Z\r\n") TAIL, PCN_EINVAL,
     "cal.ics:4: an empty line: every line of a calendar is NAME:VALUE"},
    {HEAD "SUMMARY:a\rb\r\n", PCN_EINVAL,
     "cal.ics:4: a carriage return without a line feed: lines end with CRLF"},
    {HEAD "SUMMARY:\xC3(\r\n", PCN_EINVAL, "cal.ics:4: the line is not valid UTF-8 text"},
    {HEAD EV("DTSTART:20261123T090000Z\r\nUID:"
             "0123456789012345678901234567890123456789"
             "0123456789012345678901234567890123456789012345678901234567890123456789012345678"
             "9012345678901234567890123456789012345678901234567890123456789012345678901234567"
             "89012345678901234567890123456789012345678901234567890123456789\r\n") TAIL,
     PCN_EINVAL, "cal.ics:6: UID: longer than 255 bytes"},
    /* Rules that never happen, refused before libical looks for their
     * first occurrence up to the year 20000 (seconds each; found by
     * fuzz_ics, the inputs in fuzz/regressions/ics/). */
    {HEAD EV("DTSTART:20260915T090000Z\r\nRRULE:FREQ=MONTHLY;BYDAY=6TU\r\n") TAIL, PCN_EINVAL,
     "cal.ics:6: RRULE: 'FREQ=MONTHLY;BYDAY=6TU' never happens: a month has at most five of "
     "each day of the week"},
    {HEAD EV("DTSTART:20260915T090000Z\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-6MO\r\n") TAIL,
     PCN_EINVAL,
     "cal.ics:6: RRULE: 'FREQ=YEARLY;BYMONTH=3;BYDAY=-6MO' never happens: a month has at most "
     "five of each day of the week"},
    {HEAD EV("DTSTART:20260915T090000Z\r\nRRULE:FREQ=YEARLY;BYMONTH=2,4;BYMONTHDAY=31\r\n") TAIL,
     PCN_EINVAL,
     "cal.ics:6: RRULE: 'FREQ=YEARLY;BYMONTH=2,4;BYMONTHDAY=31' never happens: no day of any "
     "month fits all of it"},
    {HEAD EV("DTSTART:20260915T090000Z\r\nRRULE:FREQ=MONTHLY;BYMONTHDAY=31;BYDAY=2MO\r\n") TAIL,
     PCN_EINVAL,
     "cal.ics:6: RRULE: 'FREQ=MONTHLY;BYMONTHDAY=31;BYDAY=2MO' never happens: no day of any "
     "month fits all of it"},
    {HEAD EV("DTSTART:20260915T090000Z\r\nRRULE:FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=11\r\n") TAIL,
     PCN_EINVAL,
     "cal.ics:6: RRULE: 'FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=11' never happens: BYSETPOS asks "
     "for more days than a month of the rule has"},
    {HEAD "BEGIN:VTIMEZONE\r\nTZID:Test/Zone\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
          "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=HOURLY;BYDAY=-1SU;BYMONTH=10\r\n"
          "END:STANDARD\r\nEND:VTIMEZONE\r\n" EV(
              "DTSTART;TZID=Test/Zone:20261123T090000\r\nDURATION:PT1H\r\n") TAIL,
     PCN_EINVAL,
     "cal.ics:4: VTIMEZONE 'Test/Zone': a time zone's changes repeat once a year "
     "(RRULE:FREQ=YEARLY), on a day that happens"},
};

static void test_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct arena a;
        struct ics_result r;
        struct pcn_msg m = {0};
        arena_init(&a, 0);
        int rc = ics_parse("cal.ics", bad[i].text, strlen(bad[i].text), WIN, &a, &r, &m);
        test_refused_as(&bad[i], i, rc, m.text);
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
    assert_int_equal(ics_parse("cal.ics", nul, sizeof nul - 1, WIN, &a, &r, &m), PCN_EINVAL);
    assert_string_equal(m.text, "cal.ics:2: a NUL byte: this is not a text calendar file");

    size_t big = (size_t)LIMIT_ICS_BYTES + 1;
    char *p = calloc(1, big + 1);
    memset(p, 'x', big);
    assert_int_equal(ics_parse("cal.ics", p, big, WIN, &a, &r, &m), PCN_ELIMIT);
    assert_string_equal(m.text, "cal.ics: larger than 4194304 bytes");

    /* one line of 16 KiB + 1 after unfolding */
    size_t n = 0;
    n += (size_t)snprintf(p + n, big + 1 - n, "BEGIN:VCALENDAR\r\nX-LONG:");
    for (int i = 0; i < LIMIT_ICS_LINE_BYTES / 70 + 2; i++) {
        memset(p + n, 'y', 70);
        n += 70;
        n += (size_t)snprintf(p + n, big + 1 - n, "\r\n ");
    }
    n += (size_t)snprintf(p + n, big + 1 - n, "z\r\nEND:VCALENDAR\r\n");
    assert_int_equal(ics_parse("cal.ics", p, n, WIN, &a, &r, &m), PCN_ELIMIT);
    assert_string_equal(m.text, "cal.ics:2: the line is longer than 16384 bytes");

    n = (size_t)snprintf(p, big + 1, "BEGIN:VCALENDAR\r\n");
    for (int i = 0; i < LIMIT_ICS_DEPTH; i++)
        n += (size_t)snprintf(p + n, big + 1 - n, "BEGIN:X-C%d\r\n", i);
    assert_int_equal(ics_parse("cal.ics", p, n, WIN, &a, &r, &m), PCN_ELIMIT);
    assert_string_equal(m.text, "cal.ics:9: components nested more than 8 deep");

    n = (size_t)snprintf(p, big + 1, "BEGIN:VCALENDAR\r\n");
    for (int i = 0; i <= LIMIT_ICS_EVENTS; i++)
        n += (size_t)snprintf(p + n, big + 1 - n,
                              "BEGIN:VEVENT\r\nDTSTART:20261123T090000Z\r\n"
                              "DURATION:PT1H\r\nEND:VEVENT\r\n");
    n += (size_t)snprintf(p + n, big + 1 - n, "END:VCALENDAR\r\n");
    assert_int_equal(ics_parse("cal.ics", p, n, WIN, &a, &r, &m), PCN_ELIMIT);
    assert_string_equal(m.text, "cal.ics:40002: more than 10000 events");
    free(p);
    arena_release(&a);
}

/* ---- real calendars ------------------------------------------------------ */

#define ICS_DIR "tests/data/desk/ics"

struct corpus {
    char (*paths)[256];
    size_t n;
};

static void walk(const char *dir, struct corpus *c)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d)
        fail_msg("%s: %s", dir, strerror(errno));
    while ((e = readdir(d))) {
        char path[256];
        struct stat st;
        if (e->d_name[0] == '.')
            continue;
        if (strlen(dir) + strlen(e->d_name) + 2 > sizeof path)
            fail_msg("%s/%s: the path is too long for the test", dir, e->d_name);
        memcpy(path, dir, strlen(dir));
        path[strlen(dir)] = '/';
        memcpy(path + strlen(dir) + 1, e->d_name, strlen(e->d_name) + 1);
        if (stat(path, &st))
            fail_msg("%s: %s", path, strerror(errno));
        if (S_ISDIR(st.st_mode)) {
            walk(path, c);
        } else if (strlen(path) > 4 && strcmp(path + strlen(path) - 4, ".ics") == 0) {
            c->paths = realloc(c->paths, (c->n + 1) * sizeof *c->paths);
            snprintf(c->paths[c->n++], 256, "%s", path);
        }
    }
    closedir(d);
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(a, b);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail_msg("%s: %s", path, strerror(errno));
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    if (fread(p, 1, (size_t)n, f) != (size_t)n)
        fail_msg("%s: short read", path);
    fclose(f);
    p[n] = '\0';
    *len = (size_t)n;
    return p;
}

/* Every calendar imports or is refused with its own FILE:LINE and a reason,
 * and gives what expected.txt says (UPDATE_GOLDEN=1 rewrites it). */
static void test_corpus(void **state)
{
    (void)state;
    struct corpus c = {0};
    struct buf got;
    walk(ICS_DIR, &c);
    qsort(c.paths, c.n, sizeof *c.paths, cmp_path);
    assert_true(c.n >= 250);
    buf_init(&got, 1 << 20);
    for (size_t i = 0; i < c.n; i++) {
        const char *path = c.paths[i], *rel = path + strlen(ICS_DIR) + 1;
        size_t len;
        char *data = slurp(path, &len);
        struct arena a;
        struct ics_result r;
        struct pcn_msg m = {0};
        arena_init(&a, 0);
        int rc = ics_parse(rel, data, len, WIN, &a, &r, &m);
        if (rc == 0) {
            buf_printf(&got, "%s: %zu meetings, %ld left out\n", rel, r.nevents, r.skipped);
        } else {
            size_t n = strlen(rel);
            const char *q = m.text + n + 1;
            if (strncmp(m.text, rel, n) != 0 || m.text[n] != ':' || *q < '1' || *q > '9')
                fail_msg("%s: the message does not start with FILE:LINE: '%s'", rel, m.text);
            while (*q >= '0' && *q <= '9')
                q++;
            if (strncmp(q, ": ", 2) != 0 || strlen(q) < 12)
                fail_msg("%s: no reason after FILE:LINE: '%s'", rel, m.text);
            if (rc != PCN_EINVAL && rc != PCN_ELIMIT)
                fail_msg("%s: error %d '%s'", rel, rc, m.text);
            buf_printf(&got, "%s: refused: %s\n", rel, m.text + n + 1);
        }
        arena_release(&a);
        free(data);
    }
    free(c.paths);
    assert_true(buf_ok(&got));
    if (getenv("UPDATE_GOLDEN")) {
        FILE *f = fopen(ICS_DIR "/expected.txt", "wb");
        fwrite(got.buf, 1, got.len, f);
        fclose(f);
    }
    size_t elen;
    char *want = slurp(ICS_DIR "/expected.txt", &elen);
    if (elen != got.len || memcmp(want, got.buf, elen) != 0) {
        /* the first line that differs */
        size_t k = 0, line = 1;
        while (k < elen && k < got.len && want[k] == got.buf[k])
            line += want[k++] == '\n';
        fail_msg("expected.txt differs at its line %zu: got '%.200s'", line,
                 got.buf + (k > 0 ? k - (k > 200 ? 200 : k) : 0));
    }
    free(want);
    buf_release(&got);
}

/* Repeating meetings of the real calendars in a window, each occurrence
 * worked out by hand from the file (London dates and times: Berlin is an
 * hour ahead of London all year but for a few days; Vancouver 8 hours
 * behind, 7 in its summer, which starts two weeks before ours). */
static const struct {
    const char *file;
    const char *from, *to;
    size_t n; /* occurrences */
    long skipped;
    const char *ev[20]; /* "YYYY-MM-DD HH:MM minutes", the first ones */
    const char *last;   /* when not all are listed */
} hand[] = {
    /* DAILY;COUNT=10 from 13 January 2020 07:45-10:00 Berlin */
    {"python-recurring-ical-events/event_10_times.ics",
     "2020-01-01",
     "2020-12-31",
     10,
     0,
     {"2020-01-13 06:45 135", "2020-01-14 06:45 135", "2020-01-15 06:45 135",
      "2020-01-16 06:45 135", "2020-01-17 06:45 135", "2020-01-18 06:45 135",
      "2020-01-19 06:45 135", "2020-01-20 06:45 135", "2020-01-21 06:45 135",
      "2020-01-22 06:45 135"},
     NULL},
    /* WEEKLY;COUNT=8 from Monday 4 March 2019 00:30 Berlin, the second (10 March 23:30Z)
     * deleted by EXDATE; the change to summer time is the same instant in both zones */
    {"python-recurring-ical-events/each_week_but_one_deleted.ics",
     "2019-01-01",
     "2019-12-31",
     7,
     0,
     {"2019-03-03 23:30 30", "2019-03-17 23:30 30", "2019-03-24 23:30 30", "2019-03-31 23:30 30",
      "2019-04-07 23:30 30", "2019-04-14 23:30 30", "2019-04-21 23:30 30"},
     NULL},
    /* the same, the second and fourth deleted */
    {"python-recurring-ical-events/each_week_but_two_deleted.ics",
     "2019-01-01",
     "2019-12-31",
     6,
     0,
     {"2019-03-03 23:30 30", "2019-03-17 23:30 30", "2019-03-31 23:30 30", "2019-04-07 23:30 30",
      "2019-04-14 23:30 30", "2019-04-21 23:30 30"},
     NULL},
    /* DAILY;COUNT=3 from 28 January 2020 22:00 Berlin; the 29th cancelled by RECURRENCE-ID */
    {"python-recurring-ical-events/issue_18_cancel_status.ics",
     "2020-01-01",
     "2020-12-31",
     2,
     1,
     {"2020-01-28 21:00 60", "2020-01-30 21:00 60"},
     NULL},
    /* two RRULEs from Thursday 12 January 2023 10:00 London: every Thursday (20), and the
     * second Monday twice (9 January is before the start: 13 February, 13 March) */
    {"python-recurring-ical-events/multiple_rrule.ics",
     "2023-01-01",
     "2023-02-28",
     8,
     0,
     {"2023-01-12 10:00 120", "2023-01-19 10:00 120", "2023-01-26 10:00 120",
      "2023-02-02 10:00 120", "2023-02-09 10:00 120", "2023-02-13 10:00 120",
      "2023-02-16 10:00 120", "2023-02-23 10:00 120"},
     NULL},
    /* MONTHLY;BYDAY=1SA 14:00-17:00 Berlin: the first Saturdays of 2019's first half */
    {"python-recurring-ical-events/fablab_cottbus.ics",
     "2019-01-01",
     "2019-06-30",
     6,
     0,
     {"2019-01-05 13:00 180", "2019-02-02 13:00 180", "2019-03-02 13:00 180",
      "2019-04-06 13:00 180", "2019-05-04 13:00 180", "2019-06-01 13:00 180"},
     NULL},
    /* MONTHLY;COUNT=9;BYDAY=+3WE;BYMONTH=1-5,9-12 12:00-14:00 Vancouver from 20 September
     * 2023; EXDATE 20 December; RDATE a period 13 December 12:00-15:00.  20 March 2024 is
     * 19:00 in London: Vancouver's summer time began on 10 March, ours on 31 March */
    {"python-recurring-ical-events/issue_113_period_in_rdate.ics",
     "2023-09-01",
     "2024-06-30",
     9,
     0,
     {"2023-09-20 20:00 120", "2023-10-18 20:00 120", "2023-11-15 20:00 120",
      "2023-12-13 20:00 180", "2024-01-17 20:00 120", "2024-02-21 20:00 120",
      "2024-03-20 19:00 120", "2024-04-17 20:00 120", "2024-05-15 20:00 120"},
     NULL},
    /* DAILY 19:00Z until 20 March 2015 with an RDATE on a day the rule gives too: once */
    {"python-recurring-ical-events/rdate.ics",
     "2014-07-05",
     "2014-07-05",
     1,
     0,
     {"2014-07-05 20:00 120"},
     NULL},
    /* DAILY 19:00Z from August 2014, an RDATE and an EXDATE of 5 July 2015: July less one */
    {"python-recurring-ical-events/rdate.ics",
     "2015-07-01",
     "2015-07-31",
     30,
     0,
     {"2015-07-01 20:00 120", "2015-07-02 20:00 120", "2015-07-03 20:00 120",
      "2015-07-04 20:00 120", "2015-07-06 20:00 120"},
     "2015-07-31 20:00 120"},
    /* WEEKLY;UNTIL=20191023;BYDAY=TH;WKST=SU from Thursday 1 August 2019 14:00 London */
    {"python-recurring-ical-events/issue_4_rrule_until.ics",
     "2019-01-01",
     "2019-12-31",
     12,
     0,
     {"2019-08-01 14:00 60", "2019-08-08 14:00 60", "2019-08-15 14:00 60", "2019-08-22 14:00 60",
      "2019-08-29 14:00 60", "2019-09-05 14:00 60", "2019-09-12 14:00 60", "2019-09-19 14:00 60",
      "2019-09-26 14:00 60", "2019-10-03 14:00 60", "2019-10-10 14:00 60", "2019-10-17 14:00 60"},
     NULL},
    /* MONTHLY;BYDAY=-1FR 21:30 Berlin, of no length; 31 December moved to 17 December
     * (no length either): two left out, none to log */
    {"python-recurring-ical-events/issue_62_moved_event.ics",
     "2021-12-01",
     "2022-01-31",
     0,
     2,
     {NULL},
     NULL},
    /* all-day bins every other Thursday from 2 April 2020 (16 April moved to the 17th by a
     * RECURRENCE-ID in Outlook's GMT Standard Time) and from 9 April: five left out */
    {"python-recurring-ical-events/issue_28_rrule_with_UTC_endinginZ.ics",
     "2020-04-01",
     "2020-04-30",
     0,
     5,
     {NULL},
     NULL},
    /* February 2019 of a hackspace: weekly, fortnightly and monthly rules in Berlin time
     * with UNTILs, an EXDATE, and 16 February's 3SA moved to the 24th */
    {"python-recurring-ical-events/machbar_16_feb_2019.ics",
     "2019-02-01",
     "2019-02-28",
     20,
     0,
     {"2019-02-05 16:00 120", "2019-02-05 18:00 120", "2019-02-07 14:00 120",
      "2019-02-07 17:00 120", "2019-02-09 10:00 240", "2019-02-13 18:00 120",
      "2019-02-14 14:00 120", "2019-02-14 17:00 120", "2019-02-19 16:00 120",
      "2019-02-19 18:00 120", "2019-02-20 18:00 120", "2019-02-21 14:00 120",
      "2019-02-21 17:00 120", "2019-02-24 10:00 240", "2019-02-27 18:00 120",
      "2019-02-28 07:30 360", "2019-02-28 14:00 180", "2019-02-28 14:00 120",
      "2019-02-28 17:00 120", "2019-02-28 19:00 60"},
     NULL},
    /* globally unique TZIDs of libical and Thunderbird, 26 April 2020 14:00 in Berlin
     * (UTC+2), Buenos Aires (UTC-3) and New York (UTC-4); London is UTC+1 */
    {"python-icalendar/calendars/issue_313_globally_unique_tzid.ics",
     "2020-04-26",
     "2020-04-26",
     3,
     0,
     {"2020-04-26 13:00 60", "2020-04-26 18:00 60", "2020-04-26 19:00 60"},
     NULL},
    /* WEEKLY;BYDAY=MO 11:30-13:00 Lisbon, whose summer time is ours: 11:30 either side */
    {"python-recurring-ical-events/issue_48_daylight_aware_repeats.ics",
     "2021-03-22",
     "2021-04-05",
     3,
     0,
     {"2021-03-22 11:30 90", "2021-03-29 11:30 90", "2021-04-05 11:30 90"},
     NULL},
};

static date_t iso(const char *s)
{
    int y, m, d;
    if (sscanf(s, "%d-%d-%d", &y, &m, &d) != 3)
        fail_msg("bad date '%s'", s);
    return date_from_ymd(y, m, d);
}

static const char *occ_text(char *out, size_t n, const struct ics_event *e)
{
    char d[11];
    date_format_iso(e->date, d);
    snprintf(out, n, "%s %02d:%02d %" PRId64, d, e->start_minute / 60, e->start_minute % 60,
             e->minutes);
    return out;
}

static void test_by_hand(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof hand / sizeof *hand; i++) {
        char path[256], t[64];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", ICS_DIR, hand[i].file);
        char *data = slurp(path, &len);
        struct arena a;
        struct ics_result r;
        struct pcn_msg m = {0};
        arena_init(&a, 0);
        if (ics_parse(hand[i].file, data, len, iso(hand[i].from), iso(hand[i].to), &a, &r, &m))
            fail_msg("%s: %s", hand[i].file, m.text);
        if (r.nevents != hand[i].n || r.skipped != hand[i].skipped)
            fail_msg("%s %s..%s: %zu meetings and %ld left out, expected %zu and %ld", hand[i].file,
                     hand[i].from, hand[i].to, r.nevents, r.skipped, hand[i].n, hand[i].skipped);
        for (size_t k = 0; k < sizeof hand[i].ev / sizeof *hand[i].ev && hand[i].ev[k]; k++)
            if (strcmp(occ_text(t, sizeof t, &r.events[k]), hand[i].ev[k]) != 0)
                fail_msg("%s: occurrence %zu is %s, expected %s", hand[i].file, k + 1, t,
                         hand[i].ev[k]);
        if (hand[i].last &&
            strcmp(occ_text(t, sizeof t, &r.events[r.nevents - 1]), hand[i].last) != 0)
            fail_msg("%s: the last occurrence is %s, expected %s", hand[i].file, t, hand[i].last);
        /* the preview's count and its reasons agree */
        long listed = 0;
        for (long k = 0; k < r.nwarnings && k < LIMIT_WARNINGS_KEPT; k++) {
            const char *w = strstr(r.warnings[k], ": left out");
            long n = 1;
            if (!w && sscanf(strrchr(r.warnings[k], ':') + 2, "%ld", &n) != 1)
                fail_msg("%s: warning '%s' says no number", hand[i].file, r.warnings[k]);
            listed += n;
        }
        assert_int_equal(listed, r.skipped);
        arena_release(&a);
        free(data);
    }
}

/* No rule keeps the reader busy: an hourly rule from 1900 stops at the
 * step limit with its FILE:LINE. */
static void test_steps(void **state)
{
    (void)state;
    static const char text[] = HEAD EV("DTSTART:19000101T090000Z\r\nDURATION:PT1H\r\n"
                                       "RRULE:FREQ=HOURLY\r\n") TAIL;
    struct arena a;
    struct ics_result r;
    struct pcn_msg m = {0};
    arena_init(&a, 0);
    assert_int_equal(ics_parse("cal.ics", text, sizeof text - 1, WIN, &a, &r, &m), PCN_ELIMIT);
    assert_string_equal(m.text, "cal.ics:7: RRULE: the event begun on line 4 repeats more than "
                                "1000000 times up to the last date asked for: choose fewer dates");
    /* the window's occurrences are limited too */
    static const char daily[] = HEAD EV("DTSTART:19900101T090000Z\r\nDURATION:PT1H\r\n"
                                        "RRULE:FREQ=DAILY\r\n") TAIL;
    assert_int_equal(ics_parse("cal.ics", daily, sizeof daily - 1, WIN, &a, &r, &m), PCN_ELIMIT);
    assert_string_equal(m.text, "cal.ics: more than 10000 meetings in the dates asked for: "
                                "choose fewer dates");
    assert_int_equal(r.nevents, 0);
    arena_release(&a);
}

/* Summer time: its edges in 2026 (29 March and 25 October, 01:00 UTC). */
static void test_london(void **state)
{
    (void)state;
    static const struct {
        int y, mo, d, h, mi; /* UTC */
        int lh, lmi;         /* London */
    } cases[] = {
        {2026, 3, 29, 0, 59, 0, 59}, {2026, 3, 29, 1, 0, 2, 0},    {2026, 10, 25, 0, 59, 1, 59},
        {2026, 10, 25, 1, 0, 1, 0},  {2026, 1, 15, 12, 0, 12, 0},  {2026, 7, 15, 12, 0, 13, 0},
        {2025, 3, 30, 1, 0, 2, 0},   {2025, 10, 26, 0, 30, 1, 30},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t day = date_from_ymd(cases[i].y, cases[i].mo, cases[i].d);
        int64_t utc = day * 1440 + cases[i].h * 60 + cases[i].mi;
        int64_t want = day * 1440 + cases[i].lh * 60 + cases[i].lmi;
        if (ics_utc_to_london(utc) != want)
            fail_msg("case %zu: London %" PRId64 ", expected %" PRId64, i, ics_utc_to_london(utc),
                     want);
        /* and back, except in the hour that happens twice (the first is taken) */
        if (i != 3 && ics_london_to_utc(want) != utc)
            fail_msg("case %zu: back to UTC %" PRId64 ", expected %" PRId64, i,
                     ics_london_to_utc(want), utc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),   cmocka_unit_test(test_bad),
        cmocka_unit_test(test_limits), cmocka_unit_test(test_london),
        cmocka_unit_test(test_corpus), cmocka_unit_test(test_by_hand),
        cmocka_unit_test(test_steps),
    };
    return cmocka_run_group_tests_name("ics", tests, NULL, NULL);
}
