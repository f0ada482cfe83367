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

/// <summary>The mails that carry session invitations and reminders, in English, Spanish and Portuguese.</summary>
public sealed class SessionMails(MailLayout layout)
{
    public const string InviteKind = "session.invite";
    public const string ReminderKind = "session.reminder";

    public sealed record SessionFacts(string CourseTitle, string CourseSlug, string Title, string Organisation, string? Speaker,
        DateTime StartsUtc, int Minutes, string TimeZone, string? JoinUrl, string? Room, string? ViewerTimeZone, string? Description = null);

    /// <param name="previous">For an update: the session as it was, so the mail can say what changed.</param>
    public RenderedMail Invitation(string language, Addressee to, SessionFacts session, InviteChange change, SessionFacts? previous = null)
    {
        var subject = (change, language) switch
        {
            (InviteChange.New, "es") => $"Invitación: «{session.Title}» ({session.CourseTitle})",
            (InviteChange.New, "pt") => $"Convite: “{session.Title}” ({session.CourseTitle})",
            (InviteChange.New, _) => $"Invitation: “{session.Title}” ({session.CourseTitle})",
            (InviteChange.Updated, "es") => $"Actualizada: «{session.Title}» ({session.CourseTitle})",
            (InviteChange.Updated, "pt") => $"Atualizada: “{session.Title}” ({session.CourseTitle})",
            (InviteChange.Updated, _) => $"Updated: “{session.Title}” ({session.CourseTitle})",
            (InviteChange.Cancelled, "es") => $"Cancelada: «{session.Title}» ({session.CourseTitle})",
            (InviteChange.Cancelled, "pt") => $"Cancelada: “{session.Title}” ({session.CourseTitle})",
            (InviteChange.Cancelled, _) => $"Cancelled: “{session.Title}” ({session.CourseTitle})",
            (_, "es") => $"Eliminada de su calendario: «{session.Title}» ({session.CourseTitle})",
            (_, "pt") => $"Removida do seu calendário: “{session.Title}” ({session.CourseTitle})",
            (_, _) => $"Removed from your calendar: “{session.Title}” ({session.CourseTitle})",
        };
        var opening = (change, language) switch
        {
            (InviteChange.New, "es") => "Le invitamos a una sesión en vivo de su curso. La invitación va adjunta: acéptela para agregarla a su calendario.",
            (InviteChange.New, "pt") => "Convidamos você para uma sessão ao vivo do seu curso. O convite segue em anexo: aceite-o para adicioná-lo ao seu calendário.",
            (InviteChange.New, _) => "You are invited to a live session of your course. The invitation is attached: accept it to add it to your calendar.",
            (InviteChange.Updated, "es") => "Una sesión en vivo de su curso cambió. La invitación adjunta actualiza el evento en su calendario; si su programa de correo no lo hace por sí solo, ábrala.",
            (InviteChange.Updated, "pt") => "Uma sessão ao vivo do seu curso foi alterada. O convite em anexo atualiza o evento no seu calendário; se o seu programa de e-mail não fizer isso sozinho, abra-o.",
            (InviteChange.Updated, _) => "A live session of your course has changed. The attached invitation updates the event in your calendar; if your mail program does not do so by itself, open it.",
            (InviteChange.Cancelled, "es") => "Una sesión en vivo de su curso fue cancelada. La cancelación adjunta elimina el evento de su calendario; si su programa de correo no lo hace por sí solo, ábrala.",
            (InviteChange.Cancelled, "pt") => "Uma sessão ao vivo do seu curso foi cancelada. O cancelamento em anexo remove o evento do seu calendário; se o seu programa de e-mail não fizer isso sozinho, abra-o.",
            (InviteChange.Cancelled, _) => "A live session of your course has been cancelled. The attached cancellation removes the event from your calendar; if your mail program does not do so by itself, open it.",
            (_, "es") => "Ya no tiene un cupo en este curso, por eso la sesión se eliminó de su calendario. La sesión sigue programada para quienes participan.",
            (_, "pt") => "Você não tem mais uma vaga neste curso, por isso a sessão foi removida do seu calendário. A sessão continua agendada para quem participa.",
            (_, _) => "You no longer hold a seat in this course, so the session is removed from your calendar. It still takes place for those taking part.",
        };
        var seeCourse = language switch
        {
            "es" => "Ver el curso",
            "pt" => "Ver o curso",
            _ => "See the course",
        };
        var changes = change == InviteChange.Updated && previous is not null ? Changes(language, previous, session) : [];
        return layout.Compose(language, subject, MailLayout.Greeting(language, to),
            [opening, .. changes, .. Facts(language, session)],
            change is InviteChange.New or InviteChange.Updated ? (seeCourse, layout.Link($"/courses/{session.CourseSlug}")) : null,
            linkable: JoinLink(session));
    }

    /// <summary>
    /// The reminder sent within the 24 hours before a session: "Today" or "Tomorrow" as the reader's calendar has it
    /// when it is sent (their own time zone if they set one, else the course's).
    /// </summary>
    public RenderedMail Reminder(string language, Addressee to, SessionFacts session, DateTime nowUtc)
    {
        var zone = ZonedTime.FindZone(ZonedTime.IsKnownZone(session.ViewerTimeZone) ? session.ViewerTimeZone! : session.TimeZone);
        var today = ZonedTime.ToLocal(session.StartsUtc, zone).Date == ZonedTime.ToLocal(nowUtc, zone).Date;
        var subject = (language, today) switch
        {
            ("es", true) => $"Hoy: «{session.Title}» ({session.CourseTitle})",
            ("es", false) => $"Mañana: «{session.Title}» ({session.CourseTitle})",
            ("pt", true) => $"Hoje: “{session.Title}” ({session.CourseTitle})",
            ("pt", false) => $"Amanhã: “{session.Title}” ({session.CourseTitle})",
            (_, true) => $"Today: “{session.Title}” ({session.CourseTitle})",
            _ => $"Tomorrow: “{session.Title}” ({session.CourseTitle})",
        };
        var opening = language switch
        {
            "es" => "Le recordamos la sesión en vivo de su curso en las próximas 24 horas.",
            "pt" => "Lembramos que a sessão ao vivo do seu curso acontecerá nas próximas 24 horas.",
            _ => "A reminder of the live session of your course in the next 24 hours.",
        };
        var join = language switch
        {
            "es" => "Unirse a la sesión",
            "pt" => "Entrar na sessão",
            _ => "Join the session",
        };
        return layout.Compose(language, subject, MailLayout.Greeting(language, to),
            [opening, .. Facts(language, session)],
            session.JoinUrl is null ? null : (join, session.JoinUrl), linkable: JoinLink(session));
    }

    /// <summary>The join link the course's staff gave, a link where the facts name it.</summary>
    private static string[] JoinLink(SessionFacts session) => session.JoinUrl is { } url ? [url] : [];

    /// <summary>
    /// What an update changed that a reader could miss in the facts below it: the time it was, the title, the
    /// place, the join link. A moved session read in a hurry is the one people miss.
    /// </summary>
    private List<string> Changes(string language, SessionFacts before, SessionFacts now)
    {
        var changes = new List<string>();
        if (before.StartsUtc != now.StartsUtc || before.Minutes != now.Minutes)
        {
            changes.Add((language switch { "es" => "Horario anterior: ", "pt" => "Horário anterior: ", _ => "It was: " }) + When(language, before, before.TimeZone));
            // Beside the new time in the reader's own zone, the old one in it too: the time they had in their calendar.
            if (now.ViewerTimeZone is { } viewer && viewer != before.TimeZone && ZonedTime.IsKnownZone(viewer))
            {
                changes.Add((language switch { "es" => "Horario anterior en su hora local: ", "pt" => "Horário anterior no seu fuso: ", _ => "In your time it was: " }) + When(language, before, viewer));
            }
        }
        if (before.Title != now.Title)
        {
            changes.Add((language switch { "es" => "Título anterior: ", "pt" => "Título anterior: ", _ => "It was called: " }) + before.Title);
        }
        if (before.Room != now.Room && before.Room is not null)
        {
            changes.Add((language switch { "es" => "Lugar anterior: ", "pt" => "Local anterior: ", _ => "The place was: " }) + before.Room);
        }
        if (before.JoinUrl != now.JoinUrl && now.JoinUrl is not null)
        {
            changes.Add(language switch { "es" => "El enlace para unirse cambió: use el de abajo.", "pt" => "O link de acesso mudou: use o que está abaixo.", _ => "The join link has changed: use the one below." });
        }
        return changes;
    }

    /// <summary>"Wed 6 Oct 2027, 15:00–16:30 (GMT-3, Santiago time)", the zone named in the reader's language.</summary>
    private string When(string language, SessionFacts session, string zone) =>
        ZonedTime.FormatSpan(session.StartsUtc, session.StartsUtc.AddMinutes(session.Minutes), zone, MailLanguage.Culture(language),
            language switch { "es" => "hasta", "pt" => "até", _ => "to" }, layout.ZoneName(zone, language));

    private List<string> Facts(string language, SessionFacts session)
    {
        var facts = new List<string>
        {
            $"{session.Title} — {session.CourseTitle}",
            (language switch { "es" => "Cuándo: ", "pt" => "Quando: ", _ => "When: " }) + When(language, session, session.TimeZone),
        };
        if (session.ViewerTimeZone is { } viewer && viewer != session.TimeZone && ZonedTime.IsKnownZone(viewer))
        {
            facts.Add((language switch { "es" => "En su hora local: ", "pt" => "No seu fuso: ", _ => "In your time: " }) + When(language, session, viewer));
        }
        facts.Add((language switch { "es" => "Quién: ", "pt" => "Quem: ", _ => "Who: " })
            + (session.Speaker is null ? session.Organisation : $"{session.Speaker}, {session.Organisation}"));
        if (session.Room is not null) facts.Add((language switch { "es" => "Dónde: ", "pt" => "Onde: ", _ => "Where: " }) + session.Room);
        if (session.JoinUrl is not null) facts.Add((language switch { "es" => "Enlace: ", "pt" => "Link de acesso: ", _ => "Join link: " }) + session.JoinUrl);
        // In the mail as in the calendar event: an update that only changes it shows what changed.
        if (session.Description is not null) facts.Add((language switch { "es" => "Sobre la sesión: ", "pt" => "Sobre a sessão: ", _ => "About the session: " }) + session.Description);
        return facts;
    }
}
