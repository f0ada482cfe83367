namespace CourseHub.Web.Data.Entities;

/// <summary>A participant marked a module done. One per person and module; removing it marks the module undone.</summary>
public sealed class ModuleCompletion
{
    public int ModuleId { get; set; }
    public Module? Module { get; set; }
    public required string UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public DateTime CompletedUtc { get; set; }
}

/// <summary>
/// A certificate of completion, one per person and course. The facts it attests are copied when it is
/// issued, so that it reads the same however the course or the profile changes later.
/// </summary>
public sealed class Certificate
{
    public int Id { get; set; }
    /// <summary>The public verification code: random, unique, the address of the certificate.</summary>
    public required string Code { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    /// <summary>Null once the holder has deleted their account (the certificate stays verifiable).</summary>
    public string? UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public required string ParticipantName { get; set; }
    public required string CourseTitle { get; set; }
    public required string Organiser { get; set; }
    public required string Language { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public int Hours { get; set; }
    public DateTime IssuedUtc { get; set; }
    public DateTime? RevokedUtc { get; set; }
    public string? RevokedReason { get; set; }
    public string? RevokedBy { get; set; }
}

/// <summary>
/// An address a module had before it was renamed: links and bookmarks to it are sent on to the module's
/// address now, unless another module has taken it since.
/// </summary>
public sealed class ModuleFormerAddress
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public required string Slug { get; set; }
    public int ModuleId { get; set; }
    public Module? Module { get; set; }
}

/// <summary>The text of a module as one save left it: every save keeps one, so any can be viewed or restored.</summary>
public sealed class ModuleRevision
{
    /// <summary>The author of a revision that keeps a module's text as its content file gave it.</summary>
    public const string ContentFile = "content file";


    public int Id { get; set; }
    public int ModuleId { get; set; }
    public Module? Module { get; set; }
    public required string Title { get; set; }
    public required string Markdown { get; set; }
    public string? AuthorId { get; set; }
    /// <summary>The author's name at the time of the save.</summary>
    public required string AuthorName { get; set; }
    public DateTime SavedUtc { get; set; }
}

/// <summary>A message from a course's staff to its accepted participants, mailed and listed on the course page.</summary>
public sealed class Announcement
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public required string Title { get; set; }
    public required string Markdown { get; set; }
    public required string Html { get; set; }
    public string? AuthorId { get; set; }
    public required string AuthorName { get; set; }
    public DateTime CreatedUtc { get; set; }
    /// <summary>The token of the form that sent it (unique): posting the same form twice sends one announcement.</summary>
    public Guid? SubmissionId { get; set; }
}

/// <summary>An image or attachment uploaded with a module, served to whoever may read the module.</summary>
public sealed class ModuleFile
{
    public int Id { get; set; }
    public int ModuleId { get; set; }
    public Module? Module { get; set; }
    /// <summary>The file's name in its address: lowercase letters, digits, hyphens and one extension; unique within the module.</summary>
    public required string FileName { get; set; }
    /// <summary>Decided from the extension's allow-list, never from what the browser said.</summary>
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public long Length { get; set; }
    public DateTime UploadedUtc { get; set; }
    public required string UploadedBy { get; set; }
}
