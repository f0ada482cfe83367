using System.Net;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Learning;

public sealed class CertificateTests : IDisposable
{
    private readonly TestSite _site = Learners.SiteWithModules(completionAttendance: 50);

    public void Dispose() => _site.Dispose();

    /// <summary>A participant who did every module while the course ran; by default the course is over now.</summary>
    private async Task<HttpClient> CompletedParticipantAsync(string email = "ana@gob.test", bool courseOver = true)
    {
        _site.Clock.SetUtcNow(Learners.AfterAllReleases);
        var participant = await _site.ParticipantAsync(email);
        foreach (var module in new[] { "welcome", "methods", "practice" }) await participant.MarkAsync(module);
        if (courseOver) _site.Clock.SetUtcNow(Learners.AfterTheCourse);
        return participant;
    }

    private static Task<HttpResponseMessage> RequestCertificateAsync(HttpClient participant) =>
        participant.SubmitAsync("/my-courses", $"/my-courses/{Learners.Slug}/certificate", new Dictionary<string, string>());

    [Fact]
    public async Task Completed_participant_gets_one_certificate_that_anyone_can_verify()
    {
        var participant = await CompletedParticipantAsync();

        var first = await RequestCertificateAsync(participant);
        var second = await RequestCertificateAsync(participant);

        var url = first.Headers.Location!.OriginalString;
        Assert.StartsWith("/certificates/", url, StringComparison.Ordinal);
        Assert.Equal(url, second.Headers.Location!.OriginalString);
        Assert.Equal(1, await _site.WithDbAsync(db => db.Certificates.CountAsync()));

        var page = await _site.NewBrowser().GetPageAsync(url);
        Assert.NotNull(page.QuerySelector(".certificate-valid"));
        Assert.Equal("Test ana", page.QuerySelector(".certificate-name").Text());
        Assert.Equal("Civic Lab", page.QuerySelector(".certificate-course").Text());
        var facts = page.QuerySelectorAll(".certificate-facts dt").ToDictionary(dt => dt.Text(), dt => dt.NextElementSibling.Text());
        Assert.Equal("12 hours", facts["Duration"]);
        Assert.Equal("The Institute for Public Management", facts["Organiser"]);
        Assert.Contains("2027", facts["Dates"], StringComparison.Ordinal);
        Assert.Equal(url["/certificates/".Length..], facts["Verification code"]);
        Assert.Matches($"^https?://[^/]+{url}$", page.QuerySelector(".certificate-url").Text());
        // The verification is public, but shows nothing more than the certificate's facts.
        Assert.DoesNotContain("ana@gob.test", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("form[action$='/revoke']"));

        var mine = await participant.GetPageAsync("/my-courses");
        Assert.Equal(url, mine.QuerySelector(".certificate-link")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Codes_are_unguessable_and_a_typed_code_in_lower_case_still_verifies()
    {
        var participant = await CompletedParticipantAsync();
        var code = (await RequestCertificateAsync(participant)).Headers.Location!.OriginalString["/certificates/".Length..];

        Assert.Matches("^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$", code);
        var page = await _site.NewBrowser().GetPageAsync($"/certificates/{code.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal)}");
        Assert.NotNull(page.QuerySelector(".certificate-valid"));
    }

    [Fact]
    public async Task Every_module_done_while_the_course_runs_earns_the_certificate_only_once_it_is_over()
    {
        var participant = await CompletedParticipantAsync(courseOver: false);

        var early = await RequestCertificateAsync(participant);

        Assert.Equal("/my-courses", early.Headers.Location!.OriginalString);
        Assert.Equal(0, await _site.WithDbAsync(db => db.Certificates.CountAsync()));
        var mine = await participant.GetPageAsync("/my-courses");
        // The refusal names the course's end among the conditions, the one not met yet.
        Assert.Equal("A certificate is issued once the course is over, every module is done and the attendance condition is met.", mine.QuerySelector(".alert[data-notice]").Text());
        Assert.Contains("The certificate comes once the course is over.", mine.QuerySelector(".done-so-far").Text(), StringComparison.Ordinal);
        Assert.Null(mine.QuerySelector($"form[action='/my-courses/{Learners.Slug}/certificate']"));

        _site.Clock.SetUtcNow(Learners.AfterTheCourse);
        Assert.StartsWith("/certificates/", (await RequestCertificateAsync(participant)).Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_course_over_with_a_module_that_opens_after_its_end_says_so_instead_of_promising_the_certificate_at_the_end()
    {
        var participant = await CompletedParticipantAsync();
        // The course's dates moved: a module now opens after the course is over.
        await _site.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == Learners.Slug);
            db.Modules.Add(new Data.Entities.Module
            {
                CourseId = course.Id, Slug = "late", Title = "Late", Position = 9, Published = true, Markdown = "Late.", Html = "<p>Late.</p>", TocJson = "[]",
                ReleaseOn = DateOnly.FromDateTime(Learners.AfterTheCourse.UtcDateTime.AddDays(10)), ReleaseUtc = Learners.AfterTheCourse.UtcDateTime.AddDays(10),
            });
            return await db.SaveChangesAsync();
        });

        var mine = await participant.GetPageAsync("/my-courses");

        Assert.Contains("One module opens later: the certificate comes once it is done too.", mine.QuerySelector(".done-so-far")!.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("once the course is over", mine.QuerySelector(".done-so-far")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Participant_with_modules_left_gets_no_certificate()
    {
        _site.Clock.SetUtcNow(Learners.AfterAllReleases);
        var participant = await _site.ParticipantAsync("ana@gob.test");
        await participant.MarkAsync("welcome");
        _site.Clock.SetUtcNow(Learners.AfterTheCourse);

        var response = await RequestCertificateAsync(participant);

        Assert.Equal("/my-courses", response.Headers.Location!.OriginalString);
        Assert.Equal(0, await _site.WithDbAsync(db => db.Certificates.CountAsync()));
        Assert.Null((await participant.GetPageAsync("/my-courses")).QuerySelector($"form[action='/my-courses/{Learners.Slug}/certificate']"));
    }

    [Fact]
    public async Task Attendance_below_the_course_share_of_held_sessions_withholds_the_certificate_until_attendance_is_recorded()
    {
        var participant = await CompletedParticipantAsync();
        var day = Learners.AfterAllReleases.UtcDateTime;
        // Three sessions held, one attended: 1 of 3 is below the course's 50 %; once a second is recorded as attended, 2 of 3 meets it.
        await _site.HeldSessionAsync(day.AddDays(-10), attendance: ("ana@gob.test", true));
        await _site.HeldSessionAsync(day.AddDays(-9), attendance: ("ana@gob.test", false));
        await _site.HeldSessionAsync(day.AddDays(-8), attendance: ("ana@gob.test", false));
        // Cancelled and future sessions do not count.
        await _site.HeldSessionAsync(day.AddDays(-7), cancelled: true);
        await _site.HeldSessionAsync(Learners.AfterTheCourse.UtcDateTime.AddDays(3));

        Assert.Equal("/my-courses", (await RequestCertificateAsync(participant)).Headers.Location!.OriginalString);
        Assert.Contains("1 of 3", (await participant.GetPageAsync("/my-courses")).QuerySelector(".attendance").Text(), StringComparison.Ordinal);

        await _site.WithDbAsync(async db =>
        {
            var missed = await db.SessionAttendances.Where(a => !a.Present).OrderBy(a => a.SessionId).FirstAsync();
            missed.Present = true;
            return await db.SaveChangesAsync();
        });
        Assert.StartsWith("/certificates/", (await RequestCertificateAsync(participant)).Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_revokes_a_certificate_with_a_reason_and_its_page_answers_410()
    {
        var participant = await CompletedParticipantAsync();
        var url = (await RequestCertificateAsync(participant)).Headers.Location!.OriginalString;
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");

        var refused = await admin.SubmitAsync(url, $"{url}/revoke", new Dictionary<string, string> { ["Reason"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotEmpty(Html.Parse(await refused.Content.ReadAsStringAsync()).QuerySelector("#Reason-error").Text());

        await admin.SubmitAsync(url, $"{url}/revoke", new Dictionary<string, string> { ["Reason"] = "Attendance records were wrong." });

        var response = await _site.NewBrowser().GetAsync(url);
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Null(page.QuerySelector(".certificate-name"));
        // Whoever verifies it learns that it was revoked and when; why is for its holder and the institute.
        Assert.Contains("is no longer valid: it was revoked on", page.QuerySelector(".alert-danger").Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("Attendance records", page.QuerySelector(".alert-danger").Text(), StringComparison.Ordinal);
        foreach (var entitled in new[] { participant, admin })
        {
            var seen = Html.Parse(await (await entitled.GetAsync(url)).Content.ReadAsStringAsync());
            Assert.Contains("Attendance records were wrong.", seen.QuerySelector(".alert-danger").Text(), StringComparison.Ordinal);
        }
        // The course page no longer tells its holder they completed the course.
        var course = await participant.GetPageAsync($"/courses/{Learners.Slug}");
        Assert.Equal("Your certificate of this course was revoked.", course.QuerySelector(".course-progress .certificate-revoked").Text());
        Assert.DoesNotContain("You completed this course.", course.QuerySelector(".course-progress").Text(), StringComparison.Ordinal);
        var entry = await _site.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "certificate.revoked"));
        Assert.Equal(("Test coordinator", "Attendance records were wrong."), (entry.ActorName, entry.Note));
        Assert.Equal(url["/certificates/".Length..], entry.After);
    }

    [Fact]
    public async Task A_deleted_account_takes_its_certificates_along_after_the_data_download_held_them()
    {
        var participant = await CompletedParticipantAsync();
        var url = (await RequestCertificateAsync(participant)).Headers.Location!.OriginalString;
        var code = url["/certificates/".Length..];

        using (var data = System.Text.Json.JsonDocument.Parse(await participant.GetStringAsync("/account/my-data")))
        {
            Assert.Equal(code, Assert.Single(data.RootElement.GetProperty("certificates").EnumerateArray()).GetProperty("code").GetString());
            // What the person did in the course is theirs too.
            Assert.NotEmpty(data.RootElement.GetProperty("modulesDone").EnumerateArray());
        }
        Assert.Contains("Your certificates go too", (await participant.GetPageAsync("/account/privacy")).QuerySelector("main").Text(), StringComparison.Ordinal);
        await participant.SubmitAsync("/account/privacy", "/account/delete", new Dictionary<string, string> { ["Password"] = TestAccounts.Password });

        Assert.Equal(HttpStatusCode.NotFound, (await _site.NewBrowser().GetAsync(url)).StatusCode);
        Assert.False(await _site.WithDbAsync(db => db.Certificates.AnyAsync()));
    }

    [Fact]
    public async Task Participant_cannot_revoke_a_certificate()
    {
        var participant = await CompletedParticipantAsync();
        var url = (await RequestCertificateAsync(participant)).Headers.Location!.OriginalString;

        var response = await participant.SubmitAsync("/my-courses", $"{url}/revoke", new Dictionary<string, string> { ["Reason"] = "mine" });

        Assert.Contains("/account/access-denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Null(await _site.WithDbAsync(db => db.Certificates.Select(c => c.RevokedUtc).SingleAsync()));
    }

    [Theory]
    [InlineData("ACDE-FGHJ-KMNP-QRTU")]
    [InlineData("not-a-code")]
    public async Task Unknown_certificate_code_is_404_with_a_clear_page(string code)
    {
        var response = await _site.NewBrowser().GetAsync($"/certificates/{code}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("No such certificate", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("h1").Text());
    }
}
