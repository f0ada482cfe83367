using System.Net;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Applications;

public sealed class ApplyingTests : IDisposable
{
    private readonly TestSite _site = Enrolment.SiteWithCourse(endorsement: true);

    public void Dispose() => _site.Dispose();

    private const string Apply = $"/courses/{Enrolment.Slug}/apply";

    [Fact]
    public async Task A_course_under_way_that_still_takes_applications_offers_its_apply_button_and_is_listed_as_open()
    {
        _site.WriteSecondCourse("late-intake", "Late Intake", "2027-02-01", "2027-05-28");   // applications close on 31 March
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 15, 12, 0, 0, TimeSpan.Zero));

        var page = await _site.NewBrowser().GetPageAsync("/courses/late-intake");
        var open = await _site.NewBrowser().GetPageAsync("/courses?status=open");

        Assert.Contains("The course is already under way", page.QuerySelector(".course-now").Text(), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a[href='/courses/late-intake/apply']"));
        Assert.Contains("Late Intake", open.QuerySelectorAll(".course-card").Select(c => c.Text()).Single(t => t.Contains("Late", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task My_applications_shows_times_in_the_zone_the_person_set()
    {
        await _site.CreateAsync("ana@gob.cl");
        await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "ana@gob.cl").ExecuteUpdateAsync(set => set.SetProperty(u => u.TimeZone, "America/Jamaica")));
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        await browser.SubmitAsync(Apply, Apply, Enrolment.Form());

        var page = await browser.GetPageAsync("/applications");

        // Submitted at 15:00 UTC: 10:00 in Jamaica, where the course (in Santiago) reads 12:00.
        Assert.Contains("10:00 (GMT-5)", page.QuerySelector(".application dl")!.Text(), StringComparison.Ordinal);
        Assert.Contains("10:00 (GMT-5)", page.QuerySelector(".application-history")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_error_summary_lists_the_problems_in_the_order_of_the_form()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        var form = Enrolment.Form(scholarship: true);
        form["ScholarshipStatement"] = "";
        form["DepartureCity"] = "";
        form["SupervisorName"] = "";

        var page = Html.Parse(await (await browser.SubmitAsync(Apply, Apply, form)).Content.ReadAsStringAsync());

        Assert.Equal(["#SupervisorName", "#ScholarshipStatement", "#DepartureCity"],
            page.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href") ?? "").ToArray());
    }

    [Fact]
    public async Task The_catalogue_card_tells_an_applicant_where_their_application_stands()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        await browser.SubmitAsync(Apply, Apply, Enrolment.Form());

        var mine = (await browser.GetPageAsync("/courses")).QuerySelector($"#course-{Enrolment.Slug}")!.Closest("article")!;
        var visitors = (await _site.NewBrowser().GetPageAsync("/courses")).QuerySelector($"#course-{Enrolment.Slug}")!.Closest("article")!;

        Assert.Equal("Under review", mine.QuerySelector(".course-card-mine dd")!.Text());
        Assert.Null(visitors.QuerySelector(".course-card-mine"));
        Assert.Contains("Apply by", visitors.QuerySelector(".course-card-deadline")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_problem_of_the_form_is_told_at_once_even_when_its_own_checks_fail()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        var form = Enrolment.Form(scholarship: true);
        form["Motivation"] = "";
        form["ScholarshipStatement"] = "";

        var page = Html.Parse(await (await browser.SubmitAsync(Apply, Apply, form)).Content.ReadAsStringAsync());

        Assert.Equal(["#Motivation", "#ScholarshipStatement"], page.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href") ?? "").ToArray());
    }

    [Fact]
    public async Task A_text_as_long_as_the_form_allows_is_taken_whatever_line_breaks_the_browser_sends()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        var form = Enrolment.Form();
        // 2,000 characters as the field counts them (a line break is one), 2,019 as the browser sends them (CR LF).
        var lines = Enumerable.Range(0, 20).Select(i => new string('m', i == 19 ? 81 : 100)).ToList();
        form["Motivation"] = string.Join("\r\n", lines);
        Assert.Equal(2000, string.Join("\n", lines).Length);

        var response = await browser.SubmitAsync(Apply, Apply, form);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(string.Join("\n", lines), await _site.WithDbAsync(db => db.Applications.Select(a => a.Motivation).SingleAsync()));
    }

    [Theory]
    [InlineData("Motivation", "\u200B\u2063 ", "#Motivation")]   // only invisible characters
    [InlineData("ScholarshipStatement", "I have no budget.", "#RequestScholarship")]   // written, but the box left unticked
    public async Task What_would_be_lost_or_unreadable_is_refused_with_a_message(string field, string value, string summaryLink)
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        var form = Enrolment.Form();
        form[field] = value;

        var response = await browser.SubmitAsync(Apply, Apply, form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([summaryLink], page.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href") ?? "").ToArray());
        Assert.False(await _site.WithDbAsync(db => db.Applications.AnyAsync()));
    }

    [Fact]
    public async Task Official_applies_inside_the_window_and_is_told_by_mail()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");

        var response = await browser.SubmitAsync(Apply, Apply, Enrolment.Form(scholarship: true));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith("/applications#application-", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var application = await _site.WithDbAsync(db => db.Applications.Include(a => a.User).SingleAsync());
        Assert.Equal(("ana@gob.cl", ApplicationState.Submitted, ScholarshipState.Requested), (application.User!.Email, application.State, application.Scholarship));
        Assert.Equal("Asunción", application.DepartureCity);
        Assert.True(application.NeedsLodging);
        Assert.Equal("CL", application.Country);
        Assert.Equal("Ministry of Finance", application.Institution);   // copied for the reports, which outlive the account
        var mail = await _site.LastMailAsync("ana@gob.cl", ApplicationMails.ReceivedKind);
        Assert.Equal("We received your application to “Policy Lab”", mail.Subject);
        Assert.True(await _site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.ApplicationId == application.Id && e.Action == "application.submitted")));
        var page = Html.Parse(await browser.GetStringAsync("/applications"));
        Assert.Equal("Under review", page.QuerySelector($"#application-{application.Id} .application-state").Text());
    }

    [Fact]
    public async Task The_acknowledgement_names_the_scholarship_request_and_the_day_results_are_announced()
    {
        await _site.WithDbAsync(db => db.Courses.ExecuteUpdateAsync(set => set.SetProperty(c => c.ResultsDate, new DateOnly(2027, 4, 15))));
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");

        await browser.SubmitAsync(Apply, Apply, Enrolment.Form(scholarship: true));

        var mail = await _site.LastMailAsync("ana@gob.cl", ApplicationMails.ReceivedKind);
        Assert.Contains("Your application to “Policy Lab” and your scholarship request have been received.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Selection results are announced on 15 April 2027; we will write to you as soon as a decision is made.", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_says_when_the_course_is_taught_in_another_language_than_the_readers()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");

        var spanish = await browser.GetPageAsync(Apply + "?lang=es");
        var english = await browser.GetPageAsync(Apply + "?lang=en");

        Assert.Equal("Este curso se imparte en inglés: sus módulos, sesiones en vivo e intercambios son en inglés.", spanish.QuerySelector(".course-language-note")!.TextContent);
        Assert.Null(english.QuerySelector(".course-language-note"));
    }

    [Fact]
    public async Task Submitting_twice_keeps_one_application()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        var token = await browser.AntiforgeryTokenAsync(Apply);
        var form = new Dictionary<string, string>(Enrolment.Form()) { ["__RequestVerificationToken"] = token };

        var first = await browser.PostAsync(Apply, new FormUrlEncodedContent(form));
        var second = await browser.PostAsync(Apply, new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, second.StatusCode);
        Assert.Equal(1, await _site.WithDbAsync(db => db.Applications.CountAsync()));
        Assert.Equal(1, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == ApplicationMails.ReceivedKind)));
    }

    [Fact]
    public async Task Applying_after_the_window_closed_gets_a_clear_message_and_stores_nothing()
    {
        await _site.CreateAsync("ana@gob.cl");
        // 31 March 2027, 23:59 in Santiago (GMT-3) is 02:59 UTC on 1 April.
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 4, 1, 2, 59, 0, TimeSpan.Zero));
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        var closedPage = await browser.GetAsync(Apply);
        Assert.Equal(HttpStatusCode.Conflict, closedPage.StatusCode);
        var token = await browser.AntiforgeryTokenAsync("/account/profile");

        var response = await browser.PostAsync(Apply, new FormUrlEncodedContent(new Dictionary<string, string>(Enrolment.Form()) { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Applications closed on", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await _site.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task Missing_answers_are_reported_on_their_fields_and_nothing_is_stored()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        var form = Enrolment.Form(scholarship: true);
        form["Motivation"] = "";
        form["SupervisorEmail"] = "";
        form["DepartureCity"] = "";

        var first = await browser.SubmitAsync(Apply, Apply, form);
        var page = Html.Parse(await first.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Tell us why you want to take this course.", page.QuerySelector("#Motivation-error").Text());
        Assert.Equal("Enter your supervisor's email address.", page.QuerySelector("#SupervisorEmail-error").Text());   // all at once
        Assert.Equal("I coordinate the publication of datasets across twelve agencies.", page.QuerySelector("#RelationToWork").Text());
        Assert.Equal(0, await _site.WithDbAsync(db => db.Applications.CountAsync()));

        form["Motivation"] = "Now I explain myself.";
        var second = Html.Parse(await (await browser.SubmitAsync(Apply, Apply, form)).Content.ReadAsStringAsync());
        Assert.Equal("Enter your supervisor's email address.", second.QuerySelector("#SupervisorEmail-error").Text());
        Assert.Equal("Enter the city you would travel from.", second.QuerySelector("#DepartureCity-error").Text());
        Assert.Equal(0, await _site.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task An_applicant_who_deletes_the_account_takes_the_supervisor_named_along_from_the_audit_log()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        await browser.SubmitAsync(Apply, Apply, Enrolment.Form());
        var link = TestAccounts.LinkIn(await _site.LastMailAsync("rosa.diaz@gob.cl", ApplicationMails.EndorsementRequestKind), "/endorsements/");
        await _site.NewBrowser().SubmitAsync(link, link, new Dictionary<string, string> { ["endorse"] = "true" });
        Assert.True(await _site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.ActorName == "Rosa Díaz")));

        await browser.SubmitAsync("/account/privacy", "/account/delete", new Dictionary<string, string> { ["Password"] = TestAccounts.Password });

        var actors = await _site.WithDbAsync(db => db.AuditEntries.Select(e => e.ActorName).Distinct().ToListAsync());
        Assert.DoesNotContain("Rosa Díaz", actors);
        Assert.DoesNotContain("Test ana", actors);
    }

    [Fact]
    public async Task Supervisor_endorses_through_the_mailed_link_without_an_account()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        await browser.SubmitAsync(Apply, Apply, Enrolment.Form());
        var request = await _site.LastMailAsync("rosa.diaz@gob.cl", ApplicationMails.EndorsementRequestKind);
        var link = TestAccounts.LinkIn(request, "/endorsements/");
        // The supervisor weighs the time away from work: when, where, and the course's page.
        Assert.Contains("The course runs 3 May – 11 Jun 2027.", request.TextBody, StringComparison.Ordinal);
        Assert.Contains("Week in Santiago: 7–11 Jun 2027 — ECLAC, Santiago", request.TextBody, StringComparison.Ordinal);
        Assert.Contains($"The course's page describes it: http://localhost:5220/courses/{Enrolment.Slug}?lang=en", request.TextBody, StringComparison.Ordinal);
        // The applicant learns who was asked.
        Assert.Contains("We have written to Rosa Díaz to ask for their endorsement, and will tell you when they answer.",
            (await _site.LastMailAsync("ana@gob.cl", ApplicationMails.ReceivedKind)).TextBody, StringComparison.Ordinal);

        var supervisor = _site.NewBrowser();
        var page = Html.Parse(await supervisor.GetStringAsync(link));
        Assert.Contains("Test ana", page.QuerySelector(".lead").Text());
        Assert.Equal("The course runs 3 May – 11 Jun 2027. About the course", page.QuerySelector(".course-days").Text());
        Assert.Equal($"/courses/{Enrolment.Slug}", page.QuerySelector(".course-days a")!.GetAttribute("href"));
        Assert.Equal(["Online: 3–28 May 2027", "Week in Santiago: 7–11 Jun 2027 — ECLAC, Santiago"],
            page.QuerySelectorAll(".course-phases li").Select(li => li.Text()));
        // Who reads the comment is said before it is written.
        Assert.Equal("The applicant and the course's reviewers read your answer and this comment.", page.QuerySelector("#comment-hint").Text());
        var tooLong = await supervisor.SubmitAsync(link, link, new Dictionary<string, string> { ["endorse"] = "true", ["comment"] = new string('c', 1001) });
        Assert.Equal("The comment can be at most 1,000 characters.", (await supervisor.GetPageAsync(tooLong.Headers.Location!.OriginalString)).QuerySelector(".alert-danger").Text());
        Assert.Equal(EndorsementState.Pending, await _site.WithDbAsync(db => db.Applications.Select(a => a.Endorsement).SingleAsync()));
        var answer = await supervisor.SubmitAsync(link, link, new Dictionary<string, string> { ["endorse"] = "true", ["comment"] = "A key person in our team." });

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var answered = await supervisor.GetPageAsync(answer.Headers.Location!.OriginalString);
        Assert.Equal("You endorsed this application.", answered.QuerySelector(".alert-info strong").Text());
        var application = await _site.WithDbAsync(db => db.Applications.SingleAsync());
        Assert.Equal(EndorsementState.Endorsed, application.Endorsement);
        Assert.Equal("A key person in our team.", application.EndorsementComment);
        var recorded = await _site.LastMailAsync("ana@gob.cl", ApplicationMails.EndorsementRecordedKind);
        Assert.Equal("Your supervisor endorsed your application to “Policy Lab”", recorded.Subject);
        Assert.Contains("Their comment: “A key person in our team.”", recorded.TextBody, StringComparison.Ordinal);
        // The supervisor's words reach the applicant and the reviewers.
        Assert.Equal("“A key person in our team.”", (await browser.GetPageAsync("/applications")).QuerySelector(".endorsement-comment").Text());
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        Assert.Equal("“A key person in our team.”", (await admin.GetPageAsync($"/review/{Enrolment.Slug}/applications/{application.Id}")).QuerySelector(".endorsement-comment").Text());
        Assert.Contains("A key person in our team.", await admin.GetStringAsync($"/review/{Enrolment.Slug}/export.csv"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_course_page_says_before_applying_that_a_supervisor_is_asked_and_gives_the_deadline_in_the_readers_time()
    {
        var anonymous = await _site.NewBrowser().GetPageAsync($"/courses/{Enrolment.Slug}");
        Assert.Equal("Your supervisor is asked to endorse your application: we mail them a link when you apply.", anonymous.QuerySelector(".endorsement-fact").Text());
        Assert.Null(anonymous.QuerySelector(".course-now .viewer-time"));

        await _site.CreateAsync("ana@gob.cl");
        await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "ana@gob.cl").ExecuteUpdateAsync(set => set.SetProperty(u => u.TimeZone, "Europe/Madrid")));
        var ana = await _site.SignedInBrowserAsync("ana@gob.cl");
        var page = await ana.GetPageAsync($"/courses/{Enrolment.Slug}");

        // 23:59 on 31 March in Santiago (GMT-3) is 04:59 on 1 April in Madrid (GMT+2): on the course page, the apply form and the card.
        Assert.Equal("(Your time (Madrid): Thu 1 Apr 2027, 04:59 (GMT+2))", page.QuerySelector(".course-now .viewer-time").Text());
        Assert.Equal("(Your time (Madrid): Thu 1 Apr 2027, 04:59 (GMT+2))", (await ana.GetPageAsync(Apply)).QuerySelector(".lead .viewer-time").Text());
        Assert.Equal("Your time (Madrid): Thu 1 Apr 2027, 04:59 (GMT+2)", (await ana.GetPageAsync("/courses")).QuerySelector(".course-card-deadline .viewer-time").Text());
    }

    [Fact]
    public async Task The_supervisor_is_written_to_in_the_applicants_language_whatever_the_course_is_taught_in()
    {
        await _site.CreateAsync("ana@gob.cl");
        await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "ana@gob.cl").ExecuteUpdateAsync(set => set.SetProperty(u => u.PreferredLanguage, "pt")));
        await (await _site.SignedInBrowserAsync("ana@gob.cl")).SubmitAsync(Apply, Apply, Enrolment.Form());

        var request = await _site.LastMailAsync("rosa.diaz@gob.cl", ApplicationMails.EndorsementRequestKind);

        Assert.Equal("Test ana solicita o seu aval para “Policy Lab”", request.Subject);
        Assert.Contains("Por fase:", request.TextBody, StringComparison.Ordinal);
        Assert.EndsWith("?lang=pt", TestAccounts.LinkIn(request, "/endorsements/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supervisors_no_after_the_acceptance_reaches_the_admins_and_changes_nothing_by_itself()
    {
        await _site.CreateAsync("ana@gob.cl");
        await (await _site.SignedInBrowserAsync("ana@gob.cl")).SubmitAsync(Apply, Apply, Enrolment.Form());
        var id = await _site.WithDbAsync(db => db.Applications.Select(a => a.Id).SingleAsync());
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        await (await _site.SignedInBrowserAsync("coordinator@institute.org")).DecideAsync([id], Decision.Accept);
        var link = TestAccounts.LinkIn(await _site.LastMailAsync("rosa.diaz@gob.cl", ApplicationMails.EndorsementRequestKind), "/endorsements/");

        await _site.NewBrowser().SubmitAsync(link, link, new Dictionary<string, string> { ["endorse"] = "false", ["comment"] = "We cannot spare her in June." });

        Assert.Equal(ApplicationState.Accepted, (await _site.ApplicationAsync(id)).State);
        var told = await _site.LastMailAsync("coordinator@institute.org", ApplicationMails.LateNonEndorsementKind);
        Assert.Equal("Not endorsed after the decision: Test ana, “Policy Lab”", told.Subject);
        Assert.Contains("Rosa Díaz has answered that they do not endorse the application of Test ana to “Policy Lab”, which was already accepted.", told.TextBody, StringComparison.Ordinal);
        Assert.Contains("Their comment: “We cannot spare her in June.”", told.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/review/{Enrolment.Slug}/applications/{id}?lang=en", told.TextBody, StringComparison.Ordinal);
        // One mail, to the one admin.
        Assert.Equal(1, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == ApplicationMails.LateNonEndorsementKind)));
    }

    [Fact]
    public async Task Answers_sent_at_once_to_one_request_record_one_answer()
    {
        await _site.CreateAsync("ana@gob.cl");
        await (await _site.SignedInBrowserAsync("ana@gob.cl")).SubmitAsync(Apply, Apply, Enrolment.Form());
        var link = TestAccounts.LinkIn(await _site.LastMailAsync("rosa.diaz@gob.cl", ApplicationMails.EndorsementRequestKind), "/endorsements/");
        var supervisor = _site.NewBrowser();
        var token = await supervisor.AntiforgeryTokenAsync(link);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => supervisor.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["endorse"] = i % 2 == 0 ? "true" : "false", ["comment"] = $"Answer {i}",
        }))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        var application = await _site.WithDbAsync(db => db.Applications.SingleAsync());
        var audit = await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "application.endorsed").ToListAsync());
        Assert.Equal(application.Endorsement.ToString(), Assert.Single(audit).After);
        Assert.Equal(1, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == ApplicationMails.EndorsementRecordedKind)));
    }

    [Fact]
    public async Task Forged_endorsement_link_is_404_with_a_page_that_tells_the_supervisor_what_to_do()
    {
        var response = await _site.NewBrowser().GetAsync("/endorsements/not-a-real-token");
        var answer = await _site.NewBrowser().PostAsync("/endorsements/not-a-real-token", new FormUrlEncodedContent(new Dictionary<string, string> { ["endorse"] = "true" }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("This endorsement link is not valid", page.QuerySelector("h1").Text());
        Assert.Contains("ask the applicant to send the request again", page.QuerySelector("main").Text(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task Official_withdraws_and_the_application_says_so()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        await browser.SubmitAsync(Apply, Apply, Enrolment.Form());
        var id = await _site.WithDbAsync(db => db.Applications.Select(a => a.Id).SingleAsync());

        var response = await browser.SubmitAsync("/applications", $"/applications/{id}/withdraw", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ApplicationState.Withdrawn, (await _site.ApplicationAsync(id)).State);
        Assert.NotNull(await _site.LastMailAsync("ana@gob.cl", ApplicationMails.WithdrawnKind));
    }

    [Fact]
    public async Task A_withdrawn_application_no_longer_reads_as_awaiting_its_supervisor_or_its_scholarship()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        await browser.SubmitAsync(Apply, Apply, Enrolment.Form(scholarship: true));
        var id = await _site.WithDbAsync(db => db.Applications.Select(a => a.Id).SingleAsync());
        await _site.WithDbAsync(db => db.Applications.ExecuteUpdateAsync(set => set.SetProperty(a => a.DecisionNote, "Welcome aboard.")));

        await browser.SubmitAsync("/applications", $"/applications/{id}/withdraw", new Dictionary<string, string>());

        var mine = (await browser.GetPageAsync("/applications")).QuerySelector($"#application-{id}")!;
        Assert.Equal("Santiago time", mine.QuerySelector(".application-zone").Text());   // whose clock the times are on
        Assert.StartsWith("No answer needed any more (Rosa Díaz)", mine.QuerySelectorAll("dt").Single(dt => dt.Text() == "Supervisor's endorsement").NextElementSibling.Text(), StringComparison.Ordinal);
        Assert.Equal("Closed with the application", mine.QuerySelector(".scholarship-state").Text());
        Assert.DoesNotContain("Welcome aboard.", mine.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Withdrawing_asks_first_and_the_question_changes_nothing()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        await browser.SubmitAsync(Apply, Apply, Enrolment.Form());
        var id = await _site.WithDbAsync(db => db.Applications.Select(a => a.Id).SingleAsync());
        var list = Html.Parse(await browser.GetStringAsync("/applications"));
        Assert.Equal($"/applications/{id}/withdraw", list.QuerySelector($"#application-{id} a.btn-outline-danger")!.GetAttribute("href"));

        var question = Html.Parse(await browser.GetStringAsync($"/applications/{id}/withdraw"));

        Assert.Equal("Withdraw your application?", question.QuerySelector("h1").Text());
        Assert.Equal(("Policy Lab", "en"), (question.QuerySelector("h1 + .lead").Text(), question.QuerySelector("h1 + .lead")!.GetAttribute("lang")));
        Assert.Contains("you cannot apply to this course again", question.QuerySelector("main").Text());
        // Under review and without a scholarship: no seat or scholarship to hand on, so the page does not talk of one.
        Assert.DoesNotContain("waitlist", question.QuerySelector("main").Text());
        Assert.NotNull(question.QuerySelector($"form[action='/applications/{id}/withdraw'] button[type=submit]"));
        Assert.Equal(ApplicationState.Submitted, (await _site.ApplicationAsync(id)).State);
    }

    [Fact]
    public async Task An_application_that_can_no_longer_be_withdrawn_is_not_asked_about()
    {
        await _site.CreateAsync("ana@gob.cl");
        var browser = await _site.SignedInBrowserAsync("ana@gob.cl");
        await browser.SubmitAsync(Apply, Apply, Enrolment.Form());
        var id = await _site.WithDbAsync(db => db.Applications.Select(a => a.Id).SingleAsync());
        await browser.SubmitAsync("/applications", $"/applications/{id}/withdraw", new Dictionary<string, string>());

        var withdrawAgain = await browser.GetAsync($"/applications/{id}/withdraw");
        var decline = await browser.GetAsync($"/applications/{id}/scholarship/decline");

        Assert.Equal(HttpStatusCode.Redirect, withdrawAgain.StatusCode);
        Assert.Equal($"/applications#application-{id}", withdrawAgain.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, decline.StatusCode);   // no scholarship was offered
    }

    [Fact]
    public async Task Someone_elses_withdrawal_question_is_not_found()
    {
        await _site.CreateAsync("ana@gob.cl");
        await _site.CreateAsync("intruder@gob.cl");
        await (await _site.SignedInBrowserAsync("ana@gob.cl")).SubmitAsync(Apply, Apply, Enrolment.Form());
        var id = await _site.WithDbAsync(db => db.Applications.Select(a => a.Id).SingleAsync());

        var response = await (await _site.SignedInBrowserAsync("intruder@gob.cl")).GetAsync($"/applications/{id}/withdraw");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Nobody_can_withdraw_someone_elses_application()
    {
        await _site.CreateAsync("ana@gob.cl");
        await _site.CreateAsync("intruder@gob.cl");
        await (await _site.SignedInBrowserAsync("ana@gob.cl")).SubmitAsync(Apply, Apply, Enrolment.Form());
        var id = await _site.WithDbAsync(db => db.Applications.Select(a => a.Id).SingleAsync());

        var response = await (await _site.SignedInBrowserAsync("intruder@gob.cl")).SubmitAsync("/applications", $"/applications/{id}/withdraw", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ApplicationState.Submitted, (await _site.ApplicationAsync(id)).State);
    }
}
