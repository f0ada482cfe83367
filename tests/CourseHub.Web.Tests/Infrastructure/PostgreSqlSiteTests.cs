using System.Net;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Applications;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Infrastructure;

/// <summary>The site on PostgreSQL (Database:Provider = PostgreSql), and two web nodes sharing one database.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlSiteTests(PostgreSqlServer postgres)
{
    [Fact]
    public async Task Site_starts_on_an_empty_postgresql_database_with_its_migrations_and_content()
    {
        using var site = new TestSite(settings: postgres.SiteSettings());

        var catalogue = await site.NewBrowser().GetPageAsync("/courses");

        Assert.Contains(catalogue.QuerySelectorAll(".course-card h2, .course-card h3").Select(h => h.Text()), t => t.Contains("Estado abierto", StringComparison.Ordinal));
        Assert.True(await site.WithDbAsync(db => Task.FromResult(db.Database.IsNpgsql())));
        Assert.Empty(await site.WithDbAsync(db => db.Database.GetPendingMigrationsAsync()));
    }

    [Fact]
    public async Task Three_nodes_started_at_the_same_moment_on_an_empty_database_all_start_and_import_once()
    {
        var database = postgres.SiteSettings();
        var nodes = Enumerable.Range(0, 3).Select(_ => new TestSite(settings: database)).ToList();
        try
        {
            // Each node migrates, creates the roles and imports content/ as it starts.
            var clients = await Task.WhenAll(nodes.Select(node => Task.Run(() => node.NewBrowser())));

            foreach (var client in clients) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/courses")).StatusCode);
            var slugs = await nodes[0].WithDbAsync(db => db.Courses.Select(c => c.Slug).ToListAsync());
            Assert.Equal(slugs.Distinct().Count(), slugs.Count);
            Assert.Contains("estado-abierto-america-latina-caribe", slugs);
            Assert.Equal(Roles.All.Length, await nodes[0].WithDbAsync(db => db.Roles.CountAsync()));
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
        }
    }

    [Fact]
    public async Task An_official_applies_and_an_admin_accepts_with_every_mail_and_audit_row()
    {
        using var site = Enrolment.SiteWithCourse(settings: postgres.SiteSettings());
        await site.CreateAsync("ana@gob.cl");
        await site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var official = await site.SignedInBrowserAsync("ana@gob.cl");
        var admin = await site.SignedInBrowserAsync("coordinator@institute.org");

        var form = new Dictionary<string, string>(Enrolment.Form(scholarship: true))
        {
            ["__RequestVerificationToken"] = await official.AntiforgeryTokenAsync($"/courses/{Enrolment.Slug}/apply"),
        };
        var applied = await official.PostAsync($"/courses/{Enrolment.Slug}/apply", new FormUrlEncodedContent(form));
        var again = await official.PostAsync($"/courses/{Enrolment.Slug}/apply", new FormUrlEncodedContent(form));
        var id = await site.WithDbAsync(db => db.Applications.Select(a => a.Id).SingleAsync());
        await admin.DecideAsync([id], Decision.Accept, "Welcome.");

        Assert.Equal(HttpStatusCode.SeeOther, applied.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        var application = await site.ApplicationAsync(id);
        Assert.Equal((ApplicationState.Accepted, ScholarshipState.Requested, "Welcome."), (application.State, application.Scholarship, application.DecisionNote));
        Assert.Equal("We received your application to “Policy Lab”", (await site.LastMailAsync("ana@gob.cl", ApplicationMails.ReceivedKind)).Subject);
        Assert.NotNull(await site.LastMailAsync("ana@gob.cl", ApplicationMails.AcceptedKind));
        var audit = await site.WithDbAsync(db => db.AuditEntries.Where(e => e.ApplicationId == id).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["application.submitted", "application.decided"], audit);
        var page = Html.Parse(await official.GetStringAsync("/applications"));
        Assert.Equal("Accepted", page.QuerySelector($"#application-{id} .application-state").Text());
    }

    [Fact]
    public async Task A_session_started_on_one_node_is_valid_on_the_other_and_ends_on_both()
    {
        var database = postgres.SiteSettings();
        using var first = new TestSite(settings: database);
        await first.CreateAsync("ana@gob.cl");
        using var second = new TestSite(settings: database);
        var onFirst = Cookieless(first);
        var onSecond = Cookieless(second);

        var signIn = await SignInAsync(onFirst);
        var session = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("CourseHub.Session=", StringComparison.Ordinal)).Split(';')[0];

        var onTheOtherNode = await GetAsync(onSecond, "/applications", session);
        Assert.Equal(HttpStatusCode.OK, onTheOtherNode.StatusCode);

        var (token, antiforgery) = await FormOnAsync(onSecond, "/applications", session);
        var signOut = await PostAsync(onSecond, "/account/sign-out", $"{session}; {antiforgery}", new() { ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var afterwards = await GetAsync(onFirst, "/applications", session);
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.StartsWith("https://localhost/account/sign-in", afterwards.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_finds_people_whatever_the_letter_case_of_the_search()
    {
        using var site = new TestSite(settings: postgres.SiteSettings());
        await site.CreateAsync("coordinator@institute.org", Roles.Admin);
        await site.CreateAsync("teacher@institute.org", Roles.Instructor);
        var admin = await site.SignedInBrowserAsync("coordinator@institute.org");

        var found = Html.Parse(await admin.GetStringAsync("/admin/users?q=TEACHER"));

        Assert.Equal(["Test teacher"], found.QuerySelectorAll("tbody th").Select(th => th.Text()));
    }

    private static HttpClient Cookieless(TestSite site) =>
        site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client)
    {
        var (token, antiforgery) = await FormOnAsync(client, "/account/sign-in", "");
        var response = await PostAsync(client, "/account/sign-in", antiforgery, new()
        {
            ["Email"] = "ana@gob.cl", ["Password"] = TestAccounts.Password, ["__RequestVerificationToken"] = token,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    /// <summary>A page's form token, and the antiforgery cookie the page set beside it.</summary>
    private static async Task<(string Token, string Cookie)> FormOnAsync(HttpClient client, string path, string cookies)
    {
        var page = await GetAsync(client, path, cookies);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var cookie = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).Split(';')[0];
        var token = Html.Parse(await page.Content.ReadAsStringAsync()).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return (token, cookie);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string cookies)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookies.Length > 0) request.Headers.Add("Cookie", cookies);
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string cookies, Dictionary<string, string> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("Cookie", cookies);
        return client.SendAsync(request);
    }
}
