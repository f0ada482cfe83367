using System.Globalization;
using System.Security.Cryptography;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.AspNetCore.DataProtection;

namespace CourseHub.Web.Features.Endorsements;

/// <summary>What a supervisor's link names: the application, which request to the supervisor it came with, and until when it works.</summary>
public sealed record EndorsementLink(int ApplicationId, int Request, DateTimeOffset? Expires = null)
{
    public bool HasExpiredAt(DateTimeOffset now) => Expires is { } expires && expires <= now;
}

/// <summary>
/// Signed, expiring links that let a supervisor endorse an application without an account. The token
/// names the application and the request it was mailed with, and cannot be forged or altered. It carries
/// its own expiry, so that a late supervisor is told the link has expired (and what to do) rather than
/// meeting a page that does not exist.
/// </summary>
public sealed class EndorsementLinks(IDataProtectionProvider protection, MailLayout layout, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(60);

    private readonly IDataProtector _protector = protection.CreateProtector("CourseHub.Endorsement.v2");

    // Links mailed before: the application (and later the request), with an expiry the protector enforced.
    private readonly ITimeLimitedDataProtector _earlier =
        protection.CreateProtector("CourseHub.Endorsement.v1").ToTimeLimitedDataProtector();

    /// <param name="language">The mail's language, which the page the link opens speaks too.</param>
    public string UrlFor(int applicationId, int request, string language) =>
        layout.Link($"/endorsements/{TokenFor(applicationId, request)}?lang={language}");

    public string TokenFor(int applicationId, int request) =>
        _protector.Protect(string.Create(CultureInfo.InvariantCulture,
            $"{applicationId}.{request}.{(clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds()}"));

    public EndorsementLink? Read(string? token)
    {
        if (Unprotect(_protector, token) is { } payload)
        {
            var parts = payload.Split('.');
            return parts.Length == 3 && Number(parts[0]) is { } id && Number(parts[1]) is { } request
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
                ? new EndorsementLink(id, request, DateTimeOffset.FromUnixTimeSeconds(expires))
                : null;
        }
        if (Unprotect(_earlier, token) is { } earlier)
        {
            // The very first links carry the application alone: they are its first request.
            var parts = earlier.Split('.');
            if (parts.Length > 2 || Number(parts[0]) is not { } id) return null;
            if (parts.Length == 1) return new EndorsementLink(id, 1);
            return Number(parts[1]) is { } request ? new EndorsementLink(id, request) : null;
        }
        return null;
    }

    private static string? Unprotect(IDataProtector protector, string? token)
    {
        // An address of spaces arrives as no token at all.
        if (string.IsNullOrWhiteSpace(token)) return null;
        try
        {
            return protector.Unprotect(token);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    private static int? Number(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
