using Ganss.Xss;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CourseHub.Core.Content;

/// <summary>A heading of a rendered document, for its table of contents.</summary>
public sealed record TocEntry(int Level, string Id, string Text);

public sealed record RenderedMarkdown(string Html, IReadOnlyList<TocEntry> Toc);

/// <summary>
/// The one Markdown pipeline of the site: instructors' text becomes HTML that can be shown to anyone.
/// Raw HTML is not interpreted, and the output is sanitised as well, because Markdown itself can still
/// produce dangerous links (<c>[x](javascript:...)</c>, autolinks) that no parser option removes.
/// Build it once and share it: it is thread-safe.
/// </summary>
public sealed class MarkdownRenderer
{
    /// <summary>
    /// Changes whenever the rendering changes, so that stored renderings are made again. Not raised when
    /// generic attributes and mathematics were left out: raising it re-imports every content file over the
    /// browser's edits, and text rendered before keeps its rendering until it is saved again.
    /// </summary>
    public const string Version = "2";

    // Markdig's advanced extensions, less two that change ordinary text: generic attributes read "{name}"
    // as markup and drop it (a template placeholder vanished), and mathematics turns text between dollar
    // signs into TeX that no page here typesets.
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseAlertBlocks()
        .UseAbbreviations()
        .UseAutoIdentifiers()
        .UseCitations()
        .UseCustomContainers()
        .UseDefinitionLists()
        .UseEmphasisExtras()
        .UseFigures()
        .UseFooters()
        .UseFootnotes()
        .UseGridTables()
        .UsePipeTables()
        .UseListExtras()
        .UseTaskLists()
        .UseDiagrams()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    /// <param name="topHeading">
    /// The level the text's highest heading may take: a text shown under a page's own headings (a course
    /// description under "About the course", level 2) has its headings moved down so that they sit beneath them.
    /// </param>
    /// <param name="idPrefix">
    /// Put before each heading's and footnote's anchor, for a text shown inside a page that has ids of its own (a
    /// description heading "About heading" would otherwise take the page's "about-heading", and two announcements
    /// with footnotes would both have "fn:1").
    /// </param>
    /// <summary>The ids of the site's own elements around a rendered text (the layout's, a module page's).</summary>
    public static readonly IReadOnlySet<string> PageIds = new HashSet<string>(StringComparer.Ordinal)
    {
        "main", "main-nav", "module-title", "module-nav-heading", "toc-heading",
    };

    private static bool IsMediaAddress(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address)) return false;
        var host = address.Host.ToLowerInvariant();
        return host is "youtu.be" || host.EndsWith("youtube.com", StringComparison.Ordinal) || host.EndsWith("vimeo.com", StringComparison.Ordinal)
            || Path.GetExtension(address.AbsolutePath).ToLowerInvariant() is ".mp4" or ".webm" or ".ogv" or ".mov" or ".mp3" or ".ogg" or ".wav" or ".m4a";
    }

    public RenderedMarkdown Render(string markdown, int topHeading = 1, string? idPrefix = null)
    {
        MarkdownDocument document;
        string html;
        try
        {
            document = Markdown.Parse(markdown ?? string.Empty, _pipeline);
            var headings = document.Descendants<HeadingBlock>().ToList();
            if (headings.Count > 0 && headings.Min(h => h.Level) is var highest && highest < topHeading)
            {
                foreach (var heading in headings) heading.Level = Math.Min(6, heading.Level + topHeading - highest);
            }
            // A video or audio address written as an image ("![talk](https://youtu.be/…)") is a link to it: the
            // players media links would embed are not allowed through the sanitizer, and an image of it shows nothing.
            foreach (var media in document.Descendants<LinkInline>().Where(l => l.IsImage && IsMediaAddress(l.Url)))
            {
                media.IsImage = false;
            }
            if (idPrefix is null)
            {
                // A heading named like an element of the page around the text ("Main", "Module title") takes
                // another anchor, or the page's contents link and skip link would lead elsewhere.
                var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var attributes in headings.Select(h => h.GetAttributes()).Where(a => a.Id is not null && PageIds.Contains(a.Id)))
                {
                    renamed[attributes.Id!] = attributes.Id + "-section";
                    attributes.Id += "-section";
                }
                foreach (var link in document.Descendants<LinkInline>().Where(l => l.Url is ['#', .. var id] && renamed.ContainsKey(id)))
                {
                    link.Url = "#" + renamed[link.Url![1..]];
                }
            }
            else
            {
                var anchors = new HashSet<string>(StringComparer.Ordinal);
                foreach (var attributes in headings.Select(h => h.GetAttributes()).Where(a => a.Id is not null))
                {
                    anchors.Add(attributes.Id!);
                    attributes.Id = idPrefix + attributes.Id;
                }
                // The text's own links to its headings ("see [the programme](#programme)") follow them.
                foreach (var link in document.Descendants<LinkInline>().Where(l => l.Url is ['#', .. var id] && anchors.Contains(id)))
                {
                    link.Url = "#" + idPrefix + link.Url![1..];
                }
            }
            html = document.ToHtml(_pipeline);
            if (idPrefix is not null) html = PrefixFootnoteAnchors(html, idPrefix);
        }
        catch (ArgumentException)
        {
            // Markdig refuses text nested deeper than it can render (hundreds of "> " or list levels). Nothing
            // written is dropped or turned into an error page: such text is shown as typed.
            var typed = System.Net.WebUtility.HtmlEncode(markdown ?? string.Empty);
            return new RenderedMarkdown($"<pre class=\"markdown-as-typed\">{typed}</pre>", []);
        }
        return new RenderedMarkdown(_sanitizer.Sanitize(html), TableOfContents(document));
    }

    // Markdig writes footnote anchors straight into the HTML (fn:1, fnref:1), so two texts on one page would
    // share them. Text itself cannot produce these attributes: raw HTML is off, so its quotes come out escaped.
    private static string PrefixFootnoteAnchors(string html, string idPrefix) => html
        .Replace("id=\"fn:", $"id=\"{idPrefix}fn:", StringComparison.Ordinal)
        .Replace("href=\"#fn:", $"href=\"#{idPrefix}fn:", StringComparison.Ordinal)
        .Replace("id=\"fnref:", $"id=\"{idPrefix}fnref:", StringComparison.Ordinal)
        .Replace("href=\"#fnref:", $"href=\"#{idPrefix}fnref:", StringComparison.Ordinal);

    private static List<TocEntry> TableOfContents(MarkdownDocument document)
    {
        var toc = new List<TocEntry>();
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            var id = heading.GetAttributes().Id;
            if (heading.Level is < 2 or > 3 || string.IsNullOrEmpty(id)) continue;
            toc.Add(new TocEntry(heading.Level, id, PlainText(heading)));
        }
        return toc;
    }

    private static string PlainText(HeadingBlock heading)
    {
        if (heading.Inline is null) return string.Empty;
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { EnableHtmlForInline = false };
        renderer.Render(heading.Inline);
        writer.Flush();
        return System.Net.WebUtility.HtmlDecode(writer.ToString()).Trim();
    }

    /// <summary>An allow-list that fits what the pipeline emits, and nothing more.</summary>
    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "ul", "ol", "li", "blockquote", "pre", "code",
                "em", "strong", "del", "ins", "mark", "sup", "sub", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
                "hr", "br", "div", "span", "input", "dl", "dt", "dd", "abbr", "figure", "figcaption", "caption",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "href", "src", "alt", "title", "id", "class", "colspan", "rowspan", "style", "type", "checked", "disabled",
                "start", "reversed", "width", "height",
            },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "text-align" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
        };
        var sanitizer = new HtmlSanitizer(options);
        // Only the disabled check boxes of task lists are inputs here; anything else is removed.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "input" } input
                && (!string.Equals(input.GetAttribute("type"), "checkbox", StringComparison.OrdinalIgnoreCase)
                    || !input.HasAttribute("disabled")))
            {
                input.Remove();
            }
        };
        // A task list's check box is labelled by its item's text, so that screen readers announce what is done.
        sanitizer.PostProcessDom += (_, e) =>
        {
            foreach (var box in e.Document.QuerySelectorAll("li > input[type=checkbox]"))
            {
                var text = box.ParentElement?.TextContent.Trim();
                if (!string.IsNullOrEmpty(text)) box.SetAttribute("aria-label", text);
            }
        };
        return sanitizer;
    }
}
