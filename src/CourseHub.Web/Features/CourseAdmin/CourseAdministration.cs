using CourseHub.Core.Content;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Data;
using CourseHub.Web.Features.Audit;
using CourseHub.Web.Infrastructure.ContentImport;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.CourseAdmin;

/// <summary>A course about to be unpublished, and how many accepted participants would lose its pages.</summary>
public sealed record UnpublishQuestion(string Slug, string Title, string Language, bool Published, int Participants);

/// <summary>The outcome of saving the course form: the course's address, or the problems by field (nothing saved).</summary>
public sealed record CourseSaveResult(string? Slug, IReadOnlyDictionary<string, string> Errors)
{
    public bool Saved => Slug is not null && Errors.Count == 0;

    /// <summary>Those the waitlist gave the new seats to.</summary>
    public IReadOnlyList<string> Promoted { get; init; } = [];

    /// <summary>How many accepted participants were mailed the course's new dates.</summary>
    public int ToldOfNewDates { get; init; }

    /// <summary>Sessions still to come that the course's dates, as saved, no longer span.</summary>
    public int SessionsOutsideDates { get; init; }

    /// <summary>Refused because someone saved the course meanwhile: the version the form now stands on.</summary>
    public string? StoredVersion { get; init; }
}

/// <summary>
/// Admins create, edit, publish and unpublish courses. The form is read by the rules of <c>course.md</c> and
/// applied by the importer's own mapping; every write is audited and evicts the public pages.
/// </summary>
public sealed class CourseAdministration(
    CourseHubDbContext db, CourseMapping mapping, AuditLog audit, Applications.ApplicationWorkflow applications, TimeProvider clock, IOutputCacheStore outputCache)
{
    private const string DuplicateSlug = "Another course already has that address.";
    // The count is in brackets, where the form's messages name the values they are about, so that each is translated with it.
    private static string FewerSeatsThanAccepted(int accepted) =>
        $"The seats cannot be fewer than the participants accepted already ({accepted}).";
    private static string FewerScholarshipsThanHeld(int held) =>
        $"The quota cannot be lower than the scholarships offered or accepted already ({held}).";
    private const string RubricInUse = "Applications have been scored with these criteria: they cannot change now.";
    private const string SavedMeanwhile = "Someone else saved this course after you opened it. Your version is below and is not saved: compare it with the course's page, then save again to replace theirs.";

    /// <summary>A short fingerprint of everything the course form shows of a course, to tell whether it changed since a form was opened.</summary>
    public static string VersionOf(Course course) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(FormFacts(CourseMapping.ToDocument(course)))))[..16];

    /// <summary>
    /// The course as its form holds it: without its live sessions and its state of publication, which have pages and
    /// buttons of their own (a session scheduled meanwhile is no change to the form).
    /// </summary>
    private static string FormFacts(CourseDocument document) => ContentWriter.Course(document with { Sessions = [], Published = false });

    public Task<List<CourseAdminItem>> ListAsync(CancellationToken cancellationToken) =>
        db.Courses.AsNoTracking().OrderByDescending(c => c.StartsOn).ThenBy(c => c.Title)
            .Select(c => new CourseAdminItem(c.Slug, c.Title, c.Language, c.Modality, c.StartsOn, c.EndsOn, c.Published, c.ContentHash != null,
                db.Applications.Count(a => a.CourseId == c.Id),
                db.Applications.Count(a => a.CourseId == c.Id && a.State == ApplicationState.Submitted), c.ScholarshipQuota))
            .ToListAsync(cancellationToken);

    public async Task<CourseEditorViewModel?> EditorAsync(string slug, CancellationToken cancellationToken)
    {
        var course = await LoadAsync(slug, cancellationToken);
        return course is null ? null : new CourseEditorViewModel(course.Slug, course.Title, course.Published, course.ContentHash != null,
            CourseForms.From(CourseMapping.ToDocument(course)) with { Opened = VersionOf(course) }) { Instructors = await InstructorsAsync(course.Id, cancellationToken) };
    }

    /// <summary>The page around a posted form: the course as stored (null: no such course), with the form as typed.</summary>
    public async Task<CourseEditorViewModel?> EditorAsync(string slug, CourseForm form, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Where(c => c.Slug == slug)
            .Select(c => new { c.Id, c.Slug, c.Title, c.Published, FromFile = c.ContentHash != null }).SingleOrDefaultAsync(cancellationToken);
        return course is null ? null : new CourseEditorViewModel(course.Slug, course.Title, course.Published, course.FromFile,
            form with { Slug = course.Slug, Phases = CourseForms.WithSpareRows(form.Phases) }) { Instructors = await InstructorsAsync(course.Id, cancellationToken) };
    }

    private async Task<IReadOnlyList<CourseInstructorItem>> InstructorsAsync(int courseId, CancellationToken cancellationToken) =>
        await db.CourseInstructors.Where(i => i.CourseId == courseId)
            .OrderBy(i => i.User!.FullName)
            .Select(i => new CourseInstructorItem(i.UserId, i.User!.FullName, i.User.Email!))
            .ToListAsync(cancellationToken);

    /// <summary>A new course, unpublished until an admin publishes it.</summary>
    public async Task<CourseSaveResult> CreateAsync(CourseForm form, Actor actor, CancellationToken cancellationToken)
    {
        var slug = form.Slug?.Trim().ToLowerInvariant() ?? "";
        var (document, errors) = CourseForms.Read(slug, form, published: false);
        if (!errors.ContainsKey(nameof(CourseForm.Slug)) && await db.Courses.AnyAsync(c => c.Slug == slug, cancellationToken))
        {
            errors[nameof(CourseForm.Slug)] = DuplicateSlug;
        }
        if (document is null || errors.Count > 0) return new CourseSaveResult(null, errors);

        var course = CourseMapping.NewCourse(document);
        mapping.ApplyFacts(course, document, clock.GetUtcNow().UtcDateTime);
        db.Courses.Add(course);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another admin (or an import) took the address between the check above and this save: the unique index kept theirs.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return new CourseSaveResult(null, new Dictionary<string, string> { [nameof(CourseForm.Slug)] = DuplicateSlug });
        }
        audit.Record(actor, "course.created", course.Id, null, null, "Draft", course.Title);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CourseSaveResult(course.Slug, errors);
    }

    /// <summary>
    /// Saves every fact of the form over the course; its sessions (edited on their own page) and its state of
    /// publication (the publish buttons) stay as they are. Null: no such course.
    /// </summary>
    public async Task<CourseSaveResult?> UpdateAsync(string slug, CourseForm form, Actor actor, CancellationToken cancellationToken)
    {
        var courseId = await db.Courses.Where(c => c.Slug == slug).Select(c => (int?)c.Id).SingleOrDefaultAsync(cancellationToken);
        if (courseId is null) return null;
        // Under the course's write lock, as decisions and awards are, and read under it: none can slip in between
        // what is checked here and the save.
        await using var transaction = await db.BeginCourseWriteAsync(courseId.Value, cancellationToken);
        var course = await LoadAsync(slug, cancellationToken, tracked: true);
        if (course is null) return null;
        var (document, errors) = CourseForms.Read(course.Slug, form, course.Published);
        if (document is null || errors.Count > 0) return new CourseSaveResult(null, errors);
        // Someone saved the course (its description, say) after this form was opened: saving the form over it would
        // undo their change without anyone knowing. Unless the form holds what is stored already (sent twice).
        var stored = VersionOf(course);
        if (form.Opened is { Length: > 0 } opened && opened != stored && FormFacts(document) != FormFacts(CourseMapping.ToDocument(course)))
        {
            return new CourseSaveResult(null, new Dictionary<string, string> { [""] = SavedMeanwhile }) { StoredVersion = stored };
        }

        var accepted = await db.Applications.CountAsync(a => a.CourseId == course.Id && a.State == ApplicationState.Accepted, cancellationToken);
        var holding = await db.Applications.CountAsync(a => a.CourseId == course.Id
            && (a.Scholarship == ScholarshipState.Awarded || a.Scholarship == ScholarshipState.Accepted), cancellationToken);
        if (document.Capacity < accepted) errors[nameof(CourseForm.Capacity)] = FewerSeatsThanAccepted(accepted);
        if (document.Scholarships < holding) errors[nameof(CourseForm.Scholarships)] = FewerScholarshipsThanHeld(holding);
        // Scores are stored one per criterion in the rubric's order: changing it would put them under other criteria.
        if (!(document.Rubric ?? []).SequenceEqual(course.Rubric, StringComparer.Ordinal)
            && await db.Applications.Where(a => a.CourseId == course.Id).AnyAsync(a => db.ApplicationReviews.Any(r => r.ApplicationId == a.Id), cancellationToken))
        {
            errors[nameof(CourseForm.Rubric)] = RubricInUse;
        }
        if (errors.Count > 0) return new CourseSaveResult(null, errors);

        var before = CourseMapping.ToDocument(course);
        var now = clock.GetUtcNow().UtcDateTime;
        var wasOver = now >= course.EndsUtc;
        mapping.ApplyFacts(course, document, now);
        if (course.TimeZone != before.TimeZone) await MoveReleasesToZoneAsync(course, cancellationToken);
        // A quota lowered below what waits to pass on takes those freed awards back: raised again later, its room is the
        // admins' to give, not the reserve list's.
        course.ScholarshipsToPassOn = ScholarshipRules.StillToPassOn(course.ScholarshipsToPassOn, holding, course.ScholarshipQuota);
        var after = CourseMapping.ToDocument(course);
        var changed = ChangedFacts(before, after);
        foreach (var change in changed) audit.Record(actor, EditedAction, course.Id, null, change.Before, change.After, change.Fact);
        var newPlan = Plan(before) != Plan(after);
        // A correction to an edition that is over tells nobody; a course still to come or under way does, also one cut
        // short to end before today.
        var told = newPlan && !(wasOver && now >= course.EndsUtc)
            ? await applications.TellOfNewDatesAsync(course, (before.StartsOn, before.EndsOn), cancellationToken)
            : 0;
        await db.SaveChangesAsync(cancellationToken);
        // New seats are offered to the waitlist at once, in its order, as a seat freed by a withdrawal is.
        var promoted = course.Capacity > before.Capacity ? await applications.FillFreedSeatsAsync(course, cancellationToken) : [];
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await outputCache.EvictByTagAsync(ContentImporter.CacheTag, cancellationToken);
        return new CourseSaveResult(course.Slug, errors)
        {
            Promoted = promoted, ToldOfNewDates = told, SessionsOutsideDates = newPlan ? SessionsOutsideDates(course, now) : 0,
        };
    }

    /// <summary>The course's sessions still to come on a day outside its dates.</summary>
    private static int SessionsOutsideDates(Course course, DateTime now)
    {
        var zone = Core.Sessions.ZonedTime.FindZone(course.TimeZone);
        return course.Sessions.Count(s => !s.Cancelled && s.StartsUtc > now
            && DateOnly.FromDateTime(Core.Sessions.ZonedTime.ToLocal(s.StartsUtc, zone)) is var day && (day < course.StartsOn || day > course.EndsOn));
    }

    /// <summary>What participants plan around: each phase's days, how it is taught and where.</summary>
    internal static string Plan(CourseDocument course) =>
        string.Join(" | ", course.Phases.Select(p => $"{p.Modality} {p.StartsOn:yyyy-MM-dd} {p.EndsOn:yyyy-MM-dd} {p.Venue}"));

    /// <summary>A module opens at midnight of its release day in the course's zone: when the zone changes, so does that instant.</summary>
    private async Task MoveReleasesToZoneAsync(Course course, CancellationToken cancellationToken)
    {
        var zone = Core.Sessions.ZonedTime.FindZone(course.TimeZone);
        foreach (var module in await db.Modules.Where(m => m.CourseId == course.Id && m.ReleaseOn != null).ToListAsync(cancellationToken))
        {
            module.ReleaseUtc = ContentImporter.ReleaseUtc(module.ReleaseOn, zone);
        }
    }

    /// <summary>What unpublishing a course would take away, for the question asked first. Null: no such course.</summary>
    public Task<UnpublishQuestion?> UnpublishQuestionAsync(string slug, CancellationToken cancellationToken) =>
        db.Courses.AsNoTracking().Where(c => c.Slug == slug)
            .Select(c => new UnpublishQuestion(c.Slug, c.Title, c.Language, c.Published,
                db.Applications.Count(a => a.CourseId == c.Id && a.State == ApplicationState.Accepted && a.UserId != null)))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>Publishes or unpublishes a course: an unpublished one leaves the catalogue and its pages. Null: no such course.</summary>
    public async Task<bool?> SetPublishedAsync(string slug, bool published, Actor actor, CancellationToken cancellationToken)
    {
        var course = await db.Courses.SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (course is null) return null;
        if (course.Published == published) return false;
        course.Published = published;
        course.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        audit.Record(actor, published ? "course.published" : "course.unpublished", course.Id, null,
            published ? "Draft" : "Published", published ? "Published" : "Draft");
        await db.SaveChangesAsync(cancellationToken);
        await outputCache.EvictByTagAsync(ContentImporter.CacheTag, cancellationToken);
        return true;
    }

    private Task<Course?> LoadAsync(string slug, CancellationToken cancellationToken, bool tracked = false)
    {
        var courses = tracked ? db.Courses : db.Courses.AsNoTracking();
        return courses.Include(c => c.Phases).Include(c => c.Sessions).AsSplitQuery().SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken);
    }

    /// <summary>
    /// The audit action of a change to a course's facts: one line per fact, its note the fact's key in
    /// <c>course.md</c> (or "description"), which the audit page names in its reader's language.
    /// </summary>
    public const string EditedAction = "course.edited";

    /// <summary>
    /// The keys of <c>course.md</c> whose written form differs (plus "description"): the file format is the list
    /// of facts, so comparing the two files names every change without a list of properties to keep in step.
    /// </summary>
    public static IReadOnlyList<CourseFactChange> ChangedFacts(CourseDocument before, CourseDocument after)
    {
        static Dictionary<string, string> Facts(CourseDocument document)
        {
            var text = ContentWriter.Course(document with { Description = "" });
            var facts = new Dictionary<string, string>(StringComparer.Ordinal);
            var key = "";
            foreach (var line in text.Split('\n').Skip(1).TakeWhile(l => l != "---"))
            {
                if (!line.StartsWith(' ')) key = line.Split(':')[0];
                facts[key] = facts.GetValueOrDefault(key, "") + line + "\n";
            }
            return facts;
        }
        // A one-line fact says what it was and what it is now; a list (phases, rubric) only that it changed.
        static string? Value(string? fact) => fact is not null && fact.Count(c => c == '\n') == 1 ? Unquoted(fact[(fact.IndexOf(':') + 1)..].Trim()) : null;
        static string Unquoted(string yaml) => yaml.Length < 2 || yaml[0] != yaml[^1] ? yaml : yaml[0] switch
        {
            '"' => yaml[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal),
            '\'' => yaml[1..^1].Replace("''", "'", StringComparison.Ordinal),
            _ => yaml,
        };
        var (old, now) = (Facts(before), Facts(after));
        var changed = now.Keys.Union(old.Keys)
            // Sessions are not on this form: a new time zone only rewrites their local times in the file's terms.
            .Where(k => k != "sessions" && old.GetValueOrDefault(k) != now.GetValueOrDefault(k))
            .Select(k => Value(old.GetValueOrDefault(k)) is { } was && Value(now.GetValueOrDefault(k)) is { } isNow && was.Length + isNow.Length <= 160
                ? new CourseFactChange(k, was, isNow)
                : new CourseFactChange(k, null, null))
            .ToList();
        if (before.Description != after.Description) changed.Add(new CourseFactChange(DescriptionFact, null, null));
        return changed;
    }

    public const string DescriptionFact = "description";
}

/// <summary>One fact of a course that an edit changed: its key in <c>course.md</c>, and what it was and is where that fits on a line.</summary>
public sealed record CourseFactChange(string Fact, string? Before, string? After);
