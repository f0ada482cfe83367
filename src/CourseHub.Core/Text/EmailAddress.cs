using System.Net.Mail;

namespace CourseHub.Core.Text;

/// <summary>
/// The one test of an address the site mails and names in calendar invitations: a bare local@domain, with
/// no space, control character, display name or angle brackets, at a domain with a dot in it ("a@b" reaches
/// no institution). .NET's own parser is more lenient ("a b@c.org" passes it) than mail servers and
/// calendar programs are.
/// </summary>
public static class EmailAddress
{
    public static bool IsPlain(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return false;
        var trimmed = address.Trim();
        var at = trimmed.LastIndexOf('@');
        var domain = at < 0 ? "" : trimmed[(at + 1)..];
        return at > 0 && at < trimmed.Length - 1
            && domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal)
            // Invisible format characters (a zero-width space) would make a second address that looks like the first.
            && !trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format
                || c is '<' or '>' or '(' or ')' or ',' or ';' or ':' or '"' or '[' or ']' or '\\')
            && MailAddress.TryCreate(trimmed, out var parsed) && parsed.Address == trimmed
            && Uri.TryCreate("mailto:" + trimmed, UriKind.Absolute, out _);
    }
}
