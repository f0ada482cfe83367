using System.Net;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Learning;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Modules;

public sealed class ModulePageTests(ModulePageTests.Site site) : IClassFixture<ModulePageTests.Site>
{
    /// <summary>
    /// Modules are for a course's accepted participants: the pages are read by one, in October 2027, when
    /// the modules these tests read are released (the last of them on 20 October).
    /// </summary>
    public sealed class Site() : IAsyncLifetime, IDisposable
    {
        public TestSite App { get; } = new();
        public HttpClient Participant { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            App.Clock.SetUtcNow(new DateTimeOffset(2027, 10, 21, 12, 0, 0, TimeSpan.Zero));
            await App.CreateAsync("reader@gob.test");
            foreach (var course in new[] { "from-digital-to-smart-government", "estado-abierto-america-latina-caribe", "open-data-for-public-value" })
            {
                await App.AcceptAsync("reader@gob.test", course);
            }
            Participant = await App.SignedInBrowserAsync("reader@gob.test");
        }

        public Task DisposeAsync() => Task.CompletedTask;
        public void Dispose() => App.Dispose();
    }

    private const string Course = "/courses/from-digital-to-smart-government";
    private readonly HttpClient _client = site.Participant;

    [Fact]
    public async Task Module_page_renders_markdown_with_a_table_of_contents()
    {
        var page = await _client.GetPageAsync($"{Course}/modules/digital-government-in-lac");

        Assert.StartsWith("Digital government in Latin America", page.QuerySelector("h1").Text());
        Assert.NotNull(page.QuerySelector(".prose table"));
        var tocTargets = page.QuerySelectorAll(".module-toc a").Select(a => a.GetAttribute("href")!.TrimStart('#')).ToArray();
        Assert.NotEmpty(tocTargets);
        Assert.All(tocTargets, id => Assert.NotNull(page.GetElementById(id)));
        // On a phone, where the column beside the text is hidden, the same contents open above it.
        Assert.Equal(tocTargets, page.QuerySelectorAll("details.module-toc-phone a").Select(a => a.GetAttribute("href")!.TrimStart('#')));
    }

    [Fact]
    public async Task Module_page_links_previous_and_next_and_lists_all_modules()
    {
        var page = await _client.GetPageAsync($"{Course}/modules/digital-government-in-lac");

        Assert.Equal($"{Course}/modules/from-e-government-to-smart-government", page.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal($"{Course}/modules/strategy-governance-procurement-portals", page.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.Equal($"{Course}/modules/digital-government-in-lac", page.QuerySelector(".module-nav a[aria-current=page]")!.GetAttribute("href"));
        Assert.True(page.QuerySelectorAll(".module-nav a").Length >= 4);
    }

    [Fact]
    public async Task First_module_has_no_previous_link()
    {
        var page = await _client.GetPageAsync($"{Course}/modules/from-e-government-to-smart-government");

        Assert.Null(page.QuerySelector("a[rel=prev]"));
        Assert.NotNull(page.QuerySelector("a[rel=next]"));
    }

    [Fact]
    public async Task Module_content_is_marked_with_the_course_language()
    {
        var page = await _client.GetPageAsync("/courses/estado-abierto-america-latina-caribe/modules/alianza-para-el-gobierno-abierto");

        Assert.Equal("es", page.QuerySelector("article.module-article")!.GetAttribute("lang"));
    }

    [Fact]
    public async Task Page_serves_the_html_rendered_when_the_text_changed_not_a_fresh_rendering()
    {
        // The stored rendering is what the page shows: rendering happens once per revision, not per request.
        await site.App.WithDbAsync(async db =>
        {
            var module = await db.Modules.SingleAsync(m => m.Slug == "principles-and-licensing");
            module.Html = "<p id=\"stored-rendering\">Stored</p>";
            return await db.SaveChangesAsync();
        });

        var page = await _client.GetPageAsync("/courses/open-data-for-public-value/modules/principles-and-licensing");

        Assert.NotNull(page.GetElementById("stored-rendering"));
    }

    [Theory]
    [InlineData("/courses/from-digital-to-smart-government/modules/no-such-module")]
    [InlineData("/courses/no-such-course/modules/digital-government-in-lac")]
    [InlineData("/courses/estado-abierto-america-latina-caribe/modules/digital-government-in-lac")]
    public async Task Unknown_module_is_404(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
