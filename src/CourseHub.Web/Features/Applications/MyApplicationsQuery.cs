using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Applications;

public sealed record HistoryItem(DateTime AtUtc, string Action, string? Before, string? After, string? Note, string ActorName = "");

public sealed record MyApplication(
    int Id, string CourseSlug, string CourseTitle, string CourseLanguage, string TimeZone, ApplicationState State,
    DateTime SubmittedUtc, string? DecisionNote, EndorsementStateView Endorsement, ScholarshipState Scholarship,
    DateTime? ScholarshipReplyByUtc, bool CanWithdraw, bool CanReplyToScholarship, IReadOnlyList<HistoryItem> History,
    IReadOnlyList<AttendanceItem> Attendance)
{
    /// <summary>For a waitlisted application, its place in the order freed seats are offered in (1 = next).</summary>
    public int? WaitlistPosition { get; init; }

    /// <summary>Whether the applicant can name their supervisor again and send a new request.</summary>
    public bool CanAskSupervisorAgain { get; init; }

    /// <summary>The supervisor has not answered and the request has gone out as often as it can: the way left is the programme.</summary>
    public bool SupervisorRequestsUsedUp { get; init; }

    /// <summary>Whether the applicant holds an accepted scholarship they can still hand back.</summary>
    public bool CanGiveBackScholarship { get; init; }
}

/// <summary>A live session the participant was recorded at, present or absent.</summary>
public sealed record AttendanceItem(string Session, DateTime StartsUtc, bool Present);

public sealed record EndorsementStateView(Data.Entities.EndorsementState State, string? SupervisorName, string? Comment);

/// <summary>An official's own applications, newest first, each with its history.</summary>
public sealed class MyApplicationsQuery(CourseHubDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<MyApplication>> RunAsync(string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Times are the reader's: in the zone they set in their profile, else in each course's.
        var ownZone = await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).SingleOrDefaultAsync(cancellationToken);
        if (!Core.Sessions.ZonedTime.IsKnownZone(ownZone)) ownZone = null;
        var rows = await db.Applications.AsNoTracking()
            .Where(a => a.UserId == userId)
            .OrderByDescending(a => a.SubmittedUtc)
            .Select(a => new
            {
                a.Id, a.CourseId, a.Course!.Slug, a.Course.Title, a.Course.Language, a.Course.TimeZone, a.Course.EndsUtc, a.State, a.SubmittedUtc,
                a.DecisionNote, a.Endorsement, a.EndorsementRequest, a.SupervisorName, a.EndorsementComment, a.Scholarship, a.ScholarshipReplyByUtc,
            })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var history = (await db.AuditEntries.AsNoTracking()
                .Where(e => e.ApplicationId != null && ids.Contains(e.ApplicationId.Value) && e.Action != Review.ReviewScoring.ScoredAction)
                .OrderBy(e => e.AtUtc).ThenBy(e => e.Id)
                .Select(e => new { ApplicationId = e.ApplicationId!.Value, Item = new HistoryItem(e.AtUtc, e.Action, e.Before, e.After, e.Note) })
                .ToListAsync(cancellationToken))
            .ToLookup(e => e.ApplicationId, e => e.Item);
        var courseSlugs = rows.Select(r => r.Slug).ToList();
        var attendance = (await db.SessionAttendances.AsNoTracking()
                .Where(a => a.UserId == userId && courseSlugs.Contains(a.Session!.Course!.Slug) && !a.Session.Cancelled && a.Session.StartsUtc <= now)
                .OrderBy(a => a.Session!.StartsUtc)
                .Select(a => new { a.Session!.Course!.Slug, Item = new AttendanceItem(a.Session.Title, a.Session.StartsUtc, a.Present) })
                .ToListAsync(cancellationToken))
            .ToLookup(a => a.Slug, a => a.Item);

        var waitlistedCourses = rows.Where(r => r.State == ApplicationState.Waitlisted).Select(r => r.CourseId).ToList();
        var waitlists = waitlistedCourses.Count == 0 ? [] : (await db.Applications.AsNoTracking()
                // As seats are offered: not to an applicant who deleted the account.
                .Where(a => waitlistedCourses.Contains(a.CourseId) && a.State == ApplicationState.Waitlisted && a.UserId != null)
                .Select(a => new { a.CourseId, a.Id, a.WaitlistedUtc, a.SubmittedUtc })
                .ToListAsync(cancellationToken))
            .GroupBy(a => a.CourseId)
            .SelectMany(course => ApplicationRules.WaitlistOrder(course, a => ApplicationRules.WaitlistedSince(a.WaitlistedUtc, a.SubmittedUtc), a => a.Id).Select((a, index) => (a.Id, Position: index + 1)))
            .ToDictionary(a => a.Id, a => a.Position);

        return rows.Select(r => new MyApplication(
            r.Id, r.Slug, r.Title, r.Language, ownZone ?? r.TimeZone, r.State, r.SubmittedUtc, r.DecisionNote,
            new EndorsementStateView(r.Endorsement, r.SupervisorName, r.EndorsementComment),
            r.Scholarship, r.ScholarshipReplyByUtc,
            ApplicationRules.CanWithdraw(r.State, r.EndsUtc, now),
            ScholarshipRules.CanReply(r.Scholarship, r.ScholarshipReplyByUtc ?? DateTime.MinValue, now),
            history[r.Id].ToList(),
            attendance[r.Slug].ToList())
        {
            WaitlistPosition = waitlists.TryGetValue(r.Id, out var position) ? position : null,
            CanAskSupervisorAgain = Endorsements.EndorsementRequests.CanAskAgain(r.State, r.Endorsement, r.EndorsementRequest, r.EndsUtc, now),
            SupervisorRequestsUsedUp = r.EndorsementRequest >= Endorsements.EndorsementRequests.MostRequests
                && Endorsements.EndorsementRequests.CanAskAgain(r.State, r.Endorsement, r.EndorsementRequest - 1, r.EndsUtc, now),
            CanGiveBackScholarship = ScholarshipRules.CanGiveBack(r.Scholarship, r.EndsUtc, now),
        }).ToList();
    }
}
