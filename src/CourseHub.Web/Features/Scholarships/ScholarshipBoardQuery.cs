using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Scholarships;

public sealed record ScholarshipRow(
    int ApplicationId, string Name, string Country, string Institution, ApplicationState Application, ScholarshipState State,
    string? Statement, string? DepartureCity, bool? NeedsLodging, double? Average, DateTime? ReplyByUtc, int? ReserveRank);

public sealed record ScholarshipBoardViewModel(
    string Slug, string Title, string TimeZone, int Quota, int Awarded, int Accepted, int Remaining, IReadOnlyList<ScholarshipRow> Rows)
{
    /// <summary>Freed awards waiting for the next accepted applicant who asks for a scholarship (part of <see cref="Remaining"/>).</summary>
    public int WaitingToPassOn { get; init; }

    /// <summary>The course's language, that of its title.</summary>
    public required string Language { get; init; }
}

/// <summary>Scholarship requests side by side: holders first, then the reserve list in order, then the rest.</summary>
public sealed class ScholarshipBoardQuery(CourseHubDbContext db, IStringLocalizer<SharedResource> T)
{
    /// <param name="viewerId">The admin looking: an application of their own counts, but is not shown to them.</param>
    /// <summary>The applicant of an application as the board names them (a deleted account in the reader's words).</summary>
    public async Task<string> ApplicantNameAsync(int applicationId, CancellationToken cancellationToken) =>
        await db.Applications.Where(a => a.Id == applicationId).Select(a => a.User != null ? a.User.FullName : null).FirstOrDefaultAsync(cancellationToken)
            ?? T[Audit.AuditNotes.AccountDeleted].Value;

    public async Task<ScholarshipBoardViewModel?> RunAsync(string slug, string viewerId, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Where(c => c.Slug == slug)
            .Select(c => new { c.Id, c.Slug, c.Title, c.Language, c.TimeZone, c.ScholarshipQuota, c.ScholarshipsToPassOn }).SingleOrDefaultAsync(cancellationToken);
        if (course is null) return null;
        var rows = await db.Applications.AsNoTracking()
            .Where(a => a.CourseId == course.Id && a.Scholarship != ScholarshipState.None)
            .Select(a => new
            {
                a.Id, a.UserId, Name = a.User != null ? a.User.FullName : null, a.Country,
                a.Institution, a.State, a.Scholarship, a.ScholarshipStatement,
                a.DepartureCity, a.NeedsLodging, Average = a.Reviews.Any() ? (double?)a.Reviews.Average(r => r.Average) : null,
                a.ScholarshipReplyByUtc, a.SubmittedUtc,
            })
            .ToListAsync(cancellationToken);
        // A deleted account is shown (it counts) but is no one to offer a scholarship to.
        var reserve = ScholarshipRules.ReserveList(rows.Where(r => r.Name is not null).Select(r => new ScholarshipCandidate(r.Id, r.Scholarship, r.State, r.Average, r.SubmittedUtc)))
            .Select((c, i) => (c.ApplicationId, Rank: i + 1)).ToDictionary(p => p.ApplicationId, p => p.Rank);
        var awarded = rows.Count(r => r.Scholarship == ScholarshipState.Awarded);
        var accepted = rows.Count(r => r.Scholarship == ScholarshipState.Accepted);
        var ordered = rows
            .Where(r => r.UserId != viewerId)
            .Select(r => new ScholarshipRow(r.Id, r.Name ?? T[Audit.AuditNotes.AccountDeleted], r.Country, r.Institution, r.State, r.Scholarship, r.ScholarshipStatement,
                r.DepartureCity, r.NeedsLodging, r.Average, r.ScholarshipReplyByUtc, reserve.TryGetValue(r.Id, out var rank) ? rank : null))
            .OrderBy(r => ScholarshipRules.HoldsQuota(r.State) ? 0 : r.ReserveRank is not null ? 1 : 2)
            .ThenBy(r => r.ReserveRank ?? int.MaxValue)
            .ThenByDescending(r => r.Average ?? -1)
            .ToList();
        return new ScholarshipBoardViewModel(course.Slug, course.Title, course.TimeZone, course.ScholarshipQuota, awarded, accepted,
            Math.Max(0, course.ScholarshipQuota - awarded - accepted), ordered)
        {
            WaitingToPassOn = ScholarshipRules.StillToPassOn(course.ScholarshipsToPassOn, awarded + accepted, course.ScholarshipQuota),
            Language = course.Language,
        };
    }
}
