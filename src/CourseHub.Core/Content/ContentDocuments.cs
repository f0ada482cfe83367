using CourseHub.Core.Courses;

namespace CourseHub.Core.Content;

/// <summary>A course as read from <c>content/&lt;slug&gt;/course.md</c>, validated, with times converted to UTC.</summary>
public sealed record CourseDocument(
    string Slug,
    string Title,
    string Summary,
    string Language,
    Modality Modality,
    string Organiser,
    IReadOnlyList<string> Partners,
    string Audience,
    string TimeZone,
    int Hours,
    long FeeMinor,
    string Currency,
    int Capacity,
    int Scholarships,
    string? ScholarshipNote,
    DateTime ApplicationsOpenUtc,
    DateTime ApplicationsCloseUtc,
    DateOnly? ResultsDate,
    IReadOnlyList<PhaseDocument> Phases,
    IReadOnlyList<SessionDocument> Sessions,
    bool Published,
    string Description,
    bool SupervisorEndorsement = false,
    bool InstructorsReview = true,
    IReadOnlyList<string>? Rubric = null,
    int ScholarshipReplyDays = 7,
    string? OrganiserEmail = null,
    int CompletionAttendance = Learning.CompletionRule.DefaultAttendancePercent)
{
    public DateOnly StartsOn => Phases.Min(p => p.StartsOn);
    public DateOnly EndsOn => Phases.Max(p => p.EndsOn);
}

public sealed record PhaseDocument(string Name, Modality Modality, DateOnly StartsOn, DateOnly EndsOn, string? Venue);

public sealed record SessionDocument(
    string Title,
    string Organisation,
    string? Speaker,
    DateTime StartsUtc,
    int Minutes,
    string? JoinUrl,
    string? Room,
    string? Description);

/// <summary>A module as read from <c>content/&lt;slug&gt;/modules/NN-slug.md</c>.</summary>
public sealed record ModuleDocument(
    string Slug,
    int Position,
    string Title,
    DateOnly? ReleaseOn,
    bool Preview,
    string Markdown);

/// <summary>One problem found in a content file or course form: the front-matter key it concerns (such as
/// <c>applications_close</c> or <c>phases[2].ends</c>; empty for the file as a whole) and the reason.</summary>
public sealed record ContentError(string Key, string Message)
{
    public override string ToString() => Message;
}

/// <summary>The outcome of reading one content file: a document, or the reasons it was refused.</summary>
public sealed record ParseResult<T>(T? Document, IReadOnlyList<ContentError> Problems) where T : class
{
    public bool Succeeded => Document is not null && Problems.Count == 0;

    public IReadOnlyList<string> Errors => Problems.Select(p => p.Message).ToList();

    public static ParseResult<T> Ok(T document) => new(document, []);
    public static ParseResult<T> Fail(IEnumerable<ContentError> errors) => new(null, errors.ToList());
    public static ParseResult<T> Fail(string error) => new(null, [new ContentError("", error)]);
}

/// <summary>
/// The facts of a course as written: the front matter of <c>course.md</c> (keys in snake_case; an unknown key
/// is an error, so a typo is reported instead of ignored), or what the course form posted. Nothing is checked
/// yet: <see cref="ContentParser.ReadCourse"/> judges it.
/// </summary>
public sealed class CourseFrontMatter
{
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public string? Language { get; set; }
    public string? Modality { get; set; }
    public string? Organiser { get; set; }
    public List<string>? Partners { get; set; }
    public string? Audience { get; set; }
    public string? TimeZone { get; set; }
    public int? Hours { get; set; }
    public decimal? Fee { get; set; }
    public string? Currency { get; set; }
    public int? Capacity { get; set; }
    public int? Scholarships { get; set; }
    public string? ScholarshipNote { get; set; }
    public string? ApplicationsOpen { get; set; }
    public string? ApplicationsClose { get; set; }
    public string? ResultsDate { get; set; }
    public List<PhaseFrontMatter>? Phases { get; set; }
    public List<SessionFrontMatter>? Sessions { get; set; }
    public bool? Published { get; set; }
    public bool? SupervisorEndorsement { get; set; }
    public bool? InstructorsReview { get; set; }
    public List<string>? Rubric { get; set; }
    public int? ScholarshipReplyDays { get; set; }
    public string? OrganiserEmail { get; set; }
    public int? CompletionAttendance { get; set; }
}

public sealed class PhaseFrontMatter
{
    public string? Name { get; set; }
    public string? Modality { get; set; }
    public string? Starts { get; set; }
    public string? Ends { get; set; }
    public string? Venue { get; set; }
}

public sealed class SessionFrontMatter
{
    public string? Title { get; set; }
    public string? Organisation { get; set; }
    public string? Speaker { get; set; }
    public string? Starts { get; set; }
    public int? Minutes { get; set; }
    public string? JoinUrl { get; set; }
    public string? Room { get; set; }
    public string? Description { get; set; }
}
