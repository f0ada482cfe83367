using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CourseHub.Core.Content;
using CourseHub.Core.Sessions;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Infrastructure.ContentImport;

/// <summary>
/// Imports <c>content/&lt;slug&gt;/course.md</c> and <c>modules/NN-slug.md</c> into the database, keyed by
/// slug. A file whose text has not changed is skipped, so a second run changes nothing. A broken file
/// is reported with its path and reason and skipped; the rest still imports.
/// </summary>
public sealed class ContentImporter(
    CourseHubDbContext db,
    CourseMapping mapping,
    TimeProvider clock,
    IOutputCacheStore outputCache,
    Features.Sessions.SessionInvitations invitations,
    Features.Applications.ApplicationWorkflow applications,
    ILogger<ContentImporter> logger)
{
    public const string CacheTag = "content";

    public async Task<ImportReport> ImportAsync(string root, CancellationToken cancellationToken = default)
    {
        var tally = new Tally();
        if (!Directory.Exists(root))
        {
            logger.LogWarning("Content folder {Root} does not exist; nothing imported", root);
            return tally.Report();
        }

        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            await ImportCourseFolderAsync(folder, tally, cancellationToken);
        }

        var report = tally.Report();
        foreach (var problem in report.Problems)
        {
            logger.LogWarning("Content file {Path} was not imported: {Reason}", problem.Path, problem.Reason);
        }
        logger.LogInformation(
            "Content imported from {Root}: {Added} added, {Updated} updated, {Unchanged} unchanged, {Problems} refused",
            root, report.Added, report.Updated, report.Unchanged, report.Problems.Count);
        if (report.ChangedAnything)
        {
            await outputCache.EvictByTagAsync(CacheTag, cancellationToken);
        }
        return report;
    }

    private async Task ImportCourseFolderAsync(string folder, Tally tally, CancellationToken cancellationToken)
    {
        var slug = Path.GetFileName(folder);
        var coursePath = Path.Combine(folder, "course.md");
        if (!File.Exists(coursePath))
        {
            tally.Problems.Add(new ImportProblem(coursePath, "course.md is missing"));
            return;
        }

        var text = await File.ReadAllTextAsync(coursePath, cancellationToken);
        var parsed = ContentParser.ParseCourse(slug, text);
        if (!parsed.Succeeded)
        {
            tally.Problems.Add(new ImportProblem(coursePath, string.Join("; ", parsed.Errors)));
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Hash(text);
        var course = await db.Courses
            .Include(c => c.Phases)
            .Include(c => c.Sessions)
            .Include(c => c.Modules)
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken);

        var changedSessions = new List<(LiveSession Session, InviteChange Change, SessionMails.SessionFacts? Previous)>();
        var newPlan = false;
        var before = (StartsOn: default(DateOnly), EndsOn: default(DateOnly));
        if (course is null)
        {
            course = CourseMapping.NewCourse(parsed.Document!);
            db.Courses.Add(course);
            Apply(course, parsed.Document!, hash, now);
            tally.Added++;
        }
        else if (course.ContentHash != hash)
        {
            var was = CourseMapping.ToDocument(course);
            var plan = Features.CourseAdmin.CourseAdministration.Plan(was);
            before = (was.StartsOn, was.EndsOn);
            var wasOver = now >= course.EndsUtc;
            changedSessions = Apply(course, parsed.Document!, hash, now);
            newPlan = plan != Features.CourseAdmin.CourseAdministration.Plan(CourseMapping.ToDocument(course)) && !(wasOver && now >= course.EndsUtc);
            tally.Updated++;
        }
        else
        {
            tally.Unchanged++;
        }

        ImportModules(course, Path.Combine(folder, "modules"), tally, now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        // A session edited in the file is the same as one edited in the browser: participants hear of it, as they do of
        // the course's new days.
        foreach (var (session, change, previous) in changedSessions)
        {
            await invitations.SendToAllAsync(course, session, change, cancellationToken, previous);
        }
        if (newPlan) await applications.TellOfNewDatesAsync(course, before, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private List<(LiveSession Session, InviteChange Change, SessionMails.SessionFacts? Previous)> Apply(Course course, CourseDocument document, string hash, DateTime now)
    {
        mapping.ApplyFacts(course, document, now);
        course.ContentHash = hash;
        return CourseMapping.MergeSessions(course, document.Sessions, now);
    }

    private void ImportModules(Course course, string modulesFolder, Tally tally, DateTime now)
    {
        if (!Directory.Exists(modulesFolder)) return;
        var zone = ZonedTime.FindZone(course.TimeZone);
        foreach (var file in Directory.EnumerateFiles(modulesFolder, "*.md").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            var parsed = ContentParser.ParseModule(Path.GetFileName(file), text);
            if (!parsed.Succeeded)
            {
                tally.Problems.Add(new ImportProblem(file, string.Join("; ", parsed.Errors)));
                continue;
            }
            var document = parsed.Document!;
            var hash = Hash(text);
            var module = course.Modules.SingleOrDefault(m => m.Slug == document.Slug);
            if (module is null)
            {
                module = new Module { Slug = document.Slug, Title = document.Title, Markdown = "", Html = "", TocJson = "[]" };
                course.Modules.Add(module);
                tally.Added++;
            }
            else if (module.ContentHash == hash)
            {
                // The file is as it was, but the course's zone may not be: its release day starts at midnight there.
                module.ReleaseUtc = ReleaseUtc(module.ReleaseOn, zone);
                tally.Unchanged++;
                continue;
            }
            else
            {
                tally.Updated++;
            }

            module.Title = document.Title;
            module.Position = document.Position;
            module.ReleaseOn = document.ReleaseOn;
            module.ReleaseUtc = ReleaseUtc(document.ReleaseOn, zone);
            module.Preview = document.Preview;
            module.Published = true;
            mapping.ApplyModuleText(module, document.Markdown);
            module.ContentHash = hash;
            module.UpdatedUtc = now;
        }
    }

    /// <summary>A module opens at midnight of its release day in the course's zone.</summary>
    public static DateTime? ReleaseUtc(DateOnly? releaseOn, TimeZoneInfo zone) => releaseOn is { } day ? ZonedTime.StartOfDayUtc(day, zone) : null;

    // The renderer's version is part of the hash: a new rendering re-imports every file once.
    private static string Hash(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(MarkdownRenderer.Version + "\n" + text)));

    private sealed class Tally
    {
        public int Added;
        public int Updated;
        public int Unchanged;
        public List<ImportProblem> Problems { get; } = [];

        public ImportReport Report() => new(Added, Updated, Unchanged, Problems.ToList());
    }
}
