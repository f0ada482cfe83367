using System.ComponentModel.DataAnnotations;

namespace CourseHub.Web.Infrastructure.Hosting;

public sealed class SiteOptions
{
    public const string Section = "Site";

    [Required]
    public string Name { get; set; } = "CourseHub";

    [Required]
    public string Tagline { get; set; } = "Training for the public officials of Latin America and the Caribbean";

    [Required]
    public string TaglineEs { get; set; } = "Capacitación para los funcionarios públicos de América Latina y el Caribe";

    [Required]
    public string TaglinePt { get; set; } = "Capacitação para os servidores públicos da América Latina e do Caribe";

    /// <summary>The tagline in the given interface language.</summary>
    public string TaglineIn(string language) => language switch
    {
        "es" => TaglineEs,
        "pt" => TaglinePt,
        _ => Tagline,
    };

    /// <summary>Where reports of accessibility barriers (and other questions about the site) are sent.</summary>
    [Required, EmailAddress]
    public string ContactEmail { get; set; } = "contact@coursehub.local";

    /// <summary>The address people reach the site at; links in mail are built from it.</summary>
    [Required, Url]
    public string PublicUrl { get; set; } = "http://localhost:5220";

    /// <summary>Folder for runtime files (database, mail, uploads); relative paths start at the content root.</summary>
    [Required]
    public string DataPath { get; set; } = "../../data";
}
