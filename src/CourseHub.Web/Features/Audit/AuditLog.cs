using System.Security.Claims;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Security;

namespace CourseHub.Web.Features.Audit;

/// <summary>Who did it: a signed-in person, or the system acting on its own rules.</summary>
public sealed record Actor(string? Id, string Name)
{
    public static readonly Actor System = new(null, "System");

    public static Actor From(ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimTypes.NameIdentifier), user.DisplayName());
}

/// <summary>
/// The notes the system writes itself. They are stored in English, like the rest of the log, and each page
/// shows them in its reader's language; a note a person typed is shown as they wrote it.
/// </summary>
public static class AuditNotes
{
    public const string WithScholarshipRequest = "with a scholarship request";
    /// <summary>A seat that someone left or that the course added went to the first on the waitlist.</summary>
    public const string SeatOpened = "A seat became available; first on the waitlist.";

    /// <summary>What <see cref="SeatOpened"/> read before seats added to a course were told apart: kept for older lines.</summary>
    public const string SeatFreed = "A seat freed up; first on the waitlist.";
    public const string NextOnReserveList = "Next on the reserve list.";

    /// <summary>Stands for a person whose account was deleted, where a line named them.</summary>
    public const string AccountDeleted = "(account deleted)";

    public static IReadOnlyList<string> All { get; } = [WithScholarshipRequest, SeatOpened, SeatFreed, NextOnReserveList, AccountDeleted];

    public static bool IsSystem(string? note) => note is not null && All.Contains(note);

    /// <summary>Whether a line's actor is a word of the site (the system, a deleted account), shown in the reader's language, not a name.</summary>
    public static bool IsSiteWord(string actorName) => actorName == Actor.System.Name || actorName == AccountDeleted;
}

/// <summary>Adds audit rows to the unit of work of the change they record (the caller saves).</summary>
public sealed class AuditLog(CourseHubDbContext db, TimeProvider clock)
{
    public void Record(Actor actor, string action, int? courseId, int? applicationId, string? before, string? after, string? note = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            ActorId = actor.Id,
            ActorName = actor.Name,
            CourseId = courseId,
            ApplicationId = applicationId,
            Action = action,
            Before = before,
            After = after,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        });
}
