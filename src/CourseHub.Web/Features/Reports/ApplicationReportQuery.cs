using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using CourseHub.Core.Accounts;
using CourseHub.Core.Enrolments;
using CourseHub.Core.Text;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Reports;

/// <summary>What the applications are counted by.</summary>
public enum ReportDimension
{
    Country,
    Institution,
    Gender,
    Level,
    Course,
}

/// <summary>
/// One group's counts: its applications by state and its scholarship requests by stage. The stages add up to the
/// requests, so that a funder can account for every one: not offered (yet), awaiting an answer, accepted, declined
/// or not answered in time, and given back or lost with the place.
/// </summary>
public sealed record ReportRow(
    string Label,
    int Applications,
    int UnderReview,
    int Accepted,
    int Waitlisted,
    int NotSelected,
    int Withdrawn,
    int ScholarshipRequests,
    int ScholarshipsNotOffered,
    int ScholarshipsAwaitingAnswer,
    int ScholarshipsAccepted,
    int ScholarshipsDeclined,
    int ScholarshipsEnded)
{
    /// <summary>The group's share of all applications, in whole percent; the shares of a report add up to 100.</summary>
    public int Percent { get; init; }

    /// <summary>The column headings of the counts after the share, in the order of <see cref="StateCounts"/>.</summary>
    public static readonly IReadOnlyList<string> StateColumns =
    [
        "Under review", "Accepted applications", "On the waitlist", "Applications not selected", "Withdrawn applications",
        "Scholarship requests", "Scholarship requests not offered", "Scholarships awaiting an answer", "Scholarships accepted",
        "Scholarships declined or not answered in time", "Scholarships given back or lost with the place",
    ];

    public IReadOnlyList<int> StateCounts =>
    [
        UnderReview, Accepted, Waitlisted, NotSelected, Withdrawn, ScholarshipRequests, ScholarshipsNotOffered, ScholarshipsAwaitingAnswer,
        ScholarshipsAccepted, ScholarshipsDeclined, ScholarshipsEnded,
    ];

    public static ReportRow Sum(string label, IEnumerable<ReportRow> rows)
    {
        var list = rows.ToList();
        return new ReportRow(label, list.Sum(r => r.Applications), list.Sum(r => r.UnderReview), list.Sum(r => r.Accepted),
            list.Sum(r => r.Waitlisted), list.Sum(r => r.NotSelected), list.Sum(r => r.Withdrawn), list.Sum(r => r.ScholarshipRequests),
            list.Sum(r => r.ScholarshipsNotOffered), list.Sum(r => r.ScholarshipsAwaitingAnswer), list.Sum(r => r.ScholarshipsAccepted),
            list.Sum(r => r.ScholarshipsDeclined), list.Sum(r => r.ScholarshipsEnded))
        {
            Percent = list.Sum(r => r.Percent),
        };
    }

    /// <summary>
    /// Each row's share in whole percent, rounded so that they add up to 100 (largest remainders first): rounded
    /// one by one, three thirds would make 99 and a report of many small groups 101.
    /// </summary>
    public static List<ReportRow> WithShares(IReadOnlyList<ReportRow> rows)
    {
        var total = rows.Sum(r => r.Applications);
        if (total == 0) return [.. rows];
        var exact = rows.Select(r => 100.0 * r.Applications / total).ToList();
        var whole = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var left = 100 - whole.Sum();
        foreach (var index in exact.Select((e, i) => (Remainder: e - whole[i], Index: i)).OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take(left))
        {
            whole[index.Index]++;
        }
        return [.. rows.Select((r, i) => r with { Percent = whole[i] })];
    }
}

/// <summary>A course as the report's choice lists it: titles can repeat between editions, so a repeated one carries its address.</summary>
public sealed record ReportCourse(int Id, string Slug, string Label);

public sealed record ApplicationReport(
    ReportDimension By,
    ReportCourse? Course,
    int? Year,
    IReadOnlyList<ReportCourse> Courses,
    IReadOnlyList<int> Years,
    IReadOnlyList<ReportRow> Rows,
    ReportRow Total)
{
    /// <summary>The report's address without the grouping, for the CSV link and the file name.</summary>
    public string Scope => Course?.Slug ?? (Year is { } year ? $"courses-{year}" : "all-courses");

    public static string Share(ReportRow row, CultureInfo culture) => (row.Percent / 100.0).ToString("P0", culture);
}

/// <summary>
/// Applications and scholarships counted by country, institution, gender, level of government or course,
/// for one course or all of them: the figures the programme's funders ask for. Counts come from the facts
/// each application copied at submission, so they do not move when a profile changes, and applications of
/// deleted accounts still count.
/// </summary>
public sealed class ApplicationReportQuery(CourseHubDbContext db, IStringLocalizer<SharedResource> T)
{
    /// <summary>
    /// The report for one course, the courses starting in one year (funders report by year), both, or every
    /// course; null when <paramref name="courseId"/> names no course or no course starts in <paramref name="year"/>.
    /// </summary>
    public async Task<ApplicationReport?> RunAsync(ReportDimension by, int? courseId, int? year, CancellationToken cancellationToken)
    {
        var all = await db.Courses.AsNoTracking().OrderBy(c => c.Title).ThenBy(c => c.Slug)
            .Select(c => new { c.Id, c.Slug, c.Title, c.StartsOn }).ToListAsync(cancellationToken);
        var years = all.Select(c => c.StartsOn.Year).Distinct().Order().ToList();
        if (year is not null && !years.Contains(year.Value)) return null;
        var labels = Labels.CourseChoices(all.Select(c => (c.Id, c.Slug, c.Title)).ToList());
        var courses = all.Select(c => new ReportCourse(c.Id, c.Slug, labels[c.Id])).ToList();
        var course = courses.FirstOrDefault(c => c.Id == courseId);
        if (courseId is not null && course is null) return null;

        IQueryable<Application> applications = db.Applications.AsNoTracking();
        if (course is not null) applications = applications.Where(a => a.CourseId == course.Id);
        if (year is not null)
        {
            var (from, to) = (new DateOnly(year.Value, 1, 1), new DateOnly(year.Value + 1, 1, 1));
            applications = applications.Where(a => a.Course!.StartsOn >= from && a.Course.StartsOn < to);
        }

        var notStated = T["Not stated"].Value;
        var accountDeleted = T["Account deleted"].Value;
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        string CountryName(string code) => Countries.IsKnown(code) ? Countries.Name(code, language) : "";
        var rows = by switch
        {
            // Per country: the ministries of finance of Chile and of Colombia are two institutions of one name. An
            // application keeps no institution once its applicant deleted the account (required, it is never empty otherwise).
            ReportDimension.Institution => Merge(await TallyAsync(applications, a => new { a.Institution, a.Country }, cancellationToken),
                key => string.IsNullOrWhiteSpace(key.Institution) ? accountDeleted
                    : CountryName(key.Country) is { Length: > 0 } country ? $"{key.Institution} ({country})" : key.Institution,
                Folding.Fold),
            ReportDimension.Gender => Merge(await TallyAsync(applications, a => a.Gender, cancellationToken), g => T[Labels.Gender(g)]),
            ReportDimension.Level => Merge(await TallyAsync(applications, a => a.GovernmentLevel, cancellationToken), l => T[Labels.GovernmentLevel(l)]),
            ReportDimension.Course => Merge(await TallyAsync(applications, a => a.CourseId, cancellationToken),
                id => courses.First(c => c.Id == id).Label),
            _ => Merge(await TallyAsync(applications, a => a.Country, cancellationToken), CountryName),
        };
        rows = rows.Select(r => r.Label.Length == 0 ? r with { Label = notStated } : r).ToList();
        // Most applications first; those who did not say last, whatever their number.
        var ordered = ReportRow.WithShares(rows.OrderBy(r => r.Label == notStated || r.Label == accountDeleted).ThenByDescending(r => r.Applications)
            .ThenBy(r => r.Label, StringComparer.Create(CultureInfo.CurrentCulture, ignoreCase: true)).ToList());
        return new ApplicationReport(by, course, year, courses, years, ordered, ReportRow.Sum(T["Total"], ordered));
    }

    /// <summary>
    /// The report as CSV (UTF-8 with BOM for spreadsheet programs) with the page's headings and labels, totals
    /// last; formula-like cells are neutralised.
    /// </summary>
    public byte[] ToCsv(ApplicationReport report, CsvDialect dialect)
    {
        var csv = new StringBuilder();
        var headings = ReportRow.StateColumns.Select(c => T[c].Value).Prepend(T["% of all"]).Prepend(T["Applications"]).Prepend(T[Labels.ReportDimension(report.By)]);
        Csv.Line(csv, headings, dialect);
        foreach (var row in report.Rows.Append(report.Total))
        {
            Csv.Line(csv, row.StateCounts.Prepend(row.Percent).Prepend(row.Applications).Select(c => c.ToString(CultureInfo.InvariantCulture)).Prepend(row.Label), dialect);
        }
        return Csv.Bytes(csv);
    }

    private sealed record Tally<TKey>(TKey Key, ReportRow Counts);

    // Counted by the database, one row per group, whatever the number of applications.
    private static Task<List<Tally<TKey>>> TallyAsync<TKey>(IQueryable<Application> applications, Expression<Func<Application, TKey>> key,
        CancellationToken cancellationToken) =>
        applications.GroupBy(key).Select(g => new Tally<TKey>(g.Key, new ReportRow(
                "",
                g.Count(),
                g.Count(a => a.State == ApplicationState.Submitted),
                g.Count(a => a.State == ApplicationState.Accepted),
                g.Count(a => a.State == ApplicationState.Waitlisted),
                g.Count(a => a.State == ApplicationState.Rejected),
                g.Count(a => a.State == ApplicationState.Withdrawn),
                g.Count(a => a.Scholarship != ScholarshipState.None),
                // A holder who lost the scholarship with the place and was accepted again is back on the reserve list.
                g.Count(a => a.Scholarship == ScholarshipState.Requested || (a.Scholarship == ScholarshipState.Forfeited && a.State == ApplicationState.Accepted)),
                g.Count(a => a.Scholarship == ScholarshipState.Awarded),
                g.Count(a => a.Scholarship == ScholarshipState.Accepted),
                g.Count(a => a.Scholarship == ScholarshipState.Declined || a.Scholarship == ScholarshipState.Lapsed),
                g.Count(a => a.Scholarship == ScholarshipState.GivenBack || (a.Scholarship == ScholarshipState.Forfeited && a.State != ApplicationState.Accepted)))))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Labels each group and adds up the groups that read the same. Institutions are typed by the applicants,
    /// so for them "the same" ignores capitals, accents and spacing, and the group is named as most of its
    /// applicants wrote it.
    /// </summary>
    private static List<ReportRow> Merge<TKey>(List<Tally<TKey>> tallies, Func<TKey, string> label, Func<string, string>? sameness = null) =>
        tallies.Select(t => (Label: string.Join(' ', label(t.Key).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), t.Counts))
            .GroupBy(t => sameness is null ? t.Label : sameness(t.Label))
            .Select(group =>
            {
                var spellings = group.GroupBy(t => t.Label).Select(s => (Label: s.Key, Applications: s.Sum(t => t.Counts.Applications)));
                // On a tie, a spelling in capitals and small letters over one in capitals only.
                var name = spellings.OrderByDescending(s => s.Applications).ThenBy(s => s.Label == s.Label.ToUpperInvariant())
                    .ThenBy(s => s.Label, StringComparer.Ordinal).First().Label;
                return ReportRow.Sum(name, group.Select(t => t.Counts));
            })
            .ToList();
}
