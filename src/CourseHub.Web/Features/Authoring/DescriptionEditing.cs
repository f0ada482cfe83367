using System.ComponentModel.DataAnnotations;
using CourseHub.Core.Content;
using CourseHub.Web.Data;
using CourseHub.Web.Features.Audit;
using CourseHub.Web.Infrastructure.ContentImport;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Authoring;

/// <summary>The course description as its instructors edit it: the body of <c>course.md</c>.</summary>
public sealed record DescriptionForm
{
    [StringLength(MaxTextLength, ErrorMessage = "The description can be at most 100,000 characters.")]
    public string? Markdown { get; init; }

    /// <summary>The description's fingerprint when the form was opened: a newer one saved meanwhile is not overwritten unseen.</summary>
    public string? Opened { get; init; }

    public const int MaxTextLength = 100_000;
}

public enum DescriptionSave { Saved, NotFound, SavedMeanwhile }

public sealed record DescriptionEditorViewModel(string Slug, string CourseTitle, string Language, DescriptionForm Form, string? PreviewHtml);

/// <summary>
/// Instructors (and admins) rewrite the description of their course. It goes through the importer's mapping, so
/// it is rendered once by the same renderer as everything else, and exported as the body of <c>course.md</c>.
/// </summary>
public sealed class DescriptionEditing(CourseHubDbContext db, CourseMapping mapping, AuditLog audit, TimeProvider clock,
    IOutputCacheStore outputCache)
{
    public async Task<DescriptionEditorViewModel?> EditorAsync(string slug, DescriptionForm? form, string? previewHtml, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Where(c => c.Slug == slug)
            .Select(c => new { c.Title, c.Language, c.DescriptionMarkdown, c.DescriptionHtml }).SingleOrDefaultAsync(cancellationToken);
        if (course is null) return null;
        return new DescriptionEditorViewModel(slug, course.Title, course.Language,
            form ?? new DescriptionForm { Markdown = course.DescriptionMarkdown, Opened = VersionOf(course.DescriptionMarkdown) },
            previewHtml ?? (form is null ? course.DescriptionHtml : null));
    }

    /// <summary>A short fingerprint of a description, to tell whether it changed since a form was opened.</summary>
    public static string VersionOf(string? text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text ?? "")))[..16];

    /// <summary>The text as the course page will show it; one too long to be saved is not rendered (the form says why).</summary>
    public string? Preview(string? text) => text is { Length: > DescriptionForm.MaxTextLength } ? null : mapping.RenderDescription(text ?? "");

    /// <summary>
    /// Saves the description. Someone may have saved another (on the course form, say) after this form was opened:
    /// saving over it would lose their text for good, as descriptions keep no revisions, so it is refused.
    /// </summary>
    public async Task<DescriptionSave> SaveAsync(string slug, DescriptionForm form, Actor actor, CancellationToken cancellationToken)
    {
        var course = await db.Courses.SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (course is null) return DescriptionSave.NotFound;
        // Read as a file's body is read, so that the export writes back exactly what was saved.
        var text = (form.Markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n');
        if (text == course.DescriptionMarkdown) return DescriptionSave.Saved;
        if (form.Opened is { Length: > 0 } opened && opened != VersionOf(course.DescriptionMarkdown)) return DescriptionSave.SavedMeanwhile;
        mapping.ApplyDescription(course, text);
        course.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        audit.Record(actor, CourseAdmin.CourseAdministration.EditedAction, course.Id, null, null, null, CourseAdmin.CourseAdministration.DescriptionFact);
        await db.SaveChangesAsync(cancellationToken);
        await outputCache.EvictByTagAsync(ContentImporter.CacheTag, cancellationToken);
        return DescriptionSave.Saved;
    }
}
