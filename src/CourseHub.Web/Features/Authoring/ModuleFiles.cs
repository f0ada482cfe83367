using System.Security.Claims;
using System.Text.RegularExpressions;
using CourseHub.Core.Learning;
using CourseHub.Core.Text;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Authoring;

public sealed record ModuleFileItem(int Id, string FileName, string ContentType, long Length, string Url)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
    /// <summary>What to paste into the module's Markdown to show or link the file; an image's alternative text is for the author to write.</summary>
    public string Snippet(string describeTheImage) => IsImage ? $"![{describeTheImage}]({Url})" : $"[{FileName}]({Url})";
}

public sealed record StoredFile(string FileName, string ContentType, byte[] Content);

/// <summary>A file about to be deleted, and whether the module's text still shows or links to it.</summary>
public sealed record FileDeletion(string CourseSlug, string CourseTitle, string Language, int ModuleId, string ModuleTitle, ModuleFileItem File, bool UsedInText);

/// <summary>What became of an upload: refused (with why), or stored under a name, maybe in place of the earlier file of that name.</summary>
public sealed record UploadResult(string? Error, string? StoredAs = null, bool Replaced = false);

/// <summary>
/// Images and attachments uploaded with a module. The type comes from an allow-list of extensions (no SVG,
/// no HTML), the name is reduced to a safe address, and a file is served to exactly who may read its module.
/// </summary>
public sealed partial class ModuleFiles(CourseHubDbContext db, Learning.CourseReaders readers, IStringLocalizer<SharedResource> T, TimeProvider clock)
{
    public const long MaxBytes = 5 * 1024 * 1024;

    /// <summary>
    /// The largest upload request taken in: well above <see cref="MaxBytes"/>, so that the common file a little
    /// too large (a 6 or 8 MB PDF) reaches the check that says so, rather than being cut off as a bad request.
    /// </summary>
    public const long LargestRequest = 64 * 1024 * 1024;

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".gif"] = "image/gif", [".webp"] = "image/webp",
        [".pdf"] = "application/pdf", [".csv"] = "text/csv", [".txt"] = "text/plain",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    };

    public static string Accepted => string.Join(",", Types.Keys);

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex Unsafe();

    public async Task<IReadOnlyList<ModuleFileItem>> ListAsync(string slug, int moduleId, CancellationToken cancellationToken) =>
        await db.ModuleFiles.AsNoTracking().Where(f => f.ModuleId == moduleId && f.Module!.Course!.Slug == slug).OrderBy(f => f.FileName)
            .Select(f => new ModuleFileItem(f.Id, f.FileName, f.ContentType, f.Length, "/courses/" + slug + "/modules/" + f.Module!.Slug + "/files/" + f.FileName))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Stores an upload under its safe name. A file of the same name is replaced (an author updates a chart and
    /// the module's links keep working), and the result says so. A name with no Latin letter at all gets a
    /// numbered name of its own ("file-2.pdf"), rather than replacing another such upload. Throws nothing for bad input.
    /// </summary>
    public async Task<UploadResult> UploadAsync(string slug, int moduleId, IFormFile? upload, string uploadedBy, CancellationToken cancellationToken)
    {
        var module = await db.Modules.AsNoTracking().SingleOrDefaultAsync(m => m.Id == moduleId && m.Course!.Slug == slug, cancellationToken);
        if (module is null) return new(T["No such module."]);
        if (upload is null || upload.Length == 0) return new(T["Choose a file to upload."]);
        if (upload.Length > MaxBytes) return new(T["The file is larger than 5 MB."]);
        var extension = Path.GetExtension(upload.FileName);
        if (!Types.TryGetValue(extension, out var contentType))
        {
            return new(T["Files of that type cannot be uploaded. Accepted: {0}.", Accepted.Replace(",", ", ", StringComparison.Ordinal)]);
        }
        extension = extension.ToLowerInvariant().Replace(".jpeg", ".jpg", StringComparison.Ordinal);
        var stem = SafeStem(Path.GetFileNameWithoutExtension(upload.FileName));
        var name = (stem.Length == 0 ? Unnamed : stem) + extension;
        if (stem.Length == 0)
        {
            var taken = await db.ModuleFiles.Where(f => f.ModuleId == moduleId && f.FileName.StartsWith(Unnamed)).Select(f => f.FileName).ToListAsync(cancellationToken);
            for (var n = 2; taken.Contains(name); n++) name = $"{Unnamed}-{n}{extension}";
        }
        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, cancellationToken);
        var file = await db.ModuleFiles.SingleOrDefaultAsync(f => f.ModuleId == moduleId && f.FileName == name, cancellationToken);
        var replaced = file is not null;
        if (file is null)
        {
            file = new ModuleFile { ModuleId = moduleId, FileName = name, ContentType = contentType, Content = [], UploadedBy = uploadedBy };
            db.ModuleFiles.Add(file);
        }
        file.ContentType = contentType;
        file.Content = buffer.ToArray();
        file.Length = file.Content.Length;
        file.UploadedBy = uploadedBy;
        file.UploadedUtc = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another upload took the same name at the same moment; the unique index kept that one.
            return new(T["Another file of this name was uploaded at the same moment; please upload yours again."]);
        }
        return new(null, name, replaced);
    }

    /// <summary>What deleting the file would break: asked before it is done. Null: no such file of this module.</summary>
    public async Task<FileDeletion?> DeletionAsync(string slug, int moduleId, int fileId, CancellationToken cancellationToken)
    {
        var module = await db.Modules.AsNoTracking().Where(m => m.Id == moduleId && m.Course!.Slug == slug)
            .Select(m => new { m.Title, m.Markdown, CourseTitle = m.Course!.Title, m.Course.Language }).SingleOrDefaultAsync(cancellationToken);
        var file = (await ListAsync(slug, moduleId, cancellationToken)).SingleOrDefault(f => f.Id == fileId);
        if (module is null || file is null) return null;
        // The text links a file by its address, ".../modules/{module}/files/{name}", with or without the site before it.
        var used = module.Markdown.Contains(file.Url, StringComparison.OrdinalIgnoreCase);
        return new FileDeletion(slug, module.CourseTitle, module.Language, moduleId, module.Title, file, used);
    }

    public async Task<bool> DeleteAsync(string slug, int moduleId, int fileId, CancellationToken cancellationToken) =>
        await db.ModuleFiles.Where(f => f.Id == fileId && f.ModuleId == moduleId && f.Module!.Course!.Slug == slug).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>
    /// The file, if its module is published and readable by this person now; otherwise why not. Of a module or
    /// a course that is not published yet, only its staff (previewing it) find the file at all.
    /// </summary>
    public async Task<(ModuleAccessResult? Access, StoredFile? File)> FindAsync(string slug, string moduleSlug, string fileName, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var module = await db.Modules.AsNoTracking()
            .Where(m => m.Course!.Slug == slug && m.Slug == moduleSlug)
            .Select(m => new { m.Id, m.CourseId, m.Published, CoursePublished = m.Course!.Published, m.Preview, m.ReleaseUtc }).SingleOrDefaultAsync(cancellationToken);
        if (module is null) return (null, null);
        var reader = await readers.ReaderAsync(module.CourseId, user, cancellationToken);
        // A draft's images show in its editor's preview: staff find the files of unpublished modules and courses.
        if ((!module.Published || !module.CoursePublished) && reader != ModuleReader.Staff) return (null, null);
        // Decided before the file is looked for: to someone who may not read the module yet, a file that exists and
        // one that does not answer alike, so its files' names are not theirs to learn (nor its bytes read for them).
        var access = ModuleAccess.Decide(module.Preview, module.ReleaseUtc, reader, clock.GetUtcNow().UtcDateTime);
        if (access != ModuleAccessResult.Readable) return (access, null);
        var file = await db.ModuleFiles.AsNoTracking().Where(f => f.ModuleId == module.Id && f.FileName == fileName)
            .Select(f => new StoredFile(f.FileName, f.ContentType, f.Content)).SingleOrDefaultAsync(cancellationToken);
        return file is null ? (null, null) : (access, file);
    }

    /// <summary>The name of an upload whose name has no Latin letter or digit to keep.</summary>
    private const string Unnamed = "file";

    public static string SafeName(string name)
    {
        var stem = SafeStem(name);
        return stem.Length == 0 ? Unnamed : stem;
    }

    /// <summary>The name's Latin letters and digits, lower case, joined by hyphens; empty when it has none.</summary>
    private static string SafeStem(string name)
    {
        // Accents are dropped rather than the letters that carry them: "Ñandú" becomes "nandu", not "and".
        var safe = Unsafe().Replace(Folding.Fold(name), "-").Trim('-');
        return safe.Length > 80 ? safe[..80].Trim('-') : safe;
    }
}
