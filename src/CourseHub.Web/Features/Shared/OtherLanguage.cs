using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Shared;

/// <summary>
/// A sentence of the interface that quotes a course's own words ("Scholarships: Estado abierto…"): the quoted
/// part is marked with the course's language, so that a screen reader reads it in that language's voice.
/// </summary>
public static class OtherLanguage
{
    // Letters of every script stay as they are; only what HTML reserves is escaped.
    internal static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <param name="sentence">The interface's sentence with one placeholder, <c>T["Scholarships: {0}"]</c>.</param>
    public static IHtmlContent Quote(LocalizedString sentence, string part, string language)
    {
        var marked = $"<span lang=\"{Encoder.Encode(language)}\">{Encoder.Encode(part)}</span>";
        return new HtmlString(string.Format(CultureInfo.InvariantCulture, Encoder.Encode(sentence.Value), marked));
    }
}

/// <summary>Rendered Markdown as a page shows it to its readers.</summary>
public static class Prose
{
    /// <summary>
    /// Markdig's footnote back-links show only "↩", which a screen reader reads as an arrow: each is named, in the
    /// reader's language. Only Markdig writes that class (raw HTML is off, so a text cannot).
    /// </summary>
    public static IHtmlContent Show(string html, IStringLocalizer T)
    {
        var named = $"class=\"footnote-back-ref\" aria-label=\"{OtherLanguage.Encoder.Encode(T["Back to the text"].Value)}\" lang=\"{CultureInfo.CurrentUICulture.TwoLetterISOLanguageName}\">";
        return new HtmlString(html.Replace("class=\"footnote-back-ref\">", named, StringComparison.Ordinal));
    }
}
