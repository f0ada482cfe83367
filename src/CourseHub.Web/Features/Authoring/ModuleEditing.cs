using System.Text.Json;
using CourseHub.Core.Content;
using CourseHub.Core.Sessions;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Audit;
using CourseHub.Web.Infrastructure.ContentImport;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Authoring;

/// <summary>
/// Instructors write modules in the browser. Every save renders the Markdown once (as the importer does),
/// keeps a revision, and evicts the public pages from the output cache.
/// </summary>
public sealed partial class ModuleEditing(CourseHubDbContext db, CourseMapping mapping, AuditLog audit, IStringLocalizer<SharedResource> T, TimeProvider clock, IOutputCacheStore outputCache)
{
    public async Task<AuthoringIndexViewModel?> IndexAsync(string slug, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Where(c => c.Slug == slug).Select(c => new { c.Id, c.Title, c.Language, c.EndsOn }).SingleOrDefaultAsync(cancellationToken);
        if (course is null) return null;
        var modules = await db.Modules.AsNoTracking().Where(m => m.CourseId == course.Id).OrderBy(m => m.Position)
            .Select(m => new AuthoringModuleItem(m.Id, m.Slug, m.Position, m.Title, m.Published, m.Preview, m.ReleaseOn, m.ContentHash != null,
                db.ModuleRevisions.Count(r => r.ModuleId == m.Id)))
            .ToListAsync(cancellationToken);
        return new AuthoringIndexViewModel(slug, course.Title, course.Language, modules) { CourseEndsOn = course.EndsOn };
    }

    public async Task<ModuleEditorViewModel?> EditorAsync(string slug, int? moduleId, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Where(c => c.Slug == slug).Select(c => new { c.Title, c.Language, c.StartsOn, c.EndsOn }).SingleOrDefaultAsync(cancellationToken);
        if (course is null) return null;
        var days = (course.StartsOn, course.EndsOn);
        if (moduleId is null) return new ModuleEditorViewModel(slug, course.Title, course.Language, null, false, new ModuleForm(), null) { CourseDays = days };
        var module = await db.Modules.AsNoTracking().SingleOrDefaultAsync(m => m.Id == moduleId && m.Course!.Slug == slug, cancellationToken);
        if (module is null) return null;
        var form = new ModuleForm
        {
            Title = module.Title, Slug = module.Slug, ReleaseOn = module.ReleaseOn, Preview = module.Preview, Published = module.Published, Markdown = module.Markdown,
            Opened = VersionOf(module),
        };
        return new ModuleEditorViewModel(slug, course.Title, course.Language, module.Id, module.ContentHash != null, form, null) { CourseDays = days };
    }

    /// <summary>The text as its module page would show it; a text too long to be saved is not rendered (it could take seconds).</summary>
    public string Preview(string? text) => text is { Length: > ModuleForm.MaxTextLength }
        ? $"<p class=\"text-danger\">{System.Net.WebUtility.HtmlEncode(T["The text can be at most 200,000 characters."])}</p>"
        : mapping.RenderModule(text ?? "").Html;

    /// <summary>Creates (<paramref name="moduleId"/> null) or saves a module; returns its id, or the errors by field. Null: no such module.</summary>
    public async Task<(int? Id, Dictionary<string, string> Errors)?> SaveAsync(string slug, int? moduleId, ModuleForm form, string authorId, string authorName,
        CancellationToken cancellationToken)
    {
        var course = await db.Courses.SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (course is null) return null;
        Module? module = null;
        if (moduleId is not null)
        {
            module = await db.Modules.SingleOrDefaultAsync(m => m.Id == moduleId && m.CourseId == course.Id, cancellationToken);
            if (module is null) return null;
        }

        var errors = new Dictionary<string, string>();
        // Someone saved (or published) the module after this editor opened it. Unless this post is what is stored
        // already (the same save sent twice), it would undo their change without anyone knowing.
        if (module is not null && form.Opened is { Length: > 0 } opened && opened != VersionOf(module) && !IsStored(module, form))
        {
            errors[ConflictKey] = T["Someone else saved this module after you opened it. Your version is below and is not saved: compare it with the module's page (or its revisions), then save again to replace theirs."];
            return (null, errors);
        }
        // Modules that come from files keep their address: the file is matched to the module by it.
        var newSlug = module is { ContentHash: not null } ? module.Slug : form.Slug?.Trim().ToLowerInvariant() ?? "";
        if (!ContentParser.IsValidSlug(newSlug))
        {
            errors[nameof(ModuleForm.Slug)] = T["Give the module an address of lowercase letters, digits and hyphens, such as open-data-basics."];
        }
        else if (await db.Modules.SingleOrDefaultAsync(m => m.CourseId == course.Id && m.Slug == newSlug && m.Id != (moduleId ?? 0), cancellationToken) is { } taken)
        {
            // A new module's form sent twice (a double click) finds the module the first one created: that is its save.
            if (module is null && IsStored(taken, form)) return (taken.Id, errors);
            errors[nameof(ModuleForm.Slug)] = T["Another module of this course already has that address."];
        }
        if (form.ReleaseOn is { } release && !ContentParser.IsPlausibleYear(release.Year))
        {
            errors[nameof(ModuleForm.ReleaseOn)] = T["Enter a date between the years {0} and {1}.", ContentParser.FirstYear, ContentParser.LastYear];
        }
        if (errors.Count > 0) return (null, errors);

        var now = clock.GetUtcNow().UtcDateTime;
        if (module is null)
        {
            var last = await db.Modules.Where(m => m.CourseId == course.Id).MaxAsync(m => (int?)m.Position, cancellationToken) ?? 0;
            module = new Module { CourseId = course.Id, Slug = newSlug, Title = "", Markdown = "", Html = "", TocJson = "[]", Position = last + 1 };
            db.Modules.Add(module);
        }
        else if (module.ContentHash is not null)
        {
            // A module from a content file holds the file's text until the first save here, and again whenever the
            // file changes and is imported over it: that text is kept as a revision before this save replaces it,
            // so that it can still be viewed and restored.
            var latest = await db.ModuleRevisions.Where(r => r.ModuleId == module.Id).OrderByDescending(r => r.SavedUtc).ThenByDescending(r => r.Id)
                .Select(r => new { r.Title, r.Markdown }).FirstOrDefaultAsync(cancellationToken);
            if (latest is null || latest.Title != module.Title || latest.Markdown != module.Markdown)
            {
                db.ModuleRevisions.Add(new ModuleRevision
                {
                    Module = module, Title = module.Title, Markdown = module.Markdown, AuthorName = ModuleRevision.ContentFile, SavedUtc = module.UpdatedUtc,
                });
            }
        }
        var title = form.Title!.Trim();
        var text = form.Markdown!;
        if (module.Id != 0 && module.Slug != newSlug)
        {
            // A module's files live under its address: the text's own links to them follow it to the new one.
            text = text.Replace(FilesPath(slug, module.Slug), FilesPath(slug, newSlug), StringComparison.Ordinal);
        }
        // Saving what is already there (a second click, a form sent again) adds no revision of the same text.
        var unchanged = module.Id != 0 && module.Title == title && SameText(module.Markdown, text);
        if (module.Id == 0 || module.Slug != newSlug)
        {
            // The address left behind keeps leading here (links in other modules, bookmarks); the one taken leads nowhere else now.
            db.ModuleFormerAddresses.RemoveRange(await db.ModuleFormerAddresses.Where(a => a.CourseId == course.Id && a.Slug == newSlug).ToListAsync(cancellationToken));
            if (module.Id != 0) db.ModuleFormerAddresses.Add(new ModuleFormerAddress { CourseId = course.Id, Slug = module.Slug, Module = module });
        }
        module.Slug = newSlug;
        Apply(module, title, text, now);
        module.ReleaseOn = form.ReleaseOn;
        module.ReleaseUtc = ContentImporter.ReleaseUtc(form.ReleaseOn, ZonedTime.FindZone(course.TimeZone));
        module.Preview = form.Preview;
        if (module.Published != form.Published) RecordPublication(new Actor(authorId, authorName), module, form.Published);
        module.Published = form.Published;
        if (!unchanged)
        {
            db.ModuleRevisions.Add(new ModuleRevision { Module = module, Title = module.Title, Markdown = module.Markdown, AuthorId = authorId, AuthorName = authorName, SavedUtc = now });
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another save took the same address between the check above and this one: the unique index refused it.
            errors[nameof(ModuleForm.Slug)] = T["Another module of this course already has that address."];
            return (null, errors);
        }
        await outputCache.EvictByTagAsync(ContentImporter.CacheTag, cancellationToken);
        return (module.Id, errors);
    }

    /// <summary>Moves a module one place up (-1) or down (+1) by swapping it with its neighbour.</summary>
    public async Task<bool> MoveAsync(string slug, int moduleId, int direction, CancellationToken cancellationToken)
    {
        var modules = await db.Modules.Where(m => m.Course!.Slug == slug).OrderBy(m => m.Position).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        var index = modules.FindIndex(m => m.Id == moduleId);
        if (index < 0) return false;
        var other = index + Math.Sign(direction);
        if (other < 0 || other >= modules.Count || direction == 0) return true;
        (modules[index], modules[other]) = (modules[other], modules[index]);
        // Renumber 1..n so that equal or sparse positions from files cannot make a move a no-op.
        for (var i = 0; i < modules.Count; i++) modules[i].Position = i + 1;
        await db.SaveChangesAsync(cancellationToken);
        await outputCache.EvictByTagAsync(ContentImporter.CacheTag, cancellationToken);
        return true;
    }

    /// <returns>The module's release date and the course's last day, for the notice; null when there is no such module.</returns>
    public async Task<(DateOnly? ReleaseOn, DateOnly CourseEndsOn)?> SetPublishedAsync(string slug, int moduleId, bool published, Actor actor, CancellationToken cancellationToken)
    {
        var module = await db.Modules.Include(m => m.Course).SingleOrDefaultAsync(m => m.Id == moduleId && m.Course!.Slug == slug, cancellationToken);
        if (module is null) return null;
        var days = (module.ReleaseOn, module.Course!.EndsOn);
        if (module.Published == published) return days;
        RecordPublication(actor, module, published);
        module.Published = published;
        module.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await outputCache.EvictByTagAsync(ContentImporter.CacheTag, cancellationToken);
        return days;
    }

    /// <summary>What deleting a module would take with it, for the question the page asks first. Null: no such module.</summary>
    public async Task<ModuleDeletion?> DeletionAsync(string slug, int moduleId, CancellationToken cancellationToken) =>
        await db.Modules.AsNoTracking().Where(m => m.Id == moduleId && m.Course!.Slug == slug)
            .Select(m => new ModuleDeletion(slug, m.Course!.Title, m.Course.Language, m.Id, m.Title, m.Published, m.ContentHash != null,
                db.ModuleRevisions.Count(r => r.ModuleId == m.Id), db.ModuleFiles.Count(f => f.ModuleId == m.Id),
                db.ModuleCompletions.Count(c => c.ModuleId == m.Id)))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Deletes a draft with its revisions, files and done marks. Null when done, else why not: a published module is
    /// being read (unpublish it first), and one from a content file would come back with the next import.
    /// </summary>
    public async Task<string?> DeleteAsync(string slug, int moduleId, Actor actor, CancellationToken cancellationToken)
    {
        var module = await db.Modules.SingleOrDefaultAsync(m => m.Id == moduleId && m.Course!.Slug == slug, cancellationToken);
        if (module is null) return T["There is no such module."];
        if (module.Published) return T["Unpublish the module first: participants can read it."];
        if (module.ContentHash is not null) return T["This module comes from a content file: remove the file from the course's folder, or the next import brings the module back."];
        db.Modules.Remove(module);
        audit.Record(actor, "module.deleted", module.CourseId, null, null, null, module.Title);
        // The others close ranks, so that the list and the pages keep numbering 1, 2, 3.
        var others = await db.Modules.Where(m => m.CourseId == module.CourseId && m.Id != module.Id).OrderBy(m => m.Position).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        for (var i = 0; i < others.Count; i++) others[i].Position = i + 1;
        await db.SaveChangesAsync(cancellationToken);
        await outputCache.EvictByTagAsync(ContentImporter.CacheTag, cancellationToken);
        return null;
    }

    public async Task<RevisionsViewModel?> RevisionsAsync(string slug, int moduleId, CancellationToken cancellationToken)
    {
        var module = await db.Modules.AsNoTracking().Where(m => m.Id == moduleId && m.Course!.Slug == slug)
            .Select(m => new { m.Id, m.Title, m.Markdown, CourseTitle = m.Course!.Title, m.Course.Language, m.Course.TimeZone }).SingleOrDefaultAsync(cancellationToken);
        if (module is null) return null;
        var revisions = await db.ModuleRevisions.AsNoTracking().Where(r => r.ModuleId == moduleId).OrderByDescending(r => r.SavedUtc).ThenByDescending(r => r.Id)
            .Select(r => new { r.Id, r.Title, r.AuthorId, r.AuthorName, r.SavedUtc, r.Markdown }).ToListAsync(cancellationToken);
        var items = revisions.Select((r, i) => new RevisionItem(r.Id, r.Title, r.AuthorName, r.SavedUtc, i == 0 && r.Markdown == module.Markdown && r.Title == module.Title,
            IsFromFile(r.AuthorId, r.AuthorName))).ToList();
        return new RevisionsViewModel(slug, module.CourseTitle, module.Language, module.Id, module.Title, module.TimeZone, items);
    }

    public async Task<RevisionViewModel?> RevisionAsync(string slug, int moduleId, int revisionId, CancellationToken cancellationToken)
    {
        var revision = await db.ModuleRevisions.AsNoTracking().Where(r => r.Id == revisionId && r.ModuleId == moduleId && r.Module!.Course!.Slug == slug)
            .Select(r => new
            {
                r.Id, r.Title, r.AuthorId, r.AuthorName, r.SavedUtc, r.Markdown, CurrentTitle = r.Module!.Title, CurrentMarkdown = r.Module.Markdown,
                CourseTitle = r.Module.Course!.Title, r.Module.Course.Language, r.Module.Course.TimeZone,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (revision is null) return null;
        return new RevisionViewModel(slug, revision.CourseTitle, revision.Language, revision.TimeZone, moduleId, revision.CurrentTitle,
            new RevisionItem(revision.Id, revision.Title, revision.AuthorName, revision.SavedUtc, revision.Markdown == revision.CurrentMarkdown && revision.Title == revision.CurrentTitle,
                IsFromFile(revision.AuthorId, revision.AuthorName)),
            revision.Markdown, mapping.RenderModule(revision.Markdown).Html, Diff(revision.Markdown, revision.CurrentMarkdown));
    }

    /// <summary>Putting a module before participants, or taking it away, is in the audit log, from the list or the editor alike.</summary>
    private void RecordPublication(Actor actor, Module module, bool published) =>
        audit.Record(actor, published ? "module.published" : "module.unpublished", module.CourseId, null,
            published ? "Draft" : "Published", published ? "Published" : "Draft", module.Title);

    private static bool IsFromFile(string? authorId, string authorName) => authorId is null && authorName == ModuleRevision.ContentFile;

    /// <summary>Restoring is a new save: the module takes the revision's title and text, and a new revision records it.</summary>
    /// <returns>Null: no such revision; false: it is the current text already, nothing saved; true: restored.</returns>
    public async Task<bool?> RestoreAsync(string slug, int moduleId, int revisionId, string authorId, string authorName, CancellationToken cancellationToken)
    {
        var revision = await db.ModuleRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.Id == revisionId && r.ModuleId == moduleId && r.Module!.Course!.Slug == slug, cancellationToken);
        if (revision is null) return null;
        var module = await db.Modules.SingleAsync(m => m.Id == moduleId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        // A revision saved before the module's address changed links its files under the old one: the links follow.
        // Only links under an address no module of the course has now, to a file this module has: a link to another
        // module's file (whatever its name) stays as written.
        var files = await db.ModuleFiles.Where(f => f.ModuleId == module.Id).Select(f => f.FileName).ToListAsync(cancellationToken);
        var addresses = await db.Modules.Where(m => m.CourseId == module.CourseId).Select(m => m.Slug).ToListAsync(cancellationToken);
        var text = OwnFileLinks().Replace(revision.Markdown, link =>
            link.Groups["course"].Value == slug && !addresses.Contains(link.Groups["module"].Value) && files.Contains(link.Groups["file"].Value)
                ? $"{FilesPath(slug, module.Slug)}{link.Groups["file"].Value}"
                : link.Value);
        if (module.Title == revision.Title && SameText(module.Markdown, text)) return false;
        Apply(module, revision.Title, text, now);
        db.ModuleRevisions.Add(new ModuleRevision { ModuleId = module.Id, Title = module.Title, Markdown = module.Markdown, AuthorId = authorId, AuthorName = authorName, SavedUtc = now });
        await db.SaveChangesAsync(cancellationToken);
        await outputCache.EvictByTagAsync(ContentImporter.CacheTag, cancellationToken);
        return true;
    }

    /// <summary>A line diff from <paramref name="from"/> (a revision) to <paramref name="to"/> (the current text).</summary>
    public static IReadOnlyList<DiffLine> Diff(string from, string to) =>
        InlineDiffBuilder.Diff(from, to, ignoreWhiteSpace: false).Lines
            .Where(l => l.Type != ChangeType.Imaginary)
            .Select(l => new DiffLine(l.Type switch
            {
                ChangeType.Inserted => DiffLineKind.Added,
                ChangeType.Deleted => DiffLineKind.Removed,
                _ => DiffLineKind.Unchanged,
            }, l.Text ?? ""))
            .ToList();

    private static string FilesPath(string courseSlug, string moduleSlug) => $"/courses/{courseSlug}/modules/{moduleSlug}/files/";

    /// <summary>The key of the error that says someone else saved the module meanwhile: it concerns the whole form.</summary>
    public const string ConflictKey = "";

    /// <summary>A short fingerprint of what an editor shows of a module, to tell whether it changed since a page was opened.</summary>
    public static string VersionOf(Module module) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
        string.Join('\u0000', module.Title, module.Slug, module.Markdown.ReplaceLineEndings("\n"), module.Published, module.Preview,
            module.ReleaseOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? ""))))[..16];

    private static bool IsStored(Module module, ModuleForm form) =>
        module.Title == form.Title?.Trim() && SameText(module.Markdown, form.Markdown ?? "") && module.Published == form.Published
        && module.Preview == form.Preview && module.ReleaseOn == form.ReleaseOn
        && (module.ContentHash is not null || module.Slug == form.Slug?.Trim().ToLowerInvariant());

    // A text from a file may break its lines as CR LF, one from the browser as LF: the same text either way.
    private static bool SameText(string stored, string typed) => stored.ReplaceLineEndings("\n") == typed.ReplaceLineEndings("\n");

    [System.Text.RegularExpressions.GeneratedRegex("/courses/(?<course>[a-z0-9-]+)/modules/(?<module>[a-z0-9-]+)/files/(?<file>[a-z0-9.-]+)")]
    private static partial System.Text.RegularExpressions.Regex OwnFileLinks();

    private void Apply(Module module, string title, string text, DateTime now)
    {
        module.Title = title;
        mapping.ApplyModuleText(module, text);
        module.UpdatedUtc = now;
    }
}
