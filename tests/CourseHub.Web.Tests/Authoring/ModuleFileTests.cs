using System.Net;
using System.Net.Http.Headers;
using CourseHub.Web.Features.Authoring;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Learning;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Authoring;

public sealed class ModuleFileTests : IDisposable
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];
    private readonly TestSite _site = Learners.SiteWithModules();

    public void Dispose() => _site.Dispose();

    private async Task<(HttpClient Instructor, string Edit)> InstructorEditingAsync(string module)
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        var id = await _site.WithDbAsync(db => db.Modules.Where(m => m.Slug == module).Select(m => m.Id).SingleAsync());
        return (instructor, $"{Learners.Course}/authoring/{id}");
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string edit, string fileName, byte[] content, string contentType = "application/octet-stream")
    {
        var token = await client.AntiforgeryTokenAsync(edit);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "file", fileName);
        return await client.PostAsync($"{edit}/files", form);
    }

    [Fact]
    public async Task Uploaded_image_is_listed_with_its_markdown_and_served_to_participants_of_the_module()
    {
        _site.Clock.SetUtcNow(Learners.AfterAllReleases);
        var (instructor, edit) = await InstructorEditingAsync("methods");

        var response = await UploadAsync(instructor, edit, "Budget Chart (2027).PNG", Png, "text/html");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await instructor.GetPageAsync(edit);
        Assert.Equal($"![Describe the image]({Learners.Course}/modules/methods/files/budget-chart-2027.png)", page.QuerySelector(".module-file code").Text());

        var participant = await _site.ParticipantAsync("ana@gob.test");
        var image = await participant.GetAsync($"{Learners.Course}/modules/methods/files/budget-chart-2027.png");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        // The type comes from the extension, not from what the browser claimed.
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", image.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Png, await image.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await _site.NewBrowser().GetAsync($"{Learners.Course}/modules/methods/files/budget-chart-2027.png")).StatusCode);
        // A name that is not there answers the same to whoever may not read the module: names are not to be guessed.
        Assert.Equal(HttpStatusCode.Forbidden, (await _site.NewBrowser().GetAsync($"{Learners.Course}/modules/methods/files/secret-plan.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await participant.GetAsync($"{Learners.Course}/modules/methods/files/secret-plan.pdf")).StatusCode);
    }

    [Fact]
    public async Task A_renamed_modules_old_address_and_its_files_lead_to_the_new_one_until_another_module_takes_it()
    {
        _site.Clock.SetUtcNow(Learners.AfterAllReleases);
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        Dictionary<string, string> Form(string title, string slug) => new()
        {
            ["Title"] = title, ["Slug"] = slug, ["Markdown"] = "Intro.", ["ReleaseOn"] = "", ["Published"] = "true", ["Preview"] = "false", ["intent"] = "save",
        };
        var edit = (await instructor.SubmitAsync($"{Learners.Course}/authoring/new", $"{Learners.Course}/authoring/new", Form("Open budgets", "budgets"))).Headers.Location!.OriginalString;
        await UploadAsync(instructor, edit, "chart.png", Png, "image/png");
        await instructor.SubmitAsync(edit, edit, Form("Open budgets", "open-budgets"));
        var participant = await _site.ParticipantAsync("ana@gob.test");

        var page = await participant.GetAsync($"{Learners.Course}/modules/budgets");
        var file = await participant.GetAsync($"{Learners.Course}/modules/budgets/files/chart.png");

        Assert.Equal((HttpStatusCode.MovedPermanently, $"{Learners.Course}/modules/open-budgets"), (page.StatusCode, page.Headers.Location!.OriginalString));
        Assert.Equal((HttpStatusCode.MovedPermanently, $"{Learners.Course}/modules/open-budgets/files/chart.png"), (file.StatusCode, file.Headers.Location!.OriginalString));

        // A new module takes the old address: it is that module's now.
        await instructor.SubmitAsync($"{Learners.Course}/authoring/new", $"{Learners.Course}/authoring/new", Form("Budget basics", "budgets"));
        var taken = await participant.GetAsync($"{Learners.Course}/modules/budgets");
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal("Budget basics", Html.Parse(await taken.Content.ReadAsStringAsync()).QuerySelector("#module-title")!.Text());
        Assert.Equal(HttpStatusCode.NotFound, (await participant.GetAsync($"{Learners.Course}/modules/no-such-module")).StatusCode);
    }

    [Fact]
    public async Task A_renamed_drafts_old_address_does_not_tell_others_its_new_one()
    {
        _site.Clock.SetUtcNow(Learners.AfterAllReleases);
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        Dictionary<string, string> Form(string slug) => new()
        {
            ["Title"] = "Budget cuts ahead", ["Slug"] = slug, ["Markdown"] = "Draft.", ["ReleaseOn"] = "", ["Published"] = "false", ["Preview"] = "true", ["intent"] = "save",
        };
        var edit = (await instructor.SubmitAsync($"{Learners.Course}/authoring/new", $"{Learners.Course}/authoring/new", Form("cuts"))).Headers.Location!.OriginalString;
        await instructor.SubmitAsync(edit, edit, Form("budget-cuts-2027"));
        var participant = await _site.ParticipantAsync("ana@gob.test");

        Assert.Equal(HttpStatusCode.NotFound, (await _site.NewBrowser().GetAsync($"{Learners.Course}/modules/cuts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await participant.GetAsync($"{Learners.Course}/modules/cuts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await participant.GetAsync($"{Learners.Course}/modules/cuts/files/chart.png")).StatusCode);
        var staff = await instructor.GetAsync($"{Learners.Course}/modules/cuts");
        Assert.Equal((HttpStatusCode.MovedPermanently, $"{Learners.Course}/modules/budget-cuts-2027"), (staff.StatusCode, staff.Headers.Location!.OriginalString));
    }

    [Fact]
    public async Task A_module_given_a_new_address_keeps_its_images_showing()
    {
        _site.Clock.SetUtcNow(Learners.AfterAllReleases);
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        Dictionary<string, string> Form(string slug, string markdown) => new()
        {
            ["Title"] = "Open budgets", ["Slug"] = slug, ["Markdown"] = markdown, ["ReleaseOn"] = "", ["Published"] = "true", ["Preview"] = "false", ["intent"] = "save",
        };
        var created = await instructor.SubmitAsync($"{Learners.Course}/authoring/new", $"{Learners.Course}/authoring/new", Form("budgets", "Intro."));
        var edit = created.Headers.Location!.OriginalString;
        await UploadAsync(instructor, edit, "chart.png", Png, "image/png");
        await instructor.SubmitAsync(edit, edit, Form("budgets", $"![Chart]({Learners.Course}/modules/budgets/files/chart.png) and [elsewhere](/courses/other/modules/budgets/files/x.pdf) and [notes]({Learners.Course}/modules/gone/files/notes.txt)"));

        await instructor.SubmitAsync(edit, edit, Form("open-budgets", $"![Chart]({Learners.Course}/modules/budgets/files/chart.png) and [elsewhere](/courses/other/modules/budgets/files/x.pdf)"));

        var participant = await _site.ParticipantAsync("ana@gob.test");
        var page = await participant.GetPageAsync($"{Learners.Course}/modules/open-budgets");
        var src = page.QuerySelector(".prose img")!.GetAttribute("src")!;
        Assert.Equal($"{Learners.Course}/modules/open-budgets/files/chart.png", src);
        Assert.Equal(HttpStatusCode.OK, (await participant.GetAsync(src)).StatusCode);
        // Only the module's own files follow it; a link to another course's module stays as written.
        Assert.Equal("/courses/other/modules/budgets/files/x.pdf", page.QuerySelector(".prose p a")!.GetAttribute("href"));

        // A revision from before the move, restored, links the files where they are now.
        var moduleId = int.Parse(edit[(edit.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await instructor.SubmitAsync(edit, edit, Form("open-budgets", "Something else."));
        var before = await _site.WithDbAsync(db => db.ModuleRevisions.Where(r => r.ModuleId == moduleId && r.Markdown.Contains("/modules/budgets/files/chart.png")).Select(r => r.Id).FirstAsync());
        await instructor.SubmitAsync($"{edit}/revisions", $"{edit}/revisions/{before}/restore", new Dictionary<string, string>());
        var restored = await participant.GetPageAsync($"{Learners.Course}/modules/open-budgets");
        Assert.Equal($"{Learners.Course}/modules/open-budgets/files/chart.png", restored.QuerySelector(".prose img")!.GetAttribute("src"));
        // A link to a file this module does not have (another module's, even one deleted since) stays as written.
        Assert.Equal($"{Learners.Course}/modules/gone/files/notes.txt", restored.QuerySelectorAll(".prose p a").Last().GetAttribute("href"));
    }

    [Fact]
    public async Task Attachments_of_a_preview_module_are_public_and_download_with_their_name()
    {
        var (instructor, edit) = await InstructorEditingAsync("welcome");
        await UploadAsync(instructor, edit, "syllabus.pdf", [0x25, 0x50, 0x44, 0x46]);

        var response = await _site.NewBrowser().GetAsync($"{Learners.Course}/modules/welcome/files/syllabus.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("syllabus.pdf", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
    }

    [Fact]
    public async Task Files_of_an_unpublished_course_are_served_to_its_staff_only()
    {
        var (instructor, edit) = await InstructorEditingAsync("welcome");
        await UploadAsync(instructor, edit, "syllabus.pdf", [0x25, 0x50, 0x44, 0x46]);
        await Learners.UnpublishAsync(_site);

        Assert.Equal(HttpStatusCode.NotFound, (await _site.NewBrowser().GetAsync($"{Learners.Course}/modules/welcome/files/syllabus.pdf")).StatusCode);
        var preview = await instructor.GetAsync($"{Learners.Course}/modules/welcome/files/syllabus.pdf");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal([0x25, 0x50, 0x44, 0x46], await preview.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("drawing.svg")]
    [InlineData("page.html")]
    [InlineData("tool.exe")]
    public async Task Files_that_could_run_in_the_browser_or_on_a_computer_are_refused(string fileName)
    {
        var (instructor, edit) = await InstructorEditingAsync("welcome");

        await UploadAsync(instructor, edit, fileName, [1, 2, 3]);

        Assert.Equal(0, await _site.WithDbAsync(db => db.ModuleFiles.CountAsync()));
        Assert.Contains("cannot be uploaded", (await instructor.GetPageAsync(edit)).QuerySelector(".alert-danger[role=alert]").Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModuleFiles.MaxBytes + 1)]
    [InlineData(8 * 1024 * 1024)]   // the common case: a PDF a few megabytes too large
    public async Task A_file_over_the_size_limit_is_refused_with_the_reason(long length)
    {
        var (instructor, edit) = await InstructorEditingAsync("welcome");

        var response = await UploadAsync(instructor, edit, "big.pdf", new byte[length]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await _site.WithDbAsync(db => db.ModuleFiles.CountAsync()));
        Assert.Equal("The file is larger than 5 MB.", (await instructor.GetPageAsync(edit)).QuerySelector(".alert-danger").Text());
    }

    [Fact]
    public async Task A_file_of_the_same_name_replaces_the_earlier_one_and_says_so_while_names_without_latin_letters_each_get_their_own()
    {
        var (instructor, edit) = await InstructorEditingAsync("welcome");

        await UploadAsync(instructor, edit, "Informe Final 2024.pdf", [1]);
        Assert.Equal("File uploaded as informe-final-2024.pdf: paste its Markdown into the text to show it.",
            (await instructor.GetPageAsync(edit)).QuerySelector(".alert-success").Text());
        await UploadAsync(instructor, edit, "informe-final-2024.pdf", [2]);
        Assert.Equal("File uploaded as informe-final-2024.pdf, in place of the earlier file of that name: links to it now show the new one.",
            (await instructor.GetPageAsync(edit)).QuerySelector(".alert-success").Text());
        await UploadAsync(instructor, edit, "日本語.pdf", [3]);
        await UploadAsync(instructor, edit, "Отчет.pdf", [4]);
        Assert.Equal("File uploaded as file-2.pdf: paste its Markdown into the text to show it.",
            (await instructor.GetPageAsync(edit)).QuerySelector(".alert-success").Text());

        var files = await _site.WithDbAsync(db => db.ModuleFiles.OrderBy(f => f.FileName).Select(f => new { f.FileName, f.Content }).ToListAsync());
        Assert.Equal(["file-2.pdf", "file.pdf", "informe-final-2024.pdf"], files.Select(f => f.FileName).ToArray());
        Assert.Equal([[4], [3], [2]], files.Select(f => f.Content).ToArray());
    }

    [Fact]
    public async Task Files_of_a_draft_module_show_in_its_staff_s_preview_and_to_nobody_else()
    {
        _site.Clock.SetUtcNow(Learners.AfterAllReleases);
        var (instructor, edit) = await InstructorEditingAsync("methods");
        await UploadAsync(instructor, edit, "chart.png", Png);
        await _site.WithDbAsync(db => db.Modules.Where(m => m.Slug == "methods").ExecuteUpdateAsync(set => set.SetProperty(m => m.Published, false)));

        Assert.Equal(HttpStatusCode.OK, (await instructor.GetAsync($"{Learners.Course}/modules/methods/files/chart.png")).StatusCode);
        var participant = await _site.ParticipantAsync("ana@gob.test");
        Assert.Equal(HttpStatusCode.NotFound, (await participant.GetAsync($"{Learners.Course}/modules/methods/files/chart.png")).StatusCode);
    }

    [Fact]
    public async Task Instructor_deletes_a_file()
    {
        var (instructor, edit) = await InstructorEditingAsync("welcome");
        await UploadAsync(instructor, edit, "notes.txt", "hello"u8.ToArray());
        var id = await _site.WithDbAsync(db => db.ModuleFiles.Select(f => f.Id).SingleAsync());

        await instructor.SubmitAsync(edit, $"{edit}/files/{id}/delete", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.NotFound, (await _site.NewBrowser().GetAsync($"{Learners.Course}/modules/welcome/files/notes.txt")).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_file_the_text_still_shows_asks_first_and_says_the_image_will_break()
    {
        var (instructor, edit) = await InstructorEditingAsync("welcome");
        await UploadAsync(instructor, edit, "chart.png", Png);
        await UploadAsync(instructor, edit, "notes.txt", "hello"u8.ToArray());
        await _site.WithDbAsync(db => db.Modules.Where(m => m.Slug == "welcome")
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.Markdown, $"![Budget]({Learners.Course}/modules/welcome/files/chart.png)")));
        var chart = await _site.WithDbAsync(db => db.ModuleFiles.Where(f => f.FileName == "chart.png").Select(f => f.Id).SingleAsync());
        var notes = await _site.WithDbAsync(db => db.ModuleFiles.Where(f => f.FileName == "notes.txt").Select(f => f.Id).SingleAsync());

        // The editor's link asks; nothing is deleted by following it.
        var link = (await instructor.GetPageAsync(edit)).QuerySelectorAll(".module-file a.text-danger").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"{edit}/files/{chart}/delete", $"{edit}/files/{notes}/delete"], link);
        var asked = await instructor.GetPageAsync($"{edit}/files/{chart}/delete");
        Assert.Equal("Delete chart.png?", asked.QuerySelector("h1").Text());
        Assert.Equal("The module's text shows this image: readers will see a broken image until you take it out of the text.", asked.QuerySelector(".file-in-use").Text());
        Assert.Null((await instructor.GetPageAsync($"{edit}/files/{notes}/delete")).QuerySelector(".file-in-use"));
        Assert.Equal(2, await _site.WithDbAsync(db => db.ModuleFiles.CountAsync()));

        await instructor.SubmitAsync($"{edit}/files/{chart}/delete", $"{edit}/files/{chart}/delete", new Dictionary<string, string>());

        Assert.Equal(["notes.txt"], await _site.WithDbAsync(db => db.ModuleFiles.Select(f => f.FileName).ToListAsync()));
        // Gone: asking again finds nothing to delete.
        Assert.Equal(HttpStatusCode.NotFound, (await instructor.GetAsync($"{edit}/files/{chart}/delete")).StatusCode);
    }

    [Fact]
    public async Task A_new_module_says_its_files_are_uploaded_once_it_is_saved()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");

        var page = await instructor.GetPageAsync($"{Learners.Course}/authoring/new");

        Assert.StartsWith("Images and attachments are uploaded once the module is saved", page.QuerySelector(".new-module-files").Text(), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("input[type=file]"));
    }

    [Theory]
    [InlineData("Ñandú ñ 日本", "nandu-n")]
    [InlineData("Informe de Gestión 2027", "informe-de-gestion-2027")]
    [InlineData("日本", "file")]
    public void An_uploaded_name_keeps_its_letters_without_their_accents(string name, string stored)
    {
        Assert.Equal(stored, ModuleFiles.SafeName(name));
    }
}
