using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Accessibility;

/// <summary>What a screen reader's user learns of a page before reading it: its title, which fields must be filled, what a table holds.</summary>
public sealed class FormsAndPagesTests : IDisposable
{
    private const string Spanish = "estado-abierto-america-latina-caribe";
    private readonly TestSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task The_registration_form_announces_its_required_fields_and_only_those()
    {
        var form = (await _site.NewBrowser().GetPageAsync("/account/register")).QuerySelector("form[action='/account/register']")!;

        var required = form.QuerySelectorAll("[aria-required=true]").Select(f => f.Id).ToList();

        Assert.Equal(["Email", "Password", "ConfirmPassword", "FullName", "Country", "Institution", "Position"], required);
        // The optional ones say so in their labels; nothing announced as required says "optional".
        Assert.All(required, id => Assert.DoesNotContain("optional", form.QuerySelector($"label[for={id}]")!.TextContent, StringComparison.Ordinal));
        Assert.Contains("(optional)", form.QuerySelector("label[for=Gender]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_sent_back_with_problems_says_so_in_the_pages_title()
    {
        var browser = _site.NewBrowser();

        var blank = await browser.GetPageAsync("/account/register");
        var refused = Html.Parse(await (await browser.SubmitAsync("/account/register", "/account/register", new Dictionary<string, string> { ["Email"] = "" })).Content.ReadAsStringAsync());

        Assert.Equal("Create an account · CourseHub", blank.Title);
        Assert.Equal("Error: Create an account · CourseHub", refused.Title);
    }

    [Fact]
    public async Task A_module_only_participants_read_says_so_in_its_title()
    {
        var module = await _site.WithDbAsync(db => db.Modules.Where(m => m.Course!.Slug == Spanish && m.Published && !m.Preview).Select(m => new { m.Slug, m.Title }).FirstAsync());

        var response = await _site.NewBrowser().GetAsync($"/courses/{Spanish}/modules/{module.Slug}");
        var page = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal($"Only for participants: {module.Title} · Estado abierto en América Latina y el Caribe · CourseHub", page.Title);
    }

    [Fact]
    public async Task A_roster_without_participants_says_so_instead_of_showing_an_empty_table()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");

        var roster = await admin.GetPageAsync($"/courses/{Spanish}/roster");

        Assert.Null(roster.QuerySelector("table"));
        Assert.Equal("Nobody has been accepted into this course yet: participants appear here once accepted.", roster.QuerySelector(".roster-empty")!.TextContent);
    }

    [Fact]
    public async Task Each_modules_buttons_on_the_authoring_list_name_the_module_in_its_language()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        var first = await _site.WithDbAsync(db => db.Modules.Where(m => m.Course!.Slug == Spanish).OrderBy(m => m.Position).Select(m => new { m.Id, m.Title }).FirstAsync());

        var list = await admin.GetPageAsync($"/courses/{Spanish}/authoring");
        var revisions = list.QuerySelector($"a[href='/courses/{Spanish}/authoring/{first.Id}/revisions']")!;

        Assert.Equal($"Revisions · {first.Title}", revisions.TextContent);
        Assert.Equal("es", revisions.QuerySelector(".visually-hidden span")!.GetAttribute("lang"));
    }
}
