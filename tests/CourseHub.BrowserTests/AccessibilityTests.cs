using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CourseHub.BrowserTests;

/// <summary>axe-core on every main page: no serious or critical WCAG 2.1 A/AA violation; the rest are printed.</summary>
public sealed class AccessibilityTests(BrowserSite site, ITestOutputHelper output) : IClassFixture<BrowserSite>
{
    [Theory]
    [InlineData("catalogue", "/courses")]
    [InlineData("catalogue-filtered", "/courses?language=es&status=open")]
    [InlineData("course-page", "/courses/from-digital-to-smart-government")]
    [InlineData("course-page-es", "/courses/estado-abierto-america-latina-caribe")]
    [InlineData("sign-in", "/account/sign-in")]
    [InlineData("register", "/account/register")]
    [InlineData("not-found", "/courses/no-such-course")]
    [InlineData("accessibility-statement", "/accessibility")]
    [InlineData("privacy-notice", "/privacy")]
    [InlineData("module-page", "/courses/from-digital-to-smart-government/modules/from-e-government-to-smart-government")]
    [InlineData("module-locked", "/courses/from-digital-to-smart-government/modules/digital-government-in-lac")]
    [InlineData("endorsement-link-unknown", "/endorsements/not-a-real-link")]
    public async Task Public_pages_have_no_serious_accessibility_violations(string name, string url)
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(url);
        await BrowserSite.ScreenshotAsync(page, name);

        await Axe.AssertNoSeriousViolationsAsync(page, name, output);
        Assert.DoesNotContain(site.PolicyViolations, violation => violation.Contains(url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_profile_offers_the_browsers_own_time_zone()
    {
        await site.CreateAccountAsync("zone@gob.co", "a zone of my own");
        var page = await site.NewPageAsync(timeZone: "America/Bogota");
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email").FillAsync("zone@gob.co");
        await page.GetByLabel("Password").FillAsync("a zone of my own");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GotoAsync("/account/profile");

        await page.Locator(".browser-zone-offer").ClickAsync();

        await Assertions.Expect(page.Locator("#TimeZone")).ToHaveValueAsync("America/Bogota");
        await Assertions.Expect(page.Locator("#TimeZone")).ToBeFocusedAsync();
        Assert.Empty(site.PolicyViolations);
    }

    [Fact]
    public async Task Register_form_with_errors_has_no_serious_violations_and_links_its_errors()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/account/register");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();

        await Assertions.Expect(page.Locator("#error-summary a[href='#Email']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#Email")).ToHaveAttributeAsync("aria-invalid", "true");
        // The summary is read first: it takes the focus as the page opens.
        await Assertions.Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Axe.AssertNoSeriousViolationsAsync(page, "register-errors", output);
    }

    [Fact]
    public async Task The_administration_menu_opens_with_the_space_bar_as_a_button_does()
    {
        await site.CreateAccountAsync("menu-admin@institute.org", "menu admin passphrase", "Admin");
        var page = await site.SignInAsync("menu-admin@institute.org", "menu admin passphrase");
        await page.SetViewportSizeAsync(1400, 800);
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Administration" });

        await menu.FocusAsync();
        await page.Keyboard.PressAsync("Space");

        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit log" })).ToBeVisibleAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => Math.round(window.scrollY)"));
    }

    [Fact]
    public async Task Signed_in_pages_have_no_serious_accessibility_violations()
    {
        await site.CreateAccountAsync("a11y-admin@institute.org", "accessible passphrase", "Admin");
        await site.CreateAccountAsync("a11y-applicant@gob.cl", "accessible passphrase");
        var page = await site.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email").FillAsync("a11y-admin@institute.org");
        await page.GetByLabel("Password").FillAsync("accessible passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "My applications" })).ToBeVisibleAsync();
        await using (var scope = site.Services.CreateAsyncScope())
        {
            // Someone else's application, so that the review list and the reports show their tables rather than their
            // empty states while the admin still sees the apply form.
            var db = scope.ServiceProvider.GetRequiredService<CourseHubDbContext>();
            var course = await db.Courses.SingleAsync(c => c.Slug == "estado-abierto-america-latina-caribe");
            var applicant = await db.Users.SingleAsync(u => u.Email == "a11y-applicant@gob.cl");
            db.Applications.Add(new Application
            {
                CourseId = course.Id, UserId = applicant.Id, Motivation = "Motivación.", RelationToWork = "Relación.", Country = applicant.Country,
                Institution = applicant.Institution, SubmittedUtc = BrowserSite.Start.UtcDateTime, Scholarship = ScholarshipState.Requested,
            });
            await db.SaveChangesAsync();
        }

        foreach (var (name, url) in new[]
        {
            ("apply", "/courses/estado-abierto-america-latina-caribe/apply"),
            ("my-applications", "/applications"),
            ("review", "/review/estado-abierto-america-latina-caribe"),
            ("scholarships", "/review/estado-abierto-america-latina-caribe/scholarships"),
            ("session-editor", "/courses/from-digital-to-smart-government/sessions"),
            ("profile", "/account/profile"),
            ("users", "/admin/users"),
            ("audit", "/admin/audit"),
            ("outbox", "/admin/outbox"),
            ("reports", "/admin/reports"),
            ("courses-admin", "/admin/courses"),
            ("course-new", "/admin/courses/new"),
            ("course-edit", "/admin/courses/from-digital-to-smart-government/edit"),
            ("description-editor", "/courses/from-digital-to-smart-government/authoring/description"),
            ("unpublish-question", "/admin/courses/from-digital-to-smart-government/unpublish"),
            ("calendar-feed", "/account/calendar"),
        })
        {
            await page.GotoAsync(url);
            // The form itself is scanned, not the redirect an applicant who already applied gets.
            if (name == "apply") await Assertions.Expect(page.Locator("form.apply-form")).ToBeVisibleAsync();
            if (name == "unpublish-question") await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unpublish this course?" })).ToBeVisibleAsync();
            await BrowserSite.ScreenshotAsync(page, name);
            await Axe.AssertNoSeriousViolationsAsync(page, name, output);
        }

        // The question asked before a session is cancelled, reached from the session list.
        await page.GotoAsync("/courses/from-digital-to-smart-government/sessions");
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel session · Inauguration" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cancel this session?" })).ToBeVisibleAsync();
        await BrowserSite.ScreenshotAsync(page, "session-cancel");
        await Axe.AssertNoSeriousViolationsAsync(page, "session-cancel", output);
        // Every page ran under the site's content security policy without anything refused.
        Assert.Empty(site.PolicyViolations);
    }
}
