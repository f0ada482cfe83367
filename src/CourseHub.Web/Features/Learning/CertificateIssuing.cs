using CourseHub.Core.Learning;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Learning;

/// <summary>Issues a completed participant's certificate (once: later requests return the same one), and revokes certificates.</summary>
public sealed class CertificateIssuing(CourseHubDbContext db, CourseReaders readers, CourseProgressQuery progress, Audit.AuditLog audit, TimeProvider clock)
{
    /// <summary>The code of the person's certificate for the course, issued now if they completed it; null if they have not.</summary>
    public async Task<string?> IssueAsync(string courseSlug, string userId, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == courseSlug && c.Published, cancellationToken);
        if (course is null) return null;
        var existing = await db.Certificates.AsNoTracking().Where(c => c.CourseId == course.Id && c.UserId == userId)
            .Select(c => c.Code).SingleOrDefaultAsync(cancellationToken);
        if (existing is not null) return existing;
        if (!await readers.IsParticipantAsync(course.Id, userId, cancellationToken)) return null;
        var standing = await progress.ForParticipantAsync(course.Id, userId, cancellationToken);
        if (standing is null || !standing.Completed) return null;

        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.FullName).SingleAsync(cancellationToken);
        db.Certificates.Add(new Certificate
        {
            Code = CertificateCode.New(),
            CourseId = course.Id,
            UserId = userId,
            ParticipantName = name,
            CourseTitle = course.Title,
            Organiser = course.Organiser,
            Language = course.Language,
            StartsOn = course.StartsOn,
            EndsOn = course.EndsOn,
            Hours = course.Hours,
            IssuedUtc = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two clicks at once: the unique index kept one certificate; return it.
            db.ChangeTracker.Clear();
        }
        return await db.Certificates.AsNoTracking().Where(c => c.CourseId == course.Id && c.UserId == userId)
            .Select(c => c.Code).SingleAsync(cancellationToken);
    }

    /// <summary>False if there is no such certificate. Revoking twice keeps the first reason.</summary>
    public async Task<bool> RevokeAsync(string code, string reason, Audit.Actor admin, CancellationToken cancellationToken)
    {
        var certificate = await db.Certificates.SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (certificate is null) return false;
        if (certificate.RevokedUtc is null)
        {
            certificate.RevokedUtc = clock.GetUtcNow().UtcDateTime;
            certificate.RevokedReason = reason;
            certificate.RevokedBy = admin.Name;
            // The code, not the holder's name: a deleted account takes its certificates, and its name, along.
            audit.Record(admin, RevokedAction, certificate.CourseId, null, null, certificate.Code, reason);
            await db.SaveChangesAsync(cancellationToken);
        }
        return true;
    }

    public const string RevokedAction = "certificate.revoked";
}
