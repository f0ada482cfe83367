using System.Globalization;

namespace CourseHub.Web.Infrastructure.Email;

/// <summary>A mail's words, rendered in the recipient's language.</summary>
public sealed record RenderedMail(string Subject, string Text, string Html);

public sealed record MailRecipient(string Address, string? Name, string Language);

/// <summary>An iCalendar part: the document and its iTIP method (REQUEST, CANCEL, PUBLISH).</summary>
public sealed record MailCalendar(string Ics, string Method);

public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// The languages mail is written in: English, Spanish and (Brazilian) Portuguese; anything else falls back to English.
/// </summary>
public static class MailLanguage
{
    public static string Normalise(string? language) => language?.Trim().ToLowerInvariant() switch
    {
        { } l when l.StartsWith("pt", StringComparison.Ordinal) => "pt",
        { } l when l.StartsWith("es", StringComparison.Ordinal) => "es",
        _ => "en",
    };

    /// <summary>The culture a mail in this language writes dates in ("mié 6 oct 2027", "qua. 6 out. 2027", "Wed 6 Oct 2027"), as the pages do.</summary>
    public static CultureInfo Culture(string? language) => CultureInfo.GetCultureInfo(Normalise(language) switch
    {
        "es" => "es",
        "pt" => "pt-BR",
        _ => "en",
    });
}
