using System.Globalization;
using CourseHub.Core.Courses;
using CourseHub.Core.Sessions;

namespace CourseHub.Web.Features.Shared;

/// <summary>The words the interface uses for the domain's values.</summary>
public static class Labels
{
    public static string Language(string code) => code switch
    {
        "en" => "English",
        "es" => "Spanish",
        "pt" => "Portuguese",
        _ => code,
    };

    public static string Modality(Modality modality) => modality switch
    {
        Core.Courses.Modality.Virtual => "Virtual",
        Core.Courses.Modality.Hybrid => "Hybrid",
        Core.Courses.Modality.InPerson => "In person",
        _ => modality.ToString(),
    };

    public static string Status(CourseStatus status) => status switch
    {
        CourseStatus.ApplicationsSoon => "Applications opening soon",
        CourseStatus.ApplicationsOpen => "Applications open",
        CourseStatus.ApplicationsClosed => "Applications closed",
        CourseStatus.InProgress => "In progress",
        CourseStatus.Finished => "Finished",
        _ => status.ToString(),
    };

    public static string StatusFilter(StatusFilter filter) => filter switch
    {
        Core.Courses.StatusFilter.Open => "Applications open",
        Core.Courses.StatusFilter.Upcoming => "Starting later",
        Core.Courses.StatusFilter.InProgress => "In progress",
        Core.Courses.StatusFilter.Finished => "Finished",
        _ => filter.ToString(),
    };

    public static string ApplicationState(Core.Enrolments.ApplicationState state) => state switch
    {
        Core.Enrolments.ApplicationState.Submitted => "Under review",
        Core.Enrolments.ApplicationState.Accepted => "Accepted",
        Core.Enrolments.ApplicationState.Waitlisted => "On the waitlist",
        Core.Enrolments.ApplicationState.Rejected => "Not selected",
        Core.Enrolments.ApplicationState.Withdrawn => "Withdrawn",
        _ => state.ToString(),
    };

    /// <summary>
    /// A scholarship as its application now stands: a request closed with its application says so, and one that ended
    /// with a place and is accepted again is a request once more (it is on the reserve list).
    /// </summary>
    public static string ScholarshipState(Core.Enrolments.ScholarshipState state, Core.Enrolments.ApplicationState application) => (state, application) switch
    {
        (Core.Enrolments.ScholarshipState.Requested, Core.Enrolments.ApplicationState.Withdrawn or Core.Enrolments.ApplicationState.Rejected) => "Closed with the application",
        (Core.Enrolments.ScholarshipState.Forfeited, Core.Enrolments.ApplicationState.Accepted) => "Requested",
        _ => ScholarshipState(state),
    };

    public static string ScholarshipState(Core.Enrolments.ScholarshipState state) => state switch
    {
        Core.Enrolments.ScholarshipState.None => "Not requested",
        Core.Enrolments.ScholarshipState.Requested => "Requested",
        Core.Enrolments.ScholarshipState.Awarded => "Offered — awaiting the answer",
        Core.Enrolments.ScholarshipState.Accepted => "Accepted",
        Core.Enrolments.ScholarshipState.Declined => "Declined",
        Core.Enrolments.ScholarshipState.Lapsed => "Lapsed (not answered in time)",
        Core.Enrolments.ScholarshipState.Forfeited => "Ended with the place in the course",
        Core.Enrolments.ScholarshipState.GivenBack => "Given back",
        _ => state.ToString(),
    };

    /// <summary>An endorsement as its application now stands: one still awaited for a closed application needs no answer.</summary>
    public static string Endorsement(Data.Entities.EndorsementState state, Core.Enrolments.ApplicationState application) =>
        state == Data.Entities.EndorsementState.Pending && application is Core.Enrolments.ApplicationState.Withdrawn or Core.Enrolments.ApplicationState.Rejected
            ? "No answer needed any more"
            : Endorsement(state);

    public static string Endorsement(Data.Entities.EndorsementState state) => state switch
    {
        Data.Entities.EndorsementState.NotRequested => "Not asked for",
        Data.Entities.EndorsementState.Pending => "Awaiting the supervisor",
        Data.Entities.EndorsementState.Endorsed => "Endorsed",
        Data.Entities.EndorsementState.Declined => "Not endorsed",
        _ => state.ToString(),
    };

    public static string GovernmentLevel(Data.Entities.GovernmentLevel level) => level switch
    {
        Data.Entities.GovernmentLevel.National => "National",
        Data.Entities.GovernmentLevel.Subnational => "Subnational",
        Data.Entities.GovernmentLevel.Local => "Local",
        Data.Entities.GovernmentLevel.Other => "Other",
        _ => level.ToString(),
    };

    public static string Gender(Data.Entities.Gender? gender) => gender switch
    {
        Data.Entities.Gender.Female => "Female",
        Data.Entities.Gender.Male => "Male",
        Data.Entities.Gender.NonBinary => "Non-binary",
        // Said of others in a table, unlike the profile form's "Prefer not to say".
        Data.Entities.Gender.PreferNotToSay => "Preferred not to say",
        null => "Not stated",
        _ => gender.ToString()!,
    };

    public static string ReportDimension(Reports.ReportDimension dimension) => dimension switch
    {
        Reports.ReportDimension.Country => "Country",
        Reports.ReportDimension.Institution => "Institution",
        Reports.ReportDimension.Gender => "Gender",
        Reports.ReportDimension.Level => "Level of government",
        Reports.ReportDimension.Course => "Course",
        _ => dimension.ToString(),
    };

    public static string OutboxStatus(Data.Entities.OutboxStatus status) => status switch
    {
        Data.Entities.OutboxStatus.Queued => "Queued",
        Data.Entities.OutboxStatus.Sending => "Sending",
        Data.Entities.OutboxStatus.Sent => "Sent",
        Data.Entities.OutboxStatus.Failed => "Failed",
        Data.Entities.OutboxStatus.Suppressed => "Suppressed",
        _ => status.ToString(),
    };

    /// <summary>What an outbox message is, in words; a kind the site no longer sends keeps its code.</summary>
    public static string MailKind(string kind) => kind switch
    {
        Infrastructure.Email.Templates.AccountMails.ConfirmEmailKind => "Email confirmation",
        Infrastructure.Email.Templates.AccountMails.ResetPasswordKind => "Password reset",
        Infrastructure.Email.Templates.AccountMails.PasswordChangedKind => "Password changed",
        Infrastructure.Email.Templates.AccountMails.TeachingKind => "Made an instructor of a course",
        Infrastructure.Email.Templates.AccountMails.AlreadyRegisteredKind => "Registration of an address with an account",
        Infrastructure.Email.Templates.ApplicationMails.ReceivedKind => "Application received",
        Infrastructure.Email.Templates.ApplicationMails.EndorsementRequestKind => "Endorsement request",
        Infrastructure.Email.Templates.ApplicationMails.EndorsementReminderKind => "Endorsement reminder",
        Infrastructure.Email.Templates.ApplicationMails.EndorsementRecordedKind => "Supervisor's answer",
        Infrastructure.Email.Templates.ApplicationMails.AcceptedKind => "Accepted",
        Infrastructure.Email.Templates.ApplicationMails.WaitlistedKind => "Waitlisted",
        Infrastructure.Email.Templates.ApplicationMails.RejectedKind => "Not selected",
        Infrastructure.Email.Templates.ApplicationMails.PromotedKind => "Accepted from the waitlist",
        Infrastructure.Email.Templates.ApplicationMails.WithdrawnKind => "Withdrawal confirmed",
        Infrastructure.Email.Templates.ApplicationMails.ScholarshipAwardedKind => "Scholarship offered",
        Infrastructure.Email.Templates.ApplicationMails.ScholarshipReminderKind => "Scholarship reminder",
        Infrastructure.Email.Templates.ApplicationMails.ScholarshipAcceptedKind => "Scholarship accepted",
        Infrastructure.Email.Templates.ApplicationMails.ScholarshipEndedKind => "Scholarship ended",
        Infrastructure.Email.Templates.ApplicationMails.DatesChangedKind => "New course dates",
        Infrastructure.Email.Templates.ApplicationMails.LateNonEndorsementKind => "Not endorsed after the decision",
        Infrastructure.Email.Templates.SessionMails.InviteKind => "Session invitation or change",
        Infrastructure.Email.Templates.SessionMails.ReminderKind => "Session reminder",
        Announcements.Announcing.MailKind => "Announcement",
        Accessibility.AccessibilityController.BarrierReportKind => "Accessibility report",
        _ => kind,
    };

    /// <summary>An action of the audit log as the log names it; <see cref="Audit.AuditActions"/> lists them.</summary>
    public static string AuditAction(string action) => Audit.AuditActions.NameOf(action) ?? action;

    /// <summary>
    /// Whether a line of an applicant's history needs what the entry recorded after it: "Decision — Accepted",
    /// "Supervisor answered — Endorsed", "Supervisor reminded — rosa@gob.cl". Other actions say it already
    /// ("Withdrawn", "Scholarship accepted").
    /// </summary>
    public static bool HistoryAddsState(string action) =>
        action is "application.decided" or "application.endorsed" or "application.endorsement-requested" or "application.endorsement-reminded";

    /// <summary>A state an audit entry records, in words: the action tells whose state it is.</summary>
    public static string AuditState(string action, string? state)
    {
        if (state is null) return "";
        // A session's time is stored as "2027-05-05 19:00 UTC" and shown as the log's own times are, in the reader's words.
        if (action.StartsWith("session.", StringComparison.Ordinal)
            && DateTime.TryParseExact(state, "yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return at.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.CurrentCulture);
        }
        // States are stored by name; anything else (scores "4 · 3", times, codes) is shown as recorded: Enum.TryParse
        // would read a number as a state.
        if (state.Length == 0 || !char.IsAsciiLetterUpper(state[0])) return state;
        if (action.StartsWith("scholarship.", StringComparison.Ordinal) && Enum.TryParse<Core.Enrolments.ScholarshipState>(state, out var scholarship))
        {
            return ScholarshipState(scholarship);
        }
        if (action == "application.endorsed" && Enum.TryParse<Data.Entities.EndorsementState>(state, out var endorsement)) return Endorsement(endorsement);
        return Enum.TryParse<Core.Enrolments.ApplicationState>(state, out var application) ? ApplicationState(application) : state;
    }

    /// <summary>The name of a fact of <c>course.md</c> (a course edit's audit line), as the course form calls it; null for any other text.</summary>
    public static string? CourseFact(string? key) => key switch
    {
        "title" => "Title",
        "summary" => "Summary",
        "language" => "Language",
        "modality" => "Modality",
        "organiser" => "Organiser",
        "organiser_email" => "Organiser's email",
        "partners" => "Partners",
        "audience" => "Audience",
        "time_zone" => "Time zone",
        "hours" => "Duration in hours",
        "fee" => "Fee",
        "currency" => "Currency",
        "capacity" => "Seats",
        "scholarships" => "Full scholarships offered",
        "scholarship_note" => "What a scholarship covers",
        "applications_open" => "Applications open",
        "applications_close" => "Applications close",
        "results_date" => "Results announced",
        "supervisor_endorsement" => "Supervisor endorsement",
        "instructors_review" => "Instructors score applications",
        "rubric" => "Review rubric",
        "scholarship_reply_days" => "Days to accept a scholarship",
        "completion_attendance" => "Attendance required to complete (%)",
        "phases" => "Phases",
        "description" => "Description",
        _ => null,
    };

    /// <summary>A course fact's value that is a word of the site (yes, no, a modality), to be shown in the reader's language; null for one shown as recorded.</summary>
    public static string? CourseFactWord(string key, string? value) => (key, value) switch
    {
        ("supervisor_endorsement" or "instructors_review", "true") => "yes",
        ("supervisor_endorsement" or "instructors_review", "false") => "no",
        ("modality", _) when ModalityNames.TryParse(value, out var modality) => Modality(modality),
        ("language", "en" or "es" or "pt") => Language(value),
        _ => null,
    };

    /// <summary>
    /// Course names for a list to choose from: the title, and where two courses share it (one course given every
    /// year), the address too, which tells them apart.
    /// </summary>
    public static Dictionary<int, string> CourseChoices(IReadOnlyCollection<(int Id, string Slug, string Title)> courses)
    {
        var repeated = courses.GroupBy(c => c.Title).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return courses.ToDictionary(c => c.Id, c => repeated.Contains(c.Title) ? $"{c.Title} ({c.Slug})" : c.Title);
    }

    /// <summary>
    /// The place an IANA zone is named after, in English ("America/Mexico_City" → "Mexico City"): pages say
    /// "Mexico City time" rather than the identifier, and translate the place where it has a name of its own.
    /// </summary>
    public static string ZoneCity(string zone)
    {
        // "Etc/GMT+5" names no place (and its sign is the reverse of the offset): it is shown as it is.
        if (zone.StartsWith("Etc/", StringComparison.Ordinal) || !zone.Contains('/', StringComparison.Ordinal)) return zone;
        var city = zone[(zone.LastIndexOf('/') + 1)..];
        return AccentedCities.GetValueOrDefault(city, city.Replace('_', ' '));
    }

    /// <summary>
    /// "Mexico City time", "hora de Ciudad de México", "horário da Cidade do México": the zone's place in the
    /// reader's language. Where the language puts an article before the place, the whole phrase is translated.
    /// </summary>
    public static string ZoneTime(Microsoft.Extensions.Localization.IStringLocalizer T, string zone)
    {
        var city = ZoneCity(zone);
        var whole = T[$"{city} time"];
        return whole.ResourceNotFound ? T["{0} time", T[city]].Value : whole.Value;
    }

    /// <summary>
    /// What a list of zones calls one: its place, with the state or country the zone database puts between
    /// ("Indianapolis, Indiana", "San Juan, Argentina"), since a place's name alone can repeat.
    /// </summary>
    public static string ZonePlace(string zone)
    {
        var parts = zone.Split('/');
        return parts.Length == 3 ? $"{ZoneCity(zone)}, {parts[1].Replace('_', ' ')}" : ZoneCity(zone);
    }

    /// <summary>The heading a zone is listed under: its continent or ocean, or the country of an old country-named zone ("US/Eastern").</summary>
    public static string ZoneRegion(string zone) => zone[..Math.Max(0, zone.IndexOf('/'))] switch
    {
        "Atlantic" => "Atlantic Ocean",
        "Pacific" => "Pacific Ocean",
        "Indian" => "Indian Ocean",
        "US" => "United States",
        var region => region,
    };

    // The database writes these places without their accents; English writes them with.
    private static readonly Dictionary<string, string> AccentedCities = new(StringComparer.Ordinal)
    {
        ["Sao_Paulo"] = "São Paulo", ["Bogota"] = "Bogotá", ["Asuncion"] = "Asunción", ["Cancun"] = "Cancún", ["Merida"] = "Mérida",
        ["Mazatlan"] = "Mazatlán", ["Belem"] = "Belém", ["Cuiaba"] = "Cuiabá", ["Maceio"] = "Maceió", ["Araguaina"] = "Araguaína",
        ["Santarem"] = "Santarém", ["Ciudad_Juarez"] = "Ciudad Juárez", ["Cordoba"] = "Córdoba", ["Tucuman"] = "Tucumán",
        ["Bahia_Banderas"] = "Bahía de Banderas", ["Curacao"] = "Curaçao", ["Noronha"] = "Fernando de Noronha", ["Galapagos"] = "Galápagos",
        ["Easter"] = "Easter Island", ["St_Johns"] = "St. John's", ["Lower_Princes"] = "Lower Prince's Quarter", ["DumontDUrville"] = "Dumont d'Urville",
        ["Busingen"] = "Büsingen",
    };

    /// <summary>"6–29 Oct 2027", "13 Oct – 26 Nov 2027", "28 Dec 2026 – 8 Jan 2027".</summary>
    public static string DateRange(DateOnly start, DateOnly end, CultureInfo culture)
    {
        if (start == end) return start.ToString("d MMM yyyy", culture);
        if (start.Year != end.Year) return $"{start.ToString("d MMM yyyy", culture)} – {end.ToString("d MMM yyyy", culture)}";
        if (start.Month != end.Month) return $"{start.ToString("d MMM", culture)} – {end.ToString("d MMM yyyy", culture)}";
        return $"{start.Day}–{end.ToString("d MMM yyyy", culture)}";
    }

    /// <summary>"Sunday, 20 December 2026", "domingo, 20 de diciembre de 2026": a date written out in full.</summary>
    public static string LongDate(DateTime date, CultureInfo culture, bool weekday = false) =>
        date.ToString((weekday ? "dddd, " : "") + (culture.TwoLetterISOLanguageName is "es" or "pt" ? "d 'de' MMMM 'de' yyyy" : "d MMMM yyyy"), culture);

    /// <summary>"USD 150.50", "CLP 150.000": with the decimals the currency is written with, in the reader's digits.</summary>
    public static string Fee(long feeMinor, string currency, CultureInfo culture) =>
        feeMinor == 0 ? "Free of charge" : $"{currency} {(feeMinor / 100m).ToString("N" + Core.Courses.Currencies.Decimals(currency), culture)}";

    /// <summary>
    /// The zone a signed-in person set, where it is known here and its clock differs from the course's at that instant:
    /// then they read the time in it too. Null otherwise.
    /// </summary>
    public static string? ViewerZoneAt(DateTime utc, string courseZone, string? viewerZone) =>
        viewerZone is { Length: > 0 } && ZonedTime.IsKnownZone(viewerZone)
        && ZonedTime.OffsetAt(utc, ZonedTime.FindZone(viewerZone)) != ZonedTime.OffsetAt(utc, ZonedTime.FindZone(courseZone))
            ? viewerZone
            : null;

    /// <summary>"Your time (Madrid): Thu 1 Apr 2027, 04:59 (GMT+2)", beside an instant given in the course's zone; null where the reader's clock reads the same.</summary>
    public static string? InViewerTime(Microsoft.Extensions.Localization.IStringLocalizer T, DateTime utc, string courseZone, string? viewerZone, CultureInfo culture) =>
        ViewerZoneAt(utc, courseZone, viewerZone) is { } zone ? $"{T["Your time ({0}):", T[ZoneCity(zone)]]} {Instant(utc, zone, culture)}" : null;

    /// <summary>"Fri 10 Sep 2027, 23:59 (GMT-3)": an instant shown in the course's zone.</summary>
    public static string Instant(DateTime utc, string timeZone, CultureInfo culture) =>
        ZonedTime.Format(utc, ZonedTime.FindZone(timeZone), culture);
}
