using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace CourseHub.Core.Sessions;

/// <summary>A live session as calendars see it.</summary>
public sealed record CalendarSession(
    Guid Uid,
    string Title,
    string Organisation,
    string? Speaker,
    DateTime StartsUtc,
    int Minutes,
    string? JoinUrl,
    string? Room,
    string? Description,
    int Sequence,
    bool Cancelled);

/// <summary>The course a calendar belongs to.</summary>
/// <param name="ZoneName">The zone as the calendar's reader names it ("hora de Ciudad de México"), for the text people read; its identifier otherwise.</param>
public sealed record CalendarCourse(string Title, string TimeZone, string? PageUrl, string? ZoneName = null);

/// <summary>
/// Builds iCalendar (RFC 5545) documents for live sessions. Times are written in the course's IANA zone
/// with its VTIMEZONE, so that calendar programs keep the event at the right instant across
/// daylight-saving changes. Each session's UID is the same in every document it ever appears in.
/// </summary>
public static class CourseCalendar
{
    public const string ProductId = "-//CourseHub//Live sessions//EN";

    public static string Uid(Guid sessionUid) => $"{sessionUid:D}@coursehub";

    /// <summary>The public schedule of a course (METHOD:PUBLISH), for download or subscription, its text in <paramref name="language"/>.</summary>
    public static string Publish(CalendarCourse course, IEnumerable<CalendarSession> sessions, DateTime nowUtc, string language)
    {
        var calendar = new Calendar { Method = "PUBLISH", ProductId = ProductId };
        calendar.AddProperty("X-WR-CALNAME", course.Title);
        calendar.AddProperty("X-WR-TIMEZONE", course.TimeZone);
        var list = sessions.ToList();
        // Built from .NET's zone data for the span of the schedule: Ical.Net's own VTIMEZONE rules are wrong for some zones.
        // A schedule without sessions still has its zone: RFC 5545 wants a component in every calendar, and a strict
        // reader refusing an empty one would keep showing the sessions it had before.
        calendar.TimeZones.Add(list.Count > 0
            ? CalendarTimeZone.Covering(course.TimeZone, list.Min(s => s.StartsUtc), list.Max(s => s.StartsUtc.AddMinutes(s.Minutes)))
            : CalendarTimeZone.Covering(course.TimeZone, nowUtc, nowUtc));
        foreach (var session in list)
        {
            calendar.Events.Add(Event(course, session, nowUtc, language));
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }

    /// <summary>
    /// Several courses' sessions in one calendar (a person's feed), each event in its own course's zone,
    /// with the same UIDs as every other document about those sessions, its text in <paramref name="language"/>.
    /// </summary>
    public static string PublishMany(string name, IEnumerable<(CalendarCourse Course, IReadOnlyList<CalendarSession> Sessions)> courses, DateTime nowUtc, string language)
    {
        var calendar = new Calendar { Method = "PUBLISH", ProductId = ProductId };
        calendar.AddProperty("X-WR-CALNAME", name);
        var all = courses.ToList();
        var list = all.Where(c => c.Sessions.Count > 0).ToList();
        foreach (var zone in list.GroupBy(c => c.Course.TimeZone))
        {
            var sessions = zone.SelectMany(c => c.Sessions).ToList();
            calendar.TimeZones.Add(CalendarTimeZone.Covering(zone.Key,
                sessions.Min(s => s.StartsUtc), sessions.Max(s => s.StartsUtc.AddMinutes(s.Minutes))));
        }
        if (list.Count == 0)
        {
            // A feed without sessions (none scheduled yet, or the person just withdrew) is still a valid calendar: RFC 5545
            // wants a component in it, and a strict reader refusing the refresh would keep the sessions it had before.
            calendar.TimeZones.Add(CalendarTimeZone.Covering(all.Count > 0 ? all[0].Course.TimeZone : "Etc/UTC", nowUtc, nowUtc));
        }
        foreach (var (course, sessions) in list)
        {
            foreach (var session in sessions) calendar.Events.Add(Event(course, session, nowUtc, language));
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }

    public static CalendarEvent Event(CalendarCourse course, CalendarSession session, DateTime nowUtc, string language)
    {
        // A cancelled session has nothing to join: its event keeps its place in calendars, not the meeting's address.
        if (session.Cancelled) session = session with { JoinUrl = null };
        var zone = ZonedTime.FindZone(course.TimeZone);
        // In the course's zone, except an instant in the second pass through an hour the clocks repeat: the
        // zone's wall-clock time would name the first pass, so it is written in UTC.
        CalDateTime At(DateTime utc) => ZonedTime.LocalTimeNames(utc, zone)
            ? new CalDateTime(ZonedTime.ToLocal(utc, zone), course.TimeZone, true)
            : new CalDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        var calendarEvent = new CalendarEvent
        {
            Uid = Uid(session.Uid),
            Sequence = session.Sequence,
            Summary = session.Title,
            DtStamp = new CalDateTime(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc)),
            DtStart = At(session.StartsUtc),
            DtEnd = At(session.StartsUtc.AddMinutes(session.Minutes)),
            Location = session.Room ?? session.JoinUrl,
            Description = Describe(course, session, CalendarWords.For(language)),
            Status = session.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Transparency = TransparencyType.Opaque,
        };
        var link = session.JoinUrl ?? course.PageUrl;
        // A stored link with a line break in it (none is taken now) would write lines of its own into the event.
        if (link is not null && !link.Any(char.IsControl) && Uri.TryCreate(link, UriKind.Absolute, out var url))
        {
            calendarEvent.Url = url;
        }
        return calendarEvent;
    }

    private static string Describe(CalendarCourse course, CalendarSession session, CalendarWords words)
    {
        var text = new StringBuilder();
        text.Append(course.Title).Append('\n');
        text.Append(session.Speaker is null ? session.Organisation : $"{session.Speaker}, {session.Organisation}").Append('\n');
        if (session.Description is not null) text.Append(session.Description).Append('\n');
        if (session.JoinUrl is not null) text.Append(words.Join).Append(": ").Append(session.JoinUrl).Append('\n');
        if (session.Room is not null) text.Append(words.Room).Append(": ").Append(session.Room).Append('\n');
        if (course.PageUrl is not null) text.Append(course.PageUrl).Append('\n');
        return text.ToString().TrimEnd('\n');
    }
}
