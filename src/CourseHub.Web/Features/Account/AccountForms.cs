using System.ComponentModel.DataAnnotations;
using CourseHub.Web.Data.Entities;

namespace CourseHub.Web.Features.Account;

/// <summary>The official profile, shared by registration and profile editing.</summary>
public record ProfileFields
{
    [Required(ErrorMessage = "Enter your full name.")]
    [StringLength(200, ErrorMessage = "The name can be at most 200 characters.")]
    [Shared.OneLine(ErrorMessage = "Write the name on one line.")]
    [Shared.Legible(ErrorMessage = "Enter your full name.")]
    [Shared.NoWebAddress(ErrorMessage = "A name cannot contain a web address.")]
    [Display(Name = "Full name")]
    public string FullName { get; init; } = "";

    [Required(ErrorMessage = "Choose the country you serve.")]
    [KnownCountry(ErrorMessage = "Choose a country from the list.")]
    [Display(Name = "Country")]
    public string Country { get; init; } = "";

    [Required(ErrorMessage = "Enter your institution.")]
    [StringLength(200, ErrorMessage = "The institution can be at most 200 characters.")]
    [Shared.OneLine(ErrorMessage = "Write the institution on one line.")]
    [Shared.Legible(ErrorMessage = "Enter your institution.")]
    [Display(Name = "Institution")]
    public string Institution { get; init; } = "";

    [Required(ErrorMessage = "Enter your position.")]
    [StringLength(200, ErrorMessage = "The position can be at most 200 characters.")]
    [Shared.OneLine(ErrorMessage = "Write the position on one line.")]
    [Shared.Legible(ErrorMessage = "Enter your position.")]
    [Display(Name = "Position")]
    public string Position { get; init; } = "";

    [Required(ErrorMessage = "Choose your level of government.")]
    [Display(Name = "Level of government")]
    public GovernmentLevel? GovernmentLevel { get; init; }

    [Display(Name = "Gender (optional)")]
    public Gender? Gender { get; init; }

    /// <summary>Where the person is: session times and deadlines are shown in it too. Empty: each course's zone only.</summary>
    [KnownTimeZone(ErrorMessage = "Choose a time zone from the list.")]
    [Display(Name = "Your time zone")]
    public string? TimeZone { get; init; }

    [Required(ErrorMessage = "Choose your preferred language.")]
    [RegularExpression("^(en|es|pt)$", ErrorMessage = "Choose English, Spanish or Portuguese.")]
    [Display(Name = "Preferred language")]
    public string PreferredLanguage { get; init; } = "en";
}

public sealed record RegisterForm : ProfileFields
{
    /// <summary>The page that sent the visitor to register (the course they meant to apply to), where signing in leads after confirming.</summary>
    public string? ReturnUrl { get; init; }

    [Required(ErrorMessage = "Enter your email address.")]
    [Shared.PlainEmail(ErrorMessage = "Enter an email address like name@institution.gov.")]
    [StringLength(254, ErrorMessage = "{0} can be at most {1} characters.")]
    [Display(Name = "Email")]
    public string Email { get; init; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [MinLength(10, ErrorMessage = "The password must be at least 10 characters long.")]
    [MaxLength(200, ErrorMessage = "The password can be at most 200 characters long.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; init; } = "";

    [Required(ErrorMessage = "Repeat the password.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
    [DataType(DataType.Password)]
    [Display(Name = "Repeat the password")]
    public string ConfirmPassword { get; init; } = "";
}

public sealed record ProfileForm : ProfileFields
{

    /// <summary>Shown beside the form, which does not send it: announcements have a form (and a link in each) of their own.</summary>
    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever]
    public bool AnnouncementsOff { get; init; }
}

public sealed record SignInForm
{
    // Only looks an account up: an address registration once took must still sign in.
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@institution.gov.")]
    [Display(Name = "Email")]
    public string Email { get; init; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; init; } = "";

    [Display(Name = "Keep me signed in on this device")]
    public bool RememberMe { get; init; }

    public string? ReturnUrl { get; init; }
}

public sealed record EmailForm
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@institution.gov.")]
    [Display(Name = "Email")]
    public string Email { get; init; } = "";

    /// <summary>The page of the site a newcomer was on before registering, to come back to once signed in.</summary>
    public string? ReturnUrl { get; init; }
}

public sealed record ResetPasswordForm
{
    [Required]
    public string UserId { get; init; } = "";

    [Required]
    public string Token { get; init; } = "";

    [Required(ErrorMessage = "Choose a new password.")]
    [MinLength(10, ErrorMessage = "The password must be at least 10 characters long.")]
    [MaxLength(200, ErrorMessage = "The password can be at most 200 characters long.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string Password { get; init; } = "";

    [Required(ErrorMessage = "Repeat the new password.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
    [DataType(DataType.Password)]
    [Display(Name = "Repeat the new password")]
    public string ConfirmPassword { get; init; } = "";

    /// <summary>Where signing in afterwards leads: the page a newcomer was on when they registered.</summary>
    public string? ReturnUrl { get; init; }
}

public sealed record ChangePasswordForm
{
    [Required(ErrorMessage = "Enter your current password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string CurrentPassword { get; init; } = "";

    [Required(ErrorMessage = "Choose a new password.")]
    [MinLength(10, ErrorMessage = "The password must be at least 10 characters long.")]
    [MaxLength(200, ErrorMessage = "The password can be at most 200 characters long.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string NewPassword { get; init; } = "";

    [Required(ErrorMessage = "Repeat the new password.")]
    [Compare(nameof(NewPassword), ErrorMessage = "The two passwords do not match.")]
    [DataType(DataType.Password)]
    [Display(Name = "Repeat the new password")]
    public string ConfirmPassword { get; init; } = "";
}

public sealed record DeleteAccountForm
{
    [Required(ErrorMessage = "Enter your password to confirm.")]
    [DataType(DataType.Password)]
    [Display(Name = "Your password")]
    public string Password { get; init; } = "";
}

/// <summary>A page with a heading and a message, for the steps of the account journeys.</summary>
public sealed record AccountMessageViewModel(string Heading, string Message, string? LinkText = null, string? LinkUrl = null);

/// <summary>An ISO 3166-1 code from the country list (empty is left to [Required]).</summary>
public sealed class KnownCountryAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) =>
        value is not string code || code.Length == 0 || Core.Accounts.Countries.IsKnown(code);
}

/// <summary>
/// A zone of the profile's list, or none (empty): only a listed zone can show as chosen when the page comes
/// back, so that saving the form again keeps it.
/// </summary>
public sealed class KnownTimeZoneAttribute : ValidationAttribute
{
    /// <summary>The IANA zones a person can choose: the region/city names this machine knows, without aliases like "UTC" or "EST".</summary>
    public static IReadOnlyList<string> Choices { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) && Core.Sessions.ZonedTime.IsKnownZone(id))
        .Order(StringComparer.Ordinal).ToList();

    private static readonly HashSet<string> Chosen = new(Choices, StringComparer.Ordinal);

    public override bool IsValid(object? value) => value is not string zone || zone.Length == 0 || Chosen.Contains(zone);
}
