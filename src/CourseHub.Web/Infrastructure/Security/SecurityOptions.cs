using System.ComponentModel.DataAnnotations;

namespace CourseHub.Web.Infrastructure.Security;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Sign-in, registration and password posts allowed per client address and minute. A ministry's officials often
    /// share one address: a room signing in together for a live session must not be turned away. Guessing one
    /// account's password is slowed by its lockout, not by this.
    /// </summary>
    [Range(1, 100_000)]
    public int AuthRequestsPerMinute { get; set; } = 30;

    /// <summary>Failed sign-ins before an account is locked.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;
}
