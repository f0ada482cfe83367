using System.Globalization;
using System.Text;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Review;

/// <summary>The review screen's filters, sort and page, as they arrive in the query string.</summary>
public sealed record ReviewFilter(string? State, string? Country, string? Scholarship, string? Sort, int Page = 1)
{
    /// <summary>An address with the list's filters, order and page kept, so that whoever follows it can come back.</summary>
    public string Href(string path, int page, bool decimalComma = false)
    {
        var values = new List<KeyValuePair<string, string?>>();
        if (!string.IsNullOrEmpty(State)) values.Add(new("state", State));
        if (!string.IsNullOrEmpty(Country)) values.Add(new("country", Country));
        if (!string.IsNullOrEmpty(Scholarship)) values.Add(new("scholarship", Scholarship));
        if (!string.IsNullOrEmpty(Sort)) values.Add(new("sort", Sort));
        if (page > 1) values.Add(new("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (decimalComma) values.Add(new("decimal", "comma"));
        return path + Microsoft.AspNetCore.Http.QueryString.Create(values);
    }
}

public sealed record ReviewNeighbour(int Id, string Name);

/// <param name="Position">The application's place in the list, from 1.</param>
public sealed record ReviewNeighbours(ReviewNeighbour? Previous, ReviewNeighbour? Next, int Position, int Count);

/// <summary>What the list's filters and orders read of an application.</summary>
public interface IListedApplication
{
    int Id { get; }
    string Name { get; }
    string Country { get; }
    ApplicationState State { get; }
    ScholarshipState Scholarship { get; }
    DateTime SubmittedUtc { get; }
    double? Average { get; }
    int? WaitlistPlace { get; }
}

public sealed record ReviewRow(
    int Id, string Name, string Email, string Country, string Institution, GovernmentLevel Level, string Position,
    ApplicationState State, DateTime SubmittedUtc, string Motivation, string RelationToWork, string? TravelNeeds,
    EndorsementState Endorsement, string? SupervisorName, string? SupervisorEmail, string? EndorsementComment, ScholarshipState Scholarship, string? ScholarshipStatement,
    string? DepartureCity, bool? NeedsLodging, double? Average, int ReviewCount, bool ReviewedByMe) : IListedApplication
{
    /// <summary>1 for the first to be offered a freed seat; only for the waitlisted.</summary>
    public int? WaitlistPlace { get; init; }

    /// <summary>The applicant deleted their account: every account has an address, and the row keeps none.</summary>
    public bool AccountDeleted => Email.Length == 0;
}

public sealed record ReviewCounts(int Submitted, int Accepted, int Waitlisted, int Rejected, int Withdrawn, int Capacity);

/// <param name="Rows">The page's rows; every row that passes the filter when the list is exported.</param>
/// <param name="Matching">How many applications pass the filter, on every page.</param>
public sealed record ReviewListViewModel(
    string Slug, string Title, string Language, string TimeZone, ReviewFilter Filter, IReadOnlyList<ReviewRow> Rows, int Matching,
    int FirstShown, int PageCount, IReadOnlyList<string> Countries, ReviewCounts Counts, bool CanDecide, int ScholarshipQuota);

/// <summary>One application as reviewers read it, with its course.</summary>
public sealed record ReviewedApplication(string Slug, string Title, string Language, string TimeZone, ReviewRow Row);

/// <summary>Applicants of a course with what reviewers weigh, filtered and ranked.</summary>
public sealed class ReviewQuery(CourseHubDbContext db, IStringLocalizer<SharedResource> T)
{
    /// <summary>
    /// Applications a page. Ranked lists run to thousands for an open course; a hundred is more than a reviewer
    /// decides on at a time, and keeps the page light on a phone. The list is still read whole (without the written
    /// answers): the counts, the ranking by average and the waitlist places are of every application.
    /// </summary>
    public const int PageSize = 100;

    /// <param name="export">
    /// The list as exported: every page in one, with the applicants' written answers (motivation, relation to work,
    /// travel needs, scholarship statement), which the page does not show and leaves empty.
    /// </param>
    public async Task<ReviewListViewModel?> RunAsync(string slug, ReviewFilter filter, string reviewerId, bool canDecide, CancellationToken cancellationToken,
        bool export = false)
    {
        filter = Normalised(filter);
        var course = await db.Courses.AsNoTracking().Where(c => c.Slug == slug)
            .Select(c => new { c.Id, c.Slug, c.Title, c.Language, c.TimeZone, c.Capacity, c.ScholarshipQuota })
            .SingleOrDefaultAsync(cancellationToken);
        if (course is null) return null;

        var (all, matching) = await ListAsync(course.Id, filter, reviewerId, withAnswers: export, cancellationToken);
        var counts = new ReviewCounts(
            all.Count(r => r.State == ApplicationState.Submitted), all.Count(r => r.State == ApplicationState.Accepted),
            all.Count(r => r.State == ApplicationState.Waitlisted), all.Count(r => r.State == ApplicationState.Rejected),
            all.Count(r => r.State == ApplicationState.Withdrawn), course.Capacity);

        var pageCount = export ? 1 : Pager.PagesFor(matching.Count, PageSize);
        filter = filter with { Page = Math.Clamp(filter.Page, 1, pageCount) };
        var firstShown = (filter.Page - 1) * PageSize;
        var shown = export ? matching : matching.Skip(firstShown).Take(PageSize).ToList();
        return new ReviewListViewModel(course.Slug, course.Title, course.Language, course.TimeZone, filter, shown, matching.Count, firstShown + 1,
            pageCount, all.Select(r => r.Country).Where(c => c.Length > 0).Distinct().Order().ToList(), counts, canDecide, course.ScholarshipQuota);
    }

    // Country codes are stored in capitals; a typed or shared address may not be.
    private static ReviewFilter Normalised(ReviewFilter filter) =>
        filter with { Country = string.IsNullOrWhiteSpace(filter.Country) ? null : filter.Country.Trim().ToUpperInvariant() };

    /// <summary>Every application of the course, and those that pass the filter in the list's order.</summary>
    private async Task<(List<ReviewRow> All, List<ReviewRow> Matching)> ListAsync(int courseId, ReviewFilter filter, string reviewerId, bool withAnswers,
        CancellationToken cancellationToken)
    {
        var all = await Rows(db.Applications.Where(a => a.CourseId == courseId), reviewerId, withAnswers).ToListAsync(cancellationToken);
        var places = await WaitlistPlacesAsync(courseId, cancellationToken);
        all = all.Select(r => places.TryGetValue(r.Id, out var place) ? r with { WaitlistPlace = place } : r).ToList();
        var own = await OwnApplicationAsync(courseId, reviewerId, cancellationToken);
        return (all, Arranged(all, filter, own));
    }

    /// <summary>The applications that pass the filter, in the list's order, without the reviewer's own.</summary>
    private static List<T> Arranged<T>(IEnumerable<T> all, ReviewFilter filter, int? own) where T : IListedApplication
    {
        var rows = all.Where(r => r.Id != own);
        if (Enum.TryParse<ApplicationState>(filter.State, ignoreCase: true, out var state)) rows = rows.Where(r => r.State == state);
        if (!string.IsNullOrEmpty(filter.Country)) rows = rows.Where(r => r.Country == filter.Country);
        rows = filter.Scholarship switch
        {
            "yes" => rows.Where(r => r.Scholarship != ScholarshipState.None),
            "no" => rows.Where(r => r.Scholarship == ScholarshipState.None),
            _ => rows,
        };
        var ordered = filter.Sort switch
        {
            "submitted" => rows.OrderBy(r => r.SubmittedUtc),
            "name" => rows.OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase),
            "country" => rows.OrderBy(r => r.Country).ThenByDescending(r => r.Average ?? -1),
            "waitlist" => rows.OrderBy(r => r.WaitlistPlace ?? int.MaxValue).ThenByDescending(r => r.Average.HasValue).ThenByDescending(r => r.Average ?? 0).ThenBy(r => r.SubmittedUtc),
            _ => rows.OrderByDescending(r => r.Average.HasValue).ThenByDescending(r => r.Average ?? 0).ThenBy(r => r.SubmittedUtc),
        };
        // Ties last by number: the list page and an application's previous/next read the rows apart, in whatever order
        // the database gives them, and must agree on one order.
        return ordered.ThenBy(r => r.Id).ToList();
    }

    /// <summary>
    /// Where an application stands in the list a reviewer opened it from (its filters and order): the applications
    /// before and after it, to go through them one by one. Null where the list no longer holds it (a decision moved
    /// it out of the state the list shows).
    /// </summary>
    /// <remarks>
    /// Read on every application a reviewer opens, for lists of thousands: only what the filters and orders need, so
    /// that going through the list costs a fraction of showing it.
    /// </remarks>
    public async Task<ReviewNeighbours?> NeighboursAsync(string slug, ReviewFilter filter, int applicationId, string reviewerId, CancellationToken cancellationToken)
    {
        var courseId = await db.Courses.Where(c => c.Slug == slug).Select(c => (int?)c.Id).SingleOrDefaultAsync(cancellationToken);
        if (courseId is null) return null;
        filter = Normalised(filter);
        var deleted = T[Audit.AuditNotes.AccountDeleted].Value;
        var all = await db.Applications.AsNoTracking().Where(a => a.CourseId == courseId)
            .Select(a => new ListedApplication(a.Id, a.User != null ? a.User.FullName : deleted, a.Country, a.State, a.Scholarship, a.SubmittedUtc,
                a.Reviews.Average(r => (double?)r.Average)))
            .ToListAsync(cancellationToken);
        if (filter.Sort == "waitlist")
        {
            var places = await WaitlistPlacesAsync(courseId.Value, cancellationToken);
            all = all.Select(r => places.TryGetValue(r.Id, out var place) ? r with { WaitlistPlace = place } : r).ToList();
        }
        var matching = Arranged(all, filter, await OwnApplicationAsync(courseId.Value, reviewerId, cancellationToken));
        var at = matching.FindIndex(r => r.Id == applicationId);
        if (at < 0) return null;
        ReviewNeighbour? Neighbour(int index) => index >= 0 && index < matching.Count ? new ReviewNeighbour(matching[index].Id, matching[index].Name) : null;
        return new ReviewNeighbours(Neighbour(at - 1), Neighbour(at + 1), at + 1, matching.Count);
    }

    private sealed record ListedApplication(int Id, string Name, string Country, ApplicationState State, ScholarshipState Scholarship, DateTime SubmittedUtc,
        double? Average) : IListedApplication
    {
        public int? WaitlistPlace { get; init; }
    }

    /// <summary>One application of the course, read alone; null when it is not of this course, or is the reviewer's own.</summary>
    public async Task<ReviewedApplication?> OneAsync(string slug, int applicationId, string reviewerId, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Where(c => c.Slug == slug)
            .Select(c => new { c.Id, c.Slug, c.Title, c.Language, c.TimeZone }).SingleOrDefaultAsync(cancellationToken);
        if (course is null || await OwnApplicationAsync(course.Id, reviewerId, cancellationToken) == applicationId) return null;
        var row = await Rows(db.Applications.Where(a => a.Id == applicationId && a.CourseId == course.Id), reviewerId, withAnswers: true)
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null) return null;
        if (row.State == ApplicationState.Waitlisted && (await WaitlistPlacesAsync(course.Id, cancellationToken)).TryGetValue(row.Id, out var place))
        {
            row = row with { WaitlistPlace = place };
        }
        return new ReviewedApplication(course.Slug, course.Title, course.Language, course.TimeZone, row);
    }

    /// <summary>
    /// The applications as reviewers read them. One whose applicant deleted the account is still listed (it counts),
    /// named in the reader's language. Country, institution and level are those the application recorded when it was
    /// sent, as the reports count them; the name, address and position are the profile's now.
    /// </summary>
    private IQueryable<ReviewRow> Rows(IQueryable<Application> applications, string reviewerId, bool withAnswers)
    {
        var deleted = T[Audit.AuditNotes.AccountDeleted].Value;
        return applications.AsNoTracking().Select(a => new ReviewRow(
            a.Id, a.User != null ? a.User.FullName : deleted, a.User != null ? a.User.Email! : "",
            a.Country, a.Institution, a.GovernmentLevel, a.User != null ? a.User.Position : "",
            a.State, a.SubmittedUtc, withAnswers ? a.Motivation : "", withAnswers ? a.RelationToWork : "", withAnswers ? a.TravelNeeds : null,
            a.Endorsement, a.SupervisorName, a.SupervisorEmail,
            a.EndorsementComment, a.Scholarship, withAnswers ? a.ScholarshipStatement : null, a.DepartureCity, a.NeedsLodging,
            a.Reviews.Any() ? a.Reviews.Average(r => r.Average) : null, a.Reviews.Count(),
            a.Reviews.Any(r => r.ReviewerId == reviewerId)));
    }

    /// <summary>Each waitlisted application's place in the order freed seats are offered in (1 = next).</summary>
    private async Task<Dictionary<int, int>> WaitlistPlacesAsync(int courseId, CancellationToken cancellationToken)
    {
        // As seats are offered: not to an applicant who deleted the account.
        var waitlist = await db.Applications.AsNoTracking().Where(a => a.CourseId == courseId && a.State == ApplicationState.Waitlisted && a.UserId != null)
            .Select(a => new { a.Id, a.WaitlistedUtc, a.SubmittedUtc })
            .ToListAsync(cancellationToken);
        return ApplicationRules.WaitlistOrder(waitlist, a => ApplicationRules.WaitlistedSince(a.WaitlistedUtc, a.SubmittedUtc), a => a.Id)
            .Select((a, index) => (a.Id, Place: index + 1)).ToDictionary(a => a.Id, a => a.Place);
    }

    /// <summary>
    /// A reviewer who applied to the course too (an instructor taking it) does not see their own application: its
    /// scores and comments are the other reviewers'. It still counts against the seats.
    /// </summary>
    private Task<int?> OwnApplicationAsync(int courseId, string reviewerId, CancellationToken cancellationToken) =>
        db.Applications.Where(a => a.CourseId == courseId && a.UserId == reviewerId).Select(a => (int?)a.Id).FirstOrDefaultAsync(cancellationToken);

    private static readonly string[] CsvHeadings =
    [
        "Name", "Email", "Country", "Institution", "Level of government", "Position", "State", "Waitlist place", "Submitted (UTC)", "Average score", "Reviews",
        "Endorsement", "Endorsement comment", "Scholarship", "Departure city", "Needs lodging", "Motivation", "Relation to work", "Travel needs",
        "Scholarship statement",
    ];

    /// <summary>
    /// The list as CSV in the reader's language (UTF-8 with BOM for spreadsheet programs); formula-like cells are
    /// neutralised. Times are written yyyy-MM-dd HH:mm, which every spreadsheet reads; decimals as the dialect asks.
    /// </summary>
    public static byte[] ToCsv(IEnumerable<ReviewRow> rows, IStringLocalizer T, CsvDialect dialect)
    {
        var csv = new StringBuilder();
        Csv.Line(csv, CsvHeadings.Select(h => T[h].Value).Prepend("Id"), dialect);
        // Countries by name in the reader's language, as the page and the reports' export write them.
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        foreach (var r in rows)
        {
            string[] cells =
            [
                r.Id.ToString(CultureInfo.InvariantCulture), r.Name, r.Email, Core.Accounts.Countries.IsKnown(r.Country) ? Core.Accounts.Countries.Name(r.Country, language) : r.Country, r.Institution, T[Labels.GovernmentLevel(r.Level)], r.Position,
                T[Labels.ApplicationState(r.State)], r.WaitlistPlace?.ToString(CultureInfo.InvariantCulture) ?? "", r.SubmittedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                r.Average is { } average ? dialect.Number(average) : "", r.ReviewCount.ToString(CultureInfo.InvariantCulture),
                T[Labels.Endorsement(r.Endorsement, r.State)], r.EndorsementComment ?? "", T[Labels.ScholarshipState(r.Scholarship, r.State)], r.DepartureCity ?? "",
                r.NeedsLodging switch { true => T["yes"], false => T["no"], _ => "" },
                r.Motivation, r.RelationToWork, r.TravelNeeds ?? "", r.ScholarshipStatement ?? "",
            ];
            Csv.Line(csv, cells, dialect);
        }
        return Csv.Bytes(csv);
    }
}
