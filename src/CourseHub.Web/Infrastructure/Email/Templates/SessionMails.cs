using System.Globalization;
using CourseHub.Core.Sessions;

namespace CourseHub.Web.Infrastructure.Email.Templates;

public enum InviteChange
{
    New,
    Updated,
    Cancelled,
    /// <summary>The session goes on, without this person (withdrawn or removed).</summary>
    Removed,
}

/// <summary>The mails that carry session invitations and reminders, in English and Spanish.</summary>
public sealed class SessionMails(MailLayout layout)
{
    public const string InviteKind = "session.invite";
    public const string ReminderKind = "session.reminder";

    public sealed record SessionFacts(string CourseTitle, string CourseSlug, string Title, string Organisation, string? Speaker,
        DateTime StartsUtc, int Minutes, string TimeZone, string? JoinUrl, string? Room, string? ViewerTimeZone);

    public RenderedMail Invitation(string language, string name, SessionFacts session, InviteChange change)
    {
        var es = language == "es";
        var subject = (change, es) switch
        {
            (InviteChange.New, false) => $"Invitation: {session.Title} ({session.CourseTitle})",
            (InviteChange.New, true) => $"Invitación: {session.Title} ({session.CourseTitle})",
            (InviteChange.Updated, false) => $"Updated: {session.Title} ({session.CourseTitle})",
            (InviteChange.Updated, true) => $"Actualizada: {session.Title} ({session.CourseTitle})",
            (InviteChange.Cancelled, false) => $"Cancelled: {session.Title} ({session.CourseTitle})",
            (InviteChange.Cancelled, true) => $"Cancelada: {session.Title} ({session.CourseTitle})",
            (_, false) => $"Removed from your calendar: {session.Title} ({session.CourseTitle})",
            (_, true) => $"Quitada de su calendario: {session.Title} ({session.CourseTitle})",
        };
        var opening = (change, es) switch
        {
            (InviteChange.New, false) => "You are invited to a live session of your course. The invitation is attached: accept it to add it to your calendar.",
            (InviteChange.New, true) => "Está invitado/a a una sesión en vivo de su curso. La invitación va adjunta: acéptela para agregarla a su calendario.",
            (InviteChange.Updated, false) => "A live session of your course has changed. Your calendar will update the event when you open this message.",
            (InviteChange.Updated, true) => "Una sesión en vivo de su curso cambió. Su calendario actualizará el evento al abrir este mensaje.",
            (InviteChange.Cancelled, false) => "A live session of your course has been cancelled. Your calendar will remove the event.",
            (InviteChange.Cancelled, true) => "Una sesión en vivo de su curso fue cancelada. Su calendario quitará el evento.",
            (_, false) => "You no longer take part in this course, so this session is removed from your calendar.",
            (_, true) => "Ya no participa en este curso, por lo que esta sesión se quita de su calendario.",
        };
        return layout.Compose(language, subject, es ? $"Estimado/a {name}:" : $"Dear {name},",
            [opening, .. Facts(language, session)],
            change is InviteChange.New or InviteChange.Updated ? (es ? "Ver el curso" : "See the course", layout.Link($"/courses/{session.CourseSlug}")) : null);
    }

    public RenderedMail Reminder(string language, string name, SessionFacts session)
    {
        var es = language == "es";
        return layout.Compose(language,
            es ? $"Mañana: {session.Title} ({session.CourseTitle})" : $"Tomorrow: {session.Title} ({session.CourseTitle})",
            es ? $"Estimado/a {name}:" : $"Dear {name},",
            [es ? "Le recordamos la sesión en vivo de su curso en las próximas 24 horas." : "A reminder of the live session of your course in the next 24 hours.",
             .. Facts(language, session)],
            session.JoinUrl is null ? null : (es ? "Unirse a la sesión" : "Join the session", session.JoinUrl));
    }

    private static List<string> Facts(string language, SessionFacts session)
    {
        var es = language == "es";
        var culture = CultureInfo.GetCultureInfo(es ? "es" : "en-GB");
        var zone = ZonedTime.FindZone(session.TimeZone);
        var when = $"{ZonedTime.Format(session.StartsUtc, zone, culture)} – {ZonedTime.ToLocal(session.StartsUtc.AddMinutes(session.Minutes), zone).ToString("HH:mm", culture)}";
        var facts = new List<string>
        {
            $"{session.Title} — {session.CourseTitle}",
            (es ? "Cuándo: " : "When: ") + when + $" ({session.TimeZone})",
        };
        if (session.ViewerTimeZone is { } viewer && viewer != session.TimeZone && ZonedTime.IsKnownZone(viewer))
        {
            facts.Add((es ? "En su hora: " : "In your time: ") + ZonedTime.Format(session.StartsUtc, ZonedTime.FindZone(viewer), culture) + $" ({viewer})");
        }
        facts.Add((es ? "Quién: " : "Who: ") + (session.Speaker is null ? session.Organisation : $"{session.Speaker}, {session.Organisation}"));
        if (session.Room is not null) facts.Add((es ? "Dónde: " : "Where: ") + session.Room);
        if (session.JoinUrl is not null) facts.Add((es ? "Enlace: " : "Join link: ") + session.JoinUrl);
        return facts;
    }
}
