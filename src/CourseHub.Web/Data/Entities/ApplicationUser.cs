using CourseHub.Core.Text;
using Microsoft.AspNetCore.Identity;

namespace CourseHub.Web.Data.Entities;

public enum GovernmentLevel
{
    National,
    Subnational,
    Local,
    Other,
}

public enum Gender
{
    Female,
    Male,
    NonBinary,
    PreferNotToSay,
}

/// <summary>An official's account and profile. Identity keeps the credentials; the rest is the profile.</summary>
public sealed class ApplicationUser : IdentityUser
{
    public string FullName { get; set; } = "";
    /// <summary>ISO 3166-1 alpha-2 code.</summary>
    public string Country { get; set; } = "";
    public string Institution { get; set; } = "";
    public string Position { get; set; } = "";
    public GovernmentLevel GovernmentLevel { get; set; }
    /// <summary>Optional; asked only for the statistics that funders request.</summary>
    public Gender? Gender { get; set; }
    /// <summary>"en", "es" or "pt": the language of the interface and of every mail to this person.</summary>
    public string PreferredLanguage { get; set; } = "en";
    /// <summary>IANA zone for showing session times in the person's own time, when it differs from the course's.</summary>
    public string? TimeZone { get; set; }
    public DateTime CreatedUtc { get; set; }
    /// <summary>Secret of the personal calendar feed URL; null when the feed is off.</summary>
    public string? CalendarFeedToken { get; set; }

    /// <summary>
    /// Name, email, institution and country, folded for search (<see cref="Fold"/>), so that "oscar nunez"
    /// finds "Óscar Núñez" on any database. Computed, never set: EF reads it from the getter at every save and
    /// stores it whenever one of those facts changed.
    /// </summary>
    public string SearchKey
    {
        get => SearchKeyOf(FullName, Email, Institution, Country);
        private set { }
    }

    // A separator no one types, so that a search cannot match across the end of one fact and the start of the next.
    public static string SearchKeyOf(string fullName, string? email, string institution, string country) =>
        Folding.Fold($"{fullName}\u001f{email}\u001f{institution}\u001f{country}");
}
