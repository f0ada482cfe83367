using CourseHub.Core.Learning;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Learning;

public enum MarkResult
{
    Marked,
    /// <summary>The person is not a participant who may read this module now; nothing changed.</summary>
    NotAllowed,
    NotFound,
}

/// <summary>A participant marks a module they can read as done, or as not done again. Repeating a mark changes nothing.</summary>
public sealed class ModuleProgress(CourseHubDbContext db, CourseReaders readers, TimeProvider clock)
{
    public async Task<MarkResult> MarkAsync(string courseSlug, string moduleSlug, string userId, bool done, CancellationToken cancellationToken)
    {
        var module = await db.Modules.AsNoTracking()
            .Where(m => m.Course!.Slug == courseSlug && m.Course.Published && m.Slug == moduleSlug && m.Published)
            .Select(m => new { m.Id, m.CourseId, m.Preview, m.ReleaseUtc }).SingleOrDefaultAsync(cancellationToken);
        if (module is null) return MarkResult.NotFound;
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await readers.IsParticipantAsync(module.CourseId, userId, cancellationToken)
            || ModuleAccess.Decide(module.Preview, module.ReleaseUtc, ModuleReader.Participant, now) != ModuleAccessResult.Readable)
        {
            return MarkResult.NotAllowed;
        }

        if (done)
        {
            if (!await db.ModuleCompletions.AnyAsync(c => c.ModuleId == module.Id && c.UserId == userId, cancellationToken))
            {
                db.ModuleCompletions.Add(new ModuleCompletion { ModuleId = module.Id, UserId = userId, CompletedUtc = now });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // A second click raced the first: the module is marked done either way.
                }
            }
        }
        else
        {
            await db.ModuleCompletions.Where(c => c.ModuleId == module.Id && c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        }
        return MarkResult.Marked;
    }
}
