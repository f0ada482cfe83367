using CourseHub.Core.Sessions;
using Ical.Net;

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
