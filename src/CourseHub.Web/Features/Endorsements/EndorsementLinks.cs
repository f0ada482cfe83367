using System.Globalization;
using System.Security.Cryptography;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.AspNetCore.DataProtection;

namespace CourseHub.Web.Features.Endorsements;

/// <summary>
/// Signed, expiring links that let a supervisor endorse an application without an account. The token
/// names the application and cannot be forged or altered.
/// </summary>
public sealed class EndorsementLinks(IDataProtectionProvider protection, MailLayout layout)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(60);

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("CourseHub.Endorsement.v1").ToTimeLimitedDataProtector();

    public string UrlFor(int applicationId) => layout.Link($"/endorsements/{TokenFor(applicationId)}");

    public string TokenFor(int applicationId) =>
        _protector.Protect(applicationId.ToString(CultureInfo.InvariantCulture), Lifetime);

    public int? ApplicationIdFrom(string token)
    {
        try
        {
            return int.TryParse(_protector.Unprotect(token), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
