using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Accessibility;

/// <summary>
/// What assistive technology needs of the pages: a course's own words marked with its language where the
/// interface speaks another, every refused field tied to its message, and no control that reads as a bare symbol.
/// </summary>
public sealed class StaffPagesTests : IDisposable
{
    private const string Spanish = "estado-abierto-america-latina-caribe";
    private readonly TestSite _site = new();

    public void Dispose() => _site.Dispose();

    private async Task<HttpClient> AdminAsync()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        return await _site.SignedInBrowserAsync("coordinator@institute.org");
    }

    [Fact]
    public async Task Staff_pages_in_english_mark_a_spanish_courses_own_words_with_its_language()
    {
        var admin = await AdminAsync();
        var module = await _site.WithDbAsync(db => db.Modules.Where(m => m.Course!.Slug == Spanish).OrderBy(m => m.Position).Select(m => m.Id).FirstAsync());

        var board = await admin.GetPageAsync($"/review/{Spanish}/scholarships");
        var sessions = await admin.GetPageAsync($"/courses/{Spanish}/sessions");
        var editor = await admin.GetPageAsync($"/courses/{Spanish}/authoring/{module}");
        var audit = await admin.GetPageAsync("/admin/audit");

        Assert.Equal("Estado abierto en América Latina y el Caribe", board.QuerySelector("h1 span[lang=es]")!.TextContent);
        Assert.StartsWith("Scholarships:", board.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(sessions.QuerySelectorAll("tbody th span[lang=es]"), s => s.TextContent.StartsWith("Sesión inaugural", StringComparison.Ordinal));
        // The session's buttons name it too, in its own language (an aria-label could not say which).
        Assert.Contains(sessions.QuerySelectorAll("tbody td a .visually-hidden span[lang=es]"), s => s.TextContent.StartsWith("Sesión inaugural", StringComparison.Ordinal));
        Assert.Equal("es", editor.QuerySelector("textarea[name=Markdown]")!.GetAttribute("lang"));
        Assert.Equal("es", editor.QuerySelector("input[name=Title]")!.GetAttribute("lang"));
        Assert.Equal("es", audit.QuerySelectorAll("#course option").Single(o => o.TextContent.StartsWith("Estado abierto", StringComparison.Ordinal)).GetAttribute("lang"));
    }

    [Fact]
    public async Task A_level_of_government_left_unchosen_is_linked_from_the_summary_to_its_first_option_which_names_the_message()
    {
        var response = await _site.NewBrowser().SubmitAsync("/account/register", "/account/register", new Dictionary<string, string>
        {
            ["Email"] = "ana.perez@hacienda.gob.cl", ["Password"] = "una frase larga y segura", ["ConfirmPassword"] = "una frase larga y segura",
            ["FullName"] = "Ana Pérez", ["Country"] = "CL", ["Institution"] = "Ministerio de Hacienda", ["Position"] = "Analista",
            ["PreferredLanguage"] = "es",
        });
        var page = Html.Parse(await response.Content.ReadAsStringAsync());

        var link = page.QuerySelectorAll("#error-summary a").Single(a => a.GetAttribute("href") == "#GovernmentLevel");
        var first = page.GetElementById("GovernmentLevel")!;
        Assert.Equal(("radio", "National"), (first.GetAttribute("type"), first.GetAttribute("value")));
        Assert.All(page.QuerySelectorAll("input[name=GovernmentLevel]"), radio =>
            Assert.Equal(("true", "GovernmentLevel-error"), (radio.GetAttribute("aria-invalid"), radio.GetAttribute("aria-describedby"))));
        Assert.Equal(link.TextContent, page.GetElementById("GovernmentLevel-error")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("input[name=PreferredLanguage][aria-invalid]"));
    }

    [Fact]
    public async Task A_refused_speaker_is_named_beside_its_field()
    {
        var admin = await AdminAsync();

        var response = await admin.SubmitAsync($"/courses/{Spanish}/sessions", $"/courses/{Spanish}/sessions", new Dictionary<string, string>
        {
            ["Title"] = "Apertura", ["Organisation"] = "CEPAL", ["Speaker"] = "---", ["StartsLocal"] = "2027-05-05T15:00", ["Minutes"] = "60",
            ["JoinUrl"] = "https://zoom.us/j/1",
        });
        var page = Html.Parse(await response.Content.ReadAsStringAsync());

        var speaker = page.GetElementById("Speaker")!;
        Assert.Equal("true", speaker.GetAttribute("aria-invalid"));
        Assert.False(string.IsNullOrWhiteSpace(page.GetElementById(speaker.GetAttribute("aria-describedby")!)?.TextContent));
    }

    [Fact]
    public async Task A_partly_scored_application_names_each_criterion_left_without_a_score()
    {
        var admin = await AdminAsync();
        await _site.CreateAsync("ana@gob.cl");
        await _site.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == Spanish);
            var user = await db.Users.SingleAsync(u => u.Email == "ana@gob.cl");
            db.Applications.Add(new Data.Entities.Application
            {
                CourseId = course.Id, UserId = user.Id, Motivation = "Motivada.", RelationToWork = "Relacionado.", SubmittedUtc = TestSite.DefaultNow.UtcDateTime,
                Country = "CL",
            });
            return await db.SaveChangesAsync();
        });
        var id = await _site.WithDbAsync(db => db.Applications.Select(a => a.Id).SingleAsync());
        var criteria = await _site.WithDbAsync(db => db.Courses.Where(c => c.Slug == Spanish).Select(c => c.Rubric).SingleAsync());

        var response = await admin.SubmitAsync($"/review/{Spanish}/applications/{id}", $"/review/{Spanish}/applications/{id}/score",
            new Dictionary<string, string> { ["scores[0]"] = "4" });
        var page = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Null(page.GetElementById("score-0-error"));
        Assert.Equal($"Give “{criteria[1]}” a score.", page.GetElementById("score-1-error")!.TextContent);
        Assert.Equal("true", page.GetElementById("score-1-3")!.GetAttribute("aria-invalid"));
        Assert.Contains("score-1-error", page.GetElementById("score-1-error")!.ParentElement!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Contains("(lowest)", page.GetElementById("score-scale")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_footnotes_way_back_to_the_text_is_named_in_the_readers_language()
    {
        var admin = await AdminAsync();
        var created = await admin.SubmitAsync($"/courses/{Spanish}/authoring/new", $"/courses/{Spanish}/authoring/new", new Dictionary<string, string>
        {
            ["Title"] = "Fuentes", ["Slug"] = "fuentes", ["Markdown"] = "Un dato.[^1]\n\n[^1]: CEPAL, 2024.", ["ReleaseOn"] = "", ["Published"] = "true",
            ["Preview"] = "true", ["intent"] = "save",
        });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, created.StatusCode);

        var page = await _site.NewBrowser().GetPageAsync($"/courses/{Spanish}/modules/fuentes?lang=en");

        var back = page.QuerySelector("a.footnote-back-ref")!;
        Assert.Equal(("Back to the text", "en"), (back.GetAttribute("aria-label"), back.GetAttribute("lang")));
        // The way to the note is named too, not read as a bare "1".
        var note = page.QuerySelector("a.footnote-ref")!;
        Assert.Equal(("Footnote 1", "en", "1"), (note.GetAttribute("aria-label"), note.GetAttribute("lang"), note.TextContent));
    }
}
