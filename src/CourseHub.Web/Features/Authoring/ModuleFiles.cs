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
    /// <summary>What to paste into the module's Markdown to show or link the file.</summary>
    public string Snippet => IsImage ? $"![Describe the image]({Url})" : $"[{FileName}]({Url})";
}

public sealed record StoredFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Images and attachments uploaded with a module. The type comes from an allow-list of extensions (no SVG,
/// no HTML), the name is reduced to a safe address, and a file is served to exactly who may read its module.
/// </summary>
public sealed partial class ModuleFiles(CourseHubDbContext db, Learning.CourseReaders readers, IStringLocalizer<SharedResource> T, TimeProvider clock)
{
    public const long MaxBytes = 5 * 1024 * 1024;

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

    /// <summary>Stores (or replaces, by name) an upload; returns an error message, or null when stored. Throws nothing for bad input.</summary>
    public async Task<string?> UploadAsync(string slug, int moduleId, IFormFile? upload, string uploadedBy, CancellationToken cancellationToken)
    {
        var module = await db.Modules.AsNoTracking().SingleOrDefaultAsync(m => m.Id == moduleId && m.Course!.Slug == slug, cancellationToken);
        if (module is null) return T["No such module."];
        if (upload is null || upload.Length == 0) return T["Choose a file to upload."];
        if (upload.Length > MaxBytes) return T["The file is larger than 5 MB."];
        var extension = Path.GetExtension(upload.FileName);
        if (!Types.TryGetValue(extension, out var contentType))
        {
            return T["Files of that type cannot be uploaded. Accepted: {0}.", Accepted.Replace(",", ", ", StringComparison.Ordinal)];
        }
        var name = SafeName(Path.GetFileNameWithoutExtension(upload.FileName)) + extension.ToLowerInvariant().Replace(".jpeg", ".jpg", StringComparison.Ordinal);
        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, cancellationToken);
        var file = await db.ModuleFiles.SingleOrDefaultAsync(f => f.ModuleId == moduleId && f.FileName == name, cancellationToken);
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
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<bool> DeleteAsync(string slug, int moduleId, int fileId, CancellationToken cancellationToken) =>
        await db.ModuleFiles.Where(f => f.Id == fileId && f.ModuleId == moduleId && f.Module!.Course!.Slug == slug).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>
    /// The file, if its module is published and readable by this person now; otherwise why not. In a course
    /// that is not published yet, only its staff (previewing it) find the file at all.
    /// </summary>
    public async Task<(ModuleAccessResult? Access, StoredFile? File)> FindAsync(string slug, string moduleSlug, string fileName, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var module = await db.Modules.AsNoTracking()
            .Where(m => m.Course!.Slug == slug && m.Slug == moduleSlug && m.Published)
            .Select(m => new { m.Id, m.CourseId, CoursePublished = m.Course!.Published, m.Preview, m.ReleaseUtc }).SingleOrDefaultAsync(cancellationToken);
        if (module is null) return (null, null);
        var reader = await readers.ReaderAsync(module.CourseId, user, cancellationToken);
        if (!module.CoursePublished && reader != ModuleReader.Staff) return (null, null);
        var file = await db.ModuleFiles.AsNoTracking().Where(f => f.ModuleId == module.Id && f.FileName == fileName)
            .Select(f => new StoredFile(f.FileName, f.ContentType, f.Content)).SingleOrDefaultAsync(cancellationToken);
        if (file is null) return (null, null);
        var access = ModuleAccess.Decide(module.Preview, module.ReleaseUtc, reader, clock.GetUtcNow().UtcDateTime);
        return (access, access == ModuleAccessResult.Readable ? file : null);
    }

    public static string SafeName(string name)
    {
        // Accents are dropped rather than the letters that carry them: "Ñandú" becomes "nandu", not "and".
        var safe = Unsafe().Replace(Folding.Fold(name), "-").Trim('-');
        if (safe.Length > 80) safe = safe[..80].Trim('-');
        return safe.Length == 0 ? "file" : safe;
    }
}
