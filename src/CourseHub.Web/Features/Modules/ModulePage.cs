using System.Text.Json;
using CourseHub.Core.Content;
using CourseHub.Core.Learning;
using CourseHub.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Modules;

/// <summary>A module in the course's list: <see cref="Readable"/> for the person looking, <see cref="Done"/> if they marked it.</summary>
public sealed record ModuleNavItem(string Slug, int Position, string Title, DateOnly? ReleaseOn = null, bool Readable = true, bool Done = false);

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
    public ModuleAccessResult Access { get; init; } = ModuleAccessResult.Readable;
    public ModuleReader Reader { get; init; } = ModuleReader.Visitor;
    public bool Preview { get; init; }
    /// <summary>False while staff preview the modules of a course that is not published yet.</summary>
    public bool CoursePublished { get; init; } = true;
    /// <summary>False while staff look at a draft.</summary>
    public bool ModulePublished { get; init; } = true;
    public bool SignedIn { get; init; }
    /// <summary>Whether the course takes applications now: a locked page invites to apply only then.</summary>
    public bool ApplicationsOpen { get; init; }
    /// <summary>The participant marked this module done.</summary>
    public bool Done { get; init; }

    private int Index => Modules.ToList().FindIndex(m => m.Slug == Slug);

    // The pager leads only to modules the reader can open: one not released yet (or not a preview, for a visitor) is
    // passed over, and the list beside says when it opens.
    public ModuleNavItem? Previous => Index > 0 ? Modules.Take(Index).LastOrDefault(m => m.Readable) : null;
    public ModuleNavItem? Next => Index >= 0 ? Modules.Skip(Index + 1).FirstOrDefault(m => m.Readable) : null;
}

/// <summary>
/// A module page: its already-rendered HTML (rendered once per revision) and the course's module list, decided
/// for the reader: staff read everything, participants what is released, others the previews only.
/// </summary>
public sealed class ModulePageQuery(CourseHubDbContext db, Learning.CourseReaders readers, TimeProvider clock)
{
    /// <summary>
    /// The address now of a module renamed from <paramref name="formerSlug"/>; null when no module of the course had
    /// it, or when the module (or its course) is a draft the person may not see: its new address is not theirs to learn.
    /// </summary>
    public async Task<string?> CurrentAddressAsync(string courseSlug, string formerSlug, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var moved = await db.ModuleFormerAddresses.AsNoTracking().Where(a => a.Slug == formerSlug && a.Module!.Course!.Slug == courseSlug)
            .Select(a => new { a.Module!.Slug, a.Module.CourseId, Visible = a.Module.Published && a.Module.Course!.Published })
            .FirstOrDefaultAsync(cancellationToken);
        if (moved is null) return null;
        return moved.Visible || await readers.ReaderAsync(moved.CourseId, user, cancellationToken) == ModuleReader.Staff ? moved.Slug : null;
    }

    public async Task<ModulePageViewModel?> RunAsync(string courseSlug, string moduleSlug, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking()
            .Where(c => c.Slug == courseSlug)
            .Select(c => new
            {
                c.Id,
                c.Slug,
                c.Title,
                c.Language,
                c.Published,
                Timeline = new Core.Courses.CourseTimeline(c.ApplicationsOpenUtc, c.ApplicationsCloseUtc, c.StartsUtc, c.EndsUtc),
                Modules = c.Modules.Where(m => m.Published).OrderBy(m => m.Position)
                    .Select(m => new { m.Id, m.Slug, m.Position, m.Title, m.ReleaseOn, m.ReleaseUtc, m.Preview }).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (course is null) return null;
        var reader = await readers.ReaderAsync(course.Id, user, cancellationToken);
        // The modules of an unpublished course are there only for its staff, as a preview.
        if (!course.Published && reader != ModuleReader.Staff) return null;

        var module = await db.Modules.AsNoTracking()
            // A draft is there for the course's staff, who check it as participants will see it before publishing.
            .Where(m => m.CourseId == course.Id && m.Slug == moduleSlug && (m.Published || reader == ModuleReader.Staff))
            .Select(m => new { m.Id, m.Slug, m.Title, m.ReleaseOn, m.ReleaseUtc, m.Preview, m.Html, m.TocJson, m.Published })
            .SingleOrDefaultAsync(cancellationToken);
        if (module is null) return null;

        var now = clock.GetUtcNow().UtcDateTime;
        var done = new HashSet<int>();
        if (reader == ModuleReader.Participant)
        {
            var userId = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
            var ids = course.Modules.Select(m => m.Id).ToList();
            done = (await db.ModuleCompletions.AsNoTracking().Where(c => c.UserId == userId && ids.Contains(c.ModuleId))
                .Select(c => c.ModuleId).ToListAsync(cancellationToken)).ToHashSet();
        }
        var access = ModuleAccess.Decide(module.Preview, module.ReleaseUtc, reader, now);
        var readable = access == ModuleAccessResult.Readable;

        return new ModulePageViewModel(
            course.Slug, course.Title, course.Language, module.Slug, module.Title, module.ReleaseOn,
            readable ? module.Html : "",
            readable ? JsonSerializer.Deserialize<List<TocEntry>>(module.TocJson) ?? [] : [],
            course.Modules.Select(m => new ModuleNavItem(m.Slug, m.Position, m.Title, m.ReleaseOn,
                ModuleAccess.Decide(m.Preview, m.ReleaseUtc, reader, now) == ModuleAccessResult.Readable, done.Contains(m.Id))).ToList())
        {
            Access = access,
            Reader = reader,
            Preview = module.Preview,
            CoursePublished = course.Published,
            ModulePublished = module.Published,
            SignedIn = user.Identity?.IsAuthenticated == true,
            Done = done.Contains(module.Id),
            ApplicationsOpen = course.Timeline.AreApplicationsOpen(now),
        };
    }
}
