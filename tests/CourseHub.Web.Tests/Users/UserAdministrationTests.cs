using System.Net;
using AngleSharp.Dom;
using CourseHub.Web.Features.Users;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Users;

public sealed class UserAdministrationTests : IDisposable
{
    private readonly TestSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Admin_finds_people_by_institution_and_by_role()
    {
        await _site.CreateAsync("admin@institute.org", Roles.Admin);
        await _site.CreateAsync("teacher@institute.org", Roles.Instructor);
        var admin = await _site.SignedInBrowserAsync("admin@institute.org");

        var byText = Html.Parse(await admin.GetStringAsync("/admin/users?q=teacher"));
        var byRole = Html.Parse(await admin.GetStringAsync("/admin/users?role=Instructor"));

        Assert.Equal(["Test teacher"], byText.QuerySelectorAll("tbody th").Select(th => th.Text()));
        Assert.Equal(["Test teacher"], byRole.QuerySelectorAll("tbody th").Select(th => th.Text()));
    }

    [Fact]
    public async Task Admin_finds_people_whatever_the_accents_and_letter_case_of_the_search()
    {
        await _site.CreateAsync("admin@institute.org", Roles.Admin);
        await _site.CreateAsync("oscar@gob.mx");
        await _site.WithDbAsync(async db =>
        {
            var person = await db.Users.SingleAsync(u => u.Email == "oscar@gob.mx");
            (person.FullName, person.Institution) = ("Óscar Núñez", "Secretaría de la Función Pública");
            return await db.SaveChangesAsync();
        });
        var admin = await _site.SignedInBrowserAsync("admin@institute.org");

        foreach (var search in new[] { "oscar nunez", "ÓSCAR", "Núñez", "secretaria de la funcion", "FUNCIÓN PÚBLICA" })
        {
            var found = Html.Parse(await admin.GetStringAsync($"/admin/users?q={Uri.EscapeDataString(search)}"));
            Assert.Equal(["Óscar Núñez"], found.QuerySelectorAll("tbody th").Select(th => th.Text()));
        }
        var none = Html.Parse(await admin.GetStringAsync("/admin/users?q=%25"));
        Assert.Empty(none.QuerySelectorAll("tbody th"));
    }

    [Fact]
    public async Task Admin_finds_people_by_the_name_of_their_country_and_reads_it_as_a_name()
    {
        await _site.CreateAsync("admin@institute.org", Roles.Admin);
        await _site.CreateAsync("ana@gob.br");
        await _site.CreateAsync("luis@gob.pa");
        await _site.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Email == "ana@gob.br")).Country = "BR";
            var luis = await db.Users.SingleAsync(u => u.Email == "luis@gob.pa");
            (luis.FullName, luis.Country) = ("Luis Ana", "PA");
            return await db.SaveChangesAsync();
        });
        var admin = await _site.SignedInBrowserAsync("admin@institute.org");

        string[] Found(IDocument page) => page.QuerySelectorAll("tbody th").Select(th => th.Text()).ToArray();
        var brazil = await admin.GetPageAsync("/admin/users?q=bras&lang=es");
        Assert.Equal(["Test ana"], Found(brazil));
        Assert.Equal("Brasil", brazil.QuerySelectorAll("tbody tr td")[1].Text());
        Assert.Equal(["Test ana"], Found(await admin.GetPageAsync("/admin/users?q=brazil")));
        Assert.Equal(["Test ana"], Found(await admin.GetPageAsync("/admin/users?q=brasil")));   // in any of the site's languages
        Assert.StartsWith("Nobody matches this search.", (await admin.GetPageAsync("/admin/users?q=zzzz")).QuerySelector(".empty-state")!.Text(), StringComparison.Ordinal);
        // Only from the start of a word: "ana" is Luis Ana, not everyone in Panama.
        Assert.Equal(["Luis Ana", "Test ana"], Found(await admin.GetPageAsync("/admin/users?q=ana")));
        Assert.Equal(["Luis Ana"], Found(await admin.GetPageAsync("/admin/users?q=panam")));
    }

    [Fact]
    public async Task A_role_change_that_names_no_role_is_refused_with_a_message()
    {
        await _site.CreateAsync("admin@institute.org", Roles.Admin);
        await _site.CreateAsync("person@gob.cl");
        var admin = await _site.SignedInBrowserAsync("admin@institute.org");
        var id = await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "person@gob.cl").Select(u => u.Id).SingleAsync());

        var response = await admin.SubmitAsync($"/admin/users/{id}", $"/admin/users/{id}/roles", new Dictionary<string, string> { ["grant"] = "true" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Unknown role.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await _site.WithDbAsync(db => db.AuditEntries.AnyAsync()));
    }

    [Fact]
    public async Task Accounts_stored_before_folded_search_are_found_after_a_restart()
    {
        await _site.CreateAsync("admin@institute.org", Roles.Admin);
        await _site.CreateAsync("angela@gob.cl");
        await _site.WithDbAsync(async db =>
        {
            var person = await db.Users.SingleAsync(u => u.Email == "angela@gob.cl");
            person.FullName = "Ángela Muñoz";
            await db.SaveChangesAsync();
            return await db.Database.ExecuteSqlRawAsync("UPDATE \"AspNetUsers\" SET \"SearchKey\" = ''");
        });

        using var restarted = new TestSite(sharedRoot: _site.Root);
        var admin = await restarted.SignedInBrowserAsync("admin@institute.org");

        var found = Html.Parse(await admin.GetStringAsync("/admin/users?q=munoz"));
        Assert.Equal(["Ángela Muñoz"], found.QuerySelectorAll("tbody th").Select(th => th.Text()));
        Assert.Equal(0, await restarted.WithDbAsync(db => db.Users.CountAsync(u => u.SearchKey == "")));
    }

    [Fact]
    public async Task Assigning_a_course_makes_the_person_its_instructor()
    {
        await _site.CreateAsync("admin@institute.org", Roles.Admin);
        var person = await _site.CreateAsync("expert@institute.org");
        var admin = await _site.SignedInBrowserAsync("admin@institute.org");
        var courseId = await _site.WithDbAsync(db => db.Courses.Where(c => c.Slug == "estado-abierto-america-latina-caribe").Select(c => c.Id).SingleAsync());

        var response = await admin.SubmitAsync($"/admin/users/{person.Id}", $"/admin/users/{person.Id}/courses",
            new Dictionary<string, string> { ["courseId"] = courseId.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await _site.WithDbAsync(db => db.CourseInstructors.AnyAsync(i => i.UserId == person.Id && i.CourseId == courseId)));
        var page = Html.Parse(await admin.GetStringAsync($"/admin/users/{person.Id}"));
        Assert.Equal("Now an instructor of “Estado abierto en América Latina y el Caribe”.", page.QuerySelector(".alert[data-notice]")!.Text().Trim());
        Assert.Contains("Instructor: yes", page.QuerySelector("#roles-heading + ul").Text());
        Assert.Contains("Estado abierto", page.QuerySelector("#courses-heading + ul").Text());
        // Who may teach is in the audit log like every decision.
        var audit = Html.Parse(await admin.GetStringAsync("/admin/audit"));
        var rows = audit.QuerySelectorAll("tbody tr").Select(r => r.Text()).ToList();
        Assert.Contains(rows, r => r.Contains("Instructor assigned to the course", StringComparison.Ordinal) && r.Contains("<expert@institute.org>", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("Role given", StringComparison.Ordinal) && r.Contains("Instructor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_instructor_is_told_by_mail_and_finds_the_course_and_its_tools_under_my_courses()
    {
        await _site.CreateAsync("admin@institute.org", Roles.Admin);
        var person = await _site.CreateAsync("expert@institute.org");
        var admin = await _site.SignedInBrowserAsync("admin@institute.org");
        const string Slug = "estado-abierto-america-latina-caribe";
        var courseId = await _site.WithDbAsync(db => db.Courses.Where(c => c.Slug == Slug).Select(c => c.Id).SingleAsync());

        await admin.SubmitAsync($"/admin/users/{person.Id}", $"/admin/users/{person.Id}/courses",
            new Dictionary<string, string> { ["courseId"] = courseId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await admin.SubmitAsync($"/admin/users/{person.Id}", $"/admin/users/{person.Id}/courses",
            new Dictionary<string, string> { ["courseId"] = courseId.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var mail = await _site.LastMailAsync("expert@institute.org", Web.Infrastructure.Email.Templates.AccountMails.TeachingKind);
        Assert.Equal("You now teach “Estado abierto en América Latina y el Caribe”", mail.Subject);
        Assert.Contains("/my-courses", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(1, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == Web.Infrastructure.Email.Templates.AccountMails.TeachingKind)));
        var mine = await (await _site.SignedInBrowserAsync("expert@institute.org")).GetPageAsync("/my-courses");
        var course = mine.QuerySelector($"#teaching-{Slug}")!;
        Assert.Equal([$"/courses/{Slug}", $"/courses/{Slug}/authoring", $"/courses/{Slug}/sessions", $"/courses/{Slug}/roster", $"/courses/{Slug}/announcements"],
            course.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).Take(5).ToArray());
        Assert.DoesNotContain("You are not a participant of any course yet", mine.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locking_an_account_ends_its_sessions_and_refuses_sign_in()
    {
        await _site.CreateAsync("admin@institute.org", Roles.Admin);
        var person = await _site.CreateAsync("someone@institute.org");
        var theirBrowser = await _site.SignedInBrowserAsync("someone@institute.org");
        var admin = await _site.SignedInBrowserAsync("admin@institute.org");

        await admin.SubmitAsync($"/admin/users/{person.Id}", $"/admin/users/{person.Id}/lock", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, (await theirBrowser.GetAsync("/account/profile")).StatusCode);
        var again = await _site.NewBrowser().SignInAsync("someone@institute.org");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);   // the form again, not a redirect into the site
        Assert.Contains("The email or the password is not correct.", await again.Content.ReadAsStringAsync());
        Assert.True(await _site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "user.locked" && e.Note!.Contains("someone@institute.org"))));
    }

    [Fact]
    public async Task Hundreds_of_pages_of_people_make_a_short_pager_that_keeps_the_search()
    {
        await _site.CreateAsync("admin@institute.org", Roles.Admin);
        await _site.WithDbAsync(db =>
        {
            for (var i = 0; i < 12 * UserAdministration.PageSize; i++)
            {
                var email = $"official{i:D4}@gob.test";
                db.Users.Add(new Data.Entities.ApplicationUser
                {
                    UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant(),
                    FullName = $"Official {i:D4}", Country = "CL", Institution = "National Treasury", Position = "Analyst",
                    SecurityStamp = Guid.NewGuid().ToString(),
                });
            }
            return db.SaveChangesAsync();
        });
        var admin = await _site.SignedInBrowserAsync("admin@institute.org");

        var sixth = await admin.GetPageAsync("/admin/users?q=treasury&page=6");

        var pager = sixth.QuerySelector("nav[aria-label='Pages of users']")!;
        Assert.Equal(["Previous", "1", "…", "4", "5", "6", "7", "8", "…", "12", "Next"], pager.QuerySelectorAll(".page-link").Select(l => l.Text()));
        Assert.Equal("/admin/users?q=treasury&page=12", pager.QuerySelector("a[aria-label='Page 12']")!.GetAttribute("href"));
        Assert.Equal("/admin/users?q=treasury", pager.QuerySelector("a[aria-label='Page 1']")!.GetAttribute("href"));
        Assert.Equal("Official 0125", sixth.QuerySelector("tbody th").Text());
    }

    [Theory]
    [InlineData("2147483647")]
    [InlineData("99999999")]
    public async Task An_audit_page_beyond_the_last_shows_the_last_one(string page)
    {
        await _site.CreateAsync("admin@institute.org", Roles.Admin);
        var person = await _site.CreateAsync("someone@institute.org");
        var admin = await _site.SignedInBrowserAsync("admin@institute.org");
        await admin.SubmitAsync($"/admin/users/{person.Id}", $"/admin/users/{person.Id}/lock", new Dictionary<string, string>());

        var response = await admin.GetAsync($"/admin/audit?page={page}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Account locked", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_reset_does_not_lift_an_administrator_s_lock()
    {
        await _site.CreateAsync("admin@institute.org", Roles.Admin);
        var person = await _site.CreateAsync("someone@institute.org");
        var admin = await _site.SignedInBrowserAsync("admin@institute.org");
        await admin.SubmitAsync($"/admin/users/{person.Id}", $"/admin/users/{person.Id}/lock", new Dictionary<string, string>());
        var browser = _site.NewBrowser();

        await browser.SubmitAsync("/account/forgot-password", "/account/forgot-password", new Dictionary<string, string> { ["Email"] = "someone@institute.org" });
        var link = TestAccounts.LinkIn(await _site.LastMailAsync("someone@institute.org", AccountMails.ResetPasswordKind), "/account/reset-password");
        var form = Html.Parse(await browser.GetStringAsync(link));
        var reset = await browser.SubmitAsync(link, "/account/reset-password", new Dictionary<string, string>
        {
            ["UserId"] = form.QuerySelector("#UserId")!.GetAttribute("value")!, ["Token"] = form.QuerySelector("#Token")!.GetAttribute("value")!,
            ["Password"] = "my new long passphrase", ["ConfirmPassword"] = "my new long passphrase",
        });

        // Who holds the mailed link is told of the lock; the sign-in form tells no one.
        Assert.Contains("This account has been locked by the programme&#x27;s administrators, though", await reset.Content.ReadAsStringAsync());
        var signIn = await browser.SignInAsync("someone@institute.org", "my new long passphrase");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("The email or the password is not correct.", await signIn.Content.ReadAsStringAsync());
        Assert.NotNull(await _site.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.LockoutEnd).SingleAsync()));
    }

    [Fact]
    public async Task A_removed_role_leaves_the_persons_open_session_within_a_minute()
    {
        await _site.CreateAsync("admin@institute.org", Roles.Admin);
        var other = await _site.CreateAsync("second-admin@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("admin@institute.org");
        var theirBrowser = await _site.SignedInBrowserAsync("second-admin@institute.org");
        _site.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await theirBrowser.GetAsync("/admin/users")).StatusCode);

        await admin.SubmitAsync($"/admin/users/{other.Id}", $"/admin/users/{other.Id}/roles",
            new Dictionary<string, string> { ["role"] = Roles.Admin, ["grant"] = "false" });
        _site.Clock.Advance(TimeSpan.FromSeconds(61));

        var after = await theirBrowser.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/sign-in", after.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_given_role_reaches_the_persons_open_session_within_a_minute_without_signing_them_out()
    {
        await _site.CreateAsync("admin@institute.org", Roles.Admin);
        var person = await _site.CreateAsync("new-coordinator@institute.org");
        var admin = await _site.SignedInBrowserAsync("admin@institute.org");
        var theirBrowser = await _site.SignedInBrowserAsync("new-coordinator@institute.org");
        var refused = await theirBrowser.GetAsync("/admin/users");
        Assert.Contains("/account/access-denied", refused.Headers.Location!.ToString(), StringComparison.Ordinal);

        await admin.SubmitAsync($"/admin/users/{person.Id}", $"/admin/users/{person.Id}/roles",
            new Dictionary<string, string> { ["role"] = Roles.Admin, ["grant"] = "true" });
        _site.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HttpStatusCode.OK, (await theirBrowser.GetAsync("/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await theirBrowser.GetAsync("/account/profile")).StatusCode);
    }

    [Fact]
    public async Task Admin_cannot_remove_their_own_admin_role()
    {
        var self = await _site.CreateAsync("admin@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("admin@institute.org");

        var response = await admin.SubmitAsync($"/admin/users/{self.Id}", $"/admin/users/{self.Id}/roles",
            new Dictionary<string, string> { ["role"] = Roles.Admin, ["grant"] = "false" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("You cannot remove your own admin role.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
    }
}
