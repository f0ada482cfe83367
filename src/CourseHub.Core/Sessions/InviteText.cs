using System.Globalization;
using System.Text;

namespace CourseHub.Core.Sessions;

/// <summary>
/// The words of calendar text in one reader's language: an invitation is written for its attendee, a
/// person's feed for that person, a course's public calendar in the course's language. English, Spanish
/// and Portuguese, like the site, in the words the session mails use; any other language reads English.
/// </summary>
public sealed record CalendarWords(CultureInfo Culture, string When, string Until, string Join, string Room, string Cancelled, string Withdrawn)
{
    // English dates come from the invariant culture: English day and month names that do not depend on the
    // server's culture.
    public static readonly CalendarWords English = new(CultureInfo.InvariantCulture, "When", "to", "Join", "Room",
        "Cancelled: this session will not take place.",
        // The session goes on, so saying "cancelled" would mislead someone who hears about it from a
        // colleague who still attends.
        "You are no longer taking part in this session, so it has been removed from your calendar. The session itself goes on.");

    public static readonly CalendarWords Spanish = new(CultureInfo.GetCultureInfo("es"), "Cuándo", "hasta", "Enlace", "Lugar",
        "Cancelada: esta sesión no se realizará.",
        "Usted ya no participa en esta sesión, por lo que se ha quitado de su calendario. La sesión sigue programada.");

    public static readonly CalendarWords Portuguese = new(CultureInfo.GetCultureInfo("pt-BR"), "Quando", "até", "Link de acesso", "Local",
        "Cancelada: esta sessão não será realizada.",
        "Você não participa mais desta sessão, por isso ela foi retirada da sua agenda. A sessão continua marcada.");

    /// <summary>The words for a language code ("en", "es", "pt", or a culture name such as "es-CL").</summary>
    public static CalendarWords For(string? language) => (language ?? "").Split('-')[0].ToLowerInvariant() switch
    {
        "es" => Spanish,
        "pt" => Portuguese,
        _ => English,
    };
}

/// <summary>The plain-text parts of an invitation that people read.</summary>
internal static class InviteText
{
    /// <summary>
    /// DESCRIPTION: what happened (for a cancel), when in the course's zone, then the event's usual
    /// description. Some programs show only this text, for example when the message is printed or
    /// forwarded, so it has to stand on its own.
    /// </summary>
    public static string Describe(InviteKind kind, CalendarCourse course, CalendarSession session, string? eventDescription, CalendarWords words)
    {
        var text = new StringBuilder();
        switch (kind)
        {
            case InviteKind.SessionCancelled:
                text.Append(words.Cancelled).Append('\n');
                break;
            case InviteKind.AttendeeWithdrawn:
                text.Append(words.Withdrawn).Append('\n');
                break;
        }
        text.Append(session.Title).Append('\n');
        text.Append(words.When).Append(": ").Append(When(course, session, words)).Append('\n');
        if (!string.IsNullOrEmpty(eventDescription)) text.Append(eventDescription);
        return text.ToString().TrimEnd('\n');
    }

    /// <summary>"Thu 1 Apr 2027, 15:00–16:30 (GMT-3, Santiago time)", or with the zone's identifier where no name is given.</summary>
    public static string When(CalendarCourse course, CalendarSession session, CalendarWords words) =>
        ZonedTime.FormatSpan(session.StartsUtc, session.StartsUtc.AddMinutes(session.Minutes), course.TimeZone, words.Culture, words.Until, course.ZoneName);

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
