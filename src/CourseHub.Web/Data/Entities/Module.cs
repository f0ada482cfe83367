namespace CourseHub.Web.Data.Entities;

public sealed class Module
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public required string Slug { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    /// <summary>Local date (course zone) from which participants may read the module.</summary>
    public DateOnly? ReleaseOn { get; set; }
    public DateTime? ReleaseUtc { get; set; }
    /// <summary>Readable by anyone, as a sample of the course.</summary>
    public bool Preview { get; set; }
    public bool Published { get; set; }
    public required string Markdown { get; set; }
    /// <summary>Sanitised HTML of <see cref="Markdown"/>, rendered once when the text changes.</summary>
    public required string Html { get; set; }
    /// <summary>The headings of <see cref="Html"/> as JSON, for the table of contents.</summary>
    public required string TocJson { get; set; }
    /// <summary>The <see cref="ContentImport.CourseMapping.RenderingEdition"/> that made <see cref="Html"/>: an older one is made again at start.</summary>
    public int RenderedEdition { get; set; }
    public string? ContentHash { get; set; }
    public DateTime UpdatedUtc { get; set; }
}
