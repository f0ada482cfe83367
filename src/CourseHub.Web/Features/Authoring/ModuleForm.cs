using System.ComponentModel.DataAnnotations;

namespace CourseHub.Web.Features.Authoring;

/// <summary>What an instructor edits of a module.</summary>
public sealed record ModuleForm
{
    public const int MaxTextLength = 200_000;

    [Required(ErrorMessage = "Give the module a title.")]
    [StringLength(300, ErrorMessage = "The title can be at most 300 characters.")]
    [Shared.OneLine(ErrorMessage = "Write the title on one line.")]
    [Shared.Legible(ErrorMessage = "Give the module a title.")]
    public string? Title { get; init; }

    /// <summary>The module's address; only modules written in the browser can change it (files keep theirs).</summary>
    [StringLength(100, ErrorMessage = "The address can be at most 100 characters.")]
    public string? Slug { get; init; }

    /// <summary>Local date (course zone) from which participants may read it.</summary>
    [Display(Name = "Release date")]
    public DateOnly? ReleaseOn { get; init; }

    public bool Preview { get; init; }

    public bool Published { get; init; }

    /// <summary>
    /// The version of the module the editor opened (<see cref="ModuleEditing.VersionOf"/>): a save from a page
    /// opened before someone else's save would silently undo theirs.
    /// </summary>
    public string? Opened { get; init; }

    [Required(ErrorMessage = "Write the module's text.")]
    [StringLength(MaxTextLength, ErrorMessage = "The text can be at most 200,000 characters.")]
    public string? Markdown { get; init; }
}

/// <summary>A module about to be deleted, and what would go with it.</summary>
public sealed record ModuleDeletion(string CourseSlug, string CourseTitle, string Language, int ModuleId, string Title, bool Published, bool FromFile, int Revisions, int Files, int MarkedDone);

public sealed record AuthoringModuleItem(int Id, string Slug, int Position, string Title, bool Published, bool Preview, DateOnly? ReleaseOn, bool FromFile, int Revisions);

public sealed record AuthoringIndexViewModel(string Slug, string CourseTitle, string Language, IReadOnlyList<AuthoringModuleItem> Modules)
{
    public DateOnly CourseEndsOn { get; init; }
}

public sealed record ModuleEditorViewModel(string CourseSlug, string CourseTitle, string Language, int? ModuleId, bool FromFile, ModuleForm Form, string? PreviewHtml)
{
    public IReadOnlyList<ModuleFileItem> Files { get; init; } = [];

    /// <summary>The course's first and last days, beside the release date: a module that opens after the last one is read only once it is over.</summary>
    public (DateOnly StartsOn, DateOnly EndsOn) CourseDays { get; init; }

    /// <summary>
    /// The module would open after the course's last day: participants could read it only once the course is over, and
    /// their certificates wait for it, as every published module must be done.
    /// </summary>
    public static bool OpensAfterTheCourse(DateOnly? releaseOn, DateOnly courseEndsOn) => releaseOn > courseEndsOn;
}

/// <param name="FromFile">The text as the module's content file gave it, kept when it was first saved in the browser.</param>
public sealed record RevisionItem(int Id, string Title, string AuthorName, DateTime SavedUtc, bool IsCurrent, bool FromFile = false);

public sealed record RevisionsViewModel(string CourseSlug, string CourseTitle, string Language, int ModuleId, string ModuleTitle, string TimeZone, IReadOnlyList<RevisionItem> Revisions);

public enum DiffLineKind { Unchanged, Removed, Added }

public sealed record DiffLine(DiffLineKind Kind, string Text);

public sealed record RevisionViewModel(
    string CourseSlug, string CourseTitle, string Language, string TimeZone, int ModuleId, string ModuleTitle, RevisionItem Revision, string Markdown,
    string Html, IReadOnlyList<DiffLine> Diff);
