using CourseHub.Web.Tests.Accounts;

namespace CourseHub.Web.Tests.Security;

/// <summary>Every answer tells the browser to run only the site's own scripts, never to be framed, and not to guess types.</summary>
public sealed class ResponseHeadersTests(ResponseHeadersTests.Site site) : IClassFixture<ResponseHeadersTests.Site>
{
    public sealed class Site : IDisposable
    {
        public TestSite App { get; } = new();
        public void Dispose() => App.Dispose();
    }

    [Theory]
    [InlineData("/courses")]
    [InlineData("/account/sign-in")]   // a form: antiforgery would have the page framed by the site itself
    [InlineData("/css/site.css")]
    [InlineData("/courses/no-such-course")]
    [InlineData("/courses/from-digital-to-smart-government/calendar.ics")]
    public async Task Every_answer_carries_the_sites_browser_policy(string url)
    {
        var response = await site.App.NewBrowser().GetAsync(url);

        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: http: data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
            string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["strict-origin-when-cross-origin"], response.Headers.GetValues("Referrer-Policy"));
    }

    [Fact]
    public async Task No_page_runs_a_script_written_into_it()
    {
        var anonymous = site.App.NewBrowser();
        foreach (var url in new[] { "/courses", "/courses/from-digital-to-smart-government", "/account/sign-in", "/account/register" })
        {
            var html = await anonymous.GetStringAsync(url);
            Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
            Assert.DoesNotMatch(@"\son[a-z]+=""", html);
        }
        // The profile offers the browser's zone by script: from site.js, not written into the page.
        await site.App.CreateAsync("official@gob.mx");
        var profile = await (await site.App.SignedInBrowserAsync("official@gob.mx")).GetStringAsync("/account/profile");
        Assert.Contains("data-browser-zone", profile, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", profile);
    }
}
