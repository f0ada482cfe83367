using System.IO.Compression;
using System.Net;
using CourseHub.Core.Content;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.ContentImport;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Learning;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.CourseAdmin;

/// <summary>Admins create, edit, publish and unpublish courses in the browser; the form is judged by the rules of course.md.</summary>
public sealed class AdminCoursesTests : IDisposable
{
    private const string Slug = "water-governance";
    private const string EditPage = $"/admin/courses/{Slug}/edit";
    private readonly TestSite _site = new(withRepositoryContent: false);

    public void Dispose() => _site.Dispose();

    /// <summary>Every fact of a hybrid course, as an admin fills the form (a blank third phase row is left as the page offers it).</summary>
    private static Dictionary<string, string> Course(params (string Field, string Value)[] changes)
    {
        var form = new Dictionary<string, string>
        {
            ["Slug"] = Slug, ["Title"] = "Gobernanza del agua", ["Summary"] = "Un curso híbrido sobre la gestión pública del agua.",
            ["Language"] = "es", ["Modality"] = "hybrid", ["Organiser"] = "ILPES, CEPAL", ["OrganiserEmail"] = "cursos@ilpes.test",
            ["Partners"] = "GIZ\r\nCEPAL México", ["Audience"] = "Funcionarios de organismos de agua.", ["TimeZone"] = "America/Mexico_City",
            ["Hours"] = "40", ["Fee"] = "150.50", ["Currency"] = "usd", ["Capacity"] = "25", ["Scholarships"] = "5",
            ["ScholarshipNote"] = "Cubre pasaje y alojamiento.", ["ScholarshipReplyDays"] = "10",
            ["ApplicationsOpen"] = "2026-11-01T09:00", ["ApplicationsClose"] = "2027-01-15T18:00", ["ResultsDate"] = "2027-01-25",
            ["Phases[0].Name"] = "Fase virtual", ["Phases[0].Modality"] = "virtual", ["Phases[0].Starts"] = "2027-02-01", ["Phases[0].Ends"] = "2027-02-26",
            ["Phases[1].Name"] = "Semana presencial", ["Phases[1].Modality"] = "in-person", ["Phases[1].Starts"] = "2027-03-08",
            ["Phases[1].Ends"] = "2027-03-12", ["Phases[1].Venue"] = "CEPAL, Ciudad de México",
            ["Phases[2].Name"] = "", ["Phases[2].Modality"] = "virtual", ["Phases[2].Starts"] = "", ["Phases[2].Ends"] = "", ["Phases[2].Venue"] = "",
            ["SupervisorEndorsement"] = "true", ["InstructorsReview"] = "false", ["Rubric"] = "Pertinencia del cargo\r\nImpacto esperado",
            ["CompletionAttendance"] = "80", ["Description"] = "## Acerca del curso\r\n\r\nUn curso sobre **agua**.\r\n",
        };
        foreach (var (field, value) in changes) form[field] = value;
        return form;
    }

    private async Task<HttpClient> AdminAsync()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        return await _site.SignedInBrowserAsync("coordinator@institute.org");
    }

    private static Task<HttpResponseMessage> CreateAsync(HttpClient admin, Dictionary<string, string> form) =>
        admin.SubmitAsync("/admin/courses/new", "/admin/courses/new", form);

    private static Task<HttpResponseMessage> PublishAsync(HttpClient admin, bool published) =>
        admin.SubmitAsync("/admin/courses", $"/admin/courses/{Slug}/publish", new Dictionary<string, string> { ["published"] = published ? "true" : "false" });

    private static Dictionary<string, string> Facts(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll(".course-facts dt").ToDictionary(dt => dt.Text(), dt => dt.NextElementSibling.Text());

    [Fact]
    public async Task Created_course_stays_out_of_the_catalogue_until_an_admin_publishes_it()
    {
        var admin = await AdminAsync();
        var visitor = _site.NewBrowser();

        var created = await CreateAsync(admin, Course());

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(EditPage, created.Headers.Location!.OriginalString);
        Assert.Empty((await visitor.GetPageAsync("/courses")).QuerySelectorAll(".course-card"));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/courses/{Slug}")).StatusCode);
        Assert.Equal("Not published", (await admin.GetPageAsync("/admin/courses")).QuerySelector($"#course-{Slug} .course-state").Text());

        await PublishAsync(admin, published: true);

        Assert.Equal(["Gobernanza del agua"], (await visitor.GetPageAsync("/courses")).QuerySelectorAll(".course-card .card-title").Select(t => t.Text()));
        var page = await visitor.GetPageAsync($"/courses/{Slug}");
        var facts = Facts(page);
        Assert.Equal("1 Feb – 12 Mar 2027", facts["Dates"]);
        Assert.Equal("Hybrid", facts["Modality"]);
        Assert.Equal("CEPAL, Ciudad de México", facts["Venue"]);
        Assert.Equal("USD 150.50", facts["Fee"]);
        Assert.Equal("25", facts["Seats"]);
        Assert.StartsWith("5 full scholarships", facts["Scholarships"], StringComparison.Ordinal);
        Assert.Equal("GIZ", facts["Partners"]);
        Assert.Equal("Mexico City time (GMT-6)", facts["Time zone"]);
        Assert.Contains("Applications are open until Fri 15 Jan 2027, 18:00 (GMT-6)", page.QuerySelector(".course-now").Text(), StringComparison.Ordinal);
        Assert.Equal("Acerca del curso", page.QuerySelector(".prose h3").Text());   // under the page's own "About the course"
    }

    [Fact]
    public async Task Unpublished_course_leaves_the_catalogue_and_its_page()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        await PublishAsync(admin, published: true);
        var visitor = _site.NewBrowser();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/courses/{Slug}")).StatusCode);

        await PublishAsync(admin, published: false);

        Assert.Empty((await visitor.GetPageAsync("/courses")).QuerySelectorAll(".course-card"));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/courses/{Slug}")).StatusCode);
        var audit = await _site.WithDbAsync(db => db.AuditEntries.OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["course.created", "course.published", "course.unpublished"], audit);
    }

    [Fact]
    public async Task Staff_preview_an_unpublished_course_page_that_officials_cannot_see()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        var instructor = await _site.InstructorAsync("teacher@institute.org", Slug);
        await _site.CreateAsync("other-teacher@institute.org", Roles.Instructor);
        var otherInstructor = await _site.SignedInBrowserAsync("other-teacher@institute.org");
        await _site.CreateAsync("official@gob.mx");
        var official = await _site.SignedInBrowserAsync("official@gob.mx");

        Assert.Equal("Preview", (await admin.GetPageAsync("/admin/courses")).QuerySelector($"#course-{Slug} a[href='/courses/{Slug}']").Text().Split('·')[0].Trim());
        foreach (var staff in new[] { admin, instructor })
        {
            var page = await staff.GetPageAsync($"/courses/{Slug}");
            Assert.Equal("Gobernanza del agua", page.QuerySelector("#course-title").Text());
            Assert.StartsWith("Preview: this course is not published.", page.QuerySelector(".course-preview").Text().Trim(), StringComparison.Ordinal);
            Assert.Null(page.QuerySelector($"a[href='/courses/{Slug}/apply']"));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await official.GetAsync($"/courses/{Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherInstructor.GetAsync($"/courses/{Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _site.NewBrowser().GetAsync($"/courses/{Slug}")).StatusCode);

        await PublishAsync(admin, published: true);

        var published = await admin.GetPageAsync($"/courses/{Slug}");
        Assert.Null(published.QuerySelector(".course-preview"));
        Assert.NotNull(published.QuerySelector($"a[href='/courses/{Slug}/apply']"));
    }

    [Fact]
    public async Task Edit_page_lists_who_teaches_the_course_with_a_link_to_each_person()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        var before = await admin.GetPageAsync(EditPage);
        Assert.Equal("No one teaches this course yet.", before.QuerySelector(".course-instructors p").Text());
        Assert.Equal("Preview the course page", before.QuerySelector($"a[href='/courses/{Slug}']").Text());

        await _site.InstructorAsync("teacher@institute.org", Slug);
        var teacherId = await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "teacher@institute.org").Select(u => u.Id).SingleAsync());

        var after = await admin.GetPageAsync(EditPage);
        var listed = after.QuerySelectorAll(".course-instructors li a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/admin/users/{teacherId}"], listed);
        Assert.Contains("teacher@institute.org", after.QuerySelector(".course-instructors li")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_adds_an_instructor_from_the_course_page_by_their_address()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        await _site.CreateAsync("experta@cepal.test");

        var unknown = await admin.SubmitAsync(EditPage, $"/admin/courses/{Slug}/instructors", new Dictionary<string, string> { ["email"] = "nadie@cepal.test" });
        var refused = await admin.GetPageAsync(unknown.Headers.Location!.OriginalString);
        Assert.Equal("No account has the address nadie@cepal.test: the person registers first, then you add them here.", refused.QuerySelector(".alert-danger")!.Text());
        Assert.Equal("nadie@cepal.test", refused.QuerySelector("#instructor-email")!.GetAttribute("value"));   // to correct, not to type again
        var added = await admin.SubmitAsync(EditPage, $"/admin/courses/{Slug}/instructors", new Dictionary<string, string> { ["email"] = " Experta@cepal.test " });

        var page = await admin.GetPageAsync(added.Headers.Location!.OriginalString);
        Assert.Equal("experta@cepal.test now teaches this course and was told by mail.", page.QuerySelector(".alert-success")!.Text());
        Assert.Contains("experta@cepal.test", page.QuerySelector(".course-instructors li")!.Text(), StringComparison.Ordinal);
        Assert.NotNull(await _site.LastMailAsync("experta@cepal.test", Web.Infrastructure.Email.Templates.AccountMails.TeachingKind));
        // Added again: nothing new, and no second mail.
        var again = await admin.SubmitAsync(EditPage, $"/admin/courses/{Slug}/instructors", new Dictionary<string, string> { ["email"] = "experta@cepal.test" });
        Assert.Equal("experta@cepal.test teaches this course already.", (await admin.GetPageAsync(again.Headers.Location!.OriginalString)).QuerySelector(".alert-success")!.Text());
        Assert.Equal(1, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == Web.Infrastructure.Email.Templates.AccountMails.TeachingKind)));
    }

    [Fact]
    public async Task An_admin_removes_an_instructor_from_the_course_page()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        var expert = await _site.CreateAsync("experta@cepal.test");
        await admin.SubmitAsync(EditPage, $"/admin/courses/{Slug}/instructors", new Dictionary<string, string> { ["email"] = "experta@cepal.test" });
        var remove = (await admin.GetPageAsync(EditPage)).QuerySelector(".course-instructors li form")!.GetAttribute("action")!;

        var removed = await admin.SubmitAsync(EditPage, remove, new Dictionary<string, string>());

        var page = await admin.GetPageAsync(removed.Headers.Location!.OriginalString);
        Assert.Equal($"/admin/courses/{Slug}/instructors/{expert.Id}/remove", remove);
        Assert.Equal("Test experta no longer teaches this course.", page.QuerySelector(".alert-success")!.Text());
        Assert.Equal("No one teaches this course yet.", page.QuerySelector(".course-instructors p")!.Text());
        Assert.True(await _site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "user.course-unassigned")));
        // Sent twice (a double click), the second says so and changes nothing.
        var again = await admin.SubmitAsync(EditPage, remove, new Dictionary<string, string>());
        Assert.Equal("That person does not teach that course.", (await admin.GetPageAsync(again.Headers.Location!.OriginalString)).QuerySelector(".alert-danger")!.Text());
    }

    [Fact]
    public async Task Edit_form_shows_the_course_and_saving_it_changes_the_course_page()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        await PublishAsync(admin, published: true);
        var visitor = _site.NewBrowser();
        await visitor.GetAsync($"/courses/{Slug}"); // now in the output cache

        var form = await admin.GetPageAsync(EditPage);
        Assert.Equal("Gobernanza del agua", form.QuerySelector("#Title")!.GetAttribute("value"));
        Assert.Equal("2027-01-15T18:00", form.QuerySelector("#ApplicationsClose")!.GetAttribute("value"));
        Assert.Equal("CEPAL, Ciudad de México", form.QuerySelector("#Phases_1__Venue")!.GetAttribute("value"));
        Assert.Equal("", form.QuerySelector("#Phases_2__Name")!.GetAttribute("value") ?? "");
        var saved = await admin.SubmitAsync(EditPage, EditPage, Course(("Title", "Gobernanza del agua 2027"), ("Capacity", "30"), ("Phases[1].Ends", "2027-03-13")));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await visitor.GetPageAsync($"/courses/{Slug}");
        Assert.Equal("Gobernanza del agua 2027", page.QuerySelector("#course-title").Text());
        Assert.Equal("30", Facts(page)["Seats"]);
        Assert.Equal("1 Feb – 13 Mar 2027", Facts(page)["Dates"]);
        var changes = await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "course.edited").OrderBy(e => e.Id)
            .Select(e => new { e.Note, e.Before, e.After }).ToListAsync());
        Assert.Equal(["title: Gobernanza del agua → Gobernanza del agua 2027", "capacity: 25 → 30", "phases:  → "],
            changes.Select(c => $"{c.Note}: {c.Before} → {c.After}"));
    }

    [Fact]
    public async Task A_form_opened_before_someone_else_saved_the_course_does_not_silently_undo_their_change()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        var opened = (await admin.GetPageAsync(EditPage)).QuerySelector("input[name=Opened]")!.GetAttribute("value")!;
        // Meanwhile an instructor rewrites the description on its own page.
        await admin.SubmitAsync($"/courses/{Slug}/authoring/description", $"/courses/{Slug}/authoring/description",
            new Dictionary<string, string> { ["Markdown"] = "## Acerca del curso\n\nReescrita por la docente.", ["intent"] = "save" });

        var stale = await admin.SubmitAsync(EditPage, EditPage, Course(("Capacity", "30"), ("Opened", opened)));

        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        var page = Html.Parse(await stale.Content.ReadAsStringAsync());
        Assert.Contains("Someone else saved this course after you opened it.", page.QuerySelector("#error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("30", page.QuerySelector("#Capacity")!.GetAttribute("value"));   // what was typed stays
        var course = await _site.WithDbAsync(db => db.Courses.SingleAsync(c => c.Slug == Slug));
        Assert.Equal((25, "## Acerca del curso\n\nReescrita por la docente."), (course.Capacity, course.DescriptionMarkdown.ReplaceLineEndings("\n")));

        // Saving again from the page that said so replaces theirs, knowingly.
        var again = await admin.SubmitAsync(EditPage, EditPage, Course(("Capacity", "30"), ("Opened", page.QuerySelector("input[name=Opened]")!.GetAttribute("value")!)));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(30, await _site.WithDbAsync(db => db.Courses.Where(c => c.Slug == Slug).Select(c => c.Capacity).SingleAsync()));
    }

    [Fact]
    public async Task The_same_course_form_sent_twice_is_saved_once_without_a_warning()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        var opened = (await admin.GetPageAsync(EditPage)).QuerySelector("input[name=Opened]")!.GetAttribute("value")!;
        // A live session scheduled and the course published meanwhile are no change to what the form holds.
        await admin.SubmitAsync($"/courses/{Slug}/sessions", $"/courses/{Slug}/sessions", new Dictionary<string, string>
        {
            ["Title"] = "Apertura", ["Organisation"] = "CEPAL", ["StartsLocal"] = "2027-02-03T10:00", ["Minutes"] = "60", ["JoinUrl"] = "https://zoom.us/j/1",
        });
        await PublishAsync(admin, published: true);
        Assert.Equal(1, await _site.WithDbAsync(db => db.LiveSessions.CountAsync()));

        var first = await admin.SubmitAsync(EditPage, EditPage, Course(("Capacity", "30"), ("Opened", opened)));
        var second = await admin.SubmitAsync(EditPage, EditPage, Course(("Capacity", "30"), ("Opened", opened)));

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, second.StatusCode));
        Assert.Equal(1, await _site.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "course.edited")));
    }

    [Theory]
    [InlineData("150,50", 15050)]
    [InlineData("1.234,56", 123456)]   // as Spanish and Portuguese write a thousand: with both marks, the last is the decimal one
    [InlineData("1,234.56", 123456)]
    [InlineData("12.345.678,9", 1234567890)]
    public async Task A_fee_is_read_as_spanish_and_portuguese_write_it_as_well_as_english(string typed, long feeMinor)
    {
        var admin = await AdminAsync();

        await CreateAsync(admin, Course(("Fee", typed)));

        Assert.Equal(feeMinor, await _site.WithDbAsync(db => db.Courses.Select(c => c.FeeMinor).SingleAsync()));
    }

    [Theory]
    [InlineData("en", "150.50")]
    [InlineData("es", "150,50")]
    [InlineData("pt", "150,50")]
    public async Task The_form_shows_the_fee_as_its_reader_writes_it_and_reads_it_back_unchanged(string language, string shown)
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course(("Fee", "150.50")));
        await admin.GetAsync($"/language/{language}");

        var form = await admin.GetPageAsync(EditPage);
        Assert.Equal(shown, form.QuerySelector("#Fee")!.GetAttribute("value"));

        // Saved as shown, in the reader's language, the fee is what it was.
        var saved = await admin.SubmitAsync(EditPage, EditPage, Course(("Fee", shown), ("Capacity", "30")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await _site.WithDbAsync(db => db.Courses.Select(c => new { c.FeeMinor, c.Capacity }).SingleAsync());
        Assert.Equal((15050L, 30), (stored.FeeMinor, stored.Capacity));
    }

    [Theory]
    [InlineData("150.000")]   // Spanish and Portuguese thousands
    [InlineData("150,000")]
    [InlineData("150000")]
    public async Task A_fee_in_a_currency_without_cents_reads_its_thousands_marks_as_thousands(string typed)
    {
        var admin = await AdminAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync(admin, Course(("Fee", typed), ("Currency", "CLP")))).StatusCode);

        Assert.Equal(15_000_000L, await _site.WithDbAsync(db => db.Courses.Select(c => c.FeeMinor).SingleAsync()));
    }

    [Theory]
    [InlineData("Language", "phases[9]")]
    [InlineData("Currency", "phases[0]x")]
    [InlineData("Language", "a'b{x}")]
    [InlineData("Phases[0].Modality", "x'{y}")]
    public async Task A_refused_value_that_looks_like_the_files_own_words_is_quoted_back_as_typed(string field, string value)
    {
        var admin = await AdminAsync();

        var response = await CreateAsync(admin, Course((field, value)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);   // the form again, with its message
        var summary = Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".error-summary")!.Text();
        Assert.Contains(value, summary, StringComparison.Ordinal);
        Assert.Equal(0, await _site.WithDbAsync(db => db.Courses.CountAsync()));
    }

    [Fact]
    public async Task The_audit_log_names_each_changed_fact_in_the_readers_language()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());

        await admin.SubmitAsync(EditPage, EditPage, Course(("Capacity", "30"), ("SupervisorEndorsement", "false"), ("Modality", "virtual"),
            ("Phases[1].Modality", "virtual"), ("Phases[1].Venue", "")));

        var log = await admin.GetPageAsync("/admin/audit?lang=es");
        var rows = log.QuerySelectorAll("tbody tr").Select(tr => tr.QuerySelectorAll("td").Skip(4).Select(td => td.Text()).ToArray())
            .Where(cells => cells[0].StartsWith("Curso editado", StringComparison.Ordinal)).Reverse().ToList();
        Assert.Equal(
            [["Curso editado: Modalidad", "Híbrida → Virtual", ""], ["Curso editado: Cupos", "25 → 30", ""],
             ["Curso editado: Aval del superior", "sí → no", ""], ["Curso editado: Fases", "", ""]],
            rows);
    }

    [Theory]
    [InlineData("Phases[0].Ends", "2027-01-20", "Phases_0__Ends", "Phase 1: ends (2027-01-20) is before starts (2027-02-01)")]
    [InlineData("TimeZone", "Mars/Olympus_Mons", "TimeZone", "Time zone 'Mars/Olympus_Mons' is not a known IANA time zone (for example America/Santiago)")]
    [InlineData("ApplicationsClose", "2026-10-01T18:00", "ApplicationsClose", "Applications close must be after applications open")]
    [InlineData("ApplicationsOpen", "2027-02-02T09:00", "ApplicationsOpen", "Applications open must not be after the course starts")]
    [InlineData("Phases[1].Venue", "", "Phases_1__Venue", "Phase 2 venue is required for an in-person phase")]
    [InlineData("Capacity", "0", "Capacity", "Seats must be greater than zero")]   // the field as the form names it
    [InlineData("Hours", "", "Hours", "Enter the duration in hours")]
    [InlineData("Fee", "1,500", "Fee", "'1,500' reads as a thousand and more in one language and as a fraction in another: write it without a thousands mark, such as 1500, or with its cents, such as 1500.00.")]   // a thousand and a half, or one and a half?
    [InlineData("Fee", "1.500", "Fee", "'1.500' reads as a thousand and more in one language and as a fraction in another: write it without a thousands mark, such as 1500, or with its cents, such as 1500.00.")]
    [InlineData("Fee", "ciento cincuenta", "Fee", "Enter the fee as a number, such as 150.50 or 150,50 (0 for a free course).")]
    [InlineData("Fee", "1.234.56", "Fee", "Enter the fee as a number, such as 150.50 or 150,50 (0 for a free course).")]   // which mark is the decimal one?
    [InlineData("Capacity", "2147483647", "Capacity", "Seats can be at most 10,000")]
    [InlineData("Title", "\u200B", "Title", "Title must have some letter or digit")]
    [InlineData("Slug", "Agua 2027", "Slug", "Give the course an address of lowercase letters, digits and hyphens, such as open-data-2027.")]
    [InlineData("Phases[0].Starts", "9999-12-31", "Phases_0__Starts", "Phase 1 starts '9999-12-31' is not between the years 2000 and 2099")]
    // Invitations name the organiser: an address with a space in it made every invitation of the course fail.
    [InlineData("OrganiserEmail", "cursos ilpes@cepal.org", "OrganiserEmail", "Organiser email 'cursos ilpes@cepal.org' is not an email address")]
    [InlineData("TimeZone", "Pacific Standard Time", "TimeZone", "Time zone 'Pacific Standard Time' is not a known IANA time zone (for example America/Santiago)")]
    [InlineData("Fee", "150.5055", "Fee", "Fee can have at most two decimals")]
    [InlineData("Fee", "0.001", "Fee", "Fee can have at most two decimals")]   // "150.505" could be Spanish for 150,505, and is refused as ambiguous
    [InlineData("Fee", "99999999999999999999", "Fee", "Fee can be at most 1,000,000,000")]
    [InlineData("Currency", "USS", "Currency", "Currency 'USS' is not an ISO 4217 currency code")]   // a slip for USD, printed on the course page
    [InlineData("ApplicationsClose", "2027-04-30T18:00", "ApplicationsClose", "Applications close must not be after the course ends")]
    [InlineData("ResultsDate", "2027-01-10", "ResultsDate", "Results date must not be before applications close")]
    [InlineData("Rubric", "Motivation\nmotivation", "Rubric", "Rubric: each criterion once")]
    [InlineData("Scholarships", "26", "Scholarships", "Full scholarships offered cannot be more than the seats")]
    [InlineData("Hours", "40000", "Hours", "Duration in hours can be at most 5,000")]
    [InlineData("ResultsDate", "2027-04-01", "ResultsDate", "Results date must not be after the course ends")]
    [InlineData("Modality", "virtual", "Modality", "Modality does not match the phases: only virtual ones make a virtual course, only in-person ones an in-person course, both a hybrid one")]
    [InlineData("Title", "Gobernanza\r\ndel agua", "Title", "Title must be one line")]
    [InlineData("Organiser", "ILPES\nCEPAL", "Organiser", "Organiser must be one line")]
    [InlineData("Phases[0].Name", "Fase\nvirtual", "Phases_0__Name", "Phase 1 name must be one line")]
    [InlineData("Phases[1].Venue", "CEPAL\r\nMéxico", "Phases_1__Venue", "Phase 2 venue must be one line")]
    [InlineData("Summary", "x", "Summary", "The summary can be at most 1,000 characters.")]
    public async Task Invalid_course_is_refused_with_the_reason_beside_the_field_and_nothing_is_saved(string field, string value, string id, string message)
    {
        var admin = await AdminAsync();

        var response = await CreateAsync(admin, Course((field, value == "x" ? new string('x', 1001) : value)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(message, page.QuerySelector($"#{id}-error").Text());
        Assert.Equal("true", page.QuerySelector($"#{id}")!.GetAttribute("aria-invalid"));
        if (field != "Title") Assert.Equal("Gobernanza del agua", page.QuerySelector("#Title")!.GetAttribute("value"));
        Assert.Equal(0, await _site.WithDbAsync(db => db.Courses.CountAsync()));
    }

    [Fact]
    public async Task A_number_that_cannot_be_read_is_reported_with_every_other_problem_at_once()
    {
        var admin = await AdminAsync();

        var response = await CreateAsync(admin, Course(("Capacity", "99999999999"), ("Title", ""), ("TimeZone", "Mars/Olympus_Mons"), ("Slug", "Not A Slug")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Enter a valid value for Seats.", page.QuerySelector("#Capacity-error").Text());   // the field as the form names it
        Assert.NotEqual("", page.QuerySelector("#Title-error").Text());
        Assert.Equal("Time zone 'Mars/Olympus_Mons' is not a known IANA time zone (for example America/Santiago)", page.QuerySelector("#TimeZone-error").Text());
        Assert.Equal(0, await _site.WithDbAsync(db => db.Courses.CountAsync()));
        // The summary follows the form: title, address, time zone, then seats (the page model has the address first).
        Assert.Equal(["#Title", "#Slug", "#TimeZone", "#Capacity"], page.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href") ?? "").ToArray());
    }

    [Theory]
    [InlineData("Phases[0].Ends", "2027-01-20", "Phases_0__Ends", "Fase 1: el término (2027-01-20) es anterior al inicio (2027-02-01)")]
    [InlineData("TimeZone", "Mars/Olympus_Mons", "TimeZone", "Zona horaria: «Mars/Olympus_Mons» no es una zona horaria IANA conocida (por ejemplo, America/Santiago)")]
    [InlineData("ApplicationsClose", "2026-10-01T18:00", "ApplicationsClose", "El cierre de postulaciones debe ser posterior a su apertura")]
    [InlineData("Phases[1].Venue", "", "Phases_1__Venue", "Fase 2: una fase presencial necesita su sede")]
    [InlineData("Capacity", "0", "Capacity", "Cupos: debe ser mayor que cero")]
    [InlineData("Title", "", "Title", "Título: este dato es obligatorio")]
    [InlineData("Fee", "1,500", "Fee", "«1,500» se lee como más de mil en un idioma y como una fracción en otro: escríbalo sin separador de miles, como 1500, o con sus centavos, como 1500,00.")]
    [InlineData("Phases[0].Starts", "9999-12-31", "Phases_0__Starts", "Fase 1: el inicio «9999-12-31» no está entre los años 2000 y 2099")]
    [InlineData("ApplicationsClose", "2027-04-30T18:00", "ApplicationsClose", "El cierre de postulaciones no puede ser posterior al término del curso")]
    [InlineData("Capacity", "abc", "Capacity", "Ingrese un valor válido en «Cupos».")]
    public async Task A_spanish_speaking_admin_reads_the_reasons_in_spanish(string field, string value, string id, string message)
    {
        var admin = await AdminAsync();
        await admin.GetAsync("/language/es");

        var response = await CreateAsync(admin, Course((field, value)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector($"#{id}-error").Text());
    }

    [Fact]
    public async Task A_second_course_cannot_take_an_address_in_use()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());

        var response = await CreateAsync(admin, Course(("Title", "Otra gobernanza")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Another course already has that address.", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#Slug-error").Text());
        Assert.Equal(["Gobernanza del agua"], await _site.WithDbAsync(db => db.Courses.Select(c => c.Title).ToListAsync()));
    }

    [Fact]
    public async Task Seats_and_scholarships_cannot_go_below_those_already_given()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        await _site.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync();
            for (var i = 0; i < 3; i++)
            {
                var user = new ApplicationUser { UserName = $"given{i}@gob.test", Email = $"given{i}@gob.test", FullName = $"Given {i}", Country = "MX",
                    Institution = "Conagua", Position = "Analyst", PreferredLanguage = "es", SecurityStamp = Guid.NewGuid().ToString() };
                db.Users.Add(user);
                db.Applications.Add(new Application { CourseId = course.Id, UserId = user.Id, State = ApplicationState.Accepted, Motivation = "M.",
                    RelationToWork = "R.", SubmittedUtc = TestSite.DefaultNow.UtcDateTime, Country = "MX",
                    Scholarship = i < 2 ? ScholarshipState.Accepted : ScholarshipState.None });
            }
            return await db.SaveChangesAsync();
        });

        var refused = await admin.SubmitAsync(EditPage, EditPage, Course(("Capacity", "2"), ("Scholarships", "1")));
        var atTheLimit = await admin.SubmitAsync(EditPage, EditPage, Course(("Capacity", "3"), ("Scholarships", "2")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = Html.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("The seats cannot be fewer than the participants accepted already (3).", page.QuerySelector("#Capacity-error").Text());
        Assert.Equal("The quota cannot be lower than the scholarships offered or accepted already (2).", page.QuerySelector("#Scholarships-error").Text());
        var spanish = await admin.SubmitAsync($"{EditPage}?lang=es", $"{EditPage}?lang=es", Course(("Capacity", "2"), ("Scholarships", "2")));
        Assert.Equal("Los cupos no pueden ser menos que los 3 participantes ya aceptados.",
            Html.Parse(await spanish.Content.ReadAsStringAsync()).QuerySelector("#Capacity-error").Text());
        Assert.Equal(HttpStatusCode.Redirect, atTheLimit.StatusCode);
        var course = await _site.WithDbAsync(db => db.Courses.SingleAsync());
        Assert.Equal((3, 2), (course.Capacity, course.ScholarshipQuota));
    }

    /// <summary>People with applications to the course in the given states, written straight to the database; their application ids.</summary>
    private async Task<List<int>> ApplicantsAsync(params ApplicationState[] states) =>
        await _site.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync();
            var applications = new List<Application>();
            for (var i = 0; i < states.Length; i++)
            {
                var user = new ApplicationUser { UserName = $"person{i}@gob.test", Email = $"person{i}@gob.test", FullName = $"Person {i}", Country = "MX",
                    Institution = "Conagua", Position = "Analyst", PreferredLanguage = "es", SecurityStamp = Guid.NewGuid().ToString() };
                db.Users.Add(user);
                var application = new Application { CourseId = course.Id, UserId = user.Id, State = states[i], Motivation = "M.", RelationToWork = "R.",
                    SubmittedUtc = TestSite.DefaultNow.UtcDateTime, Country = "MX",
                    // Later rows joined the waitlist earlier: its order is not the order of the rows.
                    WaitlistedUtc = states[i] == ApplicationState.Waitlisted ? TestSite.DefaultNow.UtcDateTime.AddHours(-i) : null };
                db.Applications.Add(application);
                applications.Add(application);
            }
            await db.SaveChangesAsync();
            return applications.Select(a => a.Id).ToList();
        });

    [Fact]
    public async Task Unpublishing_asks_first_saying_how_many_accepted_participants_lose_the_pages()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        await PublishAsync(admin, true);
        await ApplicantsAsync(ApplicationState.Accepted, ApplicationState.Accepted, ApplicationState.Submitted);
        var question = $"/admin/courses/{Slug}/unpublish";

        var list = await admin.GetPageAsync("/admin/courses");
        Assert.NotNull(list.QuerySelector($"a[href='{question}']"));
        Assert.Null(list.QuerySelector($"#course-{Slug} form[action$='/publish']"));
        var page = await admin.GetPageAsync(question);
        Assert.Contains("Its 2 accepted participants can no longer open its page and modules", page.QuerySelector("main").Text(), StringComparison.Ordinal);
        Assert.True(await _site.WithDbAsync(db => db.Courses.Select(c => c.Published).SingleAsync()));   // asking changed nothing

        await admin.SubmitAsync(question, $"/admin/courses/{Slug}/publish", new Dictionary<string, string> { ["published"] = "false" });

        Assert.False(await _site.WithDbAsync(db => db.Courses.Select(c => c.Published).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync(question)).StatusCode);   // nothing left to ask
    }

    [Fact]
    public async Task Raising_the_seats_offers_the_new_ones_to_the_waitlist_in_its_order()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course(("Capacity", "1"), ("Scholarships", "1")));
        var ids = await ApplicantsAsync(ApplicationState.Accepted, ApplicationState.Waitlisted, ApplicationState.Waitlisted);

        var saved = await admin.SubmitAsync(EditPage, EditPage, Course(("Capacity", "2"), ("Scholarships", "1")));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Course saved. The new seats went to the first on the waitlist, who were told: Person 2.",
            (await admin.GetPageAsync(EditPage)).QuerySelector("[role=status]")?.Text());
        var states = await _site.WithDbAsync(db => db.Applications.OrderBy(a => a.Id).Select(a => a.State).ToListAsync());
        Assert.Equal([ApplicationState.Accepted, ApplicationState.Waitlisted, ApplicationState.Accepted], states);
        Assert.NotNull(await _site.LastMailAsync("person2@gob.test", Web.Infrastructure.Email.Templates.ApplicationMails.PromotedKind));
        Assert.True(await _site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.ApplicationId == ids[2] && e.Action == "application.promoted")));
    }

    [Fact]
    public async Task Moving_the_courses_days_mails_its_accepted_participants_and_names_the_sessions_left_outside()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        await ApplicantsAsync(ApplicationState.Accepted, ApplicationState.Submitted);
        await _site.WithDbAsync(async db =>
        {
            // In the in-person week as first planned: Wednesday 10 March, 10:00 in Mexico City.
            db.LiveSessions.Add(new LiveSession { CourseId = (await db.Courses.SingleAsync()).Id, Uid = Guid.NewGuid(), Title = "Taller", Organisation = "CEPAL",
                StartsUtc = new DateTime(2027, 3, 10, 16, 0, 0, DateTimeKind.Utc), Minutes = 60, Room = "Sala 3" });
            return await db.SaveChangesAsync();
        });

        var retitled = await admin.SubmitAsync(EditPage, EditPage, Course(("Title", "Gobernanza del agua 2027")));
        var moved = await admin.SubmitAsync(EditPage, EditPage, Course(("Title", "Gobernanza del agua 2027"),
            ("Phases[1].Starts", "2027-03-01"), ("Phases[1].Ends", "2027-03-05")));

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (retitled.StatusCode, moved.StatusCode));
        Assert.Equal("Course saved. The accepted participant was mailed the new dates. "
            + "One live session still to come falls outside the new dates: move or cancel it on the sessions page if it should not.",
            (await admin.GetPageAsync(EditPage)).QuerySelector("[role=status]")?.Text());
        // A new title is no new plan: one mail, for the days, and to the accepted participant only.
        var mails = await _site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == Web.Infrastructure.Email.Templates.ApplicationMails.DatesChangedKind).ToListAsync());
        var mail = Assert.Single(mails);
        Assert.Equal("person0@gob.test", mail.ToAddress);
        Assert.Equal("Nuevas fechas para «Gobernanza del agua 2027»", mail.Subject);
        Assert.Contains("Nuevas fechas del curso: 1 feb – 5 mar 2027 (antes: 1 feb – 12 mar 2027).", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Semana presencial: 1–5 mar 2027 — CEPAL, Ciudad de México", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cutting_a_running_course_short_so_that_it_is_over_still_tells_its_participants()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        await ApplicantsAsync(ApplicationState.Accepted);
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 1, 18, 0, 0, TimeSpan.Zero));   // between the virtual phase and the in-person week
        admin = await _site.SignedInBrowserAsync("coordinator@institute.org");   // months later, a new sign-in

        await admin.SubmitAsync(EditPage, EditPage, Course(("Phases[1].Starts", "2027-02-27"), ("Phases[1].Ends", "2027-02-28")));

        Assert.NotNull(await _site.LastMailAsync("person0@gob.test", Web.Infrastructure.Email.Templates.ApplicationMails.DatesChangedKind));
    }

    [Fact]
    public async Task The_rubric_cannot_change_once_applications_are_scored_with_it()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        var ids = await ApplicantsAsync(ApplicationState.Submitted);
        var unscored = await admin.SubmitAsync(EditPage, EditPage, Course(("Rubric", "Pertinencia del cargo\r\nImpacto esperado\r\nMotivación")));
        Assert.Equal(HttpStatusCode.Redirect, unscored.StatusCode);
        await _site.WithDbAsync(async db =>
        {
            var reviewer = await db.Users.SingleAsync(u => u.Email == "coordinator@institute.org");
            db.ApplicationReviews.Add(new ApplicationReview { ApplicationId = ids[0], ReviewerId = reviewer.Id, Scores = [5, 4, 3], Average = 4, UpdatedUtc = TestSite.DefaultNow.UtcDateTime });
            return await db.SaveChangesAsync();
        });

        var refused = await admin.SubmitAsync(EditPage, EditPage, Course(("Rubric", "Motivación\r\nImpacto esperado")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("Applications have been scored with these criteria: they cannot change now.",
            Html.Parse(await refused.Content.ReadAsStringAsync()).QuerySelector("#Rubric-error").Text());
        Assert.Equal(["Pertinencia del cargo", "Impacto esperado", "Motivación"], await _site.WithDbAsync(db => db.Courses.Select(c => c.Rubric).SingleAsync()));
        // The rest of the form saves as long as the criteria stay as they are.
        var kept = await admin.SubmitAsync(EditPage, EditPage, Course(("Rubric", "Pertinencia del cargo\r\nImpacto esperado\r\nMotivación"), ("Title", "Agua")));
        Assert.Equal(HttpStatusCode.Redirect, kept.StatusCode);
    }

    [Fact]
    public async Task A_new_time_zone_moves_each_modules_opening_to_midnight_there()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        await _site.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync();
            db.Modules.Add(new Module { CourseId = course.Id, Slug = "week-two", Title = "Week two", Markdown = "Text", Html = "<p>Text</p>", Position = 1, Published = true,
                ReleaseOn = new DateOnly(2027, 2, 8), ReleaseUtc = new DateTime(2027, 2, 8, 6, 0, 0, DateTimeKind.Utc), TocJson = "[]" });   // midnight in Mexico City
            return await db.SaveChangesAsync();
        });

        await admin.SubmitAsync(EditPage, EditPage, Course(("TimeZone", "America/Santiago")));

        // 8 February 2027 begins at 03:00 UTC in Santiago (summer time, GMT-3).
        Assert.Equal(new DateTime(2027, 2, 8, 3, 0, 0), await _site.WithDbAsync(db => db.Modules.Select(m => m.ReleaseUtc).SingleAsync()));
        var change = await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "course.edited").SingleAsync());
        Assert.Equal(("time_zone", "America/Mexico_City", "America/Santiago"), (change.Note, change.Before, change.After));
    }

    [Fact]
    public async Task Invalid_edit_changes_nothing()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());

        var response = await admin.SubmitAsync(EditPage, EditPage, Course(("Title", "Changed"), ("Phases[0].Starts", "2027-03-01")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Changed", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#Title")!.GetAttribute("value"));
        var course = await _site.WithDbAsync(db => db.Courses.Include(c => c.Phases).SingleAsync());
        Assert.Equal(("Gobernanza del agua", new DateOnly(2027, 2, 1)), (course.Title, course.StartsOn));
        Assert.Equal(0, await _site.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "course.edited")));
    }

    [Theory]
    [InlineData("participant@gob.test")]
    [InlineData("instructor@institute.org", Roles.Instructor)]
    public async Task Only_admins_reach_the_course_administration(string email, string? role = null)
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        await _site.CreateAsync(email, role is null ? [] : [role]);
        var someone = await _site.SignedInBrowserAsync(email);
        var token = await someone.AntiforgeryTokenAsync("/account/profile");

        foreach (var url in new[] { "/admin/courses", "/admin/courses/new", EditPage })
        {
            Assert.Contains("/account/access-denied", (await someone.GetAsync(url)).Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        var publish = await someone.PostAsync($"/admin/courses/{Slug}/publish",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["published"] = "true", ["__RequestVerificationToken"] = token }));

        Assert.Contains("/account/access-denied", publish.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.False(await _site.WithDbAsync(db => db.Courses.Select(c => c.Published).SingleAsync()));
    }

    [Fact]
    public async Task Course_made_in_the_browser_exports_to_files_that_import_as_the_same_course()
    {
        var admin = await AdminAsync();
        await CreateAsync(admin, Course());
        await PublishAsync(admin, published: true);

        var response = await admin.GetAsync($"/courses/{Slug}/authoring/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var copy = new TestSite(withRepositoryContent: false);
        using (var zip = new ZipArchive(await response.Content.ReadAsStreamAsync()))
        {
            Assert.Equal([$"{Slug}/course.md"], zip.Entries.Select(e => e.FullName).ToArray());
            zip.ExtractToDirectory(copy.ContentPath);
        }
        var original = await _site.WithDbAsync(db => db.Courses.AsNoTracking().Include(c => c.Phases).Include(c => c.Sessions).SingleAsync());
        var imported = await copy.WithDbAsync(db => db.Courses.AsNoTracking().Include(c => c.Phases).Include(c => c.Sessions).SingleAsync());
        Assert.Equal(("Gobernanza del agua", 15050L, "USD", 25, 5, 10), (imported.Title, imported.FeeMinor, imported.Currency, imported.Capacity, imported.ScholarshipQuota, imported.ScholarshipReplyDays));
        Assert.Equal(["GIZ", "CEPAL México"], imported.Partners);
        Assert.Equal(["Pertinencia del cargo", "Impacto esperado"], imported.Rubric);
        Assert.Equal((true, false, 80), (imported.SupervisorEndorsement, imported.InstructorsReview, imported.CompletionAttendance));
        Assert.Equal(new DateTime(2027, 1, 16, 0, 0, 0, DateTimeKind.Utc), imported.ApplicationsCloseUtc);
        Assert.Equal("## Acerca del curso\n\nUn curso sobre **agua**.", imported.DescriptionMarkdown);
        // Every fact, compared as the file the two courses write.
        Assert.Equal(ContentWriter.Course(CourseMapping.ToDocument(original)), ContentWriter.Course(CourseMapping.ToDocument(imported)));
        Assert.True(imported.Published);
    }
}
