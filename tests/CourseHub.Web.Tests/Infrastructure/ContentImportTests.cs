using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Infrastructure;

public sealed class ContentImportTests : IDisposable
{
    private const string CourseFile = """
        ---
        title: Public Procurement Essentials
        summary: Buying well for the public.
        language: en
        modality: virtual
        organiser: The institute
        audience: Procurement officers.
        time_zone: America/Santiago
        hours: 12
        capacity: 25
        applications_open: 2026-11-01
        applications_close: 2027-01-31
        phases:
          - name: Virtual phase
            modality: virtual
            starts: 2027-03-01
            ends: 2027-03-26
        sessions:
          - title: Opening
            organisation: The institute
            starts: 2027-03-03 15:00
            minutes: 60
            join_url: https://meet.example/opening
        ---
        A short course.
        """;

    // A preview: the module page is public, so these tests see what anonymous visitors (and the output cache) see.
    private const string ModuleFile = "---\ntitle: Why procurement matters\npreview: true\n---\n## Value for money\n\nText.\n";

    private readonly TestSite _site;

    public ContentImportTests()
    {
        _site = new TestSite(withRepositoryContent: false);
        _site.WriteContent("procurement/course.md", CourseFile);
        _site.WriteContent("procurement/modules/01-why.md", ModuleFile);
    }

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task First_start_imports_the_course_and_its_modules()
    {
        var page = await _site.CreateClient().GetPageAsync("/courses/procurement");

        Assert.Equal("Public Procurement Essentials", page.QuerySelector("h1").Text());
        Assert.Equal("Why procurement matters", page.QuerySelector(".module-list a").Text());
    }

    [Fact]
    public async Task Second_import_changes_nothing()
    {
        _site.CreateClient();
        var before = await Snapshot();

        var report = await _site.ImportAgainAsync();

        Assert.Equal((0, 0, 2), (report.Added, report.Updated, report.Unchanged));
        Assert.Empty(report.Problems);
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task Edited_course_file_updates_the_course_and_its_page()
    {
        var client = _site.CreateClient();
        await client.GetPageAsync("/courses/procurement");

        _site.WriteContent("procurement/course.md", CourseFile.Replace("Public Procurement Essentials", "Public Procurement in Practice"));
        var report = await _site.ImportAgainAsync();

        Assert.Equal(1, report.Updated);
        var page = await client.GetPageAsync("/courses/procurement");
        Assert.Equal("Public Procurement in Practice", page.QuerySelector("h1").Text());
    }

    [Fact]
    public async Task Edited_module_file_updates_its_rendering()
    {
        var client = _site.CreateClient();
        await client.GetPageAsync("/courses/procurement/modules/why");

        _site.WriteContent("procurement/modules/01-why.md", ModuleFile.Replace("## Value for money", "## Value for citizens"));
        await _site.ImportAgainAsync();

        var page = await client.GetPageAsync("/courses/procurement/modules/why");
        Assert.Equal("Value for citizens", page.QuerySelector(".prose h2").Text());
        Assert.Equal("value-for-citizens", page.QuerySelector(".prose h2")!.Id);
    }

    [Fact]
    public async Task Moving_a_session_keeps_its_uid_and_raises_its_sequence()
    {
        _site.CreateClient();
        var before = await _site.WithDbAsync(db => db.LiveSessions.SingleAsync());

        _site.WriteContent("procurement/course.md", CourseFile.Replace("starts: 2027-03-03 15:00", "starts: 2027-03-04 16:00"));
        await _site.ImportAgainAsync();

        var after = await _site.WithDbAsync(db => db.LiveSessions.SingleAsync());
        Assert.Equal(before.Uid, after.Uid);
        Assert.Equal(before.Sequence + 1, after.Sequence);
        Assert.Equal(new DateTime(2027, 3, 4, 19, 0, 0, DateTimeKind.Utc), after.StartsUtc);
    }

    [Fact]
    public async Task New_days_in_the_file_are_mailed_to_accepted_participants_as_the_course_form_does()
    {
        _site.CreateClient();
        await AcceptParticipantAsync();

        _site.WriteContent("procurement/course.md", CourseFile.Replace("ends: 2027-03-26", "ends: 2027-04-02"));
        await _site.ImportAgainAsync();

        var mail = await _site.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.ToAddress == "p@gob.cl"));
        Assert.Equal(Web.Infrastructure.Email.Templates.ApplicationMails.DatesChangedKind, mail.Kind);
        Assert.Contains("1 Mar – 2 Apr 2027", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_moved_in_the_file_sends_the_update_to_accepted_participants()
    {
        _site.CreateClient();
        await AcceptParticipantAsync();

        _site.WriteContent("procurement/course.md", CourseFile.Replace("starts: 2027-03-03 15:00", "starts: 2027-03-04 16:00"));
        await _site.ImportAgainAsync();

        var invite = await _site.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.ToAddress == "p@gob.cl"));
        Assert.Equal("REQUEST", invite.CalendarMethod);
        Assert.Contains("SEQUENCE:1", invite.CalendarIcs);
        Assert.StartsWith("Updated:", invite.Subject);
        Assert.Contains("It was: Wed 3 Mar 2027, 15:00–", invite.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_speaker_in_the_file_is_a_new_version_of_the_event_mailed_to_participants()
    {
        _site.CreateClient();
        await AcceptParticipantAsync();

        _site.WriteContent("procurement/course.md", CourseFile.Replace("organisation: The institute", "organisation: The institute\n    speaker: Laura Díaz"));
        await _site.ImportAgainAsync();

        var invite = await _site.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.ToAddress == "p@gob.cl"));
        Assert.Equal("REQUEST", invite.CalendarMethod);
        Assert.Contains("SEQUENCE:1\r\n", invite.CalendarIcs, StringComparison.Ordinal);
        Assert.StartsWith("Updated:", invite.Subject, StringComparison.Ordinal);
        Assert.Contains("Laura Díaz", invite.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_calendar_links_to_the_sites_own_address_whatever_host_the_request_named()
    {
        var client = _site.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/courses/procurement/calendar.ics");
        request.Headers.Host = "attacker.example";

        var ics = await (await client.SendAsync(request)).EnsureSuccessStatusCode().Content.ReadAsStringAsync();

        Assert.DoesNotContain("attacker.example", ics, StringComparison.Ordinal);
        Assert.Contains("URL:http://localhost:5220/courses/procurement\r\n", ics.Replace("\r\n ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private Task<int> AcceptParticipantAsync() => _site.WithDbAsync(async db =>
    {
        var course = await db.Courses.SingleAsync();
        var user = new Data.Entities.ApplicationUser { UserName = "p@gob.cl", Email = "p@gob.cl", FullName = "P", Country = "CL", Institution = "I", Position = "P" };
        db.Users.Add(user);
        db.Applications.Add(new Data.Entities.Application
        {
            CourseId = course.Id, UserId = user.Id, State = Core.Enrolments.ApplicationState.Accepted, Motivation = "m", RelationToWork = "r",
        });
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task Session_removed_from_the_file_is_cancelled_not_forgotten()
    {
        _site.CreateClient();
        _site.WriteContent("procurement/course.md", CourseFile[..CourseFile.IndexOf("sessions:", StringComparison.Ordinal)] + "---\nA short course.");
        await _site.ImportAgainAsync();

        var session = await _site.WithDbAsync(db => db.LiveSessions.SingleAsync());
        Assert.True(session.Cancelled);
        Assert.Equal(1, session.Sequence);
    }

    [Theory]
    [InlineData("broken/course.md", "---\ntitle: [unclosed\n---\nx", "not valid YAML")]
    [InlineData("broken/course.md", "---\ntitle: T\nmodality: blended\n---\nx", "modality 'blended' is unknown")]
    [InlineData("broken/course.md", "---\nsummary: S\n---\nx", "title is required")]
    [InlineData("procurement/modules/02-bad.md", "---\nrelease: soon\n---\nText", "title is required")]
    public async Task Broken_file_is_reported_with_its_path_and_skipped_while_the_rest_imports(string path, string text, string reason)
    {
        _site.WriteContent(path, text);
        _site.WriteContent("other/course.md", CourseFile.Replace("Public Procurement Essentials", "Another course"));
        _site.CreateClient();

        var report = await _site.ImportAgainAsync();

        var problem = Assert.Single(report.Problems);
        Assert.Equal(Path.Combine(_site.ContentPath, path), problem.Path);
        Assert.Contains(reason, problem.Reason);
        var titles = await _site.WithDbAsync(db => db.Courses.Select(c => c.Title).OrderBy(t => t).ToListAsync());
        Assert.Equal(["Another course", "Public Procurement Essentials"], titles);
        Assert.Equal(1, await _site.WithDbAsync(db => db.Modules.CountAsync(m => m.Course!.Slug == "procurement")));
    }

    [Fact]
    public async Task Course_with_end_before_start_is_refused()
    {
        _site.WriteContent("procurement/course.md", CourseFile.Replace("ends: 2027-03-26", "ends: 2027-02-26"));
        _site.CreateClient();

        var report = await _site.ImportAgainAsync();

        Assert.Contains("is before starts", Assert.Single(report.Problems).Reason);
        Assert.Equal(0, await _site.WithDbAsync(db => db.Courses.CountAsync()));
    }

    private Task<string> Snapshot() => _site.WithDbAsync(async db =>
    {
        var courses = await db.Courses.AsNoTracking().OrderBy(c => c.Id).Select(c => $"{c.Id}|{c.Title}|{c.UpdatedUtc:o}|{c.ContentHash}").ToListAsync();
        var modules = await db.Modules.AsNoTracking().OrderBy(m => m.Id).Select(m => $"{m.Id}|{m.Title}|{m.UpdatedUtc:o}|{m.Html}").ToListAsync();
        var sessions = await db.LiveSessions.AsNoTracking().OrderBy(s => s.Id).Select(s => $"{s.Id}|{s.Uid}|{s.Sequence}|{s.StartsUtc:o}").ToListAsync();
        return string.Join('\n', courses.Concat(modules).Concat(sessions));
    });
}
