using System.Net;
using CourseHub.Web.Tests.Accounts;

namespace CourseHub.Web.Tests.Security;

/// <summary>What link checkers and calendar programs ask first: HEAD gets the answer GET would, without its body.</summary>
public sealed class HeadRequestTests(HeadRequestTests.Site site) : IClassFixture<HeadRequestTests.Site>
{
    public sealed class Site : IDisposable
    {
        public TestSite App { get; } = new();
        public void Dispose() => App.Dispose();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/courses")]
    [InlineData("/courses/from-digital-to-smart-government")]
    [InlineData("/courses/from-digital-to-smart-government/calendar.ics")]
    [InlineData("/privacy")]
    public async Task A_visitor_asking_head_of_a_public_page_gets_what_get_gets(string url)
    {
        var browser = site.App.NewBrowser();

        var get = await browser.GetAsync(url);
        var head = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Head_of_a_page_for_signed_in_people_still_asks_a_visitor_to_sign_in()
    {
        var head = await site.App.NewBrowser().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/applications"));

        Assert.Equal(HttpStatusCode.Redirect, head.StatusCode);
        Assert.Contains("/account/sign-in", head.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_of_an_address_nothing_answers_is_not_found()
    {
        var head = await site.App.NewBrowser().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/courses/no-such-course"));

        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }
}
