using System.Globalization;
using System.Security.Cryptography;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.AspNetCore.DataProtection;

namespace CourseHub.Web.Features.Endorsements;

/// <summary>What a supervisor's link names: the application, and which request to the supervisor it came with.</summary>
public sealed record EndorsementLink(int ApplicationId, int Request);

/// <summary>
/// Signed, expiring links that let a supervisor endorse an application without an account. The token
/// names the application and the request it was mailed with, and cannot be forged or altered.
/// </summary>
public sealed class EndorsementLinks(IDataProtectionProvider protection, MailLayout layout)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(60);

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("CourseHub.Endorsement.v1").ToTimeLimitedDataProtector();

    /// <param name="language">The mail's language, which the page the link opens speaks too.</param>
    public string UrlFor(int applicationId, int request, string language) =>
        layout.Link($"/endorsements/{TokenFor(applicationId, request)}?lang={language}");

    public string TokenFor(int applicationId, int request) =>
        _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{applicationId}.{request}"), Lifetime);

    public EndorsementLink? Read(string token)
    {
        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        // Links mailed before applicants could ask again carry the application alone: they are the first request.
        var parts = payload.Split('.');
        if (parts.Length > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return null;
        if (parts.Length == 1) return new EndorsementLink(id, 1);
        return int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var request) ? new EndorsementLink(id, request) : null;
    }
}
