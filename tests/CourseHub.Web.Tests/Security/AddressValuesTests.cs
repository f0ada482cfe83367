using System.Net;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Learning;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Security;

/// <summary>
/// What an address names is read from the address: a form field of the same name sent beside it changes nothing.
/// Authorization checks the course in the address, so the action must work on that course and no other; and a
/// page cached under its address must be the page of that address.
/// </summary>
public sealed class AddressValuesTests : IDisposable
{
    private const string Own = "from-digital-to-smart-government";
    private const string Other = "estado-abierto-america-latina-caribe";
    private readonly TestSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task An_instructor_cannot_act_on_another_course_by_naming_it_in_the_form()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org", Own);
        var module = await _site.WithDbAsync(db => db.Modules.Where(m => m.Course!.Slug == Other && m.Published).Select(m => m.Id).FirstAsync());

        var response = await instructor.SubmitAsync($"/courses/{Own}/authoring", $"/courses/{Own}/authoring/{module}/publish",
            new Dictionary<string, string> { ["published"] = "false", ["slug"] = Other });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(await _site.WithDbAsync(db => db.Modules.Where(m => m.Id == module).Select(m => m.Published).SingleAsync()));
    }

    [Fact]
    public async Task An_instructor_asking_for_their_own_course_with_another_named_in_a_body_sees_their_own()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org", Own);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/courses/{Own}/sessions")
        {
            Content = new FormUrlEncodedContent([new("slug", Other)]),
        };

        var page = Html.Parse(await (await instructor.SendAsync(request)).Content.ReadAsStringAsync());

        Assert.Contains("Inauguration: where the region stands on digital government", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Sesión inaugural", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_sent_with_a_get_does_not_become_the_page_cached_for_everyone_at_that_address()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/courses?from=link")
        {
            Content = new FormUrlEncodedContent([new("language", "es")]),
        };

        var planted = Html.Parse(await (await _site.NewBrowser().SendAsync(request)).Content.ReadAsStringAsync());
        var served = Html.Parse(await _site.NewBrowser().GetStringAsync("/courses?from=link"));

        // The catalogue at that address lists every language's courses, whatever the body asked.
        Assert.Contains("From Digital Government to Smart Government", planted.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("From Digital Government to Smart Government", served.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }
}
