using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CourseHub.BrowserTests;

/// <summary>
/// Journey 3: an instructor writes a module with the live preview and publishes it; an accepted official
/// reads it, marks it done, and downloads the course's sessions as a calendar.
/// </summary>
public sealed class AuthoringJourneyTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private const string Course = "from-digital-to-smart-government";

    [Fact]
    public async Task Instructor_publishes_a_module_written_with_live_preview_and_an_official_reads_it_marks_it_done_and_downloads_the_calendar()
    {
        await site.CreateAccountAsync("docente@institute.org", "teaching passphrase", "Instructor");
        await site.CreateAccountAsync("official@gob.uy", "official passphrase");
        await PrepareAsync("docente@institute.org", "official@gob.uy");

        var instructor = await site.SignInAsync("docente@institute.org", "teaching passphrase");
        await instructor.GotoAsync($"/courses/{Course}/authoring");
        await instructor.GetByRole(AriaRole.Link, new() { Name = "New module" }).ClickAsync();
        await instructor.GetByLabel("Title").FillAsync("Interoperability in practice");
        await instructor.GetByLabel("Address").FillAsync("interoperability-in-practice");
        await instructor.GetByLabel("Text (Markdown)").FillAsync("## Why data must flow\n\nA citizen should give the State each piece of data **once**.\n\n| Layer | Example |\n|---|---|\n| Legal | Data-sharing agreements |");
        // The preview follows the typing, rendered by the site's own Markdown pipeline.
        await Assertions.Expect(instructor.Locator("#module-preview h2")).ToHaveTextAsync("Why data must flow");
        await Assertions.Expect(instructor.Locator("#module-preview table td").First).ToHaveTextAsync("Legal");
        await BrowserSite.ScreenshotAsync(instructor, "module-editor");
        var published = instructor.GetByLabel("Published (listed on the course page)");
        if (!await published.IsCheckedAsync()) await published.CheckAsync();
        await instructor.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(instructor.Locator(".alert-success")).ToBeVisibleAsync();

        // A file over the limit is refused on the page, before minutes of sending it: the page is not sent at all.
        await instructor.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "recording.pdf", MimeType = "application/pdf", Buffer = new byte[6 * 1024 * 1024],
        });
        await Assertions.Expect(instructor.Locator("#file-error")).ToHaveTextAsync("The file is larger than 5 MB.");
        await instructor.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Assertions.Expect(instructor.Locator("#file-error")).ToHaveTextAsync("The file is larger than 5 MB.");
        await Assertions.Expect(instructor.Locator(".alert-success")).ToBeVisibleAsync();   // still the page of the save, not reloaded
        await instructor.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(Array.Empty<FilePayload>());

        // Words typed after the save are not lost to an upload, which reloads the page: the browser asks first.
        const string unsaved = "## Why data must flow\n\nWords not saved yet.";
        await instructor.GetByLabel("Text (Markdown)").FillAsync(unsaved);
        var asked = new TaskCompletionSource<string>();
        instructor.Dialog += async (_, dialog) =>
        {
            asked.TrySetResult(dialog.Type);
            await dialog.DismissAsync();
        };
        await instructor.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        Assert.Equal("beforeunload", await asked.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assertions.Expect(instructor.GetByLabel("Text (Markdown)")).ToHaveValueAsync(unsaved);

        var official = await site.SignInAsync("official@gob.uy", "official passphrase");
        await official.GotoAsync($"/courses/{Course}/modules/interoperability-in-practice");
        await Assertions.Expect(official.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Interoperability in practice");
        await Assertions.Expect(official.Locator(".prose strong")).ToHaveTextAsync("once");
        await official.GetByRole(AriaRole.Button, new() { Name = "Mark as done" }).ClickAsync();
        await Assertions.Expect(official.GetByText("Module marked as done.")).ToBeVisibleAsync();

        await official.GotoAsync($"/courses/{Course}");
        var download = await official.RunAndWaitForDownloadAsync(() =>
            official.GetByRole(AriaRole.Link, new() { Name = "Download the schedule (.ics)" }).ClickAsync());
        var ics = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("BEGIN:VCALENDAR", ics);
        Assert.Contains("METHOD:PUBLISH", ics);
        Assert.Contains("BEGIN:VEVENT", ics);
        Assert.Contains("TZID=America/Santiago", ics);
    }

    /// <summary>The instructor teaches the course, and the official has been accepted to it.</summary>
    private async Task PrepareAsync(string instructorEmail, string officialEmail)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CourseHubDbContext>();
        var course = await db.Courses.SingleAsync(c => c.Slug == Course);
        var instructor = await db.Users.SingleAsync(u => u.Email == instructorEmail);
        var official = await db.Users.SingleAsync(u => u.Email == officialEmail);
        db.CourseInstructors.Add(new CourseInstructor { CourseId = course.Id, UserId = instructor.Id });
        db.Applications.Add(new Application
        {
            CourseId = course.Id, UserId = official.Id, State = ApplicationState.Accepted, Motivation = "Interoperability is my job.",
            RelationToWork = "I run the data exchange platform.", Country = "UY", SubmittedUtc = BrowserSite.Start.UtcDateTime,
        });
        await db.SaveChangesAsync();
    }
}
