using System.Text;
using AngleSharp.Dom;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Applications;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Audit;

public sealed class AuditLogTests : IDisposable
{
    private readonly TestSite _site = Enrolment.SiteWithCourse(capacity: 5);

    public void Dispose() => _site.Dispose();

    /// <summary>
    /// A day of work: the coordinator accepts Óscar and turns Beatriz down; the next day gives the teacher a role.
    /// The coordinator's signed-in browser.
    /// </summary>
    private async Task<HttpClient> DayOfWorkAsync()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var teacher = await _site.CreateAsync("teacher@institute.org");
        await _site.WithDbAsync(db => db.Users.Where(u => u.Id == teacher.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.FullName, "Ángela Peña")));
        var ids = await _site.AddApplicantsAsync(2);
        await _site.WithDbAsync(async db =>
        {
            var people = await db.Applications.Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).Select(a => a.User!).ToListAsync();
            (people[0].FullName, people[1].FullName) = ("Óscar Núñez", "Beatriz Soto");
            return await db.SaveChangesAsync();
        });
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        await admin.DecideAsync([ids[0]], Decision.Accept);
        await admin.DecideAsync([ids[1]], Decision.Reject, "Outside the course's audience.");
        _site.Clock.Advance(TimeSpan.FromDays(1));
        await admin.SubmitAsync($"/admin/users/{teacher.Id}", $"/admin/users/{teacher.Id}/roles",
            new Dictionary<string, string> { ["role"] = Roles.Instructor, ["grant"] = "true" });
        return admin;
    }

    private static List<string[]> Lines(IDocument page) =>
        page.QuerySelectorAll("tbody tr").Select(tr => tr.QuerySelectorAll("td").Skip(1).Select(td => td.Text().Trim()).ToArray()).ToList();

    [Fact]
    public async Task Admin_narrows_the_log_to_one_action_or_one_kind_of_action()
    {
        var admin = await DayOfWorkAsync();

        var decisions = Lines(await admin.GetPageAsync("/admin/audit?what=application.decided"));
        var roles = Lines(await admin.GetPageAsync("/admin/audit?what=user"));

        Assert.Equal(
            [["Test coordinator", "Policy Lab", "Beatriz Soto", "Decision", "Under review → Not selected", "Outside the course's audience."],
             ["Test coordinator", "Policy Lab", "Óscar Núñez", "Decision", "Under review → Accepted", ""]],
            decisions);
        Assert.Equal([["Test coordinator", "", "", "Role given", "Instructor", "Ángela Peña <teacher@institute.org>"]], roles);
    }

    [Fact]
    public async Task Admin_finds_what_a_person_did_and_what_was_decided_about_them_whatever_the_case_and_accents()
    {
        var admin = await DayOfWorkAsync();

        var aboutOscar = Lines(await admin.GetPageAsync("/admin/audit?who=OSCAR%20nunez"));
        var byCoordinator = Lines(await admin.GetPageAsync("/admin/audit?who=coordinator"));
        var aboutTeacher = Lines(await admin.GetPageAsync("/admin/audit?who=teacher%40institute.org"));
        var aboutAngela = Lines(await admin.GetPageAsync("/admin/audit?who=angela%20pena"));

        Assert.Equal(["Óscar Núñez"], aboutOscar.Select(line => line[2]));
        Assert.Equal(["Role given", "Decision", "Decision"], byCoordinator.Select(line => line[3]));
        Assert.Equal(["Role given"], aboutTeacher.Select(line => line[3]));
        Assert.Equal(["Role given"], aboutAngela.Select(line => line[3]));
    }

    [Fact]
    public async Task A_supervisor_without_an_account_is_found_by_the_name_they_gave()
    {
        var admin = await DayOfWorkAsync();
        var applicationId = await _site.WithDbAsync(db => db.Applications.Select(a => a.Id).FirstAsync());
        await _site.WithDbAsync(db =>
        {
            db.AuditEntries.Add(new AuditEntry { AtUtc = TestSite.DefaultNow.UtcDateTime, ActorName = "Óscar Ibáñez", ApplicationId = applicationId, Action = "application.endorsed", After = "Endorsed" });
            return db.SaveChangesAsync();
        });

        foreach (var who in new[] { "Óscar Ibáñez", "Ibáñez", "ibáñez" })
        {
            Assert.Contains(Lines(await admin.GetPageAsync($"/admin/audit?who={Uri.EscapeDataString(who)}")), line => line[0] == "Óscar Ibáñez");
        }
    }

    [Fact]
    public async Task An_export_asked_for_with_a_filter_it_cannot_read_shows_the_page_that_says_why()
    {
        var admin = await DayOfWorkAsync();

        var export = await admin.GetAsync("/admin/audit/export.csv?from=yesterday");
        var page = await admin.GetPageAsync("/admin/audit?from=yesterday");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, export.StatusCode);
        Assert.Equal("/admin/audit?from=yesterday", export.Headers.Location!.OriginalString);
        Assert.Null(page.QuerySelector("a[href^='/admin/audit/export.csv']"));
    }

    [Theory]
    [InlineData("es")]
    [InlineData("pt")]
    public void Every_kind_and_action_of_the_log_has_its_name_translated(string language)
    {
        var translated = Localization.LocalizationTests.TranslatedKeys(language);

        var names = Web.Features.Audit.AuditActions.Kinds.SelectMany(k => k.Actions.Select(a => a.Name).Prepend(k.Name));

        Assert.All(names, name => Assert.Contains(name, translated));
    }

    [Fact]
    public void Every_action_the_site_records_has_a_name()
    {
        string[] recorded =
        [
            Web.Features.Review.ReviewScoring.ScoredAction, Web.Features.CourseAdmin.CourseAdministration.EditedAction,
            Web.Features.Learning.CertificateIssuing.RevokedAction, "scholarship.reminded",
            .. new[] { ScholarshipState.Declined, ScholarshipState.Lapsed, ScholarshipState.GivenBack, ScholarshipState.Forfeited }
                .Select(end => $"scholarship.{end.ToString().ToLowerInvariant()}"),
        ];

        Assert.All(recorded, action => Assert.NotNull(Web.Features.Audit.AuditActions.NameOf(action)));
    }

    [Fact]
    public async Task The_user_page_links_to_the_persons_lines_of_the_log()
    {
        var admin = await DayOfWorkAsync();
        var teacherId = await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "teacher@institute.org").Select(u => u.Id).SingleAsync());

        var link = (await admin.GetPageAsync($"/admin/users/{teacherId}")).QuerySelectorAll("a").Single(a => a.Text() == "In the audit log");
        var lines = Lines(await admin.GetPageAsync(link.GetAttribute("href")!));

        Assert.Equal("/admin/audit?who=teacher%40institute.org", link.GetAttribute("href"));
        Assert.Equal(["Role given"], lines.Select(line => line[3]));
    }

    [Fact]
    public async Task Admin_narrows_the_log_to_days_counted_in_utc()
    {
        var admin = await DayOfWorkAsync();

        var firstDay = Lines(await admin.GetPageAsync("/admin/audit?from=2026-11-26&to=2026-11-26"));
        var fromSecondDay = Lines(await admin.GetPageAsync("/admin/audit?from=2026-11-27"));
        var untilFirstDay = Lines(await admin.GetPageAsync("/admin/audit?to=2026-11-26"));
        var nothing = await admin.GetPageAsync("/admin/audit?from=2026-11-28");

        Assert.Equal(["Decision", "Decision"], firstDay.Select(line => line[3]));
        Assert.Equal(["Role given"], fromSecondDay.Select(line => line[3]));
        Assert.Equal(["Decision", "Decision"], untilFirstDay.Select(line => line[3]));
        Assert.Equal("No line of the log matches these filters.", nothing.QuerySelector(".empty-state")!.Text().Trim());
    }

    [Theory]
    [InlineData("/admin/audit?from=27%2F11%2F2026", "from", "Enter a date as year-month-day, for example 2026-11-27.")]
    [InlineData("/admin/audit?from=2026-11-27&to=2026-11-26", "to", "The last day is before the first.")]
    [InlineData("/admin/audit?what=application.deleted", "what", "Choose what to show from the list.")]
    public async Task A_filter_that_cannot_be_read_says_so_and_narrows_nothing(string address, string field, string message)
    {
        var admin = await DayOfWorkAsync();

        var page = await admin.GetPageAsync(address);

        Assert.Equal(message, page.QuerySelector($"#{field}-problem")!.Text());
        Assert.Equal($"{field}-problem", page.QuerySelector($"#{field}")!.GetAttribute("aria-describedby"));
        Assert.Contains("is-invalid", page.QuerySelector($"#{field}")!.ClassList);
        Assert.Equal("true", page.QuerySelector($"#{field}")!.GetAttribute("aria-invalid"));
        Assert.StartsWith("Error: Audit log", page.Title, StringComparison.Ordinal);
        Assert.True(Lines(page).Count >= (field == "to" ? 1 : 3));
    }

    [Fact]
    public async Task The_filtered_lines_export_as_csv_in_the_readers_language()
    {
        var admin = await DayOfWorkAsync();
        var page = await admin.GetPageAsync("/admin/audit?what=application.decided&lang=es");
        var export = page.QuerySelector("a.csv-decimal-comma")!.GetAttribute("href")!;

        var response = await admin.GetAsync(export + "&lang=es");
        var csv = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');

        Assert.Equal("/admin/audit/export.csv?what=application.decided&decimal=comma", export);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(
            ["Cuándo (UTC);Quién;Curso;Postulación;Qué;Antes;Después;Nota",
             "2026-11-26 15:00:00;Test coordinator;Policy Lab;Beatriz Soto;Decisión;En revisión;No seleccionada;Outside the course's audience.",
             "2026-11-26 15:00:00;Test coordinator;Policy Lab;Óscar Núñez;Decisión;En revisión;Aceptada;"],
            csv.TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public async Task Pages_of_a_filtered_log_keep_the_filter()
    {
        var admin = await DayOfWorkAsync();
        var courseId = await _site.WithDbAsync(db => db.Courses.Select(c => c.Id).SingleAsync());
        await _site.WithDbAsync(db =>
        {
            db.AuditEntries.AddRange(Enumerable.Range(0, 250).Select(i => new AuditEntry
            {
                AtUtc = TestSite.DefaultNow.UtcDateTime, ActorName = "Test coordinator", CourseId = courseId,
                Action = i % 2 == 0 ? "course.published" : "course.unpublished", Before = "Draft", After = "Published",
            }));
            return db.SaveChangesAsync();
        });

        var first = await admin.GetPageAsync("/admin/audit?what=course.published");
        var next = first.QuerySelector("nav .pagination a[rel=next]")!.GetAttribute("href")!;
        var second = await admin.GetPageAsync(next);

        Assert.Equal("125 lines", first.QuerySelector(".audit-count")!.Text());
        Assert.Equal("/admin/audit?what=course.published&page=2", next);
        Assert.Equal(25, Lines(second).Count);
        Assert.All(Lines(second), line => Assert.Equal("Course published", line[3]));
    }

    [Fact]
    public async Task A_course_edit_shows_its_values_as_the_reader_writes_them()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var courseId = await _site.WithDbAsync(db => db.Courses.Select(c => c.Id).SingleAsync());
        await _site.WithDbAsync(db =>
        {
            db.AuditEntries.AddRange(
                new AuditEntry { AtUtc = TestSite.DefaultNow.UtcDateTime, ActorName = "Test coordinator", CourseId = courseId, Action = "course.edited", Before = "150.5", After = "1234.56", Note = "fee" },
                new AuditEntry { AtUtc = TestSite.DefaultNow.UtcDateTime, ActorName = "Test coordinator", CourseId = courseId, Action = "course.edited", Before = "2027-03-31 23:59", After = "2027-04-15", Note = "applications_close" });
            return db.SaveChangesAsync();
        });
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");

        var english = Lines(await admin.GetPageAsync("/admin/audit"));
        var spanish = Lines(await admin.GetPageAsync("/admin/audit?lang=es"));

        Assert.Equal([["Course edited: Applications close", "31 Mar 2027, 23:59 → 15 Apr 2027"], ["Course edited: Fee", "150.50 → 1,234.56"]],
            english.Select(line => line[3..5]));
        Assert.Equal("Curso editado: Arancel", spanish[1][3]);
        Assert.Equal("150,50 → 1.234,56", spanish[1][4]);
    }
}
