using System.Globalization;
using System.Text;
using CourseHub.Core.Text;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Audit;

/// <summary>What the log is narrowed to, as the page's address says it.</summary>
/// <param name="What">An action ("application.decided") or a kind of action ("scholarship"); null: everything.</param>
/// <param name="Who">Part of a name, address or institution of the person who acted or whom the line concerns.</param>
/// <param name="From">The first UTC day shown, as yyyy-MM-dd.</param>
/// <param name="To">The last UTC day shown, as yyyy-MM-dd.</param>
public sealed record AuditFilter(int? Course, string? What, string? Who, string? From, string? To, int Page = 1)
{
    public bool IsEmpty => Course is null && !NarrowsLines;

    /// <summary>Whether anything but the course narrows the log.</summary>
    public bool NarrowsLines => !string.IsNullOrWhiteSpace(What) || !string.IsNullOrWhiteSpace(Who)
        || !string.IsNullOrWhiteSpace(From) || !string.IsNullOrWhiteSpace(To);

    /// <summary>The address of this filter's page (or export), with only the values given.</summary>
    /// <param name="decimalComma">For the export for a decimal comma, as the review list's export is asked for.</param>
    public string Href(string path, int page = 1, bool decimalComma = false)
    {
        var values = new List<KeyValuePair<string, string?>>();
        if (Course is { } course) values.Add(new("course", course.ToString(CultureInfo.InvariantCulture)));
        if (!string.IsNullOrWhiteSpace(What)) values.Add(new("what", What));
        if (!string.IsNullOrWhiteSpace(Who)) values.Add(new("who", Who));
        if (!string.IsNullOrWhiteSpace(From)) values.Add(new("from", From));
        if (!string.IsNullOrWhiteSpace(To)) values.Add(new("to", To));
        if (page > 1) values.Add(new("page", page.ToString(CultureInfo.InvariantCulture)));
        if (decimalComma) values.Add(new("decimal", "comma"));
        return path + Microsoft.AspNetCore.Http.QueryString.Create(values);
    }
}

public sealed record AuditRow(
    DateTime AtUtc, string ActorName, string? CourseTitle, string? CourseSlug, int? ApplicationId, string? ApplicantName,
    string Action, string? Before, string? After, string? Note)
{
    /// <summary>The language of the course's title.</summary>
    public string? CourseLanguage { get; init; }
}

/// <param name="Problems">What could not be used of the filter, by field ("from", "to", "what"), in the reader's words.</param>
public sealed record AuditViewModel(
    AuditFilter Filter, IReadOnlyList<AuditRow> Rows, int Matching, int PageCount,
    IReadOnlyList<(int Id, string Title, string Language)> Courses, IReadOnlyDictionary<string, string> Problems);

/// <summary>
/// Every action the log records, in kinds, each with its name as the log shows it (in English, translated on the
/// page): the one list the "What" filter offers and every line is named from.
/// </summary>
public static class AuditActions
{
    public static IReadOnlyList<(string Kind, string Name, IReadOnlyList<(string Action, string Name)> Actions)> Kinds { get; } =
    [
        ("application", "Applications",
        [
            ("application.submitted", "Application submitted"),
            ("application.decided", "Decision"),
            ("application.promoted", "Accepted from the waitlist"),
            ("application.withdrawn", "Withdrawn"),
            ("application.endorsed", "Supervisor answered"),
            ("application.scored", "Application scored"),
            ("application.endorsement-requested", "Endorsement requested again"),
            ("application.endorsement-reminded", "Supervisor reminded"),
        ]),
        ("scholarship", "Scholarships",
        [
            ("scholarship.awarded", "Scholarship offered"),
            ("scholarship.reminded", "Reminded to answer the scholarship offer"),
            ("scholarship.accepted", "Scholarship accepted"),
            ("scholarship.declined", "Scholarship declined"),
            ("scholarship.lapsed", "Scholarship offer lapsed"),
            // Lost with the place (withdrawn, moved out, account deleted); whoever receives it next has a line of their own.
            ("scholarship.forfeited", "Scholarship lost with the place"),
            ("scholarship.givenback", "Scholarship given back"),
        ]),
        ("course", "Courses",
        [
            ("course.created", "Course created"),
            ("course.edited", "Course edited"),
            ("course.published", "Course published"),
            ("course.unpublished", "Course unpublished"),
            ("course.announced", "Announcement sent"),
        ]),
        ("module", "Modules",
        [
            ("module.published", "Module published"),
            ("module.unpublished", "Module unpublished"),
            ("module.deleted", "Module deleted"),
        ]),
        ("session", "Live sessions",
        [
            ("session.scheduled", "Session scheduled"),
            ("session.reinstated", "Cancelled session scheduled again"),
            ("session.changed", "Session changed"),
            ("session.cancelled", "Session cancelled"),
        ]),
        ("user", "Accounts and roles",
        [
            ("user.role-given", "Role given"),
            ("user.role-removed", "Role removed"),
            ("user.locked", "Account locked"),
            ("user.unlocked", "Account unlocked"),
            ("user.course-assigned", "Instructor assigned to the course"),
            ("user.course-unassigned", "Instructor removed from the course"),
        ]),
        ("certificate", "Certificates",
        [
            ("certificate.revoked", "Certificate revoked"),
        ]),
    ];

    private static readonly Dictionary<string, string> Names = Kinds.SelectMany(k => k.Actions).ToDictionary(a => a.Action, a => a.Name);

    /// <summary>The action's name, or null for one the list does not know.</summary>
    public static string? NameOf(string action) => Names.GetValueOrDefault(action);

    public static bool IsKind(string value) => Kinds.Any(k => k.Kind == value);

    public static bool IsKnown(string value) => IsKind(value) || Names.ContainsKey(value);
}

/// <summary>The audit log as admins read it: narrowed by course, kind of action, person and days, newest first.</summary>
public sealed class AuditLogQuery(CourseHubDbContext db, IStringLocalizer<SharedResource> T)
{
    public const int PageSize = 100;

    /// <param name="readerId">The admin reading: the scores of their own application (one who applied) are left out.</param>
    /// <param name="export">Every matching line rather than one page.</param>
    public async Task<AuditViewModel> RunAsync(AuditFilter filter, string? readerId, CancellationToken cancellationToken, bool export = false)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        IQueryable<AuditEntry> entries = db.AuditEntries.AsNoTracking();
        // The scores of an admin's own application are the other reviewers'. Looked up first (an admin seldom has
        // any): a test on every row would make counting the log read it all.
        var own = await db.Applications.Where(a => a.UserId == readerId).Select(a => (int?)a.Id).ToListAsync(cancellationToken);
        if (own.Count > 0) entries = entries.Where(e => e.Action != Review.ReviewScoring.ScoredAction || !own.Contains(e.ApplicationId));
        if (filter.Course is { } course) entries = entries.Where(e => e.CourseId == course);

        if (filter.What?.Trim() is { Length: > 0 } what)
        {
            if (!AuditActions.IsKnown(what)) problems["what"] = T["Choose what to show from the list."];
            else if (AuditActions.IsKind(what)) entries = entries.Where(e => e.Action.StartsWith(what + "."));
            else entries = entries.Where(e => e.Action == what);
        }

        if (filter.Who?.Trim() is { Length: > 0 } who)
        {
            // People with an account are found as the users list finds them (any case, any accents): as the one who
            // acted, the applicant a line is about, or the account whose role changed (its line records the address).
            // A supervisor, who has no account, by the name they gave: as typed, or in other capitals of plain letters
            // (SQLite lowers no others).
            var folded = Folding.Fold(who);
            var lower = who.ToLowerInvariant();
            var people = db.Users.Where(u => u.SearchKey.Contains(folded));
            var ids = people.Select(u => u.Id);
            entries = entries.Where(e => (e.ActorId != null && ids.Contains(e.ActorId))
                || (e.ApplicationId != null && db.Applications.Any(a => a.Id == e.ApplicationId && a.UserId != null && ids.Contains(a.UserId)))
                || (e.Action.StartsWith("user.") && e.Note != null && people.Any(u => e.Note.Contains("<" + u.Email + ">")))
                || e.ActorName.Contains(who) || e.ActorName.ToLower().Contains(lower));
        }

        var from = Day(filter.From, "from", problems);
        var to = Day(filter.To, "to", problems);
        if (from is not null && to is not null && from > to)
        {
            problems["to"] = T["The last day is before the first."];
            to = null;
        }
        if (from is { } first) entries = entries.Where(e => e.AtUtc >= first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        if (to is { } last) entries = entries.Where(e => e.AtUtc < last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

        var matching = await entries.CountAsync(cancellationToken);
        var pageCount = Pager.PagesFor(matching, PageSize);
        // A page beyond the last shows the last, as the other lists do (and no page number overflows).
        var page = Math.Clamp(filter.Page, 1, pageCount);
        var ordered = entries.OrderByDescending(e => e.Id);
        var shown = export ? ordered : ordered.Skip((page - 1) * PageSize).Take(PageSize);
        var rows = await shown
            .Select(e => new AuditRow(e.AtUtc, e.ActorName,
                db.Courses.Where(c => c.Id == e.CourseId).Select(c => c.Title).FirstOrDefault(),
                db.Courses.Where(c => c.Id == e.CourseId).Select(c => c.Slug).FirstOrDefault(),
                e.ApplicationId, db.Applications.Where(a => a.Id == e.ApplicationId).Select(a => a.User!.FullName).FirstOrDefault(),
                e.Action, e.Before, e.After, e.Note)
            {
                CourseLanguage = db.Courses.Where(c => c.Id == e.CourseId).Select(c => c.Language).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var all = await db.Courses.OrderBy(c => c.Title).ThenBy(c => c.Slug).Select(c => new { c.Id, c.Slug, c.Title, c.Language }).ToListAsync(cancellationToken);
        var labels = Labels.CourseChoices(all.Select(c => (c.Id, c.Slug, c.Title)).ToList());
        var courses = all.Select(c => (c.Id, labels[c.Id], c.Language)).ToList();
        return new AuditViewModel(filter with { Page = page }, rows, matching, pageCount, courses, problems);
    }

    private DateOnly? Day(string? value, string field, Dictionary<string, string> problems)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        problems[field] = T["Enter a date as year-month-day, for example 2026-11-27."];
        return null;
    }

    /// <summary>The lines as a spreadsheet reads them, in the reader's language, as the page shows them.</summary>
    public byte[] ToCsv(IReadOnlyList<AuditRow> rows, AuditText text, CsvDialect dialect)
    {
        var csv = new StringBuilder();
        Csv.Line(csv, [T["When (UTC)"], T["Who"], T["Course"], T["Application"], T["What"], T["Before"], T["After"], T["Note"]], dialect);
        foreach (var row in rows)
        {
            var line = text.Describe(row);
            Csv.Line(csv,
            [
                row.AtUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), line.Who, row.CourseTitle ?? "",
                row.ApplicationId is null ? "" : row.ApplicantName ?? T["Application {0}", row.ApplicationId.Value],
                line.What, line.Before ?? "", line.After ?? "", line.Note ?? "",
            ], dialect);
        }
        return Csv.Bytes(csv);
    }
}
