using System.Text.Json;
using CourseHub.Core.Content;
using CourseHub.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Modules;

public sealed record ModuleNavItem(string Slug, int Position, string Title);

public sealed record ModulePageViewModel(
    string CourseSlug,
    string CourseTitle,
    string Language,
    string Slug,
    string Title,
    DateOnly? ReleaseOn,
    string Html,
    IReadOnlyList<TocEntry> Toc,
    IReadOnlyList<ModuleNavItem> Modules)
{
    private int Index => Modules.ToList().FindIndex(m => m.Slug == Slug);
    public ModuleNavItem? Previous => Index > 0 ? Modules[Index - 1] : null;
    public ModuleNavItem? Next => Index >= 0 && Index < Modules.Count - 1 ? Modules[Index + 1] : null;
}

/// <summary>A module page: its already-rendered HTML (rendered once per revision) and the course's module list.</summary>
public sealed class ModulePageQuery(CourseHubDbContext db)
{
    public async Task<ModulePageViewModel?> RunAsync(string courseSlug, string moduleSlug, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking()
            .Where(c => c.Slug == courseSlug && c.Published)
            .Select(c => new
            {
                c.Slug,
                c.Title,
                c.Language,
                Modules = c.Modules.Where(m => m.Published).OrderBy(m => m.Position)
                    .Select(m => new ModuleNavItem(m.Slug, m.Position, m.Title)).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (course is null) return null;

        var module = await db.Modules.AsNoTracking()
            .Where(m => m.Course!.Slug == courseSlug && m.Slug == moduleSlug && m.Published)
            .Select(m => new { m.Slug, m.Title, m.ReleaseOn, m.Html, m.TocJson })
            .SingleOrDefaultAsync(cancellationToken);
        if (module is null) return null;

        return new ModulePageViewModel(
            course.Slug, course.Title, course.Language, module.Slug, module.Title, module.ReleaseOn, module.Html,
            JsonSerializer.Deserialize<List<TocEntry>>(module.TocJson) ?? [], course.Modules);
    }
}
