using System.Net;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Endorsements;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CourseHub.Web.Tests.Applications;

/// <summary>An applicant whose supervisor has not answered names them again, and a new request goes out.</summary>
public sealed class EndorsementRequestTests : IDisposable
{
    private readonly TestSite _site = Enrolment.SiteWithCourse(endorsement: true);

    public void Dispose() => _site.Dispose();

    private const string Apply = $"/courses/{Enrolment.Slug}/apply";

    private static Dictionary<string, string> Supervisor(string name, string email) => new() { ["SupervisorName"] = name, ["SupervisorEmail"] = email };

    /// <summary>The supervisor named on the application, with the link of the mail they got and the page's antiforgery token.</summary>
    private async Task<(HttpClient Supervisor, string Link, string Token)> SupervisorHoldingTheFirstRequestAsync()
    {
        var link = TestAccounts.LinkIn(await _site.LastMailAsync("rosa.diaz@gob.cl", ApplicationMails.EndorsementRequestKind), "/endorsements/");
        var supervisor = _site.NewBrowser();
        return (supervisor, link, await supervisor.AntiforgeryTokenAsync(link));
    }

    /// <summary>A token as links were signed before requests were numbered: the application alone.</summary>
    private string EarlierFormatToken(int applicationId) =>
        _site.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("CourseHub.Endorsement.v1").ToTimeLimitedDataProtector()
            .Protect(applicationId.ToString(System.Globalization.CultureInfo.InvariantCulture), EndorsementLinks.Lifetime);

    [Fact]
    public async Task A_mistyped_address_is_corrected_and_only_the_new_request_can_be_answered()
    {
        var (browser, id) = await _site.AppliedAsync();
        var firstLink = TestAccounts.LinkIn(await _site.LastMailAsync("rosa.diaz@gob.cl", ApplicationMails.EndorsementRequestKind), "/endorsements/");
        var page = $"/applications/{id}/supervisor";
        var myApplications = await browser.GetPageAsync("/applications");
        Assert.Equal(page, myApplications.QuerySelector($"#application-{id} a.ask-supervisor-again")!.GetAttribute("href"));
        var form = await browser.GetPageAsync(page);
        Assert.Equal("rosa.diaz@gob.cl", form.QuerySelector("#SupervisorEmail")!.GetAttribute("value"));

        var response = await browser.SubmitAsync(page, page, Supervisor("Rosa Díaz Soto", "rosa.diaz@hacienda.gob.cl"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/applications#application-{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("We sent the request to rosa.diaz@hacienda.gob.cl. The link in any earlier request no longer works.",
            (await browser.GetPageAsync("/applications")).QuerySelector(".alert-success")!.Text());
        var application = await _site.ApplicationAsync(id);
        Assert.Equal(("Rosa Díaz Soto", "rosa.diaz@hacienda.gob.cl", 2, EndorsementState.Pending),
            (application.SupervisorName, application.SupervisorEmail, application.EndorsementRequest, application.Endorsement));
        var request = await _site.LastMailAsync("rosa.diaz@hacienda.gob.cl", ApplicationMails.EndorsementRequestKind);
        Assert.Equal("Test ana asks for your endorsement for “Policy Lab”", request.Subject);
        Assert.StartsWith("Dear Rosa Díaz Soto,", request.TextBody, StringComparison.Ordinal);
        var audit = await _site.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.ApplicationId == id && e.Action == "application.endorsement-requested"));
        Assert.Equal(("rosa.diaz@gob.cl", "rosa.diaz@hacienda.gob.cl"), (audit.Before, audit.After));
        // Reviewers see whom the request went to, and that it was sent again.
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var review = await (await _site.SignedInBrowserAsync("coordinator@institute.org")).GetPageAsync($"/review/{Enrolment.Slug}/applications/{id}");
        Assert.Contains("(Rosa Díaz Soto, rosa.diaz@hacienda.gob.cl)", review.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Endorsement requested again — rosa.diaz@gob.cl → rosa.diaz@hacienda.gob.cl", review.Body.TextContent, StringComparison.Ordinal);

        // Whoever holds the first mail can no longer answer.
        var stranger = _site.NewBrowser();
        var spent = await stranger.GetAsync(firstLink);
        Assert.Equal(HttpStatusCode.Gone, spent.StatusCode);
        var spentPage = Html.Parse(await spent.Content.ReadAsStringAsync());
        Assert.Equal("This link no longer works", spentPage.QuerySelector("h1")!.Text());
        Assert.Null(spentPage.QuerySelector("form[action^='/endorsements/']"));
        Assert.DoesNotContain("open data unit", spentPage.Body!.TextContent, StringComparison.Ordinal);   // the motivation is not shown to them
        var token = await stranger.AntiforgeryTokenAsync("/account/sign-in");
        var refused = await stranger.PostAsync(firstLink, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["endorse"] = "false" }));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var shown = await stranger.GetAsync(refused.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Gone, shown.StatusCode);
        Assert.Null(Html.Parse(await shown.Content.ReadAsStringAsync()).QuerySelector(".alert-success"));   // not "already answered"
        Assert.Equal(EndorsementState.Pending, (await _site.ApplicationAsync(id)).Endorsement);
        Assert.False(await _site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "application.endorsed")));

        // The supervisor named now can, on pages in the mail's language.
        var newLink = TestAccounts.LinkIn(request, "/endorsements/");
        Assert.EndsWith("?lang=en", newLink, StringComparison.Ordinal);
        var answer = await _site.NewBrowser().SubmitAsync(newLink, newLink, new Dictionary<string, string> { ["endorse"] = "true" });
        Assert.EndsWith("?lang=en", answer.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(EndorsementState.Endorsed, (await _site.ApplicationAsync(id)).Endorsement);
        Assert.Null((await browser.GetPageAsync("/applications")).QuerySelector("a.ask-supervisor-again"));
        Assert.Equal($"/applications#application-{id}", (await browser.GetAsync(page)).Headers.Location!.OriginalString);   // answered: nothing to send
    }

    [Fact]
    public async Task A_bad_address_is_refused_beside_its_field_and_nothing_is_sent()
    {
        var (browser, id) = await _site.AppliedAsync();
        var page = $"/applications/{id}/supervisor";

        var response = await browser.SubmitAsync(page, page, Supervisor("", "rosa at hacienda"));
        var twoLines = await browser.SubmitAsync(page, page, Supervisor("Rosa\r\nBcc: someone@example.org", "rosa@hacienda.gob.cl"));
        var invisible = await browser.SubmitAsync(page, page, Supervisor("\u200B\u200B", "rosa@hacienda.gob.cl"));
        var addressed = await browser.SubmitAsync(page, page, Supervisor("Rosa, see www.example.net", "rosa@hacienda.gob.cl"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var form = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Enter your supervisor's name.", form.QuerySelector("#SupervisorName-error")!.Text());
        Assert.Equal("Write the name on one line.", Html.Parse(await twoLines.Content.ReadAsStringAsync()).QuerySelector("#SupervisorName-error")!.Text());
        Assert.Equal("Enter your supervisor's name.", Html.Parse(await invisible.Content.ReadAsStringAsync()).QuerySelector("#SupervisorName-error")!.Text());
        Assert.Equal("A name cannot contain a web address.", Html.Parse(await addressed.Content.ReadAsStringAsync()).QuerySelector("#SupervisorName-error")!.Text());
        Assert.Equal("Enter the supervisor's email address, like name@institution.gov.", form.QuerySelector("#SupervisorEmail-error")!.Text());
        Assert.Equal("rosa at hacienda", form.QuerySelector("#SupervisorEmail")!.GetAttribute("value"));   // what was typed stays
        var application = await _site.ApplicationAsync(id);
        Assert.Equal(("rosa.diaz@gob.cl", 1), (application.SupervisorEmail, application.EndorsementRequest));
        Assert.Equal(1, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == ApplicationMails.EndorsementRequestKind)));
    }

    [Fact]
    public async Task The_request_goes_out_at_most_five_times()
    {
        var (browser, id) = await _site.AppliedAsync();
        var page = $"/applications/{id}/supervisor";
        var token = await browser.AntiforgeryTokenAsync(page);
        for (var again = 1; again < EndorsementRequests.MostRequests; again++)
        {
            var sent = await browser.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>(Supervisor("Rosa Díaz", $"rosa{again}@gob.cl")) { ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        }
        // The page, asked for now, leads to the application, which says why there is no more sending.
        var usedUp = await browser.GetAsync(page);
        Assert.Equal((HttpStatusCode.Redirect, $"/applications#application-{id}"), (usedUp.StatusCode, usedUp.Headers.Location!.OriginalString));
        var mine = (await browser.GetPageAsync("/applications")).QuerySelector($"#application-{id}")!;
        Assert.Null(mine.QuerySelector("a.ask-supervisor-again"));
        Assert.Equal("The request has been sent 5 times, the most it can be; please ask the programme for help.", mine.QuerySelector(".supervisor-requests-used-up").Text());

        var refused = await browser.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>(Supervisor("Rosa Díaz", "one-more@gob.cl")) { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("The request has been sent 5 times, the most it can be; please ask the programme for help.",
            Html.Parse(await refused.Content.ReadAsStringAsync()).QuerySelector(".lead")!.Text());
        Assert.Equal(5, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == ApplicationMails.EndorsementRequestKind)));
        Assert.Equal("rosa4@gob.cl", (await _site.ApplicationAsync(id)).SupervisorEmail);
    }

    [Fact]
    public async Task Nobody_else_can_change_an_applicants_supervisor()
    {
        var (_, id) = await _site.AppliedAsync();
        var (other, own) = await _site.AppliedAsync("luis@gob.pe");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/applications/{id}/supervisor")).StatusCode);
        var token = await other.AntiforgeryTokenAsync($"/applications/{own}/supervisor");
        var response = await other.PostAsync($"/applications/{id}/supervisor",
            new FormUrlEncodedContent(new Dictionary<string, string>(Supervisor("Mallory", "mallory@example.org")) { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("There is no such application.", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".lead")!.Text());
        Assert.Equal("rosa.diaz@gob.cl", (await _site.ApplicationAsync(id)).SupervisorEmail);
        Assert.False(await _site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "mallory@example.org")));
    }

    [Fact]
    public async Task Links_mailed_before_requests_were_numbered_answer_the_first_request()
    {
        var (_, id) = await _site.AppliedAsync();
        var earlierToken = EarlierFormatToken(id);
        var links = _site.Services.GetRequiredService<EndorsementLinks>();

        Assert.Equal(new EndorsementLink(id, 1), links.Read(earlierToken));
        var supervisor = _site.NewBrowser();
        await supervisor.SubmitAsync($"/endorsements/{earlierToken}", $"/endorsements/{earlierToken}", new Dictionary<string, string> { ["endorse"] = "true" });
        Assert.Equal(EndorsementState.Endorsed, (await _site.ApplicationAsync(id)).Endorsement);
    }

    [Fact]
    public async Task Links_mailed_before_requests_were_numbered_stop_working_once_the_request_is_sent_again()
    {
        var (browser, id) = await _site.AppliedAsync();
        var earlierToken = EarlierFormatToken(id);

        await browser.SubmitAsync($"/applications/{id}/supervisor", $"/applications/{id}/supervisor", Supervisor("Rosa Díaz", "rosa.diaz@gob.cl"));

        Assert.Equal(HttpStatusCode.Gone, (await _site.NewBrowser().GetAsync($"/endorsements/{earlierToken}")).StatusCode);
        Assert.Equal(2, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == "rosa.diaz@gob.cl" && m.Kind == ApplicationMails.EndorsementRequestKind)));
    }

    [Fact]
    public async Task A_link_past_its_sixty_days_says_it_expired_and_what_to_do_and_takes_no_answer()
    {
        var (browser, id) = await _site.AppliedAsync();
        var (supervisor, link, token) = await SupervisorHoldingTheFirstRequestAsync();
        _site.Clock.Advance(EndorsementLinks.Lifetime + TimeSpan.FromMinutes(1));

        var shown = await supervisor.GetAsync(link);
        var answer = await supervisor.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["endorse"] = "true" }));

        Assert.Equal(HttpStatusCode.Gone, shown.StatusCode);
        Assert.Equal("This link to endorse the application of Test ana to “Policy Lab” has expired.",
            Html.Parse(await shown.Content.ReadAsStringAsync()).QuerySelector(".lead")!.Text());
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(EndorsementState.Pending, (await _site.ApplicationAsync(id)).Endorsement);
        // The applicant (signed in again: two months have passed) sends it again, and the new link works.
        browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        await browser.SubmitAsync($"/applications/{id}/supervisor", $"/applications/{id}/supervisor", Supervisor("Rosa Díaz", "rosa.diaz@gob.cl"));
        var fresh = TestAccounts.LinkIn(await _site.LastMailAsync("rosa.diaz@gob.cl", ApplicationMails.EndorsementRequestKind), "/endorsements/");
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(fresh)).StatusCode);
    }

    [Fact]
    public async Task Applicants_cannot_name_themselves_as_their_supervisor()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        var form = Enrolment.Form();
        form["SupervisorEmail"] = "Ana@Gob.cl";

        var refused = Html.Parse(await (await browser.SubmitAsync(Apply, Apply, form)).Content.ReadAsStringAsync());

        Assert.Equal("Your supervisor's address cannot be your own.", refused.QuerySelector("#SupervisorEmail-error")!.Text());
        Assert.Equal(0, await _site.WithDbAsync(db => db.Applications.CountAsync()));

        var (_, id) = await _site.AppliedAsync("luis@gob.pe");
        var luis = await _site.SignedInBrowserAsync("luis@gob.pe");
        var page = $"/applications/{id}/supervisor";
        var again = await luis.SubmitAsync(page, page, Supervisor("Luis", " luis@gob.pe "));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("Your supervisor's address cannot be your own.", Html.Parse(await again.Content.ReadAsStringAsync()).QuerySelector("#SupervisorEmail-error")!.Text());
        Assert.Equal(1, (await _site.ApplicationAsync(id)).EndorsementRequest);
    }

    [Fact]
    public async Task Two_changes_sent_at_once_send_one_request_and_both_are_told_it_went_out()
    {
        var (browser, id) = await _site.AppliedAsync();
        var page = $"/applications/{id}/supervisor";
        var token = await browser.AntiforgeryTokenAsync(page);

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => browser.PostAsync(page,
            new FormUrlEncodedContent(new Dictionary<string, string>(Supervisor("Rosa Díaz", "rosa@hacienda.gob.cl")) { ["Request"] = "1", ["__RequestVerificationToken"] = token }))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        Assert.Equal(2, (await _site.ApplicationAsync(id)).EndorsementRequest);
        Assert.Equal(1, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == "rosa@hacienda.gob.cl")));
    }

    [Fact]
    public async Task A_second_click_after_the_first_has_gone_through_sends_nothing_more()
    {
        var (browser, id) = await _site.AppliedAsync();
        var page = $"/applications/{id}/supervisor";
        var token = await browser.AntiforgeryTokenAsync(page);
        Assert.Equal("1", Html.Parse(await browser.GetStringAsync(page)).QuerySelector("input[name=Request]")!.GetAttribute("value"));
        Task<HttpResponseMessage> Send(string email) => browser.PostAsync(page,
            new FormUrlEncodedContent(new Dictionary<string, string>(Supervisor("Rosa Díaz", email)) { ["Request"] = "1", ["__RequestVerificationToken"] = token }));

        var first = await Send("rosa@hacienda.gob.cl");
        var second = await Send("rosa@hacienda.gob.cl");
        // The same old page sent again with other details: they changed meanwhile, and the person is told.
        var stale = await Send("someone.else@hacienda.gob.cl");

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, second.StatusCode));
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Equal("Your supervisor's details have changed since this page was shown; please look at your application again.",
            Html.Parse(await stale.Content.ReadAsStringAsync()).QuerySelector(".lead")!.Text());
        var application = await _site.ApplicationAsync(id);
        Assert.Equal((2, "rosa@hacienda.gob.cl"), (application.EndorsementRequest, application.SupervisorEmail));
        Assert.Equal(1, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == "rosa@hacienda.gob.cl")));
        Assert.False(await _site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "someone.else@hacienda.gob.cl")));
    }

    [Fact]
    public async Task A_withdrawn_application_needs_no_answer_and_takes_none()
    {
        var (browser, id) = await _site.AppliedAsync();
        var (supervisor, link, token) = await SupervisorHoldingTheFirstRequestAsync();
        await browser.SubmitAsync($"/applications/{id}/withdraw", $"/applications/{id}/withdraw", new Dictionary<string, string>());

        var shown = await supervisor.GetAsync(link);
        var answer = await supervisor.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["endorse"] = "true" }));

        Assert.Equal(HttpStatusCode.Gone, shown.StatusCode);
        Assert.Equal("The application of Test ana to “Policy Lab” is no longer being considered, so it needs no answer. Thank you.",
            Html.Parse(await shown.Content.ReadAsStringAsync()).QuerySelector(".lead")!.Text());
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var application = await _site.ApplicationAsync(id);
        Assert.Equal((ApplicationState.Withdrawn, EndorsementState.Pending), (application.State, application.Endorsement));
        Assert.False(await _site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Kind == ApplicationMails.EndorsementRecordedKind)));
    }

    [Theory]
    [InlineData(ApplicationState.Submitted, EndorsementState.Pending, 1, "2027-01-10", true)]
    [InlineData(ApplicationState.Waitlisted, EndorsementState.Pending, 4, "2027-01-10", true)]
    [InlineData(ApplicationState.Submitted, EndorsementState.Pending, 5, "2027-01-10", false)]   // the cap
    [InlineData(ApplicationState.Submitted, EndorsementState.Endorsed, 1, "2027-01-10", false)]  // answered
    [InlineData(ApplicationState.Submitted, EndorsementState.Declined, 1, "2027-01-10", false)]
    [InlineData(ApplicationState.Accepted, EndorsementState.Pending, 1, "2027-01-10", false)]    // decided
    [InlineData(ApplicationState.Rejected, EndorsementState.Pending, 1, "2027-01-10", false)]
    [InlineData(ApplicationState.Withdrawn, EndorsementState.Pending, 1, "2027-01-10", false)]
    [InlineData(ApplicationState.Submitted, EndorsementState.Pending, 1, "2027-06-11", false)]   // the course has ended
    public void The_supervisor_can_be_asked_again_while_the_answer_can_still_matter(
        ApplicationState state, EndorsementState endorsement, int requestsSent, string today, bool expected)
    {
        var courseEnds = new DateTime(2027, 6, 11, 4, 0, 0, DateTimeKind.Utc);
        var now = DateTime.Parse(today, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal) + TimeSpan.FromHours(5);

        Assert.Equal(expected, EndorsementRequests.CanAskAgain(state, endorsement, requestsSent, courseEnds, now));
    }
}
