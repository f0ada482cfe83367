using System.Net;
using CourseHub.Core.Content;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Learning;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Authoring;

public sealed class ModuleAuthoringTests : IDisposable
{
    private const string Authoring = $"{Learners.Course}/authoring";
    private readonly TestSite _site = Learners.SiteWithModules();

    public void Dispose() => _site.Dispose();

    private static Dictionary<string, string> Form(string title, string slug, string markdown, bool published = true, bool preview = false, string release = "", string intent = "save") => new()
    {
        ["Title"] = title, ["Slug"] = slug, ["Markdown"] = markdown, ["ReleaseOn"] = release,
        ["Published"] = published ? "true" : "false", ["Preview"] = preview ? "true" : "false", ["intent"] = intent,
    };

    private Task<int> ModuleIdAsync(string slug) => _site.WithDbAsync(db => db.Modules.Where(m => m.Slug == slug).Select(m => m.Id).SingleAsync());

    private async Task<(HttpClient Instructor, string EditUrl)> NewModuleAsync(string markdown = "## Budgets\n\nFirst text.\n")
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        var response = await instructor.SubmitAsync($"{Authoring}/new", $"{Authoring}/new", Form("Open budgets", "open-budgets", markdown));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (instructor, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Instructor_writes_a_new_module_that_participants_then_read_as_rendered_html()
    {
        var (_, editUrl) = await NewModuleAsync();
        var participant = await _site.ParticipantAsync("ana@gob.test");

        var page = await participant.GetPageAsync($"{Learners.Course}/modules/open-budgets");

        Assert.Equal($"{Authoring}/{await ModuleIdAsync("open-budgets")}", editUrl);
        Assert.Equal("Open budgets", page.QuerySelector("h1").Text());
        Assert.Equal("Budgets", page.QuerySelector(".prose h2").Text());
        Assert.Equal("4. Open budgets", page.QuerySelectorAll(".module-nav a").Last().Text());
        var stored = await _site.WithDbAsync(db => db.Modules.SingleAsync(m => m.Slug == "open-budgets"));
        Assert.Equal(new MarkdownRenderer().Render("## Budgets\n\nFirst text.\n").Html, stored.Html);
        Assert.Contains("budgets", stored.TocJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_that_starts_its_sections_with_one_hash_sits_beneath_the_modules_title()
    {
        await NewModuleAsync("# Why budgets\n\nText.\n\n## Who reads them\n\nMore.\n");
        var participant = await _site.ParticipantAsync("ana@gob.test");

        var page = await participant.GetPageAsync($"{Learners.Course}/modules/open-budgets");

        // One page title: the module's.
        Assert.Equal(["Open budgets"], page.QuerySelectorAll("h1").Select(h => h.Text()));
        Assert.Equal("Why budgets", page.QuerySelector(".prose h2").Text());
        Assert.Equal("Who reads them", page.QuerySelector(".prose h3").Text());
        var toc = page.QuerySelector("nav.module-toc")!.QuerySelectorAll("a").Select(a => a.Text()).ToList();
        Assert.Equal(["Why budgets", "Who reads them"], toc);
    }

    [Fact]
    public async Task Preview_button_renders_the_text_without_saving_it()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");

        var response = await instructor.SubmitAsync($"{Authoring}/new", $"{Authoring}/new", Form("Draft", "draft", "## Heading\n\n[x](javascript:alert(1))", intent: "preview"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Heading", page.QuerySelector("#module-preview h2").Text());
        Assert.DoesNotContain("javascript:", page.QuerySelector("#module-preview")!.InnerHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("## Heading\n\n[x](javascript:alert(1))", page.QuerySelector("#Markdown")!.TextContent.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.False(await _site.WithDbAsync(db => db.Modules.AnyAsync(m => m.Slug == "draft")));
    }

    [Fact]
    public async Task Preview_endpoint_returns_what_the_module_page_renderer_returns()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        const string text = "## A table\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n\nA claim.[^1]\n\n[^1]: Its source.";

        var response = await instructor.SubmitAsync($"{Authoring}/new", $"{Authoring}/preview", new Dictionary<string, string> { ["markdown"] = text });

        // As the module page shows it: the footnote and its way back named for screen readers, in the reader's language.
        var page = new MarkdownRenderer().Render(text, Web.Infrastructure.ContentImport.CourseMapping.ModuleTopHeading).Html
            .Replace("class=\"footnote-back-ref\">", "class=\"footnote-back-ref\" aria-label=\"Back to the text\" lang=\"en\">", StringComparison.Ordinal)
            .Replace("class=\"footnote-ref\"><sup>1</sup>", "class=\"footnote-ref\" aria-label=\"Footnote 1\" lang=\"en\"><sup>1</sup>", StringComparison.Ordinal);
        Assert.Equal(page, await response.Content.ReadAsStringAsync());
        Assert.Contains("aria-label=\"Back to the text\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_description_preview_shows_the_text_beneath_the_course_page_s_own_headings()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");

        var response = await instructor.SubmitAsync($"{Learners.Course}/authoring/description", $"{Learners.Course}/authoring/description/preview",
            new Dictionary<string, string> { ["markdown"] = "## Programme\n\nWeek one." });

        Assert.StartsWith("<h3 id=\"description-programme\">Programme</h3>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_save_from_a_page_opened_before_someone_elses_save_is_refused_with_the_text_kept_and_a_second_save_goes_through()
    {
        var (teacher, editUrl) = await NewModuleAsync();
        var colleague = await _site.InstructorAsync("colleague@institute.org");
        var opened = (await teacher.GetPageAsync(editUrl)).QuerySelector("input[name=Opened]")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.Redirect, (await colleague.SubmitAsync(editUrl, editUrl, Form("Open budgets", "open-budgets", "## Budgets\n\nThe colleague's paragraph.\n"))).StatusCode);

        var stale = Form("Open budgets", "open-budgets", "## Budgets\n\nMy typo fix.\n", published: false);
        stale["Opened"] = opened;
        var refused = await teacher.SubmitAsync(editUrl, editUrl, stale);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = Html.Parse(await refused.Content.ReadAsStringAsync());
        Assert.StartsWith("Someone else saved this module after you opened it.", page.QuerySelector(".error-summary li")!.Text(), StringComparison.Ordinal);
        Assert.Equal("## Budgets\n\nMy typo fix.\n", page.QuerySelector("#Markdown")!.TextContent.ReplaceLineEndings("\n"));
        var kept = await _site.WithDbAsync(db => db.Modules.Where(m => m.Slug == "open-budgets").Select(m => new { m.Markdown, m.Published }).SingleAsync());
        Assert.Equal(("## Budgets\n\nThe colleague's paragraph.\n", true), (kept.Markdown, kept.Published));

        // Knowing, the author saves again from the page they were shown.
        stale["Opened"] = page.QuerySelector("input[name=Opened]")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.Redirect, (await teacher.SubmitAsync(editUrl, editUrl, stale)).StatusCode);
        Assert.Equal("## Budgets\n\nMy typo fix.\n", await _site.WithDbAsync(db => db.Modules.Where(m => m.Slug == "open-budgets").Select(m => m.Markdown).SingleAsync()));
        // The same form sent twice is no conflict with itself.
        Assert.Equal(HttpStatusCode.Redirect, (await teacher.SubmitAsync(editUrl, editUrl, stale)).StatusCode);
    }

    [Fact]
    public async Task The_new_module_form_sent_twice_creates_one_module_and_both_posts_lead_to_it()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        var form = Form("Open budgets", "open-budgets", "## Budgets\n\nFirst text.\n");

        var first = await instructor.SubmitAsync($"{Authoring}/new", $"{Authoring}/new", form);
        var again = await instructor.SubmitAsync($"{Authoring}/new", $"{Authoring}/new", form);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, again.StatusCode));
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(1, await _site.WithDbAsync(db => db.Modules.CountAsync(m => m.Slug == "open-budgets")));
        Assert.Equal(1, await _site.WithDbAsync(db => db.ModuleRevisions.CountAsync(r => r.Module!.Slug == "open-budgets")));
    }

    [Fact]
    public async Task Invalid_module_shows_its_errors_and_saves_nothing()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");

        var response = await instructor.SubmitAsync($"{Authoring}/new", $"{Authoring}/new", Form("", "methods", "Text."));
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(page.QuerySelector("#Title-error").Text());

        response = await instructor.SubmitAsync($"{Authoring}/new", $"{Authoring}/new", Form("Duplicate", "methods", "Text."));
        page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Another module of this course already has that address.", page.QuerySelector("#Slug-error").Text());
        // The summary's link leads to the field (its key is shared with the route's {slug}).
        var link = page.QuerySelectorAll(".error-summary a").Single(a => a.Text() == "Another module of this course already has that address.");
        Assert.Equal("#Slug", link.GetAttribute("href"));
        Assert.Equal(3, await _site.WithDbAsync(db => db.Modules.CountAsync()));
        Assert.Equal(0, await _site.WithDbAsync(db => db.ModuleRevisions.CountAsync()));
    }

    [Fact]
    public async Task Every_save_keeps_a_revision_that_can_be_compared_and_restored_as_a_new_save()
    {
        var (instructor, editUrl) = await NewModuleAsync("## Budgets\n\nFirst text.\n");
        await instructor.SubmitAsync(editUrl, editUrl, Form("Open budgets", "open-budgets", "## Budgets\n\nSecond text.\n"));

        var revisions = await instructor.GetPageAsync($"{editUrl}/revisions");
        var links = revisions.QuerySelectorAll(".revision a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(2, links.Count);
        var first = links.Last();

        var revision = await instructor.GetPageAsync(first);
        Assert.Equal(["− First text.", "+ Second text."], revision.QuerySelectorAll(".revision-diff .diff-removed, .revision-diff .diff-added").Select(e => e.Text()).ToArray());
        Assert.Equal("First text.", revision.QuerySelector(".prose p").Text());

        var restore = await instructor.SubmitAsync(first, $"{first}/restore", new Dictionary<string, string>());
        Assert.Equal(editUrl, restore.Headers.Location!.OriginalString);
        var module = await _site.WithDbAsync(db => db.Modules.SingleAsync(m => m.Slug == "open-budgets"));
        Assert.Equal("## Budgets\n\nFirst text.\n", module.Markdown);
        Assert.Contains("First text.", module.Html, StringComparison.Ordinal);
        Assert.Equal(3, await _site.WithDbAsync(db => db.ModuleRevisions.CountAsync(r => r.ModuleId == module.Id)));
        Assert.Equal("Test teacher", await _site.WithDbAsync(db => db.ModuleRevisions.OrderByDescending(r => r.Id).Select(r => r.AuthorName).FirstAsync()));
    }

    [Fact]
    public async Task Saving_evicts_the_cached_public_page()
    {
        var anonymous = _site.NewBrowser();
        Assert.Equal("Everything.", (await anonymous.GetPageAsync($"{Learners.Course}/modules/welcome")).QuerySelector(".prose p").Text());
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        var edit = $"{Authoring}/{await ModuleIdAsync("welcome")}";

        await instructor.SubmitAsync(edit, edit, Form("Welcome", "welcome", "Edited in the browser.", preview: true));

        Assert.Equal("Edited in the browser.", (await anonymous.GetPageAsync($"{Learners.Course}/modules/welcome")).QuerySelector(".prose p").Text());
    }

    [Fact]
    public async Task A_module_from_a_content_file_keeps_its_address()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        var id = await ModuleIdAsync("methods");
        var edit = $"{Authoring}/{id}";

        await instructor.SubmitAsync(edit, edit, Form("Methods, revised", "renamed", "New text.", release: "2027-01-11"));

        var module = await _site.WithDbAsync(db => db.Modules.SingleAsync(m => m.Id == id));
        Assert.Equal("methods", module.Slug);
        Assert.Equal("Methods, revised", module.Title);
        Assert.Equal(new DateTime(2027, 1, 11, 3, 0, 0, DateTimeKind.Utc), module.ReleaseUtc);
    }

    [Fact]
    public async Task The_first_save_of_a_module_from_a_content_file_keeps_the_file_s_text_as_a_revision_to_restore()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        var id = await ModuleIdAsync("welcome");
        var edit = $"{Authoring}/{id}";
        var original = await _site.WithDbAsync(db => db.Modules.Where(m => m.Id == id).Select(m => m.Markdown).SingleAsync());

        await instructor.SubmitAsync(edit, edit, Form("Welcome", "welcome", "Replaced text only.", preview: true));
        await instructor.SubmitAsync(edit, edit, Form("Welcome", "welcome", "Replaced again.", preview: true));

        var revisions = await instructor.GetPageAsync($"{edit}/revisions");
        var items = revisions.QuerySelectorAll(".revision").Select(r => r.Text()).ToList();
        Assert.Equal(3, items.Count);   // the file's text, then the two saves
        Assert.Contains("from the content file", items[^1], StringComparison.Ordinal);
        // Saved within one minute, they are told apart by their numbers, newest first.
        Assert.Equal(["No. 3", "No. 2", "No. 1"], revisions.QuerySelectorAll(".revision-number").Select(n => n.Text()));
        var fromFile = revisions.QuerySelectorAll(".revision a").Last().GetAttribute("href")!;
        Assert.Contains("The text of the content file", (await instructor.GetPageAsync(fromFile)).QuerySelector("main").Text(), StringComparison.Ordinal);

        await instructor.SubmitAsync(fromFile, $"{fromFile}/restore", new Dictionary<string, string>());
        Assert.Equal(original, await _site.WithDbAsync(db => db.Modules.Where(m => m.Id == id).Select(m => m.Markdown).SingleAsync()));
        Assert.Equal(4, await _site.WithDbAsync(db => db.ModuleRevisions.CountAsync(r => r.ModuleId == id)));   // one kept, never again
    }

    [Fact]
    public async Task A_file_imported_over_browser_edits_is_kept_too_when_the_module_is_next_saved()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        var id = await ModuleIdAsync("welcome");
        var edit = $"{Authoring}/{id}";
        await instructor.SubmitAsync(edit, edit, Form("Welcome", "welcome", "Edited in the browser.", preview: true));
        // The course's file changed and was imported over the browser's edit, as the file is the source.
        await _site.WithDbAsync(db => db.Modules.Where(m => m.Id == id).ExecuteUpdateAsync(set => set.SetProperty(m => m.Markdown, "The file's new text.")));

        await instructor.SubmitAsync(edit, edit, Form("Welcome", "welcome", "Edited again.", preview: true));

        var texts = await _site.WithDbAsync(db => db.ModuleRevisions.Where(r => r.ModuleId == id).OrderBy(r => r.Id).Select(r => r.Markdown).ToListAsync());
        Assert.Equal(4, texts.Count);
        Assert.Equal(["Edited in the browser.", "The file's new text.", "Edited again."], texts.Skip(1).ToArray());
    }

    [Fact]
    public async Task A_release_date_no_course_could_have_is_refused_beside_the_field()
    {
        var (instructor, editUrl) = await NewModuleAsync();

        var response = await instructor.SubmitAsync(editUrl, editUrl, Form("Open budgets", "open-budgets", "Text.", release: "0001-01-01"));

        Assert.Equal("Enter a date between the years 2000 and 2099.", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#ReleaseOn-error").Text());
        Assert.Null(await _site.WithDbAsync(db => db.Modules.Where(m => m.Slug == "open-budgets").Select(m => m.ReleaseOn).SingleAsync()));
    }

    [Fact]
    public async Task A_module_set_to_open_after_the_courses_last_day_is_saved_with_a_word_on_what_that_means()
    {
        var (instructor, editUrl) = await NewModuleAsync();
        // The field says when the course runs before a date is chosen.
        Assert.Equal("Participants can read it from this day, in the course's time zone. The course runs 4–29 Jan 2027.",
            (await instructor.GetPageAsync(editUrl)).QuerySelector("#ReleaseOn-hint").Text());

        var onTheLastDay = await instructor.SubmitAsync(editUrl, editUrl, Form("Open budgets", "open-budgets", "Text.", release: "2027-01-29"));
        Assert.Equal("Module saved.", (await instructor.GetPageAsync(onTheLastDay.Headers.Location!.OriginalString)).QuerySelector("[role=status]").Text());
        var after = await instructor.SubmitAsync(editUrl, editUrl, Form("Open budgets", "open-budgets", "Text.", release: "2027-02-01"));

        Assert.Equal(new DateOnly(2027, 2, 1), await _site.WithDbAsync(db => db.Modules.Where(m => m.Slug == "open-budgets").Select(m => m.ReleaseOn).SingleAsync()));
        Assert.Equal("Module saved. It opens on 1 Feb 2027, after the course's last day (29 Jan 2027): participants can read it only once the course is over, "
            + "and their certificates wait until they have done it.",
            (await instructor.GetPageAsync(after.Headers.Location!.OriginalString)).QuerySelector("[role=status]").Text());
        var list = await instructor.GetPageAsync(Authoring);
        Assert.Equal("after the course's last day", list.QuerySelector($"#module-{await ModuleIdAsync("open-budgets")} .release-after-course").Text());
        Assert.Single(list.QuerySelectorAll(".release-after-course"));

        // Published again from the list, it says the same.
        var id = await ModuleIdAsync("open-budgets");
        await instructor.SubmitAsync(Authoring, $"{Authoring}/{id}/publish", new Dictionary<string, string> { ["published"] = "false" });
        var republished = await instructor.SubmitAsync(Authoring, $"{Authoring}/{id}/publish", new Dictionary<string, string> { ["published"] = "true" });
        Assert.StartsWith("Module published. It opens on 1 Feb 2027, after the course's last day (29 Jan 2027)",
            (await instructor.GetPageAsync(republished.Headers.Location!.OriginalString)).QuerySelector("[role=status]").Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instructor_reorders_and_unpublishes_modules()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        var practice = await ModuleIdAsync("practice");

        await instructor.SubmitAsync(Authoring, $"{Authoring}/{practice}/move", new Dictionary<string, string> { ["direction"] = "up" });
        var list = await instructor.GetPageAsync(Authoring);
        Assert.Equal(["Welcome", "Practice", "Methods"], list.QuerySelectorAll(".authoring-modules tbody th a").Select(a => a.Text()).ToArray());

        await instructor.SubmitAsync(Authoring, $"{Authoring}/{practice}/publish", new Dictionary<string, string> { ["published"] = "false" });
        var course = await _site.NewBrowser().GetPageAsync(Learners.Course);
        Assert.Equal(["Welcome", "Methods"], course.QuerySelectorAll(".module-list li > a").Select(a => a.Text()).ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _site.NewBrowser().GetAsync($"{Learners.Course}/modules/practice")).StatusCode);

        // Taking a module away from participants is in the audit log; asking again for the state it is in changes nothing.
        await instructor.SubmitAsync(Authoring, $"{Authoring}/{practice}/publish", new Dictionary<string, string> { ["published"] = "false" });
        var audit = await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action.StartsWith("module.")).Select(e => new { e.Action, e.Before, e.After, e.Note, e.ActorName }).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal(("module.unpublished", "Published", "Draft", "Practice", "Test teacher"), (entry.Action, entry.Before, entry.After, entry.Note, entry.ActorName));
    }

    [Fact]
    public async Task Publishing_and_unpublishing_from_the_editor_is_in_the_audit_log_too()
    {
        var (instructor, edit) = await NewModuleAsync();   // created published

        await instructor.SubmitAsync(edit, edit, Form("Open budgets", "open-budgets", "## Budgets\n\nFirst text.\n", published: false));
        await instructor.SubmitAsync(edit, edit, Form("Open budgets", "open-budgets", "## Budgets\n\nSecond text.\n", published: false));   // saved, still a draft

        var audit = await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action.StartsWith("module.")).OrderBy(e => e.Id)
            .Select(e => new { e.Action, e.Note, e.ActorName }).ToListAsync());
        Assert.Equal([("module.published", "Open budgets"), ("module.unpublished", "Open budgets")], audit.Select(e => (e.Action, e.Note)));
        Assert.All(audit, e => Assert.Equal("Test teacher", e.ActorName));
    }

    [Fact]
    public async Task Staff_read_a_draft_as_participants_will_and_nobody_else_finds_it()
    {
        var (instructor, edit) = await NewModuleAsync();
        await instructor.SubmitAsync(edit, edit, Form("Open budgets", "open-budgets", "## Budgets\n\nNot yet.\n", published: false));

        var draft = await instructor.GetPageAsync($"{Learners.Course}/modules/open-budgets");

        Assert.Equal("Draft: this module is not published.", draft.QuerySelector(".module-draft strong").Text());
        Assert.Equal("Budgets", draft.QuerySelector(".prose h2").Text());
        var participant = await _site.ParticipantAsync("ana@gob.test");
        Assert.Equal(HttpStatusCode.NotFound, (await participant.GetAsync($"{Learners.Course}/modules/open-budgets")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _site.NewBrowser().GetAsync($"{Learners.Course}/modules/open-budgets")).StatusCode);
    }

    [Fact]
    public async Task Saving_the_same_text_again_adds_no_revision()
    {
        var (instructor, edit) = await NewModuleAsync();

        await instructor.SubmitAsync(edit, edit, Form("Open budgets", "open-budgets", "## Budgets\n\nFirst text.\n"));
        await instructor.SubmitAsync(edit, edit, Form("Open budgets", "open-budgets", "## Budgets\n\nFirst text.\n", preview: true));

        var id = await ModuleIdAsync("open-budgets");
        Assert.Equal(1, await _site.WithDbAsync(db => db.ModuleRevisions.CountAsync(r => r.ModuleId == id)));
        Assert.True(await _site.WithDbAsync(db => db.Modules.Where(m => m.Id == id).Select(m => m.Preview).SingleAsync()));   // the rest of the form is saved
        await instructor.SubmitAsync(edit, edit, Form("Open budgets", "open-budgets", "## Budgets\n\nSecond text.\n"));
        Assert.Equal(2, await _site.WithDbAsync(db => db.ModuleRevisions.CountAsync(r => r.ModuleId == id)));
    }

    [Fact]
    public async Task A_draft_is_deleted_after_a_question_with_its_revisions_and_the_others_renumbered()
    {
        var (instructor, edit) = await NewModuleAsync();
        await instructor.SubmitAsync(edit, edit, Form("Open budgets", "open-budgets", "## Budgets\n\nSecond text.\n", published: false));
        var id = await ModuleIdAsync("open-budgets");
        var list = await instructor.GetPageAsync(Authoring);
        Assert.NotNull(list.QuerySelector($"#module-{id} a[href='{Authoring}/{id}/delete']"));
        // Published modules and those from content files offer no delete.
        Assert.Equal(1, list.QuerySelectorAll("a[href$='/delete']").Length);

        var question = await instructor.GetPageAsync($"{Authoring}/{id}/delete");
        Assert.Equal("Delete this module?", question.QuerySelector("h1").Text());
        Assert.Contains("its 2 revisions", question.QuerySelector("main").Text(), StringComparison.Ordinal);
        Assert.True(await _site.WithDbAsync(db => db.Modules.AnyAsync(m => m.Id == id)));   // asking deleted nothing

        var response = await instructor.SubmitAsync($"{Authoring}/{id}/delete", $"{Authoring}/{id}/delete", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await _site.WithDbAsync(db => db.Modules.AnyAsync(m => m.Id == id)));
        Assert.False(await _site.WithDbAsync(db => db.ModuleRevisions.AnyAsync(r => r.ModuleId == id)));
        Assert.Equal("Module “Open budgets” deleted.", (await instructor.GetPageAsync(Authoring)).QuerySelector(".alert").Text());
        var positions = await _site.WithDbAsync(db => db.Modules.OrderBy(m => m.Position).Select(m => m.Position).ToListAsync());
        Assert.Equal(Enumerable.Range(1, positions.Count), positions);
        var entry = await _site.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "module.deleted"));
        Assert.Equal(("Test teacher", "Open budgets"), (entry.ActorName, entry.Note));
    }

    [Fact]
    public async Task A_published_module_or_one_from_a_file_is_not_deleted()
    {
        var (instructor, _) = await NewModuleAsync();   // published
        var published = await ModuleIdAsync("open-budgets");
        var fromFile = await _site.WithDbAsync(db => db.Modules.Where(m => m.ContentHash != null).Select(m => m.Id).FirstAsync());
        await _site.WithDbAsync(db => db.Modules.Where(m => m.Id == fromFile).ExecuteUpdateAsync(set => set.SetProperty(m => m.Published, false)));

        var refused = await instructor.SubmitAsync(Authoring, $"{Authoring}/{published}/delete", new Dictionary<string, string>());
        var fileRefused = await instructor.SubmitAsync(Authoring, $"{Authoring}/{fromFile}/delete", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Unpublish the module first", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, fileRefused.StatusCode);
        Assert.Contains("comes from a content file", await fileRefused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await _site.WithDbAsync(db => db.Modules.CountAsync(m => m.Id == published || m.Id == fromFile)));
    }

    [Fact]
    public async Task Instructor_of_another_course_cannot_author_this_one()
    {
        await _site.CreateAsync("other@institute.org", Web.Infrastructure.Security.Roles.Instructor);
        var other = await _site.SignedInBrowserAsync("other@institute.org");

        var response = await other.GetAsync(Authoring);

        Assert.Contains("/account/access-denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
