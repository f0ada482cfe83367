using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Hosting;
using Microsoft.Extensions.Options;

namespace CourseHub.Web.Infrastructure.Email.Templates;

/// <summary>Whom a mail greets: their name, and their gender where they gave it.</summary>
public sealed record Addressee(string Name, Gender? Gender = null)
{
    public static Addressee Of(ApplicationUser user) => new(user.FullName, user.Gender);
}

/// <summary>
/// The frame of every mail: greeting, paragraphs, an optional button, and a footer with the
/// institute's name and the site's address, as plain text and as HTML.
/// </summary>
public sealed partial class MailLayout(IOptions<SiteOptions> site, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> T)
{
    public string PublicUrl => site.Value.PublicUrl.TrimEnd('/');

    /// <summary>
    /// "Santiago time", "hora de Ciudad de México": a zone named by its place in the mail's language, as the pages name
    /// it, rather than by its identifier. The calendar part keeps the identifier, which calendar programs read.
    /// </summary>
    public string ZoneName(string zone, string language) => InCultureOf(language, () => Features.Shared.Labels.ZoneTime(T, zone));

    // The interface's texts are looked up in the current culture: the mail's, for this lookup only.
    private static string InCultureOf(string language, Func<string?> lookup)
    {
        var reader = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(MailLanguage.Normalise(language));
        try
        {
            return lookup() ?? "";
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = reader;
        }
    }

    /// <summary>
    /// The salutation that opens a mail to a person, in their language: in Spanish and Portuguese it agrees with the
    /// gender the person gave, and takes both endings, as institutions write, when they gave none.
    /// </summary>
    public static string Greeting(string language, Addressee to) => (language, to.Gender) switch
    {
        ("es", Gender.Female) => $"Estimada {to.Name}:",
        ("es", Gender.Male) => $"Estimado {to.Name}:",
        // Neither ending fits someone who said they are non-binary: a greeting without one does.
        ("es", Gender.NonBinary) => $"Hola, {to.Name}:",
        ("es", _) => $"Estimado/a {to.Name}:",
        ("pt", Gender.Female) => $"Prezada {to.Name},",
        ("pt", Gender.Male) => $"Prezado {to.Name},",
        ("pt", Gender.NonBinary) => $"Olá, {to.Name},",
        ("pt", _) => $"Prezado(a) {to.Name},",
        _ => $"Dear {to.Name},",
    };

    /// <summary>An absolute link to a path of the site.</summary>
    public string Link(string pathAndQuery) => $"{PublicUrl}/{pathAndQuery.TrimStart('/')}";

    /// <param name="content">
    /// Text someone wrote in Markdown, after the paragraphs: its source in the text part, its rendering (already
    /// sanitized by <see cref="CourseHub.Core.Content.MarkdownRenderer"/>) in the HTML part, so that emphasis, lists and
    /// tables arrive as the author wrote them.
    /// </param>
    /// <param name="unsubscribeUrl">
    /// For mail a person may stop (announcements): the link that stops it, shown in the footer, since not every
    /// mail program offers the List-Unsubscribe header.
    /// </param>
    /// <param name="linkable">
    /// Addresses beyond the site's own that the HTML part makes links where a paragraph names them (a session's join
    /// link). No other address is: a paragraph quotes text people typed (a name, a supervisor's comment), and an
    /// address typed there must not arrive as a link in a mail the institute sends, to someone who trusts it.
    /// </param>
    public RenderedMail Compose(string language, string subject, string greeting, IReadOnlyList<string> paragraphs,
        (string Label, string Url)? action = null, string? afterAction = null, (string Markdown, string SanitizedHtml)? content = null,
        string? unsubscribeUrl = null, IReadOnlyCollection<string>? linkable = null)
    {
        var footer = $"{site.Value.Name} · {site.Value.TaglineIn(language)}";
        if (action is { } named) action = (named.Label, InLanguage(named.Url, language));
        // The site's addresses written into a sentence ("«Mis postulaciones» (https://…/applications)") name the
        // language too, as the button's does.
        paragraphs = paragraphs.Select(p => WebAddress().Replace(p, m => Trimmed(m.Value) is var url ? InLanguage(url, language) + m.Value[url.Length..] : m.Value)).ToList();
        var stop = unsubscribeUrl is null ? null : language switch
        {
            "es" => "¿No quiere recibir más anuncios? Seguirá recibiendo los correos sobre su cuenta, sus postulaciones y sus sesiones:",
            "pt" => "Não quer mais receber avisos? Você continuará recebendo os e-mails sobre sua conta, suas candidaturas e suas sessões:",
            _ => "No more announcements? You will still get mail about your account, your applications and your sessions:",
        };

        var text = new StringBuilder();
        text.Append(greeting).Append("\n\n");
        foreach (var paragraph in paragraphs) text.Append(paragraph).Append("\n\n");
        if (content is { } written)
        {
            var source = SiteRelativeMarkdown().Replace(written.Markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Trim(), $"${{lead}}{PublicUrl}/");
            text.Append(source).Append("\n\n");
        }
        if (action is { } a) text.Append(a.Label).Append(":\n").Append(a.Url).Append("\n\n");
        if (afterAction is not null) text.Append(afterAction).Append("\n\n");
        text.Append("-- \n").Append(footer).Append('\n').Append(PublicUrl).Append('\n');
        if (stop is not null) text.Append('\n').Append(stop).Append('\n').Append(unsubscribeUrl).Append('\n');

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(language).Append("\"><head><meta charset=\"utf-8\">")
            // Opened in a phone's browser (or a webmail that keeps the head), the mail fits the screen instead of a desktop's.
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
            .Append(Encode(subject)).Append("</title></head>")
            .Append("<body style=\"margin:0;padding:0;background:#f6f7f9;font-family:Arial,Helvetica,sans-serif;color:#1b2430\">")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr><td align=\"center\" style=\"padding:24px\">")
            .Append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" style=\"width:100%;max-width:600px;background:#ffffff;border-top:4px solid #b8540f\">")
            .Append("<tr><td style=\"background:#12355b;color:#ffffff;padding:16px 24px;font-size:18px;font-weight:bold\">")
            .Append(Encode(site.Value.Name)).Append("</td></tr>")
            .Append("<tr><td style=\"padding:24px;font-size:16px;line-height:1.5\">")
            .Append("<p>").Append(Encode(greeting)).Append("</p>");
        // A paragraph may be a note someone typed in lines: they stay lines in the HTML part too.
        // An address in a paragraph (a session's join link) is a link in the HTML part, as mail programs make it in the text one.
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(Linked(paragraph, linkable ?? []).ReplaceLineEndings("<br>")).Append("</p>");
        }
        if (content is { } rendered)
        {
            html.Append("<div>").Append(InCultureOf(language, () => Features.Shared.Prose.Show(SiteRelative().Replace(rendered.SanitizedHtml, $"$1=\"{PublicUrl}/"), T).ToString()))
                .Append("</div>");
        }
        if (action is { } b)
        {
            html.Append("<p style=\"margin:24px 0\"><a href=\"").Append(Encode(b.Url))
                .Append("\" style=\"background:#0b5394;color:#ffffff;padding:12px 20px;text-decoration:none;border-radius:4px;display:inline-block\">")
                .Append(Encode(b.Label)).Append("</a></p>")
                .Append("<p style=\"font-size:13px;color:#4a5563;word-break:break-all\">").Append(Encode(b.Url)).Append("</p>");
        }
        if (afterAction is not null) html.Append("<p>").Append(Encode(afterAction)).Append("</p>");
        html.Append("</td></tr><tr><td style=\"padding:16px 24px;font-size:13px;color:#4a5563;border-top:1px solid #dde1e6\">")
            .Append(Encode(footer)).Append("<br><a href=\"").Append(Encode(PublicUrl)).Append("\" style=\"color:#0b5394\">")
            .Append(Encode(PublicUrl)).Append("</a>");
        if (stop is not null)
        {
            html.Append("<br><br>").Append(Encode(stop)).Append(" <a href=\"").Append(Encode(unsubscribeUrl!)).Append("\" style=\"color:#0b5394\">")
                .Append(Encode(language switch { "es" => "Dejar de recibir anuncios", "pt" => "Deixar de receber avisos", _ => "Stop announcement emails" }))
                .Append("</a>");
        }
        html.Append("</td></tr></table></td></tr></table></body></html>");

        return new RenderedMail(subject, text.ToString(), html.ToString());
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    /// <summary>
    /// A link of the site that names the mail's language, so that the page it opens (often the sign-in page on the
    /// way) speaks it; a signed-in person's own language setting still decides their pages.
    /// </summary>
    private string InLanguage(string url, string language)
    {
        if (!url.StartsWith(PublicUrl + "/", StringComparison.Ordinal) || url.Contains("lang=", StringComparison.Ordinal)) return url;
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var (address, fragment) = hash < 0 ? (url, "") : (url[..hash], url[hash..]);
        return $"{address}{(address.Contains('?', StringComparison.Ordinal) ? '&' : '?')}lang={language}{fragment}";
    }

    /// <summary>The paragraph encoded, the site's addresses and those named linkable made links.</summary>
    private string Linked(string paragraph, IReadOnlyCollection<string> linkable)
    {
        var html = new StringBuilder();
        var last = 0;
        foreach (Match match in WebAddress().Matches(paragraph))
        {
            var url = Trimmed(match.Value);
            if (!url.StartsWith(PublicUrl + "/", StringComparison.Ordinal) && url != PublicUrl && !linkable.Contains(url)) continue;
            html.Append(Encode(paragraph[last..match.Index]))
                .Append("<a href=\"").Append(Encode(url)).Append("\" style=\"color:#0b5394\">").Append(Encode(url)).Append("</a>");
            last = match.Index + url.Length;
        }
        return html.Append(Encode(paragraph[last..])).ToString();
    }

    /// <summary>
    /// The punctuation that ends the sentence around an address is not part of it; a closing parenthesis is when the
    /// address opened one ("…/Foo_(bar)").
    /// </summary>
    private static string Trimmed(string url)
    {
        while (url.Length > 0 && (url[^1] is '.' or ',' or ';' or ':' or '!' or '?'
            || (url[^1] == ')' && url.Count(c => c == ')') > url.Count(c => c == '('))))
        {
            url = url[..^1];
        }
        return url;
    }

    // Up to white space, or a mark that quotes or encloses it in the text: <…>, "…", «…», “…”, ‘…’.
    [GeneratedRegex("""https?://[^\s<>"'«»“”‘’]+""")]
    private static partial Regex WebAddress();

    // A link or image written as a path of the site ("/courses/…", a module's file) works on the site but not in a
    // mail program, which has no site to resolve it against.
    [GeneratedRegex("""\b(href|src)="/(?!/)""")]
    private static partial Regex SiteRelative();

    // The same in the text part, where the Markdown source is shown: "[the programme](/courses/…)", "]( /courses/…)",
    // and a reference's definition, "[programme]: /courses/…".
    [GeneratedRegex("""(?<lead>\]\(\s*|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*)/(?!/)""", RegexOptions.Multiline)]
    private static partial Regex SiteRelativeMarkdown();
}
