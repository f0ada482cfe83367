using System.Net;
using CourseHub.Web.Tests.Accounts;

namespace CourseHub.Web.Tests.Infrastructure;

/// <summary>Style sheets and scripts travel compressed and, named by their version, are kept by the browser; pages are neither.</summary>
public sealed class StaticAssetsTests(StaticAssetsTests.Site site) : IClassFixture<StaticAssetsTests.Site>
{
    public sealed class Site : IDisposable
    {
        public TestSite App { get; } = new();
        public void Dispose() => App.Dispose();
    }

    private static HttpRequestMessage Get(string url, string encodings = "br, gzip") =>
        new(HttpMethod.Get, url) { Headers = { { "Accept-Encoding", encodings } } };

    [Fact]
    public async Task Every_style_sheet_and_script_a_page_names_carries_its_version_and_is_kept_for_a_year_compressed()
    {
        var browser = site.App.NewBrowser();
        var page = await browser.GetPageAsync("/courses");
        var assets = page.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!)
            .Concat(page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!)).ToList();

        Assert.Equal(4, assets.Count);
        foreach (var asset in assets)
        {
            Assert.Contains("?v=", asset, StringComparison.Ordinal);
            var response = await browser.SendAsync(Get(asset));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
            Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
        }
        var bootstrap = await browser.SendAsync(Get(assets.Single(a => a.Contains("bootstrap.min.css", StringComparison.Ordinal))));
        Assert.True((await bootstrap.Content.ReadAsByteArrayAsync()).Length < 60_000, "Bootstrap's style sheet should arrive compressed");
    }

    [Fact]
    public async Task A_browser_that_takes_only_gzip_gets_gzip_and_one_that_takes_none_gets_the_file_as_it_is()
    {
        var browser = site.App.NewBrowser();

        Assert.Equal(["gzip"], (await browser.SendAsync(Get("/css/site.css", "gzip"))).Content.Headers.ContentEncoding);
        var plain = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/css/site.css"));
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Contains(".prose", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Without its version the address may name a newer file tomorrow: kept an hour only; so with a version that is not this file's.
        Assert.Equal("public, max-age=3600", plain.Headers.CacheControl?.ToString());
        Assert.Equal("public, max-age=3600", (await browser.SendAsync(Get("/css/site.css?v=not-this-one"))).Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Pages_are_not_compressed_here_as_they_carry_the_antiforgery_token()
    {
        var response = await site.App.NewBrowser().SendAsync(Get("/account/sign-in"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Search_engines_read_a_course_by_its_summary_and_are_kept_from_peoples_own_pages()
    {
        var browser = site.App.NewBrowser();

        var course = await browser.GetPageAsync("/courses/from-digital-to-smart-government");
        var robots = await browser.GetStringAsync("/robots.txt");

        Assert.Equal(course.QuerySelector("p.lead")!.TextContent.Trim(), course.QuerySelector("meta[name=description]")!.GetAttribute("content"));
        Assert.False(string.IsNullOrWhiteSpace((await browser.GetPageAsync("/courses")).QuerySelector("meta[name=description]")!.GetAttribute("content")));
        Assert.Contains("Disallow: /account/", robots, StringComparison.Ordinal);
        Assert.Contains("Disallow: /endorsements/", robots, StringComparison.Ordinal);
        Assert.DoesNotContain("Disallow: /courses", robots, StringComparison.Ordinal);
        // Pages for one person, reached by a secret link, say so themselves, should the link be found elsewhere.
        Assert.Equal(["noindex, nofollow"], (await browser.GetAsync("/endorsements/not-a-real-token")).Headers.GetValues("X-Robots-Tag"));
        Assert.Equal(["noindex, nofollow"], (await browser.GetAsync("/calendar/0000.ics")).Headers.GetValues("X-Robots-Tag"));
    }
}
