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

/// <summary>The outcome of reading one content file: a document, or the reasons it was refused.</summary>
public sealed record ParseResult<T>(T? Document, IReadOnlyList<string> Errors) where T : class
{
    public bool Succeeded => Document is not null && Errors.Count == 0;

    public static ParseResult<T> Ok(T document) => new(document, []);
    public static ParseResult<T> Fail(IEnumerable<string> errors) => new(null, errors.ToList());
    public static ParseResult<T> Fail(string error) => new(null, [error]);
}
