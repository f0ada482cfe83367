using System.Security.Claims;
using CourseHub.Core.Enrolments;
using CourseHub.Core.Learning;
using CourseHub.Web.Data;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Learning;

/// <summary>What a person is to a course: staff (its instructors and admins), an accepted participant, or a visitor.</summary>
public sealed class CourseReaders(CourseHubDbContext db)
{
    public async Task<ModuleReader> ReaderAsync(int courseId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true) return ModuleReader.Visitor;
        if (user.IsInRole(Roles.Admin)) return ModuleReader.Staff;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return ModuleReader.Visitor;
        if (await db.CourseInstructors.AnyAsync(i => i.CourseId == courseId && i.UserId == userId, cancellationToken)) return ModuleReader.Staff;
        return await IsParticipantAsync(courseId, userId, cancellationToken) ? ModuleReader.Participant : ModuleReader.Visitor;
    }

    public Task<bool> IsParticipantAsync(int courseId, string userId, CancellationToken cancellationToken) =>
        db.Applications.AnyAsync(a => a.CourseId == courseId && a.UserId == userId && a.State == ApplicationState.Accepted, cancellationToken);
}
