using System.Net;
using System.Text.Json;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Accounts;

public sealed class PrivacyTests : IDisposable
{
    private readonly TestSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Download_my_data_contains_what_the_person_entered()
    {
        await _site.CreateAsync("official@gob.mx");
        await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "official@gob.mx").ExecuteUpdateAsync(set => set.SetProperty(u => u.FullName, "María Pérez")));
        var browser = await _site.SignedInBrowserAsync("official@gob.mx");

        var response = await browser.GetAsync("/account/my-data");
        Assert.Contains("\"fullName\": \"María Pérez\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);   // as written, not escaped

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore, "personal data must not be kept by caches");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var profile = json.RootElement.GetProperty("profile");
        Assert.Equal("official@gob.mx", profile.GetProperty("email").GetString());
        Assert.Equal("Ministry of Finance", profile.GetProperty("institution").GetString());
        Assert.Equal("Analyst", profile.GetProperty("position").GetString());
        Assert.Equal("CL", profile.GetProperty("country").GetString());
        Assert.Contains("Participant", json.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Deleting_the_account_erases_it_and_ends_the_session()
    {
        await _site.CreateAsync("official@gob.mx");
        var browser = await _site.SignedInBrowserAsync("official@gob.mx");
        // Said before: what the person holds does not stay empty, and someone else is told.
        Assert.Equal("A seat or a scholarship you hold in a course still to come or under way passes to the next person in line, who is told.",
            (await browser.GetPageAsync("/account/privacy")).QuerySelector(".leaving-places").Text());

        var response = await browser.SubmitAsync("/account/privacy", "/account/delete", new Dictionary<string, string> { ["Password"] = TestAccounts.Password });

        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Your account was deleted", page.QuerySelector("h1").Text());
        Assert.DoesNotContain("Test official", page.QuerySelector("header")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("header a[href='/account/sign-in']"));
        Assert.False(await _site.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "official@gob.mx" || u.FullName == "Test official")));
        Assert.False(await _site.WithDbAsync(db => db.UserSessions.AnyAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account/profile")).StatusCode);
    }

    [Fact]
    public async Task Deleting_the_account_erases_the_mails_sent_to_it_too()
    {
        await _site.CreateAsync("official@gob.mx");
        await _site.WithDbAsync(db => { db.MailSuppressions.Add(new Data.Entities.MailSuppression { Address = "OFFICIAL@GOB.MX" }); return db.SaveChangesAsync(); });
        await _site.NewBrowser().SubmitAsync("/account/forgot-password", "/account/forgot-password", new Dictionary<string, string> { ["Email"] = "official@gob.mx" });
        await _site.WithDbAsync(db => db.OutboxMessages.ExecuteUpdateAsync(set => set.SetProperty(m => m.Status, Data.Entities.OutboxStatus.Sent)));
        Assert.True(await _site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "official@gob.mx")));
        var browser = await _site.SignedInBrowserAsync("official@gob.mx");

        await browser.SubmitAsync("/account/privacy", "/account/delete", new Dictionary<string, string> { ["Password"] = TestAccounts.Password });

        Assert.False(await _site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "official@gob.mx")));
        // An unsubscription belonged to the person: whoever registers with the address again starts afresh.
        Assert.False(await _site.WithDbAsync(db => db.MailSuppressions.AnyAsync()));
    }

    [Fact]
    public async Task Deleting_the_account_takes_its_name_and_address_out_of_the_audit_log()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        await _site.CreateAsync("official@gob.mx");
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        var id = await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "official@gob.mx").Select(u => u.Id).SingleAsync());
        await admin.SubmitAsync($"/admin/users/{id}", $"/admin/users/{id}/roles", new Dictionary<string, string> { ["role"] = Roles.Instructor, ["grant"] = "true" });
        await admin.SubmitAsync($"/admin/users/{id}", $"/admin/users/{id}/roles", new Dictionary<string, string> { ["role"] = Roles.Instructor, ["grant"] = "false" });
        var rows = await _site.WithDbAsync(db => db.AuditEntries.OrderBy(e => e.Id).Select(e => new { e.Action, e.Before, e.After, e.Note }).ToListAsync());
        // A role taken away is the state before; a role given, the state after.
        Assert.Equal([("user.role-given", (string?)null, (string?)"Instructor"), ("user.role-removed", "Instructor", null)],
            rows.Select(r => (r.Action, r.Before, r.After)).ToArray());
        Assert.All(rows, r => Assert.Equal("Test official <official@gob.mx>", r.Note));

        var browser = await _site.SignedInBrowserAsync("official@gob.mx");
        await browser.SubmitAsync("/account/privacy", "/account/delete", new Dictionary<string, string> { ["Password"] = TestAccounts.Password });

        var notes = await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action.StartsWith("user.role")).Select(e => e.Note).ToListAsync());
        Assert.Equal(["(account deleted)", "(account deleted)"], notes);
        var log = await admin.GetPageAsync("/admin/audit?lang=es");
        Assert.Contains("(cuenta eliminada)", log.QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("official@gob.mx", log.QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Privacy notice", "Only those the site needs")]
    [InlineData("es", "Aviso de privacidad", "Solo las que el sitio necesita")]
    [InlineData("pt", "Aviso de privacidade", "Somente aqueles de que o site precisa")]
    public async Task The_privacy_notice_is_public_and_linked_from_every_page_and_the_registration_form(string language, string title, string cookies)
    {
        var visitor = _site.NewBrowser();

        var notice = await visitor.GetPageAsync($"/privacy?lang={language}");

        Assert.Equal(title, notice.QuerySelector("h1").Text());
        Assert.Contains(cookies, notice.QuerySelector("main").Text(), StringComparison.Ordinal);
        Assert.NotNull(notice.QuerySelector("a[href='/account/privacy']"));
        Assert.NotNull((await visitor.GetPageAsync("/courses")).QuerySelector("footer a[href='/privacy']"));
        Assert.NotNull((await visitor.GetPageAsync("/account/register")).QuerySelector("main form a[href='/privacy']"));
    }

    [Fact]
    public async Task Deleting_needs_the_password_and_a_wrong_one_changes_nothing()
    {
        await _site.CreateAsync("official@gob.mx");
        var browser = await _site.SignedInBrowserAsync("official@gob.mx");

        var response = await browser.SubmitAsync("/account/privacy", "/account/delete", new Dictionary<string, string> { ["Password"] = "not my password" });

        Assert.Contains("The password is not correct.", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#Password-error").Text());
        Assert.True(await _site.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "official@gob.mx")));
    }

    [Fact]
    public async Task Profile_edits_are_saved()
    {
        await _site.CreateAsync("official@gob.mx");
        var browser = await _site.SignedInBrowserAsync("official@gob.mx");

        var response = await browser.SubmitAsync("/account/profile", "/account/profile", new Dictionary<string, string>
        {
            ["FullName"] = "María Gómez", ["Country"] = "MX", ["Institution"] = "Secretaría de la Función Pública",
            ["Position"] = "Directora", ["GovernmentLevel"] = "Subnational", ["PreferredLanguage"] = "es", ["TimeZone"] = "America/Mexico_City",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var user = await _site.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "official@gob.mx"));
        Assert.Equal(("María Gómez", "MX", "es", "America/Mexico_City"), (user.FullName, user.Country, user.PreferredLanguage, user.TimeZone));
    }
}
