using System.Net;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Learning;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Authoring;

public sealed class CourseDescriptionTests : IDisposable
{
    private const string Page = $"{Learners.Course}/authoring/description";
    private readonly TestSite _site = Learners.SiteWithModules();

    public void Dispose() => _site.Dispose();

    private static Dictionary<string, string> Form(string text, string intent = "save") => new() { ["Markdown"] = text, ["intent"] = intent };

    [Fact]
    public async Task Instructor_rewrites_the_description_and_the_course_page_shows_it()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        var visitor = _site.NewBrowser();
        await visitor.GetAsync(Learners.Course); // now in the output cache

        var response = await instructor.SubmitAsync(Page, Page, Form("## What you will do\r\n\r\nWork on a *real* case.\r\n"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await visitor.GetPageAsync(Learners.Course);
        Assert.Equal("What you will do", page.QuerySelector("#about-heading + .prose h3").Text());   // beneath "About the course", an h2
        Assert.Equal("real", page.QuerySelector("#about-heading + .prose em").Text());
        Assert.Equal("## What you will do\n\nWork on a *real* case.", await _site.WithDbAsync(db => db.Courses.Select(c => c.DescriptionMarkdown).SingleAsync()));
        Assert.Equal("description", await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "course.edited").Select(e => e.Note).SingleAsync()));
    }

    [Fact]
    public async Task A_description_saved_by_someone_else_meanwhile_is_not_overwritten_unseen()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        var opened = (await instructor.GetPageAsync(Page)).QuerySelector("input[name=Opened]")!.GetAttribute("value")!;
        await _site.WithDbAsync(db => db.Courses.ExecuteUpdateAsync(set => set.SetProperty(c => c.DescriptionMarkdown, "The coordinator's text.")));

        var refused = await instructor.SubmitAsync(Page, Page, new Dictionary<string, string>(Form("The instructor's text.")) { ["Opened"] = opened });
        var page = Html.Parse(await refused.Content.ReadAsStringAsync());
        var again = await instructor.SubmitAsync(Page, Page,
            new Dictionary<string, string>(Form("The instructor's text.")) { ["Opened"] = page.QuerySelector("input[name=Opened]")!.GetAttribute("value")! });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.StartsWith("Someone else saved this description after you opened it.", page.QuerySelector(".error-summary li").Text(), StringComparison.Ordinal);
        Assert.Equal("The instructor's text.", page.QuerySelector("textarea[name=Markdown]")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);   // told, the instructor saves on purpose
        Assert.Equal("The instructor's text.", await _site.WithDbAsync(db => db.Courses.Select(c => c.DescriptionMarkdown).SingleAsync()));
    }

    [Fact]
    public async Task Preview_renders_with_the_site_renderer_and_saves_nothing()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");

        var response = await instructor.SubmitAsync(Page, Page, Form("## Draft\n\n<script>alert(1)</script>", intent: "preview"));

        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Draft", page.QuerySelector("#module-preview h3").Text());   // as the course page will show it, under its own h2
        Assert.Null(page.QuerySelector("#module-preview script"));
        Assert.Equal("A course for tests.", await _site.WithDbAsync(db => db.Courses.Select(c => c.DescriptionMarkdown).SingleAsync()));
    }

    [Fact]
    public async Task Instructor_of_another_course_cannot_edit_the_description()
    {
        var course = await File.ReadAllTextAsync(Path.Combine(_site.ContentPath, Learners.Slug, "course.md"));
        _site.WriteContent("other-lab/course.md", course.Replace("title: Civic Lab", "title: Other Lab", StringComparison.Ordinal));
        await _site.ImportAgainAsync();
        var other = await _site.InstructorAsync("other@institute.org", "other-lab");
        var token = await other.AntiforgeryTokenAsync("/courses/other-lab/authoring/description");

        var read = await other.GetAsync(Page);
        var write = await other.PostAsync(Page, new FormUrlEncodedContent(new Dictionary<string, string>(Form("Taken over.")) { ["__RequestVerificationToken"] = token }));

        Assert.Contains("/account/access-denied", read.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("/account/access-denied", write.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("A course for tests.", await _site.WithDbAsync(db => db.Courses.Where(c => c.Slug == Learners.Slug).Select(c => c.DescriptionMarkdown).SingleAsync()));
    }
}
