using CourseHub.Core.Enrolments;
using CourseHub.Core.Learning;
using CourseHub.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Learning;

public sealed record ContinueLink(string Slug, string Title);

/// <summary>One participant's standing in one course.</summary>
public sealed record CourseProgress(
    int CourseId,
    string Slug,
    string Title,
    string Language,
    CompletionFacts Facts,
    ContinueLink? Continue,
    IReadOnlySet<int> DoneModuleIds,
    IReadOnlySet<int> ExpectedSessionIds)
{
    public bool Completed => CompletionRule.IsComplete(Facts);
    public bool DoneSoFar => !Completed && CompletionRule.DoneSoFar(Facts);
    /// <summary>Published modules that open only later (after the course's end, when its dates were moved).</summary>
    public int ModulesOpeningLater => Facts.PublishedModules - (Facts.OpenModules ?? Facts.PublishedModules);
    public bool ModulesDone => CompletionRule.ModulesDone(Facts);
    public bool AttendanceMet => CompletionRule.AttendanceMet(Facts);
}

/// <summary>
/// Reads what completion is decided from — published modules and the ones marked done, live sessions held and
/// attended — and applies <see cref="CompletionRule"/>. The same reading serves the participant and the roster.
/// </summary>
public sealed class CourseProgressQuery(CourseHubDbContext db, TimeProvider clock)
{
    public async Task<CourseProgress?> ForParticipantAsync(int courseId, string userId, CancellationToken cancellationToken) =>
        (await ForCourseAsync(courseId, [userId], cancellationToken)).GetValueOrDefault(userId);

    /// <summary>The progress of each of these people in the course (accepted or not: the caller decides who counts).</summary>
    public async Task<IReadOnlyDictionary<string, CourseProgress>> ForCourseAsync(int courseId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var course = await db.Courses.AsNoTracking().Where(c => c.Id == courseId)
            .Select(c => new { c.Id, c.Slug, c.Title, c.Language, c.CompletionAttendance, c.StartsUtc, c.EndsUtc }).SingleOrDefaultAsync(cancellationToken);
        if (course is null) return new Dictionary<string, CourseProgress>();
        var modules = await db.Modules.AsNoTracking().Where(m => m.CourseId == courseId && m.Published).OrderBy(m => m.Position)
            .Select(m => new { m.Id, m.Slug, m.Title, m.Preview, m.ReleaseUtc }).ToListAsync(cancellationToken);
        var moduleIds = modules.Select(m => m.Id).ToList();
        var done = await db.ModuleCompletions.AsNoTracking().Where(c => moduleIds.Contains(c.ModuleId) && userIds.Contains(c.UserId))
            .Select(c => new { c.UserId, c.ModuleId }).ToListAsync(cancellationToken);
        var held = await HeldSessionsAsync(courseId, cancellationToken);
        var heldIds = held.Select(s => s.Id).ToList();
        var present = await db.SessionAttendances.AsNoTracking().Where(a => heldIds.Contains(a.SessionId) && a.Present && userIds.Contains(a.UserId))
            .Select(a => new { a.UserId, a.SessionId }).ToListAsync(cancellationToken);
        var acceptedAt = await db.Applications.AsNoTracking()
            .Where(a => a.CourseId == courseId && a.State == ApplicationState.Accepted && a.UserId != null && userIds.Contains(a.UserId))
            .Select(a => new { UserId = a.UserId!, a.DecidedUtc }).ToListAsync(cancellationToken);

        var open = modules.Where(m => ModuleAccess.Decide(m.Preview, m.ReleaseUtc, ModuleReader.Participant, now) == ModuleAccessResult.Readable)
            .Select(m => m.Id).ToHashSet();
        // Grouped by person once: a roster of a thousand would otherwise go through every row for each of them.
        var doneBy = done.ToLookup(d => d.UserId, d => d.ModuleId);
        var presentBy = present.ToLookup(p => p.UserId, p => p.SessionId);
        var acceptedBy = acceptedAt.GroupBy(a => a.UserId).ToDictionary(g => g.Key, g => g.First().DecidedUtc);
        var result = new Dictionary<string, CourseProgress>();
        foreach (var userId in userIds.Distinct())
        {
            var mine = doneBy[userId].ToHashSet();
            var next = modules.FirstOrDefault(m => !mine.Contains(m.Id) && open.Contains(m.Id));
            var acceptedUtc = acceptedBy.GetValueOrDefault(userId);
            var theirs = held.Where(s => IsExpectedAt(s.StartsUtc, acceptedUtc)).Select(s => s.Id).ToHashSet();
            var facts = new CompletionFacts(modules.Count, mine.Count, theirs.Count, presentBy[userId].Count(theirs.Contains), course.CompletionAttendance,
                CourseStarted: now >= course.StartsUtc, CourseEnded: now >= course.EndsUtc,
                OpenModules: open.Count, OpenModulesDone: open.Count(mine.Contains));
            result[userId] = new CourseProgress(course.Id, course.Slug, course.Title, course.Language, facts,
                next is null ? null : new ContinueLink(next.Slug, next.Title), mine, theirs);
        }
        return result;
    }

    /// <summary>The sessions attendance is counted over: those that are over, unless they were cancelled.</summary>
    public async Task<List<int>> HeldSessionIdsAsync(int courseId, CancellationToken cancellationToken) =>
        (await HeldSessionsAsync(courseId, cancellationToken)).Select(s => s.Id).ToList();

    private async Task<List<(int Id, DateTime StartsUtc)>> HeldSessionsAsync(int courseId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var begun = await db.LiveSessions.AsNoTracking().Where(s => s.CourseId == courseId && !s.Cancelled && s.StartsUtc <= now)
            .Select(s => new { s.Id, s.StartsUtc, s.Minutes }).ToListAsync(cancellationToken);
        return begun.Where(s => s.StartsUtc.AddMinutes(s.Minutes) <= now).Select(s => (s.Id, s.StartsUtc)).ToList();
    }

    /// <summary>
    /// Whether a participant was expected at a session: it began after they were accepted (someone taken from the
    /// waitlist in the course's third week was never invited to its first sessions). No time of acceptance
    /// (recorded before it was kept, or not a participant): every session.
    /// </summary>
    public static bool IsExpectedAt(DateTime sessionStartsUtc, DateTime? acceptedUtc) => acceptedUtc is null || sessionStartsUtc > acceptedUtc;

    /// <summary>
    /// The courses a person is an accepted participant of, in the order they need them: those under way (ending soonest
    /// first), then those to come (soonest first), then those over (the latest first).
    /// </summary>
    public async Task<List<int>> AcceptedCourseIdsAsync(string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var courses = await db.Applications.AsNoTracking().Where(a => a.UserId == userId && a.State == ApplicationState.Accepted && a.Course!.Published)
            .Select(a => new { a.CourseId, a.Course!.StartsUtc, a.Course.EndsUtc }).ToListAsync(cancellationToken);
        return courses
            .OrderBy(c => c.EndsUtc <= now ? 2 : c.StartsUtc <= now ? 0 : 1)
            .ThenBy(c => c.EndsUtc <= now ? -c.EndsUtc.Ticks : c.StartsUtc <= now ? c.EndsUtc.Ticks : c.StartsUtc.Ticks)
            .Select(c => c.CourseId).ToList();
    }
}
