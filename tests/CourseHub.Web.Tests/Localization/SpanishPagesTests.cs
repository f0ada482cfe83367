using System.Net;
using System.Text.RegularExpressions;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Applications;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Localization;

/// <summary>
/// What handlers and admin pages say reaches a Spanish-speaking person in Spanish (and the admin pages a
/// Portuguese-speaking one in Portuguese): refusals, notices, field errors, and the words for states,
/// roles and audit entries.
/// </summary>
public sealed class SpanishPagesTests : IDisposable
{
    private readonly TestSite _site = Enrolment.SiteWithCourse(capacity: 3);

    public void Dispose() => _site.Dispose();

    private Task<HttpClient> SpanishSpeakerAsync(string email, params string[] roles) => SpeakerAsync("es", email, roles);

    private async Task<HttpClient> SpeakerAsync(string language, string email, params string[] roles)
    {
        await _site.CreateAsync(email, roles);
        await _site.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Email == email)).PreferredLanguage = language;
            return await db.SaveChangesAsync();
        });
        return await _site.SignedInBrowserAsync(email);
    }

    private static string MainText(AngleSharp.Dom.IDocument page) => page.QuerySelector("main")!.TextContent;

    [Fact]
    public async Task An_official_is_refused_and_corrected_in_spanish()
    {
        var ana = await SpanishSpeakerAsync("ana@gob.cl");
        var apply = $"/courses/{Enrolment.Slug}/apply";
        var form = Enrolment.Form(scholarship: true);
        form["ScholarshipStatement"] = "";

        var invalid = Html.Parse(await (await ana.SubmitAsync(apply, apply, form)).Content.ReadAsStringAsync());
        Assert.Equal("Explique por qué solicita una beca.", invalid.QuerySelector("#ScholarshipStatement-error").Text());
        // The site's own checks speak Spanish too, not only the framework's.
        var profile = Html.Parse(await (await ana.SubmitAsync("/account/profile", "/account/profile", new Dictionary<string, string>
        {
            ["FullName"] = "Ana\nPérez", ["Country"] = "XX", ["Institution"] = "Ministerio", ["Position"] = "Jefa", ["GovernmentLevel"] = "National",
            ["PreferredLanguage"] = "es", ["TimeZone"] = "Mars/Base",
        })).Content.ReadAsStringAsync());
        Assert.Equal("Escriba el nombre en una sola línea.", profile.QuerySelector("#FullName-error").Text());
        Assert.Equal("Elija un país de la lista.", profile.QuerySelector("#Country-error").Text());
        Assert.Equal("Elija una zona horaria de la lista.", profile.QuerySelector("#TimeZone-error").Text());

        await ana.SubmitAsync(apply, apply, Enrolment.Form());
        var id = await _site.WithDbAsync(db => db.Applications.Select(a => a.Id).SingleAsync());
        await ana.SubmitAsync("/applications", $"/applications/{id}/withdraw", new Dictionary<string, string>());
        var applications = await ana.GetPageAsync("/applications");
        Assert.Equal("Retirada", applications.QuerySelector(".application-state").Text());
        var history = applications.QuerySelector(".application-history")!.TextContent;
        Assert.Contains(": Retirada", history, StringComparison.Ordinal);
        Assert.DoesNotContain("Retirada — Retirada", history, StringComparison.Ordinal);   // the action says the state already

        var again = await ana.SubmitAsync("/applications", $"/applications/{id}/withdraw", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("Esta postulación ya no se puede retirar.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coordinator_decides_in_spanish()
    {
        var admin = await SpanishSpeakerAsync("coordinator@institute.org", Roles.Admin);
        var ids = await _site.AddApplicantsAsync(1);

        await admin.DecideAsync(ids, Decision.Accept);
        Assert.Equal("Postulación de Applicant applicant 0: aceptada.", (await admin.GetPageAsync($"/review/{Enrolment.Slug}")).QuerySelector(".alert").Text());

        await admin.DecideAsync(ids, Decision.Accept);
        Assert.Equal("Ya fue aceptada.", (await admin.GetPageAsync($"/review/{Enrolment.Slug}")).QuerySelector(".alert").Text());
    }

    // Whole words that only an untranslated page would show (names and course text in the fixtures avoid them).
    private static readonly string[] English =
    [
        "Submitted", "Accepted", "Under review", "Waitlisted", "Requested", "System", "Scholarship request", "seats taken", "ranked as chosen",
        "Queued", "Sent", "Failed", "newest first", "All messages", "Page 1 of", "Locked", "Active", "yes", "Make", "Remove",
        "Participant", "Instructor", "National", "average", "needs lodging", "Departing from", "Your scores", "people", "person",
        "with a scholarship request", "Your calendar feed", "Subscribe",
        "Reports", "Count by", "Not stated", "of all", "Every course", "awaiting an answer", "not selected", "Female",
        "waitlist", "reserve list", "cannot be undone", "Keep the", "Keep my", "Decline the", "Withdraw", "participants",
    ];

    public static TheoryData<string, string> AdminPages()
    {
        var pages = new TheoryData<string, string>();
        foreach (var language in new[] { "es", "pt" })
        {
            foreach (var url in new[]
            {
                "/review/policy-lab",
                "/review/policy-lab/applications/{id}",
                "/review/policy-lab/scholarships",
                "/admin/audit",
                "/admin/outbox",
                "/admin/reports",
                "/admin/reports?by=gender",
                "/admin/users",
                "/admin/users/{user}",
                "/account/calendar",
                "/courses/policy-lab/sessions/{session}/cancel",
                "/courses/policy-lab/sessions/{session}/attendance",
                "/courses/policy-lab/roster",
                "/courses/policy-lab/authoring",
            })
            {
                pages.Add(language, url);
            }
        }
        return pages;
    }

    // Words that only Spanish text would show on a Portuguese page (the fixtures' own data avoids them).
    private static readonly string[] Spanish = ["postulación", "postulaciones", "contraseña", "correo", "beca", "becas", "cupo", "usted", "aceptada", "rechazada"];

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Admin_pages_in_spanish_and_portuguese_show_no_english_words(string language, string url)
    {
        var admin = await SpeakerAsync(language, "coordinator@institute.org", Roles.Admin);
        var ids = await _site.AddApplicantsAsync(2, scholarship: true);
        await _site.WithDbAsync(async db =>
        {
            (await db.Applications.SingleAsync(a => a.Id == ids[0])).DepartureCity = "Asunción";
            return await db.SaveChangesAsync();
        });
        await admin.DecideAsync(ids, Decision.Accept, "Bienvenida.");
        await admin.PostFormAsync($"/review/{Enrolment.Slug}/scholarships", $"/review/{Enrolment.Slug}/scholarships/{ids[0]}/award", []);
        var user = await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "applicant0@gob.test").Select(u => u.Id).SingleAsync());
        if (url.Contains("{session}", StringComparison.Ordinal))
        {
            var sessions = $"/courses/{Enrolment.Slug}/sessions";
            await admin.SubmitAsync(sessions, sessions, new Dictionary<string, string>
            {
                ["Title"] = "Apertura", ["Organisation"] = "CEPAL", ["StartsLocal"] = "2027-05-05T15:00", ["Minutes"] = "60", ["JoinUrl"] = "https://zoom.us/j/1",
            });
            url = url.Replace("{session}", (await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync())).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        var response = await admin.GetAsync(url.Replace("{id}", ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{user}", user, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSpeaks(language, url, Html.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("es")]
    [InlineData("pt")]
    public async Task The_questions_before_declining_and_withdrawing_speak_the_officials_language(string language)
    {
        var admin = await SpeakerAsync("en", "coordinator@institute.org", Roles.Admin);
        var ids = await _site.AddApplicantsAsync(1, ApplicationState.Accepted, scholarship: true);
        await admin.PostFormAsync($"/review/{Enrolment.Slug}/scholarships", $"/review/{Enrolment.Slug}/scholarships/{ids[0]}/award", []);
        await _site.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Email == "applicant0@gob.test")).PreferredLanguage = language;
            return await db.SaveChangesAsync();
        });
        var official = await _site.SignInAddedPersonAsync("applicant0@gob.test");

        foreach (var url in new[] { $"/applications/{ids[0]}/scholarship/decline", $"/applications/{ids[0]}/withdraw" })
        {
            var response = await official.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertSpeaks(language, url, Html.Parse(await response.Content.ReadAsStringAsync()));
        }
    }

    private static void AssertSpeaks(string language, string url, AngleSharp.Dom.IDocument page)
    {
        Assert.Equal(language, page.DocumentElement.GetAttribute("lang"));
        // The course's own title is in the course's language, not the reader's.
        foreach (var courseText in page.QuerySelectorAll("main [lang]").ToList()) courseText.Remove();
        var text = MainText(page);
        var found = English.Where(word => Regex.IsMatch(text, $@"(?<![\p{{L}}.]){Regex.Escape(word)}(?![\p{{L}}/])")).ToList();
        Assert.True(found.Count == 0, $"English on {url}: {string.Join(", ", found)}");
        if (language == "pt")
        {
            var spanish = Spanish.Where(word => Regex.IsMatch(text, $@"(?<!\p{{L}}){Regex.Escape(word)}(?!\p{{L}})", RegexOptions.IgnoreCase)).ToList();
            Assert.True(spanish.Count == 0, $"Spanish on the Portuguese {url}: {string.Join(", ", spanish)}");
        }
    }
}
