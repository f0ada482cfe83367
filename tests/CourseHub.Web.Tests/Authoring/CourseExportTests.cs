using System.IO.Compression;
using System.Net;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Learning;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Authoring;

public sealed class CourseExportTests : IDisposable
{
    private readonly TestSite _site = Learners.SiteWithModules(completionAttendance: 60);

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Exported_course_imports_into_another_site_with_the_modules_as_edited_in_the_browser()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        var authoring = $"{Learners.Course}/authoring";
        var methods = await _site.WithDbAsync(db => db.Modules.Where(m => m.Slug == "methods").Select(m => m.Id).SingleAsync());
        await instructor.SubmitAsync($"{authoring}/{methods}", $"{authoring}/{methods}", new Dictionary<string, string>
        {
            ["Title"] = "Methods: revised", ["Slug"] = "methods", ["Markdown"] = "## Methods\n\nWritten in the browser.", ["ReleaseOn"] = "2027-01-12",
            ["Published"] = "true", ["Preview"] = "false", ["intent"] = "save",
        });
        await instructor.SubmitAsync(authoring, $"{authoring}/{methods}/move", new Dictionary<string, string> { ["direction"] = "up" });

        var response = await instructor.GetAsync($"{authoring}/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        using var copy = new TestSite(withRepositoryContent: false);
        using (var zip = new ZipArchive(await response.Content.ReadAsStreamAsync()))
        {
            Assert.Equal(["civic-lab/course.md", "civic-lab/modules/01-methods.md", "civic-lab/modules/02-welcome.md", "civic-lab/modules/03-practice.md"],
                zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToArray());
            zip.ExtractToDirectory(copy.ContentPath);
        }
        var imported = await copy.WithDbAsync(db => db.Modules.AsNoTracking().OrderBy(m => m.Position).ToListAsync());
        Assert.Equal(["Methods: revised", "Welcome", "Practice"], imported.Select(m => m.Title).ToArray());
        Assert.Equal("## Methods\n\nWritten in the browser.", imported[0].Markdown);
        Assert.Equal(new DateOnly(2027, 1, 12), imported[0].ReleaseOn);
        Assert.True(imported[1].Preview);
        var course = await copy.WithDbAsync(db => db.Courses.AsNoTracking().SingleAsync());
        Assert.Equal(("Civic Lab", 60, 12), (course.Title, course.CompletionAttendance, course.Hours));
    }

    [Fact]
    public async Task Participant_cannot_export_a_course()
    {
        var participant = await _site.ParticipantAsync("ana@gob.test");

        var response = await participant.GetAsync($"{Learners.Course}/authoring/export");

        Assert.Contains("/account/access-denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
