using CourseHub.Core.Courses;
using CourseHub.Core.Sessions;
using CourseHub.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Courses;

public sealed record PhaseView(string Name, Modality Modality, DateOnly StartsOn, DateOnly EndsOn, string? Venue);

public sealed record SessionView(
    string Title, string Organisation, string? Speaker, DateTime StartsUtc, int Minutes,
    string? JoinUrl, string? Room, string? Description, bool Cancelled);

public sealed record ModuleListItem(int Id, string Slug, int Position, string Title, DateOnly? ReleaseOn, bool Preview);

public sealed record CourseDetailsViewModel(
    string Slug,
    string Title,
    string Summary,
    string Language,
    Modality Modality,
    string Organiser,
    IReadOnlyList<string> Partners,
    string Audience,
    string TimeZone,
    int Hours,
    long FeeMinor,
    string Currency,
    int Capacity,
    int Scholarships,
    string? ScholarshipNote,
    DateTime ApplicationsOpenUtc,
    DateTime ApplicationsCloseUtc,
    DateOnly? ResultsDate,
    DateOnly StartsOn,
    DateOnly EndsOn,
    CourseStatus Status,
    string DescriptionHtml,
    IReadOnlyList<PhaseView> Phases,
    IReadOnlyList<SessionView> Sessions,
    IReadOnlyList<ModuleListItem> Modules,
    bool Published)
{
    /// <summary>Applicants name a supervisor, who is asked to endorse the application.</summary>
    public bool SupervisorEndorsement { get; init; }

    /// <summary>The signed-in visitor's application to this course, if any.</summary>
    public (int Id, Core.Enrolments.ApplicationState State)? MyApplication { get; init; }

    /// <summary>The signed-in visitor teaches the course or is an admin: show the review link.</summary>
    public bool CanReview { get; init; }

    /// <summary>Join links are for the course's accepted participants and its staff; others are told where they go.</summary>
    public bool SeesJoinLinks => CanReview || MyApplication?.State == Core.Enrolments.ApplicationState.Accepted;

    /// <summary>The course's announcements, newest first, for its participants and staff (null for anyone else).</summary>
    public IReadOnlyList<Announcements.AnnouncementView>? Announcements { get; init; }

    /// <summary>The signed-in visitor's progress, when they are an accepted participant.</summary>
    public Learning.CourseProgress? Progress { get; init; }

    /// <summary>The visitor's certificate of this course was revoked: the course no longer counts as completed for them.</summary>
    public bool CertificateRevoked { get; init; }

    /// <summary>Every seat is taken by an accepted participant: an applicant can only wait for one to free up.</summary>
    public bool SeatsTaken { get; init; }

    /// <summary>The course has begun (it may still take applications).</summary>
    public bool Started { get; init; }

    /// <summary>The signed-in visitor's own time zone, if they set one.</summary>
    public string? ViewerTimeZone { get; init; }

    /// <summary>"GMT-3": the zone's offset when the course starts, for the schedule's heading.</summary>
    public string OffsetAtStart => ZonedTime.FormatOffset(
        ZonedTime.OffsetAt(ZonedTime.StartOfDayUtc(StartsOn, ZonedTime.FindZone(TimeZone)), ZonedTime.FindZone(TimeZone)));

    public IEnumerable<string> Venues => Phases.Where(p => p.Venue is not null).Select(p => p.Venue!).Distinct();
}

/// <summary>Everything the course page shows, read in one go.</summary>
public sealed class CourseDetailsQuery(CourseHubDbContext db, TimeProvider clock, Learning.CourseProgressQuery progress, Announcements.Announcing announcing)
{
    /// <summary>What concerns the signed-in visitor on the page: their application, and whether they review it.</summary>
    public async Task<CourseDetailsViewModel> ForVisitorAsync(CourseDetailsViewModel model, string userId, bool isAdmin, CancellationToken cancellationToken)
    {
        var mine = await db.Applications.Where(a => a.Course!.Slug == model.Slug && a.UserId == userId)
            .Select(a => new { a.Id, a.State }).SingleOrDefaultAsync(cancellationToken);
        var teaches = isAdmin || await db.CourseInstructors.AnyAsync(i => i.UserId == userId && i.Course!.Slug == model.Slug, cancellationToken);
        var zone = await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).SingleOrDefaultAsync(cancellationToken);
        var accepted = mine?.State == Core.Enrolments.ApplicationState.Accepted;
        var courseId = await db.Courses.Where(c => c.Slug == model.Slug).Select(c => c.Id).SingleAsync(cancellationToken);
        var standing = accepted ? await progress.ForParticipantAsync(courseId, userId, cancellationToken) : null;
        var announcements = accepted || teaches ? await announcing.ListAsync(courseId, cancellationToken) : null;
        var revoked = standing is { Completed: true }
            && await db.Certificates.AnyAsync(c => c.CourseId == courseId && c.UserId == userId && c.RevokedUtc != null, cancellationToken);
        return model with
        {
            MyApplication = mine is null ? null : (mine.Id, mine.State), CanReview = teaches, ViewerTimeZone = zone, Progress = standing,
            Announcements = announcements, CertificateRevoked = revoked,
        };
    }

    /// <summary>An admin, or an instructor of the course, may see its page before it is published.</summary>
    public async Task<bool> MayPreviewAsync(string slug, string userId, bool isAdmin, CancellationToken cancellationToken) =>
        isAdmin || await db.CourseInstructors.AnyAsync(i => i.UserId == userId && i.Course!.Slug == slug, cancellationToken);

    /// <summary>The course's page, published or not: who may see an unpublished one is the caller's decision.</summary>
    public async Task<CourseDetailsViewModel?> RunAsync(string slug, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking()
            .Where(c => c.Slug == slug)
            .Select(c => new
            {
                Course = c,
                // By date, whatever order the file or the form listed them in.
                Phases = c.Phases.OrderBy(p => p.StartsOn).ThenBy(p => p.EndsOn).ThenBy(p => p.Position)
                    .Select(p => new PhaseView(p.Name, p.Modality, p.StartsOn, p.EndsOn, p.Venue)).ToList(),
                Sessions = c.Sessions.OrderBy(s => s.StartsUtc)
                    .Select(s => new SessionView(s.Title, s.Organisation, s.Speaker, s.StartsUtc, s.Minutes, s.JoinUrl, s.Room, s.Description, s.Cancelled))
                    .ToList(),
                Modules = c.Modules.Where(m => m.Published).OrderBy(m => m.Position)
                    .Select(m => new ModuleListItem(m.Id, m.Slug, m.Position, m.Title, m.ReleaseOn, m.Preview)).ToList(),
                Accepted = db.Applications.Count(a => a.CourseId == c.Id && a.State == Core.Enrolments.ApplicationState.Accepted),
            })
            .AsSplitQuery()
            .SingleOrDefaultAsync(cancellationToken);
        if (course is null) return null;

        var c = course.Course;
        var now = clock.GetUtcNow().UtcDateTime;
        return new CourseDetailsViewModel(
            c.Slug, c.Title, c.Summary, c.Language, c.Modality, c.Organiser, c.Partners, c.Audience, c.TimeZone,
            c.Hours, c.FeeMinor, c.Currency, c.Capacity, c.ScholarshipQuota, c.ScholarshipNote,
            c.ApplicationsOpenUtc, c.ApplicationsCloseUtc, c.ResultsDate, c.StartsOn, c.EndsOn,
            c.Timeline.StatusAt(now), c.DescriptionHtml,
            course.Phases, course.Sessions, course.Modules, c.Published) { Started = now >= c.StartsUtc, SupervisorEndorsement = c.SupervisorEndorsement, SeatsTaken = Core.Enrolments.ApplicationRules.SeatsTaken(course.Accepted, c.Capacity) };
    }
}
