using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CourseHub.Core.Content;

namespace CourseHub.UnitTests.Content;

public sealed class MarkdownRendererTests
{
    private static readonly MarkdownRenderer Renderer = new();
    private static readonly HtmlParser Parser = new();

    private static IDocument Parse(string html) => Parser.ParseDocument($"<body>{html}</body>");

    [Fact]
    public void Tables_are_rendered()
    {
        var document = Parse(Renderer.Render("| Index | Meaning |\n|---|---:|\n| EGDI | e-government |").Html);

        Assert.Equal(["Index", "Meaning"], document.QuerySelectorAll("table thead th").Select(th => th.TextContent));
        Assert.Equal("EGDI", document.QuerySelector("table tbody td")!.TextContent);
    }

    [Theory]
    [InlineData("https://www.youtube.com/watch?v=abc")]
    [InlineData("https://youtu.be/abc")]
    [InlineData("https://vimeo.com/123")]
    [InlineData("https://example.org/talk.mp4")]
    [InlineData("https://example.org/interview.mp3?download=1")]
    public void A_video_or_audio_written_as_an_image_is_a_link_to_it(string address)
    {
        var document = Parse(Renderer.Render($"Watch ![the opening talk]({address}) first.").Html);

        var link = document.QuerySelector("p a")!;
        Assert.Equal((address, "the opening talk"), (link.GetAttribute("href"), link.TextContent));
        Assert.Null(document.QuerySelector("img"));
    }

    [Fact]
    public void A_heading_named_like_an_element_of_the_page_takes_another_anchor_and_its_links_follow()
    {
        var rendered = Renderer.Render("## Main\n\nSee [the title](#module-title).\n\n## Module title\n");
        var document = Parse(rendered.Html);

        Assert.Equal(["main-section", "module-title-section"], document.QuerySelectorAll("h2").Select(h => h.Id));
        Assert.Equal("#module-title-section", document.QuerySelector("p a")!.GetAttribute("href"));
        Assert.Equal(["main-section", "module-title-section"], rendered.Toc.Select(t => t.Id));
    }

    [Fact]
    public void Headings_get_anchors_and_form_the_table_of_contents()
    {
        var rendered = Renderer.Render("## Open data\n\nText\n\n### Licences *and* reuse\n\n#### Too deep\n");
        var document = Parse(rendered.Html);

        Assert.Equal("open-data", document.QuerySelector("h2")!.Id);
        Assert.Equal("licences-and-reuse", document.QuerySelector("h3")!.Id);
        Assert.Equal(
            [new TocEntry(2, "open-data", "Open data"), new TocEntry(3, "licences-and-reuse", "Licences and reuse")],
            rendered.Toc);
    }

    [Fact]
    public void Footnotes_link_to_their_notes()
    {
        var document = Parse(Renderer.Render("OGP was launched in 2011.[^1]\n\n[^1]: By eight founding governments.").Html);

        var reference = document.QuerySelector("a.footnote-ref")!;
        var target = reference.GetAttribute("href")!.TrimStart('#');
        Assert.NotNull(document.GetElementById(target));
        Assert.Contains("eight founding governments", document.QuerySelector(".footnotes")!.TextContent);
    }

    [Fact]
    public void Task_lists_become_disabled_check_boxes()
    {
        var document = Parse(Renderer.Render("- [x] Read the survey\n- [ ] Draft a commitment").Html);

        var boxes = document.QuerySelectorAll("li input");
        Assert.Equal(2, boxes.Length);
        Assert.All(boxes, box =>
        {
            Assert.Equal("checkbox", box.GetAttribute("type"));
            Assert.True(box.HasAttribute("disabled"));
        });
        Assert.True(boxes[0].HasAttribute("checked"));
        Assert.Equal("Read the survey", boxes[0].GetAttribute("aria-label"));
    }

    [Fact]
    public void Ordinary_links_and_images_survive()
    {
        var document = Parse(Renderer.Render("[OGP](https://www.opengovpartnership.org) and ![chart](/uploads/chart.png \"EGDI\") and <https://cepal.org>").Html);

        Assert.Equal(["https://www.opengovpartnership.org", "https://cepal.org"], document.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.Equal("/uploads/chart.png", document.QuerySelector("img")!.GetAttribute("src"));
        Assert.Equal("chart", document.QuerySelector("img")!.GetAttribute("alt"));
    }

    /// <summary>Known ways of smuggling script through Markdown. None may survive rendering.</summary>
    public static TheoryData<string> XssVectors => new()
    {
        // Raw tags
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<link rel=stylesheet href=javascript:alert(1)>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<form action=\"javascript:alert(1)\"><button>go</button></form>",
        "<template><script>alert(1)</script></template>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        // Event handlers
        "<img src=x onerror=alert(1)>",
        "<img src=x onerror=\"alert(1)\"/>",
        "<body onload=alert(1)>",
        "<div onmouseover=\"alert(1)\">hover</div>",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>",
        "<input autofocus onfocus=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=\"alert(1)\"></video>",
        "<marquee onstart=alert(1)>x</marquee>",
        "<img src=x oNeRrOr=alert(1)>",
        "<img/src=x/onerror=alert(1)>",
        // javascript:, vbscript: and data: links in Markdown syntax
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](javascript&#58;alert(1))",
        "[click](javascript&#x3A;alert(1))",
        "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](<javascript:alert(1)>)",
        "[click](javascript://%0Aalert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](VBScript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](data:text/html,<script>alert(1)</script>)",
        "![img](javascript:alert(1))",
        "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "[click](javascript:alert(1) \"title\")",
        // Autolinks and reference links
        "<javascript:alert(1)>",
        "<vbscript:msgbox(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "[click][ref]\n\n[ref]: javascript:alert(1)",
        "[click][ref]\n\n[ref]: <javascript:alert(1)>",
        "![img][ref]\n\n[ref]: javascript:alert(1)",
        "[ref]\n\n[ref]: vbscript:msgbox(1)",
        "www.example.com/\"onmouseover=\"alert(1)",
        // Attribute injection through Markdown attributes and titles
        "[x](https://ok.example \"\\\" onmouseover=\\\"alert(1)\")",
        "# Heading {onclick=alert(1)}",
        "[x](https://ok.example){onclick=alert(1)}",
        "![x](https://ok.example/a.png){onerror=alert(1)}",
        "Text {#id .class onmouseover=alert(1)}",
        // SVG and MathML tricks
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>x</text></a></svg>",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<math href=\"javascript:alert(1)\">click</math>",
        // Broken and nested constructs
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<<script>script>alert(1)<</script>/script>",
        "`code` <img src=x onerror=alert(1)> **bold**",
        "> <img src=x onerror=alert(1)>",
        "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
        "- [ ] <script>alert(1)</script>",
        "Footnote[^1]\n\n[^1]: [x](javascript:alert(1))",
    };

    [Theory]
    [MemberData(nameof(XssVectors))]
    public void No_script_survives_rendering(string markdown)
    {
        var document = Parse(Renderer.Render(markdown).Html);

        var dangerousElements = new[] { "script", "iframe", "object", "embed", "style", "link", "meta", "base", "form", "svg", "math", "template", "noscript", "video", "source", "details", "marquee", "body" };
        foreach (var element in document.Body!.Descendants<IElement>())
        {
            Assert.DoesNotContain(element.LocalName, dangerousElements);
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler {attribute.Name} survived");
                if (attribute.Name is "href" or "src" or "action" or "formaction" or "xlink:href" or "data")
                {
                    var scheme = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
                    Assert.False(scheme.StartsWith("javascript:", StringComparison.Ordinal), $"{attribute.Name}={attribute.Value}");
                    Assert.False(scheme.StartsWith("vbscript:", StringComparison.Ordinal), $"{attribute.Name}={attribute.Value}");
                    Assert.False(scheme.StartsWith("data:", StringComparison.Ordinal), $"{attribute.Name}={attribute.Value}");
                }
            }
            if (element.LocalName == "input")
            {
                Assert.Equal("checkbox", element.GetAttribute("type"));
                Assert.True(element.HasAttribute("disabled"));
            }
        }
    }

    [Fact]
    public void The_corpus_is_large_enough_to_mean_something() => Assert.True(XssVectors.Count >= 50);

    [Theory]
    [InlineData("Template placeholder {name} here.", "{name}")]
    [InlineData("See {details} below.", "{details}")]
    [InlineData("# Heading {#myid .cls}", "{#myid .cls}")]
    [InlineData("Fees from $150-$200 apply.", "$150-$200")]
    [InlineData("Area is $x^2$ units.", "$x^2$")]
    public void Ordinary_text_with_braces_or_dollars_is_kept_as_written(string markdown, string kept)
    {
        var html = Renderer.Render(markdown).Html;

        Assert.Contains(kept, System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"cls\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"myid\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Headings_of_a_text_shown_under_the_pages_own_move_down_keeping_their_order()
    {
        var document = Parse(Renderer.Render("# About\n\ntext\n\n## Who\n\n#### Detail", topHeading: 3).Html);

        Assert.Equal(["H3", "H4", "H6"], document.Body!.Children.Where(e => e.TagName.StartsWith('H')).Select(e => e.TagName).ToArray());
        // Inside a page with ids of its own, the anchors take a prefix.
        var prefixed = Parse(Renderer.Render("# About heading\n\nSee [the programme](#programme) and [elsewhere](#other).\n\n## Programme", topHeading: 3, idPrefix: "description-").Html);
        Assert.Equal("description-about-heading", prefixed.QuerySelector("h3")!.Id);
        // The text's own links to its headings follow them; other anchors are left alone.
        Assert.Equal(["#description-programme", "#other"], prefixed.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? "").ToArray());
        // A text whose headings already sit low enough is left as written.
        Assert.Equal("H4", Parse(Renderer.Render("#### Low", topHeading: 3).Html).Body!.FirstElementChild!.TagName);
    }

    [Fact]
    public void Footnotes_of_a_text_shown_inside_a_page_take_the_prefix_both_ways()
    {
        const string text = "Founded in 2011[^1].\n\nWrite `id=\"fn:1\"` to see it.\n\n[^1]: By eight governments.";

        var document = Parse(Renderer.Render(text, topHeading: 4, idPrefix: "announcement-1a2b3c4d-").Html);

        var reference = document.QuerySelector("a.footnote-ref")!;
        Assert.Equal("announcement-1a2b3c4d-fnref:1", reference.Id);
        Assert.Equal("#announcement-1a2b3c4d-fn:1", reference.GetAttribute("href"));
        var note = document.QuerySelector(".footnotes li")!;
        Assert.Equal("announcement-1a2b3c4d-fn:1", note.Id);
        Assert.Equal("#announcement-1a2b3c4d-fnref:1", note.QuerySelector("a.footnote-back-ref")!.GetAttribute("href"));
        // What the text says in code stays as written.
        Assert.Equal("id=\"fn:1\"", document.QuerySelector("code")!.TextContent);
        // Without a prefix (a module page, the text alone) the anchors are Markdig's own.
        Assert.Equal("fn:1", Parse(Renderer.Render(text).Html).QuerySelector(".footnotes li")!.Id);
    }

    [Fact]
    public void Raw_html_is_shown_as_text_not_interpreted()
    {
        var document = Parse(Renderer.Render("Use <b>bold</b> here").Html);

        Assert.Null(document.QuerySelector("b"));
        Assert.Contains("<b>bold</b>", document.Body!.TextContent);
    }

    [Fact]
    public void Text_nested_deeper_than_markdown_renders_is_shown_as_typed_not_refused()
    {
        var deep = string.Concat(Enumerable.Repeat("> ", 300)) + "x <script>alert(1)</script>";

        var rendered = Renderer.Render(deep);

        var document = Parse(rendered.Html);
        Assert.Equal(deep, document.QuerySelector("pre.markdown-as-typed")!.TextContent);
        Assert.Null(document.QuerySelector("script"));
    }
}
