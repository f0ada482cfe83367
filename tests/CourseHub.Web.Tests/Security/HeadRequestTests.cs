using System.Net;
using CourseHub.Web.Tests.Accounts;

namespace CourseHub.Web.Tests.Security;

/// <summary>
/// Requests a page does not expect: HEAD (what link checkers and calendar programs ask first) gets the answer GET
/// would, without its body; a typed address of a button's action says so; an error page asked for by its address
/// is no page.
/// </summary>
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

    [Fact]
    public async Task A_typed_sign_out_address_asks_with_a_button_and_a_visitor_is_sent_home()
    {
        await site.App.CreateAsync("typed@gob.cl");
        var signedIn = await site.App.SignedInBrowserAsync("typed@gob.cl");

        var page = await signedIn.GetAsync("/account/sign-out");
        var visitor = await site.App.NewBrowser().GetAsync("/account/sign-out");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.NotNull(Html.Parse(await page.Content.ReadAsStringAsync()).QuerySelector("main form[action='/account/sign-out'] button[type=submit]"));
        Assert.Equal(HttpStatusCode.Redirect, visitor.StatusCode);
        Assert.Equal("/", visitor.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/applications")).StatusCode);   // still signed in
    }

    [Fact]
    public async Task A_form_address_typed_in_the_browser_says_it_is_reached_through_a_button()
    {
        await site.App.CreateAsync("button@gob.cl");
        var browser = await site.App.SignedInBrowserAsync("button@gob.cl");

        var response = await browser.GetAsync("/account/delete");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("Not available at this address", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("h1").Text());
    }

    [Theory]
    [InlineData("/error/0")]
    [InlineData("/error/200")]
    public async Task An_error_page_asked_for_by_a_code_that_is_no_error_is_not_found(string url)
    {
        var response = await site.App.NewBrowser().GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
