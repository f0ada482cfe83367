using CourseHub.Core.Sessions;
using Ical.Net;
using Ical.Net.CalendarComponents;

namespace CourseHub.UnitTests.Sessions;

public sealed class CourseCalendarTests
{
    private static readonly CalendarCourse Course = new("From Digital Government to Smart Government", "America/Santiago", "https://coursehub.example/courses/x");
    private static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

    private static CalendarSession Session(Guid uid, DateTime startsUtc, int sequence = 0, bool cancelled = false) =>
        new(uid, "Inauguration", "ECLAC / ILPES", null, startsUtc, 90, "https://zoom.us/j/1", null, null, sequence, cancelled);

    [Fact]
    public void Public_schedule_parses_back_with_one_event_per_session_and_the_course_zone()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var ics = CourseCalendar.Publish(Course, [
            Session(first, new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc)),
            Session(second, new DateTime(2027, 10, 13, 18, 0, 0, DateTimeKind.Utc), sequence: 2) with { Title = "Master class" },
        ], Now, "en");

        var calendar = Calendar.Load(ics)!;

        Assert.Equal("PUBLISH", calendar.Method);
        var zone = Assert.Single(calendar.TimeZones);
        Assert.Equal("America/Santiago", zone.TzId);
        Assert.Equal(2, calendar.Events.Count);
        var inauguration = calendar.Events.Single(e => e.Uid == CourseCalendar.Uid(first));
        Assert.Equal("America/Santiago", inauguration.DtStart!.TzId);
        Assert.Equal(new DateTime(2027, 10, 6, 15, 0, 0), inauguration.DtStart.Value);
        Assert.Equal(new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc), inauguration.DtStart.AsUtc);
        Assert.Equal(new DateTime(2027, 10, 6, 19, 30, 0, DateTimeKind.Utc), inauguration.DtEnd!.AsUtc);
        Assert.Equal(0, inauguration.Sequence);
        Assert.Equal(2, calendar.Events.Single(e => e.Uid == CourseCalendar.Uid(second)).Sequence);
    }

    [Fact]
    public void A_schedule_without_sessions_is_still_a_valid_calendar_with_the_course_zone()
    {
        // RFC 5545 §3.6: a calendar holds at least one component; a strict reader refusing the empty one would keep
        // the sessions it had before.
        var calendar = Calendar.Load(CourseCalendar.Publish(Course, [], Now, "en"))!;

        Assert.Empty(calendar.Events);
        Assert.Equal("America/Santiago", Assert.Single(calendar.TimeZones).TzId);
    }

    [Fact]
    public void A_feed_without_sessions_keeps_a_zone_its_first_courses_or_utc()
    {
        var withCourse = Calendar.Load(CourseCalendar.PublishMany("CourseHub: Ana", [(Course, [])], Now, "en"))!;
        var withNothing = Calendar.Load(CourseCalendar.PublishMany("CourseHub: Ana", [], Now, "en"))!;

        Assert.Equal("America/Santiago", Assert.Single(withCourse.TimeZones).TzId);
        Assert.Equal("Etc/UTC", Assert.Single(withNothing.TimeZones).TzId);
        Assert.Empty(withNothing.Events);
    }

    [Fact]
    public void A_feed_over_several_years_states_the_last_sunday_rule_that_outlook_applies_to_all_of_them()
    {
        // Lisbon leaves summer time on the last Sunday of October: the 31st in 2027, the 28th in 2029 (also its fourth
        // Sunday). Outlook builds the zone from the latest STANDARD and DAYLIGHT rules alone and applies them to every event.
        var lisbon = new CalendarCourse("Gobierno abierto", "Europe/Lisbon", null);
        var starts = new[]
        {
            new DateTime(2027, 10, 27, 9, 0, 0, DateTimeKind.Utc), new DateTime(2028, 10, 28, 9, 0, 0, DateTimeKind.Utc),
            new DateTime(2029, 3, 26, 9, 0, 0, DateTimeKind.Utc), new DateTime(2029, 11, 5, 10, 0, 0, DateTimeKind.Utc),
        };
        var ics = CourseCalendar.PublishMany("CourseHub: Ana", [(lisbon, [.. starts.Select(s => Session(Guid.NewGuid(), s) with { Title = $"{s:yyyy-MM-dd}" })])], Now, "en");

        var calendar = Calendar.Load(ics)!;
        var rules = Assert.Single(calendar.TimeZones).TimeZoneInfos.Where(o => o.RecurrenceRule is not null).ToList();

        Assert.Equal(2, rules.Count);
        Assert.Contains("RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", ics, StringComparison.Ordinal);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Lisbon");
        foreach (var calendarEvent in calendar.Events)
        {
            var local = calendarEvent.DtStart!.Value;
            Assert.Equal(zone.GetUtcOffset(calendarEvent.DtStart.AsUtc), OffsetByRulesAlone(rules, local));
        }
    }

    /// <summary>The offset the yearly rules give a local time in its own year, as a reader that keeps only the rules does.</summary>
    private static TimeSpan OffsetByRulesAlone(List<VTimeZoneInfo> rules, DateTime local)
    {
        DateTime OnsetIn(VTimeZoneInfo rule, int year)
        {
            var day = rule.RecurrenceRule!.ByDay.Single();
            var month = rule.RecurrenceRule.ByMonth.Single();
            var candidates = Enumerable.Range(1, DateTime.DaysInMonth(year, month)).Select(d => new DateTime(year, month, d))
                .Where(d => d.DayOfWeek == day.DayOfWeek).ToList();
            var date = day.Offset == -1 ? candidates[^1] : candidates[day.Offset!.Value - 1];
            return date + rule.Start!.Value.TimeOfDay;
        }
        var inForce = rules.Select(r => (Rule: r, Onset: OnsetIn(r, local.Year))).Where(r => r.Onset <= local).MaxBy(r => r.Onset).Rule
            ?? rules.MaxBy(r => OnsetIn(r, local.Year))!;
        return inForce.OffsetTo!.Offset;
    }

    [Fact]
    public void Event_times_are_right_on_both_sides_of_a_daylight_saving_change()
    {
        // Santiago leaves summer time on 4 April 2027: 15:00 local is 18:00 UTC on the 1st, 19:00 UTC on the 5th.
        var before = new DateTime(2027, 4, 1, 18, 0, 0, DateTimeKind.Utc);
        var after = new DateTime(2027, 4, 5, 19, 0, 0, DateTimeKind.Utc);
        var ics = CourseCalendar.Publish(Course, [Session(Guid.NewGuid(), before), Session(Guid.NewGuid(), after) with { Title = "After" }], Now, "en");

        var events = Calendar.Load(ics)!.Events.OrderBy(e => e.DtStart!.AsUtc).ToList();

        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        Assert.Equal(before, events[0].DtStart!.AsUtc);
        Assert.Equal(after, events[1].DtStart!.AsUtc);
        Assert.All(events, e => Assert.Equal(15, e.DtStart!.Value.Hour));
        Assert.All(events, e => Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(e.DtStart!.Value, santiago), e.DtStart!.AsUtc));
    }

    [Fact]
    public void The_uid_of_a_session_is_the_same_in_every_document()
    {
        var uid = Guid.NewGuid();
        var first = Calendar.Load(CourseCalendar.Publish(Course, [Session(uid, new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc))], Now, "en"))!;
        var moved = Calendar.Load(CourseCalendar.Publish(Course, [Session(uid, new DateTime(2027, 10, 7, 18, 0, 0, DateTimeKind.Utc), sequence: 1)], Now.AddDays(1), "en"))!;

        Assert.Equal(first.Events.Single().Uid, moved.Events.Single().Uid);
    }

    [Fact]
    public void Cancelled_session_is_published_as_cancelled()
    {
        var ics = CourseCalendar.Publish(Course, [Session(Guid.NewGuid(), new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc), 1, cancelled: true)], Now, "en");

        Assert.Equal("CANCELLED", Calendar.Load(ics)!.Events.Single().Status);
    }

    [Fact]
    public void A_cancelled_session_keeps_its_place_but_not_its_join_link()
    {
        var ics = CourseCalendar.Publish(Course, [Session(Guid.NewGuid(), new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc), cancelled: true)], Now, "en");

        Assert.DoesNotContain("zoom.us", ics, StringComparison.Ordinal);
        Assert.Equal("CANCELLED", Assert.Single(Calendar.Load(ics)!.Events).Status);
    }

    [Fact]
    public void Event_carries_join_link_and_a_plain_description()
    {
        var ics = CourseCalendar.Publish(Course, [Session(Guid.NewGuid(), new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc))], Now, "en");

        var calendarEvent = Calendar.Load(ics)!.Events.Single();
        Assert.Equal(new Uri("https://zoom.us/j/1"), calendarEvent.Url);
        Assert.Contains("ECLAC / ILPES", calendarEvent.Description);
        Assert.Contains("Join: https://zoom.us/j/1", calendarEvent.Description);
        Assert.Equal(new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc), calendarEvent.DtStamp!.AsUtc);
    }

    [Fact]
    public void A_spanish_calendar_labels_the_join_link_and_room_in_spanish()
    {
        var hybrid = Session(Guid.NewGuid(), new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc)) with { Room = "Sala Raúl Prebisch, piso 2" };

        var calendarEvent = Calendar.Load(CourseCalendar.Publish(Course, [hybrid], Now, "es"))!.Events.Single();

        Assert.Contains("Enlace: https://zoom.us/j/1", calendarEvent.Description);
        Assert.Contains("Lugar: Sala Raúl Prebisch, piso 2", calendarEvent.Description);
        Assert.DoesNotContain("Join:", calendarEvent.Description);
    }
}
