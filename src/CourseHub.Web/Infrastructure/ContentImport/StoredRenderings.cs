using CourseHub.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Infrastructure.ContentImport;

/// <summary>
/// Modules and course descriptions are rendered once, when their text changes, and their pages serve the stored HTML.
/// When the rendering itself changes (<see cref="CourseMapping.RenderingEdition"/>), the texts rendered before are
/// rendered again at start, so that every page follows the new rules, not only those saved since. Only the HTML and
/// contents are written: the texts, and the content hashes that tell the importer what changed, stay as they are.
/// </summary>
public sealed class StoredRenderings(CourseHubDbContext db, CourseMapping mapping)
{
    // Only earlier editions: a node of an older build, restarted during a rolling upgrade, leaves newer renderings alone.
    private const int Batch = 100;

    /// <returns>How many modules and descriptions were rendered again.</returns>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var refreshed = 0;
        var after = 0;
        while (await db.Modules.AsNoTracking().Where(m => m.Id > after && m.RenderedEdition < CourseMapping.RenderingEdition)
            .OrderBy(m => m.Id).Take(Batch).Select(m => new { m.Id, m.Markdown }).ToListAsync(cancellationToken) is { Count: > 0 } modules)
        {
            foreach (var module in modules)
            {
                var (html, toc) = mapping.RenderModule(module.Markdown);
                // Only if the text is still the one rendered: a save meanwhile (on another node) rendered its own.
                refreshed += await db.Modules.Where(m => m.Id == module.Id && m.Markdown == module.Markdown).ExecuteUpdateAsync(set => set
                    .SetProperty(m => m.Html, html).SetProperty(m => m.TocJson, toc).SetProperty(m => m.RenderedEdition, CourseMapping.RenderingEdition),
                    cancellationToken);
            }
            after = modules[^1].Id;
        }
        after = 0;
        while (await db.Courses.AsNoTracking().Where(c => c.Id > after && c.DescriptionRenderedEdition < CourseMapping.RenderingEdition)
            .OrderBy(c => c.Id).Take(Batch).Select(c => new { c.Id, c.DescriptionMarkdown }).ToListAsync(cancellationToken) is { Count: > 0 } courses)
        {
            foreach (var course in courses)
            {
                var html = mapping.RenderDescription(course.DescriptionMarkdown);
                refreshed += await db.Courses.Where(c => c.Id == course.Id && c.DescriptionMarkdown == course.DescriptionMarkdown).ExecuteUpdateAsync(set => set
                    .SetProperty(c => c.DescriptionHtml, html).SetProperty(c => c.DescriptionRenderedEdition, CourseMapping.RenderingEdition),
                    cancellationToken);
            }
            after = courses[^1].Id;
        }
        return refreshed;
    }
}
