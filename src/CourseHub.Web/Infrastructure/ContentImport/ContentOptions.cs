using System.ComponentModel.DataAnnotations;

namespace CourseHub.Web.Infrastructure.ContentImport;

public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>The folder of course folders; a relative path is taken from the app's content root.</summary>
    [Required]
    public string Path { get; set; } = "../../content";

    /// <summary>Import the folder when the site starts (idempotent: unchanged files are skipped).</summary>
    public bool ImportOnStart { get; set; } = true;
}
