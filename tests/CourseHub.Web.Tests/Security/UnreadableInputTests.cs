using System.Net;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Applications;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Security;

/// <summary>
/// Values no page of the site sends — a yes/no that is neither, a score that is not a number, an address of
/// spaces — are refused with a clear answer, change nothing, and never break the page that answers.
/// </summary>
public sealed class UnreadableInputTests : IDisposable
{
    private readonly TestSite _site = Enrolment.SiteWithCourse(endorsement: true);

    public void Dispose() => _site.Dispose();

    private async Task<HttpClient> AdminAsync()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        return await _site.SignedInBrowserAsync("coordinator@institute.org");
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("")]
    public async Task A_publish_switch_that_is_neither_on_nor_off_is_refused_and_the_course_stays_as_it_was(string value)
    {
        var admin = await AdminAsync();

        var response = await admin.SubmitAsync("/admin/courses", $"/admin/courses/{Enrolment.Slug}/publish", new Dictionary<string, string> { ["published"] = value });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(await _site.WithDbAsync(db => db.Courses.Where(c => c.Slug == Enrolment.Slug).Select(c => c.Published).SingleAsync()));
    }

    [Fact]
    public async Task A_supervisors_answer_that_is_neither_yes_nor_no_is_refused_and_the_endorsement_still_waits()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        await browser.SubmitAsync($"/courses/{Enrolment.Slug}/apply", $"/courses/{Enrolment.Slug}/apply", Enrolment.Form());
        var link = TestAccounts.LinkIn(await _site.LastMailAsync("rosa.diaz@gob.cl", ApplicationMails.EndorsementRequestKind), "/endorsements/");
        var supervisor = _site.NewBrowser();

        var maybe = await supervisor.SubmitAsync(link, link, new Dictionary<string, string> { ["endorse"] = "maybe" });
        var none = await supervisor.SubmitAsync(link, link, new Dictionary<string, string> { ["comment"] = "Hmm." });

        Assert.Equal(HttpStatusCode.BadRequest, maybe.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal(Data.Entities.EndorsementState.Pending, await _site.WithDbAsync(db => db.Applications.Select(a => a.Endorsement).SingleAsync()));
        Assert.Equal(0, await _site.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "application.endorsed")));
    }

    [Theory]
    [InlineData("%20%20")]
    [InlineData("%C2%A0")]
    public async Task An_endorsement_address_of_spaces_is_not_found(string token)
    {
        var response = await _site.NewBrowser().GetAsync($"/endorsements/{token}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_remember_me_that_is_neither_on_nor_off_shows_the_sign_in_form_again()
    {
        await _site.CreateAsync("ana@gob.cl");

        var response = await _site.NewBrowser().SubmitAsync("/account/sign-in", "/account/sign-in",
            new Dictionary<string, string> { ["Email"] = "ana@gob.cl", ["Password"] = TestAccounts.Password, ["RememberMe"] = "maybe" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotNull(page.QuerySelector("input[name=RememberMe][type=checkbox]"));
        Assert.NotNull(page.QuerySelector(".error-summary"));
    }

    [Fact]
    public async Task A_score_that_is_not_a_number_is_refused_instead_of_moving_the_others_under_other_criteria()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1);
        var page = $"/review/{Enrolment.Slug}/applications/{ids[0]}";

        var response = await admin.PostFormAsync(page, $"{page}/score", [new("scores", "abc"), new("scores", "4"), new("scores", "5"), new("scores", "3"), new("comment", "")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Give every criterion a score from 1 to 5.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await _site.WithDbAsync(db => db.ApplicationReviews.CountAsync()));
    }

    [Fact]
    public async Task A_comment_with_a_pasted_control_character_keeps_the_scores_and_loses_only_the_character()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1);
        var page = $"/review/{Enrolment.Slug}/applications/{ids[0]}";

        var response = await admin.PostFormAsync(page, $"{page}/score", [new("scores", "4"), new("scores", "5"), new("scores", "3"), new("comment", "Strong\u0007 fit")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var review = await _site.WithDbAsync(db => db.ApplicationReviews.SingleAsync());
        Assert.Equal([4, 5, 3], review.Scores);
        Assert.Equal("Strong fit", review.Comment);
    }
}
