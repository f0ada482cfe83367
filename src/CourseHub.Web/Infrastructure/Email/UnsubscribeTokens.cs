using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CourseHub.Web.Infrastructure.Email;

/// <summary>
/// The token in an unsubscribe link: the address, protected with the site's data-protection keys. Only
/// the site can make one, so holding a valid token is the proof that the mail reached that address; and
/// since the keys live in the database and are never deleted, an old link keeps working.
/// </summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider dataProtection)
{
    public const string Purpose = "CourseHub.Mail.Unsubscribe";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    /// <summary>The address as suppressions store it, so that case never lets a mail slip through.</summary>
    public static string Normalise(string address) => address.Trim().ToUpperInvariant();

    /// <summary>A URL-safe token (base64url) for the address.</summary>
    public string Create(string address) => _protector.Protect(Normalise(address));

    public bool TryRead(string? token, [NotNullWhen(true)] out string? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(token)) return false;
        try
        {
            address = _protector.Unprotect(token);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
