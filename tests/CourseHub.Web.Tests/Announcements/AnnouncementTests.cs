using System.Net;
using CourseHub.Web.Features.Announcements;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Learning;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Announcements;

public sealed class AnnouncementTests : IDisposable
{
    private const string Page = $"{Learners.Course}/announcements";
    private readonly TestSite _site = Learners.SiteWithModules();

    public void Dispose() => _site.Dispose();

    private static Dictionary<string, string> Form(string title, string text, string intent = "send") =>
        new() { ["Title"] = title, ["Markdown"] = text, ["intent"] = intent };

    [Fact]
    public async Task Announcement_is_mailed_to_each_accepted_participant_as_non_essential_mail()
    {
        var ana = await _site.ParticipantAsync("ana@gob.test");
        await _site.ParticipantAsync("bruno@gob.test");
        await _site.CreateAsync("outsider@gob.test");
        var instructor = await _site.InstructorAsync("teacher@institute.org");

        var response = await instructor.SubmitAsync(Page, Page, Form("Room change", "The **second** session moves to room 4.\n\nSee you there, and read [the course page](/courses/x) first, and [the programme][p].\n\n[p]: /courses/x/programme"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mails = await _site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == Announcing.MailKind).ToListAsync());
        Assert.Equal(["ana@gob.test", "bruno@gob.test"], mails.Select(m => m.ToAddress).Order().ToArray());
        Assert.All(mails, m => Assert.False(m.Essential));
        Assert.All(mails, m => Assert.Equal("Announcement for “Civic Lab”: Room change", m.Subject));
        Assert.Contains("See you there, and read", mails[0].TextBody, StringComparison.Ordinal);
        // The HTML part shows the Markdown as the course page does, not its source.
        Assert.Contains("The <strong>second</strong> session moves to room 4.", mails[0].HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("**second**", mails[0].HtmlBody, StringComparison.Ordinal);
        // A link to a page of the site works from a mail program too.
        Assert.Contains("href=\"http://localhost:5220/courses/x\"", mails[0].HtmlBody, StringComparison.Ordinal);
        Assert.Contains("[the course page](http://localhost:5220/courses/x)", mails[0].TextBody, StringComparison.Ordinal);
        Assert.Contains("[p]: http://localhost:5220/courses/x/programme", mails[0].TextBody, StringComparison.Ordinal);
        Assert.Equal("Announcement sent to 2 participants.", (await instructor.GetPageAsync(Page)).QuerySelector(".alert").Text());
    }

    [Fact]
    public async Task The_notice_counts_only_those_the_mail_goes_to()
    {
        await _site.ParticipantAsync("ana@gob.test");
        await _site.ParticipantAsync("bruno@gob.test");
        await _site.WithDbAsync(db => { db.MailSuppressions.Add(new Data.Entities.MailSuppression { Address = "BRUNO@GOB.TEST" }); return db.SaveChangesAsync(); });
        var instructor = await _site.InstructorAsync("teacher@institute.org");

        await instructor.SubmitAsync(Page, Page, Form("Room change", "Room 4."));

        Assert.Equal("Announcement sent to 1 participant. 1 participant who turned announcements off will find it on the course page.",
            (await instructor.GetPageAsync(Page)).QuerySelector(".alert").Text());
    }

    [Fact]
    public async Task The_mail_ends_with_a_link_that_stops_announcements_on_a_page_in_the_mails_language()
    {
        await _site.ParticipantAsync("ana@gob.test");
        await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "ana@gob.test").ExecuteUpdateAsync(set => set.SetProperty(u => u.PreferredLanguage, "es")));
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        await instructor.SubmitAsync(Page, Page, Form("Cambio de sala", "La segunda sesión pasa a la sala 4."));
        var mail = await _site.LastMailAsync("ana@gob.test", Announcing.MailKind);
        Assert.Contains("¿No quiere recibir más anuncios?", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(">Dejar de recibir anuncios</a>", mail.HtmlBody, StringComparison.Ordinal);
        var link = TestAccounts.LinkIn(mail, "/mail/unsubscribe/");
        Assert.EndsWith("?lang=es", link, StringComparison.Ordinal);

        // Opened in a browser that asks for English, by someone not signed in.
        var browser = _site.NewBrowser();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var page = await browser.GetPageAsync(link);
        Assert.Equal("es", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("¿Dejar de recibir anuncios?", page.QuerySelector("h1")!.Text());
        var done = await browser.SubmitAsync(link, link, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("es", Html.Parse(await done.Content.ReadAsStringAsync()).DocumentElement.GetAttribute("lang"));
        Assert.Equal(["ANA@GOB.TEST"], await _site.WithDbAsync(db => db.MailSuppressions.Select(s => s.Address).ToListAsync()));
    }

    [Fact]
    public async Task Participants_see_announcements_on_the_course_page_newest_first_and_others_do_not()
    {
        var ana = await _site.ParticipantAsync("ana@gob.test");
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        await instructor.SubmitAsync(Page, Page, Form("First", "One."));
        _site.Clock.Advance(TimeSpan.FromHours(1));
        await instructor.SubmitAsync(Page, Page, Form("Second", "Two."));

        var page = await ana.GetPageAsync(Learners.Course);
        Assert.Equal(["Second", "First"], page.QuerySelectorAll(".announcement h3").Select(h => h.Text()).ToArray());
        Assert.Equal("One.", page.QuerySelectorAll(".announcement .prose p").Last().Text());

        await _site.CreateAsync("outsider@gob.test");
        var outsider = await _site.SignedInBrowserAsync("outsider@gob.test");
        Assert.Empty((await outsider.GetPageAsync(Learners.Course)).QuerySelectorAll(".announcement"));
        Assert.Empty((await _site.NewBrowser().GetPageAsync(Learners.Course)).QuerySelectorAll(".announcement"));
    }

    [Fact]
    public async Task Preview_renders_the_announcement_and_sends_nothing()
    {
        await _site.ParticipantAsync("ana@gob.test");
        var instructor = await _site.InstructorAsync("teacher@institute.org");

        var response = await instructor.SubmitAsync(Page, Page, Form("Draft", "## Heading\n\n<script>x</script>", intent: "preview"));

        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Heading", page.QuerySelector("#announcement-preview h4").Text());   // under the announcement's own h3 title
        Assert.Null(page.QuerySelector("#announcement-preview script"));
        Assert.Equal(0, await _site.WithDbAsync(db => db.Announcements.CountAsync()));
        Assert.Equal(0, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == Announcing.MailKind)));
    }

    [Fact]
    public async Task Announcement_without_a_title_is_refused_and_nothing_is_sent()
    {
        await _site.ParticipantAsync("ana@gob.test");
        var instructor = await _site.InstructorAsync("teacher@institute.org");

        var response = await instructor.SubmitAsync(Page, Page, Form("", "Text."));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#Title-error").Text());
        Assert.Equal(0, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == Announcing.MailKind)));
    }

    [Fact]
    public async Task Participant_cannot_send_announcements()
    {
        var ana = await _site.ParticipantAsync("ana@gob.test");

        var response = await ana.GetAsync(Page);

        Assert.Contains("/account/access-denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>The form's fields as the page issued them: its antiforgery token and its submission token.</summary>
    private static async Task<Dictionary<string, string>> FilledFormAsync(HttpClient client, string title, string text)
    {
        var form = await client.GetPageAsync(Page);
        return new Dictionary<string, string>(Form(title, text))
        {
            ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["SubmissionId"] = form.QuerySelector("input[name=SubmissionId]")!.GetAttribute("value")!,
        };
    }

    [Fact]
    public async Task Posting_the_same_announcement_twice_sends_it_once()
    {
        await _site.ParticipantAsync("ana@gob.test");
        await _site.ParticipantAsync("bruno@gob.test");
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        var fields = await FilledFormAsync(instructor, "Room change", "Room 4.");

        // A double click (two posts at once) and a resubmitted page (the same post again).
        var clicks = await Task.WhenAll(instructor.PostAsync(Page, new FormUrlEncodedContent(fields)), instructor.PostAsync(Page, new FormUrlEncodedContent(fields)));
        var again = await instructor.PostAsync(Page, new FormUrlEncodedContent(fields));

        Assert.All(clicks.Append(again), r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(1, await _site.WithDbAsync(db => db.Announcements.CountAsync()));
        var mails = await _site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == Announcing.MailKind).Select(m => m.ToAddress).ToListAsync());
        Assert.Equal(["ana@gob.test", "bruno@gob.test"], mails.Order().ToArray());
        // The audit log says once who mailed everyone, and what.
        var audit = await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "course.announced").Select(e => new { e.ActorName, e.Note }).SingleAsync());
        Assert.Equal(("Test teacher", "Room change"), (audit.ActorName, audit.Note));
    }

    [Fact]
    public async Task A_sent_form_edited_and_sent_again_keeps_the_edit_on_the_form_and_sends_nothing()
    {
        await _site.ParticipantAsync("ana@gob.test");
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        var fields = await FilledFormAsync(instructor, "Room change", "Room 4.");
        await instructor.PostAsync(Page, new FormUrlEncodedContent(fields));

        // Back in the browser, the text corrected, the same form sent again.
        fields["Markdown"] = "Room 5, not 4.";
        var response = await instructor.PostAsync(Page, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("your changes were not sent", page.QuerySelector(".error-summary")!.Text(), StringComparison.Ordinal);
        Assert.Equal("Room 5, not 4.", page.QuerySelector("textarea[name=Markdown]")!.Text());
        var newSubmission = page.QuerySelector("input[name=SubmissionId]")!.GetAttribute("value");
        Assert.NotEqual(fields["SubmissionId"], newSubmission);
        Assert.Equal(["Room 4."], await _site.WithDbAsync(db => db.Announcements.Select(a => a.Markdown).ToListAsync()));
        Assert.Equal(1, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == Announcing.MailKind)));

        fields["SubmissionId"] = newSubmission!;
        await instructor.PostAsync(Page, new FormUrlEncodedContent(fields));
        Assert.Equal(["Room 4.", "Room 5, not 4."], await _site.WithDbAsync(db => db.Announcements.OrderBy(a => a.Id).Select(a => a.Markdown).ToListAsync()));
    }

    [Fact]
    public async Task Text_pasted_from_another_program_keeps_its_line_breaks_and_loses_its_invisible_control_characters()
    {
        await _site.ParticipantAsync("ana@gob.test");
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        // Word's manual line break is a vertical tab; an escape character came along from a terminal.
        var fields = await FilledFormAsync(instructor, "Room\tchange", "Room \u001b4,\vsecond floor.\fBring your ID.");

        await instructor.PostAsync(Page, new FormUrlEncodedContent(fields));

        var stored = await _site.WithDbAsync(db => db.Announcements.Select(a => new { a.Title, a.Markdown }).SingleAsync());
        Assert.Equal(("Room\tchange", "Room 4,\nsecond floor.\nBring your ID."), (stored.Title, stored.Markdown));
    }

    [Theory]
    [InlineData("Title", "Room\nchange", "Write the title on one line.")]
    [InlineData("Title", "\u200b", "Give the announcement a title.")]
    public async Task A_title_on_two_lines_or_an_invisible_one_is_refused(string field, string value, string message)
    {
        await _site.ParticipantAsync("ana@gob.test");
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        var fields = await FilledFormAsync(instructor, "Room change", "Room 4.");
        fields[field] = System.Text.RegularExpressions.Regex.Unescape(value);

        var response = await instructor.PostAsync(Page, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector($"#{field}-error")!.Text());
        Assert.Equal(0, await _site.WithDbAsync(db => db.Announcements.CountAsync()));
    }

    [Fact]
    public async Task The_same_words_sent_again_from_a_new_form_are_a_new_announcement()
    {
        await _site.ParticipantAsync("ana@gob.test");
        var instructor = await _site.InstructorAsync("teacher@institute.org");

        await instructor.PostAsync(Page, new FormUrlEncodedContent(await FilledFormAsync(instructor, "Reminder", "Same words.")));
        await instructor.PostAsync(Page, new FormUrlEncodedContent(await FilledFormAsync(instructor, "Reminder", "Same words.")));

        Assert.Equal(2, await _site.WithDbAsync(db => db.Announcements.CountAsync()));
        Assert.Equal(2, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == Announcing.MailKind)));
    }
}
