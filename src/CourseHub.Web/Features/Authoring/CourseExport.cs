using System.IO.Compression;
using System.Text;
using CourseHub.Core.Content;
using CourseHub.Web.Data;
using CourseHub.Web.Infrastructure.ContentImport;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Authoring;

/// <summary>
/// A course as it stands in the database, written back as its content folder (<c>course.md</c> and
/// <c>modules/NN-slug.md</c>) in a zip: what was edited in the browser can go back into git. Unpublished modules
/// and cancelled sessions are left out, as the file format has no place for them; uploaded files too.
/// </summary>
public sealed class CourseExport(CourseHubDbContext db)
{
    public async Task<byte[]?> ZipAsync(string slug, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Include(c => c.Phases).Include(c => c.Sessions).Include(c => c.Modules).AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (course is null) return null;
        var document = CourseMapping.ToDocument(course);

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            await AddAsync(zip, $"{slug}/course.md", ContentWriter.Course(document), cancellationToken);
            var position = 0;
            foreach (var module in course.Modules.Where(m => m.Published).OrderBy(m => m.Position).ThenBy(m => m.Id))
            {
                // Positions are renumbered 1..n, the order the course shows.
                var (fileName, text) = ContentWriter.Module(new ModuleDocument(module.Slug, ++position, module.Title, module.ReleaseOn, module.Preview, module.Markdown));
                await AddAsync(zip, $"{slug}/modules/{fileName}", text, cancellationToken);
            }
        }
        return buffer.ToArray();
    }

    private static async Task AddAsync(ZipArchive zip, string path, string text, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await stream.WriteAsync(new UTF8Encoding(false).GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal)), cancellationToken);
    }
}
