using AngleSharp.Dom;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Applications;

/// <summary>A reviewer goes through the applications of a list one after the other, as the list shows them.</summary>
public sealed class ReviewNavigationTests : IDisposable
{
    private const string List = $"/review/{Enrolment.Slug}?state=Submitted&sort=name";
    private readonly TestSite _site = Enrolment.SiteWithCourse(capacity: 5);

    public void Dispose() => _site.Dispose();

    /// <summary>Three applicants under review, named so that the list by name reads Ana, Bruno, Carla; the coordinator's browser and their ids.</summary>
    private async Task<(HttpClient Admin, List<int> Ids)> ThreeApplicantsAsync()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var ids = await _site.AddApplicantsAsync(3);
        await _site.WithDbAsync(async db =>
        {
            var people = await db.Applications.Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).Select(a => a.User!).ToListAsync();
            (people[0].FullName, people[1].FullName, people[2].FullName) = ("Carla Ruiz", "Ana Lima", "Bruno Sá");
            return await db.SaveChangesAsync();
        });
        return (await _site.SignedInBrowserAsync("coordinator@institute.org"), ids);
    }

    private static string? Href(IDocument page, string rel) => page.QuerySelector($".review-neighbours a[rel={rel}]")?.GetAttribute("href");

    [Fact]
    public async Task The_course_list_leads_to_each_courses_applications_with_what_waits_for_review()
    {
        var (admin, ids) = await ThreeApplicantsAsync();
        await admin.DecideAsync([ids[0]], Decision.Accept);

        var row = (await admin.GetPageAsync("/admin/courses")).QuerySelector($"#course-{Enrolment.Slug}")!;

        var applications = row.QuerySelector("a.course-applications")!;
        Assert.Equal($"/review/{Enrolment.Slug}", applications.GetAttribute("href"));
        Assert.StartsWith("Applications (3, 2 to review)", applications.Text(), StringComparison.Ordinal);
        Assert.NotNull(row.QuerySelector($"a[href='/review/{Enrolment.Slug}/scholarships']"));
    }

    [Fact]
    public async Task An_application_opened_from_the_list_leads_to_the_ones_beside_it_and_back_to_the_same_list()
    {
        var (admin, ids) = await ThreeApplicantsAsync();
        var opened = (await admin.GetPageAsync(List)).QuerySelectorAll("tbody th a").Single(a => a.Text() == "Ana Lima").GetAttribute("href")!;

        var ana = await admin.GetPageAsync(opened);
        var bruno = await admin.GetPageAsync(Href(ana, "next")!);

        Assert.Equal($"/review/{Enrolment.Slug}/applications/{ids[1]}?state=Submitted&sort=name", opened);
        Assert.Null(Href(ana, "prev"));
        Assert.Equal("1 of 3 in the list", ana.QuerySelector(".review-position")!.Text());
        Assert.Equal("Next: Bruno Sá →", ana.QuerySelector(".review-neighbours a[rel=next]")!.Text());
        Assert.Equal("Bruno Sá", bruno.QuerySelector("h1")!.Text());
        Assert.Equal($"/review/{Enrolment.Slug}/applications/{ids[1]}?state=Submitted&sort=name", Href(bruno, "prev"));
        Assert.Equal($"/review/{Enrolment.Slug}/applications/{ids[0]}?state=Submitted&sort=name", Href(bruno, "next"));
        Assert.Equal(List, bruno.QuerySelector(".breadcrumb a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Going_on_from_the_last_application_of_a_page_leads_to_the_next_page_of_the_list()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var ids = await _site.AddApplicantsAsync(ReviewQueryPageSize + 1);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");

        var last = await admin.GetPageAsync($"/review/{Enrolment.Slug}/applications/{ids[^2]}");
        var first = await admin.GetPageAsync(Href(last, "next")!);

        Assert.Equal($"/review/{Enrolment.Slug}/applications/{ids[^1]}?page=2", Href(last, "next"));
        Assert.Equal($"/review/{Enrolment.Slug}", last.QuerySelector(".breadcrumb a")!.GetAttribute("href"));
        Assert.Equal($"/review/{Enrolment.Slug}?page=2", first.QuerySelector(".breadcrumb a")!.GetAttribute("href"));
        Assert.Equal($"/review/{Enrolment.Slug}/applications/{ids[^2]}", Href(first, "prev"));
    }

    private const int ReviewQueryPageSize = Web.Features.Review.ReviewQuery.PageSize;

    [Fact]
    public async Task Saving_scores_can_open_the_next_application_of_the_list()
    {
        var (admin, ids) = await ThreeApplicantsAsync();
        var page = $"/review/{Enrolment.Slug}/applications/{ids[1]}?state=Submitted&sort=name";
        var form = (await admin.GetPageAsync(page)).QuerySelector("form[action$='/score?state=Submitted&sort=name']")!;

        var saved = await admin.PostFormAsync(page, form.GetAttribute("action")!,
            [new("scores[0]", "4"), new("scores[1]", "5"), new("scores[2]", "3"), new("comment", ""), new("then", "next"),
             new("next", form.QuerySelector("input[name=next]")!.GetAttribute("value")!)]);

        Assert.Equal($"/review/{Enrolment.Slug}/applications/{ids[2]}?state=Submitted&sort=name", saved.Headers.Location!.OriginalString);
        Assert.Equal(1, await _site.WithDbAsync(db => db.ApplicationReviews.CountAsync(r => r.ApplicationId == ids[1])));
    }

    [Fact]
    public async Task Deciding_can_open_the_next_application_and_one_the_decision_moved_out_of_the_list_still_opens()
    {
        var (admin, ids) = await ThreeApplicantsAsync();
        var page = $"/review/{Enrolment.Slug}/applications/{ids[1]}?state=Submitted&sort=name";
        var next = (await admin.GetPageAsync(page)).QuerySelectorAll("button[name=returnTo]").Single(b => b.Text() == "Decide and open the next").GetAttribute("value")!;

        var decided = await admin.PostFormAsync(page, $"/review/{Enrolment.Slug}/decide",
            [new("ids", ids[1].ToString(System.Globalization.CultureInfo.InvariantCulture)), new("decision", "Accept"), new("note", ""), new("returnTo", next)]);
        var accepted = await admin.GetPageAsync(page);

        Assert.Equal($"/review/{Enrolment.Slug}/applications/{ids[2]}?state=Submitted&sort=name", decided.Headers.Location!.OriginalString);
        Assert.Equal(ApplicationState.Accepted, (await _site.ApplicationAsync(ids[1])).State);
        // No longer under review, Ana is outside the list she was opened from: her page says nothing of neighbours.
        Assert.Null(accepted.QuerySelector(".review-neighbours"));
        Assert.Equal("Ana Lima", accepted.QuerySelector("h1")!.Text());
    }

    [Fact]
    public async Task The_ones_beside_an_application_follow_the_ranking_by_average_score_and_the_waitlist_order()
    {
        var (admin, ids) = await ThreeApplicantsAsync();
        await _site.WithDbAsync(async db =>
        {
            // Carla scored 2, Ana 4, Bruno not yet; Bruno waitlisted before Carla, Ana under review.
            db.ApplicationReviews.AddRange(
                new Web.Data.Entities.ApplicationReview { ApplicationId = ids[0], Scores = [2, 2, 2], Average = 2, UpdatedUtc = TestSite.DefaultNow.UtcDateTime },
                new Web.Data.Entities.ApplicationReview { ApplicationId = ids[1], Scores = [4, 4, 4], Average = 4, UpdatedUtc = TestSite.DefaultNow.UtcDateTime });
            foreach (var (id, hours) in new[] { (ids[2], 1), (ids[0], 2) })
            {
                var application = await db.Applications.SingleAsync(a => a.Id == id);
                application.State = ApplicationState.Waitlisted;
                application.WaitlistedUtc = TestSite.DefaultNow.UtcDateTime.AddHours(hours);
            }
            return await db.SaveChangesAsync();
        });

        var ranked = await admin.GetPageAsync($"/review/{Enrolment.Slug}/applications/{ids[0]}");
        var waiting = await admin.GetPageAsync($"/review/{Enrolment.Slug}/applications/{ids[0]}?sort=waitlist");

        Assert.Equal("2 of 3 in the list", ranked.QuerySelector(".review-position")!.Text());
        Assert.Equal($"/review/{Enrolment.Slug}/applications/{ids[1]}", Href(ranked, "prev"));
        Assert.Equal($"/review/{Enrolment.Slug}/applications/{ids[2]}", Href(ranked, "next"));
        Assert.Equal("2 of 3 in the list", waiting.QuerySelector(".review-position")!.Text());
        Assert.Equal($"/review/{Enrolment.Slug}/applications/{ids[2]}?sort=waitlist", Href(waiting, "prev"));
        Assert.Equal($"/review/{Enrolment.Slug}/applications/{ids[1]}?sort=waitlist", Href(waiting, "next"));
    }
}
