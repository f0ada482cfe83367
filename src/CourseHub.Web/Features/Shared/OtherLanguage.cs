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
public static partial class Prose
{
    /// <summary>
    /// Markdig's footnote links show only a number ("1") and the way back only "↩", which a screen reader reads as a
    /// bare number and an arrow: each is named, in the reader's language ("Footnote 1", "Back to the text"). Only
    /// Markdig writes those classes (raw HTML is off, so a text cannot).
    /// </summary>
    public static IHtmlContent Show(string html, IStringLocalizer T)
    {
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var named = $"class=\"footnote-back-ref\" aria-label=\"{OtherLanguage.Encoder.Encode(T["Back to the text"].Value)}\" lang=\"{language}\">";
        var shown = html.Replace("class=\"footnote-back-ref\">", named, StringComparison.Ordinal);
        shown = FootnoteLink().Replace(shown, m =>
            $"class=\"footnote-ref\" aria-label=\"{OtherLanguage.Encoder.Encode(T["Footnote {0}", m.Groups["n"].Value].Value)}\" lang=\"{language}\"><sup>{m.Groups["n"].Value}</sup>");
        return new HtmlString(shown);
    }

    [System.Text.RegularExpressions.GeneratedRegex("class=\"footnote-ref\"><sup>(?<n>[0-9]+)</sup>")]
    private static partial System.Text.RegularExpressions.Regex FootnoteLink();
}
