using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using CourseHub.Core.Accounts;
using CourseHub.Core.Enrolments;
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

/// <summary>One group's counts: its applications by state and its scholarships by stage.</summary>
public sealed record ReportRow(
    string Label,
    int Applications,
    int UnderReview,
    int Accepted,
    int Waitlisted,
    int NotSelected,
    int Withdrawn,
    int ScholarshipRequests,
    int ScholarshipsOffered,
    int ScholarshipsAccepted)
{
    public static ReportRow Sum(string label, IEnumerable<ReportRow> rows)
    {
        var list = rows.ToList();
        return new ReportRow(label, list.Sum(r => r.Applications), list.Sum(r => r.UnderReview), list.Sum(r => r.Accepted),
            list.Sum(r => r.Waitlisted), list.Sum(r => r.NotSelected), list.Sum(r => r.Withdrawn), list.Sum(r => r.ScholarshipRequests),
            list.Sum(r => r.ScholarshipsOffered), list.Sum(r => r.ScholarshipsAccepted));
    }
}

public sealed record ApplicationReport(
    ReportDimension By,
    int? CourseId,
    IReadOnlyList<(int Id, string Title)> Courses,
    IReadOnlyList<ReportRow> Rows,
    ReportRow Total);

/// <summary>
/// Applications and scholarships counted by country, institution, gender, level of government or course,
/// for one course or all of them: the figures the programme's funders ask for. Counts come from the facts
/// each application copied at submission, so applications of deleted accounts still count, anonymously.
/// </summary>
public sealed class ApplicationReportQuery(CourseHubDbContext db, IStringLocalizer<SharedResource> T)
{
    public async Task<ApplicationReport> RunAsync(ReportDimension by, int? courseId, CancellationToken cancellationToken)
    {
        var courses = (await db.Courses.AsNoTracking().OrderBy(c => c.Title).Select(c => new { c.Id, c.Title }).ToListAsync(cancellationToken))
            .Select(c => (c.Id, c.Title)).ToList();
        if (courseId is not null && courses.All(c => c.Id != courseId)) courseId = null;

        IQueryable<Application> applications = db.Applications.AsNoTracking();
        if (courseId is not null) applications = applications.Where(a => a.CourseId == courseId);

        var titles = courses.ToDictionary(c => c.Id, c => c.Title);
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var rows = by switch
        {
            ReportDimension.Institution => MergeSpellings(await TallyAsync(applications, a => a.Institution, cancellationToken)),
            ReportDimension.Gender => Label(await TallyAsync(applications, a => a.Gender, cancellationToken), g => T[Labels.Gender(g)]),
            ReportDimension.Level => Label(await TallyAsync(applications, a => a.GovernmentLevel, cancellationToken), l => T[Labels.GovernmentLevel(l)]),
            ReportDimension.Course => Label(await TallyAsync(applications, a => a.CourseId, cancellationToken), id => titles[id]),
            _ => Label(await TallyAsync(applications, a => a.Country, cancellationToken),
                code => Countries.IsKnown(code) ? Countries.Name(code, language) : T["Not stated"]),
        };
        var ordered = rows.OrderByDescending(r => r.Applications).ThenBy(r => r.Label, StringComparer.Create(CultureInfo.CurrentCulture, ignoreCase: true)).ToList();
        return new ApplicationReport(by, courseId, courses, ordered, ReportRow.Sum(T["Total"], ordered));
    }

    /// <summary>The report as CSV (UTF-8 with BOM for spreadsheet programs), totals last; formula-like cells are neutralised.</summary>
    public static byte[] ToCsv(ApplicationReport report)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', new[]
        {
            report.By.ToString(), "Applications", "Under review", "Accepted", "On the waitlist", "Not selected", "Withdrawn",
            "Scholarship requests", "Scholarships offered, awaiting the answer", "Scholarships accepted",
        }.Select(Csv.Cell)));
        foreach (var row in report.Rows.Append(report.Total))
        {
            var counts = new[]
            {
                row.Applications, row.UnderReview, row.Accepted, row.Waitlisted, row.NotSelected, row.Withdrawn,
                row.ScholarshipRequests, row.ScholarshipsOffered, row.ScholarshipsAccepted,
            };
            csv.AppendLine(string.Join(',', counts.Select(c => c.ToString(CultureInfo.InvariantCulture)).Prepend(Csv.Cell(row.Label))));
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
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
                g.Count(a => a.Scholarship == ScholarshipState.Awarded),
                g.Count(a => a.Scholarship == ScholarshipState.Accepted))))
            .ToListAsync(cancellationToken);

    private static List<ReportRow> Label<TKey>(List<Tally<TKey>> tallies, Func<TKey, string> label) =>
        tallies.Select(t => t.Counts with { Label = label(t.Key) }).ToList();

    /// <summary>
    /// Institutions are typed by the applicants: spellings that differ only in capitals, accents or spaces
    /// are one institution, named as most of its applicants wrote it.
    /// </summary>
    private List<ReportRow> MergeSpellings(List<Tally<string>> tallies) =>
        tallies.Select(t => (Label: string.Join(' ', t.Key.Split(' ', StringSplitOptions.RemoveEmptyEntries)), t.Counts))
            .GroupBy(t => ApplicationUser.Fold(t.Label))
            .Select(g => ReportRow.Sum(g.Key.Length == 0 ? T["Not stated"] : g.OrderByDescending(t => t.Counts.Applications).First().Label, g.Select(t => t.Counts)))
            .ToList();
}
