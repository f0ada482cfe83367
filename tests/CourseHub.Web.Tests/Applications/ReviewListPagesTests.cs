using System.Net;
using System.Text;
using AngleSharp.Dom;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Features.Review;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Applications;

/// <summary>An open course draws thousands of applications: the review list shows them a page at a time.</summary>
public sealed class ReviewListPagesTests : IDisposable
{
    private const int Applicants = 230;
    private readonly TestSite _site = Enrolment.SiteWithCourse(capacity: 300);
    private static readonly string List = $"/review/{Enrolment.Slug}";

    public void Dispose() => _site.Dispose();

    private async Task<HttpClient> AdminAsync()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        return await _site.SignedInBrowserAsync("coordinator@institute.org");
    }

    private static string[] Names(IDocument page) => [.. page.QuerySelectorAll(".review-table tbody th a").Select(a => a.Text())];

    [Fact]
    public async Task The_list_shows_a_hundred_applications_a_page_in_the_chosen_order_and_says_which()
    {
        var admin = await AdminAsync();
        await _site.AddApplicantsAsync(Applicants);

        var first = await admin.GetPageAsync($"{List}?sort=submitted");
        var last = await admin.GetPageAsync($"{List}?sort=submitted&page=3");

        Assert.Equal(ReviewQuery.PageSize, Names(first).Length);
        Assert.Equal("Applicant applicant 0", Names(first)[0]);
        Assert.Equal("230 applications, ranked as chosen above: 1 to 100 on this page", first.QuerySelector(".review-table caption").Text());
        Assert.Equal([.. Enumerable.Range(200, 30).Select(i => $"Applicant applicant {i}")], Names(last));
        Assert.Equal("230 applications, ranked as chosen above: 201 to 230 on this page", last.QuerySelector(".review-table caption").Text());
        // The counts above the list are of the whole course, not of the page.
        Assert.Contains("230 under review", first.QuerySelector(".review-counts").Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pages_keep_the_filters_and_sort_and_a_page_past_the_end_shows_the_last()
    {
        var admin = await AdminAsync();
        await _site.AddApplicantsAsync(Applicants);

        // Half the applicants are from Chile: 115, two pages.
        var chile = await admin.GetPageAsync($"{List}?country=CL&sort=submitted");
        var pager = chile.QuerySelector("nav[aria-label='Pages of the applications']")!;
        Assert.Equal(["Previous", "1", "2", "Next"], pager.QuerySelectorAll(".page-link").Select(l => l.Text()));
        Assert.Equal($"{List}?country=CL&sort=submitted&page=2", pager.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.Null(pager.QuerySelector("a[rel=prev]"));

        var beyond = await admin.GetPageAsync($"{List}?country=CL&sort=submitted&page=9");
        Assert.Equal(15, Names(beyond).Length);
        Assert.Equal("2", beyond.QuerySelector(".pagination [aria-current=page]").Text());
        Assert.Equal($"{List}?country=CL&sort=submitted", beyond.QuerySelector(".pagination a[rel=prev]")!.GetAttribute("href"));

        // One page needs no pager.
        Assert.Null((await admin.GetPageAsync($"{List}?country=CL&state=Accepted")).QuerySelector(".pagination"));
    }

    [Fact]
    public async Task The_export_has_every_page()
    {
        var admin = await AdminAsync();
        await _site.AddApplicantsAsync(Applicants);

        var export = (await admin.GetPageAsync($"{List}?page=2")).QuerySelector($"a[href^='{List}/export.csv']")!.GetAttribute("href")!;
        var csv = Encoding.UTF8.GetString(await admin.GetByteArrayAsync(export)).TrimStart('\uFEFF');

        Assert.Equal($"{List}/export.csv", export);
        Assert.Equal(Applicants + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_decision_taken_on_a_later_page_returns_to_that_page()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(Applicants);
        var second = await admin.GetPageAsync($"{List}?sort=submitted&page=2");
        var returnTo = second.QuerySelector("input[name=returnTo]")!.GetAttribute("value")!;
        // Script ticks every box of the page at once; it is in the page, hidden until script shows it.
        var selectAll = second.QuerySelector("input[data-select-all]")!;
        Assert.Equal("ids", selectAll.GetAttribute("data-select-all"));
        Assert.True(selectAll.HasAttribute("hidden"));

        var fields = new List<KeyValuePair<string, string>> { new("decision", "Waitlist"), new("note", ""), new("returnTo", returnTo) };
        fields.AddRange(ids.Skip(100).Take(100).Select(id => new KeyValuePair<string, string>("ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var response = await admin.PostFormAsync(returnTo, $"{List}/decide", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{List}?sort=submitted&page=2", response.Headers.Location!.OriginalString);
        Assert.Equal(100, await _site.WithDbAsync(db => db.Applications.CountAsync(a => a.State == ApplicationState.Waitlisted)));
        Assert.Equal("100 of 100 applications changed.", (await admin.GetPageAsync(returnTo)).QuerySelector(".alert").Text());
    }
}
