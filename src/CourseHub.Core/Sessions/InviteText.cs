using System.Globalization;
using System.Text;

namespace CourseHub.Core.Sessions;

/// <summary>The plain-text parts of an invitation that people read.</summary>
internal static class InviteText
{
    // The rest of the calendar text ("Join:", "Room:") is English; the invariant culture gives English day
    // and month names that do not depend on the server's culture.
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>
    /// DESCRIPTION: what happened (for a cancel), when in the course's zone, then the event's usual
    /// description. Some programs show only this text, for example when the message is printed or
    /// forwarded, so it has to stand on its own.
    /// </summary>
    public static string Describe(InviteKind kind, CalendarCourse course, CalendarSession session, string? eventDescription)
    {
        var text = new StringBuilder();
        switch (kind)
        {
            case InviteKind.SessionCancelled:
                text.Append("Cancelled: this session will not take place.\n");
                break;
            case InviteKind.AttendeeWithdrawn:
                // The session goes on, so saying "cancelled" would mislead someone who hears about it
                // from a colleague who still attends.
                text.Append("You are no longer taking part in this session, so it has been removed from your calendar. The session itself goes on.\n");
                break;
        }
        text.Append(session.Title).Append('\n');
        text.Append("When: ").Append(When(course, session)).Append('\n');
        if (!string.IsNullOrEmpty(eventDescription)) text.Append(eventDescription);
        return text.ToString().TrimEnd('\n');
    }

    /// <summary>"Thu 1 Apr 2027, 15:00–16:30 (GMT-3, America/Santiago)".</summary>
    public static string When(CalendarCourse course, CalendarSession session)
    {
        var zone = ZonedTime.FindZone(course.TimeZone);
        var endsUtc = session.StartsUtc.AddMinutes(session.Minutes);
        var start = ZonedTime.ToLocal(session.StartsUtc, zone);
        var end = ZonedTime.ToLocal(endsUtc, zone);
        var startOffset = ZonedTime.OffsetAt(session.StartsUtc, zone);
        var endOffset = ZonedTime.OffsetAt(endsUtc, zone);
        if (start.Date == end.Date && startOffset == endOffset)
        {
            return $"{ZonedTime.FormatDate(start, Culture)}, {start.ToString("HH:mm", Culture)}–{end.ToString("HH:mm", Culture)} "
                + $"({ZonedTime.FormatOffset(startOffset)}, {course.TimeZone})";
        }
        // Past midnight or across a change of offset, both ends need their own date and offset.
        return $"{ZonedTime.Format(session.StartsUtc, zone, Culture)} to {ZonedTime.Format(endsUtc, zone, Culture)} ({course.TimeZone})";
    }

    /// <summary>
    /// A display name fit for a CN parameter. A parameter value cannot hold a double quote or a control
    /// character (RFC 5545 §3.1); Ical.Net drops the quotes silently, which turns 'Ana "Anita" Pérez' into
    /// 'Ana Anita Pérez', so they become single quotes instead.
    /// </summary>
    public static string? CommonName(string name)
    {
        var cleaned = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            cleaned.Append(c == '"' ? '\'' : char.IsControl(c) ? ' ' : c);
        }
        var result = string.Join(' ', cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return result.Length == 0 ? null : result;
    }
}
