using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CourseHub.BrowserTests;

/// <summary>Journey 2: an admin scores and accepts an applicant and awards a scholarship; the official accepts it.</summary>
public sealed class SelectionJourneyTests(BrowserSite site, ITestOutputHelper output) : IClassFixture<BrowserSite>
{
    private const string Course = "estado-abierto-america-latina-caribe";

    [Fact]
    public async Task Admin_scores_accepts_and_awards_and_the_official_accepts_the_scholarship()
    {
        await site.CreateAccountAsync("coordinadora@institute.org", "coordination passphrase", "Admin");
        await site.CreateAccountAsync("applicant@gob.pe", "applicant passphrase");
        var applicationId = await ApplyAsync("applicant@gob.pe");

        var admin = await site.SignInAsync("coordinadora@institute.org", "coordination passphrase");
        await admin.GotoAsync($"/review/{Course}");
        await BrowserSite.ScreenshotAsync(admin, "review");
        await admin.GetByRole(AriaRole.Link, new() { Name = "applicant", Exact = true }).ClickAsync();
        foreach (var (criterion, score) in new[] { ("Pertinencia del cargo", "5"), ("Motivación", "4"), ("Impacto esperado", "5") })
        {
            await admin.Locator("fieldset", new() { Has = admin.Locator("legend", new() { HasTextString = criterion }) }).GetByLabel(score, new() { Exact = true }).CheckAsync();
        }
        await admin.GetByLabel("Comment (optional)").FillAsync("Strong profile for the in-person week.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save my scores" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#scores-heading + ul")).ToContainTextAsync("mean score 4.67");

        await admin.GetByLabel("Accept").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Decide", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.Locator(".alert-success")).ToContainTextAsync("applicant is accepted.");

        await admin.GotoAsync($"/review/{Course}/scholarships");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Award a scholarship to applicant" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#count-awarded")).ToHaveTextAsync("1");
        await BrowserSite.ScreenshotAsync(admin, "scholarships");

        var official = await site.SignInAsync("applicant@gob.pe", "applicant passphrase");
        await official.GotoAsync("/applications");
        await Assertions.Expect(official.Locator($"#application-{applicationId} .application-state")).ToHaveTextAsync("Accepted");
        // Declining is asked about first; the official thinks again and keeps the offer.
        await official.GetByRole(AriaRole.Link, new() { Name = "Decline the scholarship" }).ClickAsync();
        await Assertions.Expect(official.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Decline the scholarship?");
        await Axe.AssertNoSeriousViolationsAsync(official, "decline-scholarship", output);
        await official.GetByRole(AriaRole.Link, new() { Name = "Keep the offer" }).ClickAsync();
        await official.GetByRole(AriaRole.Button, new() { Name = "Accept the scholarship" }).ClickAsync();
        await Assertions.Expect(official.Locator($"#application-{applicationId} .scholarship-state")).ToContainTextAsync("Accepted");
        // The page opens at the application; what was just done is said right above it, and read first.
        await Assertions.Expect(official.Locator($"[data-notice] + #application-{applicationId}")).ToHaveCountAsync(1);
        await Assertions.Expect(official.Locator("[data-notice]")).ToBeFocusedAsync();

        // Withdrawing now would hand on both the seat and the scholarship, and the question says so.
        await official.GetByRole(AriaRole.Link, new() { Name = "Withdraw my application" }).ClickAsync();
        await Assertions.Expect(official.Locator("main")).ToContainTextAsync("Your seat goes to the next person on the waitlist");
        await Assertions.Expect(official.Locator("main")).ToContainTextAsync("Your scholarship passes to the next person on the reserve list");
        await Axe.AssertNoSeriousViolationsAsync(official, "withdraw", output);
        await official.GetByRole(AriaRole.Link, new() { Name = "Keep my application" }).ClickAsync();
        await Assertions.Expect(official.Locator($"#application-{applicationId} .application-state")).ToHaveTextAsync("Accepted");
    }

    [Fact]
    public async Task Admin_selects_every_application_of_the_page_at_once_and_waitlists_them_together()
    {
        await site.CreateAccountAsync("coordinador@institute.org", "coordination passphrase", "Admin");
        string[] applicants = ["bulk-one@gob.cl", "bulk-two@gob.cl", "bulk-three@gob.cl"];
        foreach (var email in applicants)
        {
            await site.CreateAccountAsync(email, "applicant passphrase");
            await ApplyAsync(email);
        }

        var admin = await site.SignInAsync("coordinador@institute.org", "coordination passphrase");
        await admin.GotoAsync($"/review/{Course}?state=Submitted&sort=name");
        var all = admin.GetByLabel("Select every application on this page");
        await all.CheckAsync();
        foreach (var email in applicants)
        {
            await Assertions.Expect(admin.GetByLabel($"Select {email.Split('@')[0]}")).ToBeCheckedAsync();
        }
        // Leaving one out shows the selection as mixed; ticking it again completes it.
        await admin.GetByLabel("Select bulk-two").UncheckAsync();
        Assert.True(await all.EvaluateAsync<bool>("box => box.indeterminate && !box.checked"));
        await admin.GetByLabel("Select bulk-two").CheckAsync();
        await Assertions.Expect(all).ToBeCheckedAsync();

        await admin.GetByLabel("Decision").SelectOptionAsync("Waitlist");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Apply the decision" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".alert-success")).ToHaveTextAsync("3 of 3 applications changed.");
        await Axe.AssertNoSeriousViolationsAsync(admin, "review-list", output);
    }

    /// <summary>The applicant's application, made the way the apply form makes it.</summary>
    private async Task<int> ApplyAsync(string email)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CourseHubDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var workflow = scope.ServiceProvider.GetRequiredService<CourseHub.Web.Features.Applications.ApplicationWorkflow>();
        var result = await workflow.ApplyAsync(Course, user, new CourseHub.Web.Features.Applications.ApplyForm
        {
            Motivation = "Lidero la estrategia de gobierno abierto de mi ministerio.",
            RelationToWork = "Coordino los compromisos del plan de acción.",
            RequestScholarship = true,
            ScholarshipStatement = "Sin presupuesto de viaje.",
            DepartureCity = "Lima",
        }, CancellationToken.None);
        Assert.Equal(CourseHub.Web.Features.Applications.ApplyOutcome.Applied, result.Outcome);
        return result.ApplicationId!.Value;
    }
}
