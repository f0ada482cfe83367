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
    MarkdownRenderer markdown,
    TimeProvider clock,
    IOutputCacheStore outputCache,
    Features.Sessions.SessionInvitations invitations,
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

        var changedSessions = new List<(LiveSession Session, InviteChange Change)>();
        if (course is null)
        {
            course = NewCourse(parsed.Document!);
            db.Courses.Add(course);
            Apply(course, parsed.Document!, hash, now);
            tally.Added++;
        }
        else if (course.ContentHash != hash)
        {
            changedSessions = Apply(course, parsed.Document!, hash, now);
            tally.Updated++;
        }
        else
        {
            tally.Unchanged++;
        }

        ImportModules(course, Path.Combine(folder, "modules"), tally, now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        // A session edited in the file is the same as one edited in the browser: participants hear of it.
        foreach (var (session, change) in changedSessions)
        {
            await invitations.SendToAllAsync(course, session, change, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static Course NewCourse(CourseDocument document) => new()
    {
        Slug = document.Slug,
        Title = document.Title,
        Summary = document.Summary,
        Language = document.Language,
        Organiser = document.Organiser,
        Audience = document.Audience,
        TimeZone = document.TimeZone,
        Currency = document.Currency,
        DescriptionMarkdown = string.Empty,
        DescriptionHtml = string.Empty,
    };

    private List<(LiveSession, InviteChange)> Apply(Course course, CourseDocument document, string hash, DateTime now)
    {
        var zone = ZonedTime.FindZone(document.TimeZone);
        course.Title = document.Title;
        course.Summary = document.Summary;
        course.Language = document.Language;
        course.Modality = document.Modality;
        course.Organiser = document.Organiser;
        course.OrganiserEmail = document.OrganiserEmail;
        course.Partners = document.Partners.ToList();
        course.Audience = document.Audience;
        course.TimeZone = document.TimeZone;
        course.Hours = document.Hours;
        course.FeeMinor = document.FeeMinor;
        course.Currency = document.Currency;
        course.Capacity = document.Capacity;
        course.ScholarshipQuota = document.Scholarships;
        course.ScholarshipNote = document.ScholarshipNote;
        course.ApplicationsOpenUtc = document.ApplicationsOpenUtc;
        course.ApplicationsCloseUtc = document.ApplicationsCloseUtc;
        course.ResultsDate = document.ResultsDate;
        course.StartsOn = document.StartsOn;
        course.EndsOn = document.EndsOn;
        course.StartsUtc = ZonedTime.StartOfDayUtc(document.StartsOn, zone);
        course.EndsUtc = ZonedTime.StartOfDayUtc(document.EndsOn.AddDays(1), zone);
        course.Published = document.Published;
        course.SupervisorEndorsement = document.SupervisorEndorsement;
        course.InstructorsReview = document.InstructorsReview;
        course.Rubric = (document.Rubric ?? []).ToList();
        course.ScholarshipReplyDays = document.ScholarshipReplyDays;
        course.CompletionAttendance = document.CompletionAttendance;
        course.DescriptionMarkdown = document.Description;
        course.DescriptionHtml = markdown.Render(document.Description).Html;
        course.ContentHash = hash;
        course.UpdatedUtc = now;

        course.Phases.Clear();
        course.Phases.AddRange(document.Phases.Select((p, i) => new CoursePhase
        {
            Position = i + 1,
            Name = p.Name,
            Modality = p.Modality,
            StartsOn = p.StartsOn,
            EndsOn = p.EndsOn,
            Venue = p.Venue,
        }));

        return MergeSessions(course, document.Sessions);
    }

    /// <summary>
    /// Sessions are matched by title so that each keeps its calendar UID; a change of time, duration or
    /// place raises its SEQUENCE, and a session gone from the file is cancelled rather than forgotten.
    /// </summary>
    private static List<(LiveSession, InviteChange)> MergeSessions(Course course, IReadOnlyList<SessionDocument> sessions)
    {
        var changes = new List<(LiveSession, InviteChange)>();
        var existing = course.Sessions.ToDictionary(s => s.Title, StringComparer.OrdinalIgnoreCase);
        foreach (var incoming in sessions)
        {
            if (existing.Remove(incoming.Title, out var session))
            {
                var moved = session.StartsUtc != incoming.StartsUtc
                    || session.Minutes != incoming.Minutes
                    || session.JoinUrl != incoming.JoinUrl
                    || session.Room != incoming.Room
                    || session.Cancelled;
                if (moved)
                {
                    session.Sequence++;
                    changes.Add((session, session.Cancelled ? InviteChange.New : InviteChange.Updated));
                }
                session.Cancelled = false;
            }
            else
            {
                session = new LiveSession { Uid = Guid.NewGuid(), Title = incoming.Title, Organisation = incoming.Organisation };
                course.Sessions.Add(session);
                changes.Add((session, InviteChange.New));
            }
            session.Title = incoming.Title;
            session.Organisation = incoming.Organisation;
            session.Speaker = incoming.Speaker;
            session.StartsUtc = incoming.StartsUtc;
            session.Minutes = incoming.Minutes;
            session.JoinUrl = incoming.JoinUrl;
            session.Room = incoming.Room;
            session.Description = incoming.Description;
        }
        foreach (var dropped in existing.Values.Where(s => !s.Cancelled))
        {
            dropped.Cancelled = true;
            dropped.Sequence++;
            changes.Add((dropped, InviteChange.Cancelled));
        }
        return changes;
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
                tally.Unchanged++;
                continue;
            }
            else
            {
                tally.Updated++;
            }

            var rendered = markdown.Render(document.Markdown);
            module.Title = document.Title;
            module.Position = document.Position;
            module.ReleaseOn = document.ReleaseOn;
            module.ReleaseUtc = document.ReleaseOn is { } day ? ZonedTime.StartOfDayUtc(day, zone) : null;
            module.Preview = document.Preview;
            module.Published = true;
            module.Markdown = document.Markdown;
            module.Html = rendered.Html;
            module.TocJson = JsonSerializer.Serialize(rendered.Toc);
            module.ContentHash = hash;
            module.UpdatedUtc = now;
        }
    }

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
