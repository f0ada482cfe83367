using System.ComponentModel.DataAnnotations;

namespace CourseHub.Web.Infrastructure.Hosting;

public sealed class SiteOptions
{
    public const string Section = "Site";

    [Required]
    public string Name { get; set; } = "CourseHub";

    [Required]
    public string Tagline { get; set; } = "Training for the public officials of Latin America and the Caribbean";

    /// <summary>Folder for runtime files (database, mail, uploads); relative paths start at the content root.</summary>
    [Required]
    public string DataPath { get; set; } = "../../data";
}
