using System.Net;
using System.Text;
using AngleSharp.Dom;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Applications;

public sealed class DecidingTests : IDisposable
{
    private readonly TestSite _site = Enrolment.SiteWithCourse(capacity: 2);

    public void Dispose() => _site.Dispose();

    private async Task<HttpClient> AdminAsync()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        return await _site.SignedInBrowserAsync("coordinator@institute.org");
    }

    [Fact]
    public async Task Accepting_mails_the_applicant_in_their_language_and_writes_the_audit_log()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(2);
        await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "applicant1@gob.test")
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.Gender, Data.Entities.Gender.Female)));

        await admin.DecideAsync(ids, Decision.Accept, "Bienvenida al curso.");

        Assert.All(await _site.WithDbAsync(db => db.Applications.Select(a => a.State).ToListAsync()), s => Assert.Equal(ApplicationState.Accepted, s));
        var english = await _site.LastMailAsync("applicant0@gob.test", ApplicationMails.AcceptedKind);
        Assert.Equal("You are accepted to “Policy Lab”", english.Subject);
        // When the course runs, and the way to it.
        Assert.Contains("The course runs 3 May – 11 Jun 2027.", english.TextBody, StringComparison.Ordinal);
        // Where each phase is held: the in-person week is one to plan travel for.
        Assert.Contains("Phase by phase:\nOnline: 3–28 May 2027\nWeek in Santiago: 7–11 Jun 2027 — ECLAC, Santiago", english.TextBody, StringComparison.Ordinal);
        Assert.Contains("Phase by phase:<br>Online: 3–28 May 2027<br>Week in Santiago: 7–11 Jun 2027 — ECLAC, Santiago", english.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"/courses/{Enrolment.Slug}?lang=en", english.TextBody, StringComparison.Ordinal);
        var spanish = await _site.LastMailAsync("applicant1@gob.test", ApplicationMails.AcceptedKind);
        Assert.Equal("Su postulación a «Policy Lab» fue aceptada", spanish.Subject);
        Assert.StartsWith("Estimada Applicant applicant 1:", spanish.TextBody, StringComparison.Ordinal);   // as she gave her gender
        Assert.Contains("Bienvenida al curso.", spanish.TextBody);
        Assert.Contains("Fechas del curso: 3 may – 11 jun 2027.", spanish.TextBody, StringComparison.Ordinal);
        var audit = await _site.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.ApplicationId == ids[0] && e.Action == "application.decided"));
        Assert.Equal(("Test coordinator", "Submitted", "Accepted", "Bienvenida al curso."), (audit.ActorName, audit.Before, audit.After, audit.Note));
        // The reviewer's history reads the decision with its states apart and the typed note quoted.
        var history = Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}/applications/{ids[0]}")).QuerySelectorAll("ol li").Select(li => li.Text()).ToList();
        Assert.Contains(history, line => line.EndsWith(": Decision — Under review → Accepted · “Bienvenida al curso.” (Test coordinator)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_review_list_of_a_course_that_asks_no_endorsement_has_no_endorsement_column_and_explains_its_averages()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(2);
        await Score(admin, ids[0], 4, 4, 5, null);

        var list = Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}"));

        Assert.DoesNotContain("Endorsement", list.QuerySelectorAll(".review-table thead th").Select(th => th.Text()));
        Assert.StartsWith("4.33 (1)", list.QuerySelector($"tr[data-application='{ids[0]}'] .average")!.Text(), StringComparison.Ordinal);
        Assert.Contains(list.QuerySelectorAll("p.small"), p => p.Text().StartsWith("Average: the mean of the reviewers' scores", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_note_longer_than_the_form_allows_is_refused_and_nothing_is_decided()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1);

        await admin.DecideAsync(ids, Decision.Accept, new string('n', 1001));

        Assert.Equal(ApplicationState.Submitted, (await _site.ApplicationAsync(ids[0])).State);
        Assert.Equal("The note can be at most 1,000 characters.", (await admin.GetPageAsync($"/review/{Enrolment.Slug}")).QuerySelector(".alert").Text());
        Assert.False(await _site.WithDbAsync(db => db.AuditEntries.AnyAsync()));
    }

    [Fact]
    public async Task A_note_typed_in_lines_keeps_them_in_both_parts_of_the_mail()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1);

        await admin.DecideAsync(ids, Decision.Accept, "Welcome.\r\nBring your ID on the first day.");

        var mail = await _site.LastMailAsync("applicant0@gob.test", ApplicationMails.AcceptedKind);
        Assert.Contains("Welcome.\nBring your ID on the first day.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Welcome.<br>Bring your ID on the first day.", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepting_beyond_capacity_puts_the_rest_on_the_waitlist()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(3);

        var response = await admin.DecideAsync(ids, Decision.Accept);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var states = await _site.WithDbAsync(db => db.Applications.OrderBy(a => a.Id).Select(a => a.State).ToListAsync());
        Assert.Equal([ApplicationState.Accepted, ApplicationState.Accepted, ApplicationState.Waitlisted], states);
        Assert.NotNull(await _site.LastMailAsync("applicant2@gob.test", ApplicationMails.WaitlistedKind));
    }

    [Fact]
    public async Task A_welcome_note_reaches_only_those_accepted_not_those_a_full_course_waitlists()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(3);

        var response = await admin.DecideAsync(ids, Decision.Accept, "Welcome! Bring your passport to the week in Santiago.");

        Assert.Contains("Welcome!", (await _site.LastMailAsync("applicant0@gob.test", ApplicationMails.AcceptedKind)).TextBody, StringComparison.Ordinal);
        var waitlisted = await _site.ApplicationAsync(ids[2]);
        Assert.Equal((ApplicationState.Waitlisted, null), (waitlisted.State, waitlisted.DecisionNote));
        Assert.DoesNotContain("Welcome!", (await _site.LastMailAsync("applicant2@gob.test", ApplicationMails.WaitlistedKind)).TextBody, StringComparison.Ordinal);
        Assert.Null(await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.ApplicationId == ids[2] && e.Action == "application.decided").Select(e => e.Note).SingleAsync()));
        var review = await admin.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("3 of 3 applications changed. The course filled up: Applicant applicant 2 put on the waitlist, without your note.",
            review.QuerySelector(".alert-success")!.Text());
    }

    [Fact]
    public async Task An_accept_on_a_full_course_tells_the_admin_their_note_was_left_out()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(3);
        await admin.DecideAsync(ids.Take(2), Decision.Accept);

        var response = await admin.DecideAsync([ids[2]], Decision.Accept, "Welcome!");

        Assert.Equal("The course is full: Applicant applicant 2 was put on the waitlist, without your note.",
            (await admin.GetPageAsync(response.Headers.Location!.OriginalString)).QuerySelector(".alert-success")!.Text());
        // An accept of someone already on the waitlist changes nothing, and says nothing of a note.
        var again = await admin.DecideAsync([ids[2]], Decision.Accept, "Welcome!");
        Assert.Equal("The course is full; the applicant stays on the waitlist.",
            (await admin.GetPageAsync(again.Headers.Location!.OriginalString)).QuerySelector(".alert-success")!.Text());
        var waiting = await _site.AddApplicantsAsync(1, ApplicationState.Waitlisted, prefix: "wait");
        var bulk = await admin.DecideAsync([ids[2], waiting[0]], Decision.Accept, "Welcome!");
        Assert.Equal("0 of 2 applications changed.",
            (await admin.GetPageAsync(bulk.Headers.Location!.OriginalString)).QuerySelector(".alert-success")!.Text());
    }

    [Fact]
    public async Task Rejecting_someone_who_was_accepted_tells_them_their_acceptance_is_withdrawn()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1, ApplicationState.Accepted);

        await admin.DecideAsync(ids, Decision.Reject);

        Assert.Contains("the course's coordinators have withdrawn your acceptance to “Policy Lab”",
            (await _site.LastMailAsync("applicant0@gob.test", ApplicationMails.RejectedKind)).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_waitlisted_application_left_without_its_applicant_takes_nobodys_place()
    {
        var ids = await _site.AddApplicantsAsync(2, ApplicationState.Waitlisted);
        // Left behind by an account deleted before leaving withdrew a waitlisted application.
        await _site.WithDbAsync(db => db.Applications.Where(a => a.Id == ids[0]).ExecuteUpdateAsync(set => set.SetProperty(a => a.UserId, (string?)null)));
        var second = await _site.SignInAddedPersonAsync("applicant1@gob.test");

        var page = await second.GetPageAsync("/applications?lang=en");

        Assert.StartsWith("You are next on the waitlist", page.QuerySelector($"#application-{ids[1]} .waitlist-position")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_decision_is_made_any_more_on_an_application_whose_applicant_deleted_the_account()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1);
        await admin.DecideAsync(ids, Decision.Reject);
        var applicant = await _site.SignInAddedPersonAsync("applicant0@gob.test");
        await applicant.SubmitAsync("/account/privacy", "/account/delete", new Dictionary<string, string> { ["Password"] = TestAccounts.Password });

        // Waitlisted, then given a seat the course adds, it would have held a seat nobody takes, and nobody to tell.
        var refused = await admin.DecideAsync(ids, Decision.Waitlist);
        var notice = (await admin.GetPageAsync(refused.Headers.Location!.OriginalString)).QuerySelector(".alert-success")!.Text();
        var page = await admin.GetPageAsync($"/review/{Enrolment.Slug}/applications/{ids[0]}");

        Assert.Equal("The applicant deleted their account.", notice);
        Assert.Equal(ApplicationState.Rejected, (await _site.ApplicationAsync(ids[0])).State);
        Assert.Null(page.QuerySelector($"form[action='/review/{Enrolment.Slug}/decide']"));
        Assert.Equal("The applicant deleted their account: this application stays as it is, for the record.", page.QuerySelector(".no-decision")!.TextContent);
    }

    [Fact]
    public async Task An_applicant_who_deletes_the_account_is_no_longer_named_in_the_history_of_the_application()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1);
        // As a browser does, the coordinator reads the page the decision leads to (and its notice, which names the applicant).
        await admin.GetPageAsync((await admin.DecideAsync(ids, Decision.Accept)).Headers.Location!.OriginalString);
        var applicant = await _site.SignInAddedPersonAsync("applicant0@gob.test");
        // Before leaving, the data download holds the application's decisions and the facts the statistics keep.
        using (var data = System.Text.Json.JsonDocument.Parse(await applicant.GetStringAsync("/account/my-data")))
        {
            var application = data.RootElement.GetProperty("applications")[0];
            Assert.Equal("application.decided", application.GetProperty("history")[0].GetProperty("action").GetString());
            Assert.NotEqual(System.Text.Json.JsonValueKind.Null, application.GetProperty("decidedUtc").ValueKind);
            Assert.False(string.IsNullOrEmpty(application.GetProperty("country").GetString()));
            // The course by the name a person knows it by, beside its address.
            Assert.Equal(("policy-lab", "Policy Lab"), (application.GetProperty("course").GetString(), application.GetProperty("courseTitle").GetString()));
        }

        await applicant.SubmitAsync("/account/privacy", "/account/delete", new Dictionary<string, string> { ["Password"] = TestAccounts.Password });

        var lines = await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.ApplicationId == ids[0]).OrderBy(e => e.Id)
            .Select(e => new { e.Action, e.ActorName, e.ActorId }).ToListAsync());
        // The coordinator's decision stays theirs; the withdrawal that leaving made is no longer under the person's name.
        Assert.Equal([("application.decided", "Test coordinator"), ("application.withdrawn", "(account deleted)")], lines.Select(l => (l.Action, l.ActorName)).ToArray());
        Assert.Null(lines[1].ActorId);
        var page = await admin.GetPageAsync($"/review/{Enrolment.Slug}/applications/{ids[0]}?lang=es");
        Assert.Contains("(cuenta eliminada)", page.QuerySelector("ol.list-unstyled")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("((", page.QuerySelector("ol.list-unstyled")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Applicant applicant 0", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_note_belongs_to_its_decision_the_next_form_starts_empty_and_a_promotion_leaves_the_waitlist_note_behind()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(3);   // capacity 2
        await admin.DecideAsync(ids[..2], Decision.Accept);
        await admin.DecideAsync([ids[2]], Decision.Waitlist, "You are third: a seat may free up.");

        var form = await admin.GetPageAsync($"/review/{Enrolment.Slug}/applications/{ids[2]}");
        Assert.Equal("", form.QuerySelector("textarea#note")!.TextContent);
        Assert.Contains("You are third: a seat may free up.", form.QuerySelector("form[action$='/decide']")!.TextContent, StringComparison.Ordinal);

        var leaver = await _site.SignInAddedPersonAsync("applicant0@gob.test");
        await leaver.SubmitAsync("/applications", $"/applications/{ids[0]}/withdraw", new Dictionary<string, string>());

        var promoted = await _site.ApplicationAsync(ids[2]);
        Assert.Equal((ApplicationState.Accepted, (string?)null), (promoted.State, promoted.DecisionNote));
    }

    [Fact]
    public async Task A_reviewer_who_deletes_the_account_leaves_the_scores_given()
    {
        var admin = await AdminAsync();
        await _site.CreateAsync("teacher@institute.org", Roles.Instructor);
        await _site.WithDbAsync(async db =>
        {
            db.CourseInstructors.Add(new Data.Entities.CourseInstructor { CourseId = await db.Courses.Select(c => c.Id).SingleAsync(), UserId = await db.Users.Where(u => u.Email == "teacher@institute.org").Select(u => u.Id).SingleAsync() });
            return await db.SaveChangesAsync();
        });
        var teacher = await _site.SignedInBrowserAsync("teacher@institute.org");
        var ids = await _site.AddApplicantsAsync(1);
        await Score(teacher, ids[0], 4, 4, 5, "Strong");

        await teacher.SubmitAsync("/account/privacy", "/account/delete", new Dictionary<string, string> { ["Password"] = TestAccounts.Password });

        Assert.Equal(1, await _site.WithDbAsync(db => db.ApplicationReviews.CountAsync(r => r.ApplicationId == ids[0] && r.ReviewerId == null)));
        var page = await admin.GetPageAsync($"/review/{Enrolment.Slug}/applications/{ids[0]}");
        Assert.Contains("(account deleted)", page.QuerySelector("#scores-heading")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("4.33 (1)", (await admin.GetPageAsync($"/review/{Enrolment.Slug}")).QuerySelector("tbody tr .average").Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_withdrawal_offers_the_seat_to_the_first_on_the_waitlist_and_tells_them()
    {
        var admin = await AdminAsync();
        var accepted = await _site.AddApplicantsAsync(2, ApplicationState.Accepted, prefix: "in");
        var waitlisted = await _site.AddApplicantsAsync(2, ApplicationState.Waitlisted, prefix: "wait");
        await _site.WithDbAsync(async db =>
        {
            // The second waitlisted person joined the list first.
            var later = await db.Applications.SingleAsync(a => a.Id == waitlisted[0]);
            later.WaitlistedUtc = later.WaitlistedUtc!.Value.AddHours(1);
            return await db.SaveChangesAsync();
        });
        var leaver = await _site.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "in0@gob.test"));
        await _site.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == leaver.Id);
            user.PasswordHash = new Microsoft.AspNetCore.Identity.PasswordHasher<Data.Entities.ApplicationUser>().HashPassword(user, TestAccounts.Password);
            return await db.SaveChangesAsync();
        });
        var browser = await _site.SignedInBrowserAsync("in0@gob.test");

        await browser.SubmitAsync("/applications", $"/applications/{accepted[0]}/withdraw", new Dictionary<string, string>());

        Assert.Equal(ApplicationState.Withdrawn, (await _site.ApplicationAsync(accepted[0])).State);
        Assert.Equal(ApplicationState.Accepted, (await _site.ApplicationAsync(waitlisted[1])).State);
        Assert.Equal(ApplicationState.Waitlisted, (await _site.ApplicationAsync(waitlisted[0])).State);
        var promoted = await _site.LastMailAsync("wait1@gob.test", ApplicationMails.PromotedKind);
        Assert.Equal("Quedó un cupo disponible: su postulación a «Policy Lab» fue aceptada", promoted.Subject);
        // The address in the sentence opens "My applications" in the mail's language, as its button opens the course.
        Assert.Contains("«Mis postulaciones» (http://localhost:5220/applications?lang=es)", promoted.TextBody, StringComparison.Ordinal);
        Assert.True(await _site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.ApplicationId == waitlisted[1] && e.Action == "application.promoted" && e.ActorName == "System")));
    }

    [Fact]
    public async Task Moving_an_accepted_participant_to_the_waitlist_keeps_them_there_and_their_seat_goes_to_whoever_waited()
    {
        var admin = await AdminAsync();
        var accepted = await _site.AddApplicantsAsync(2, ApplicationState.Accepted, prefix: "in");

        await admin.DecideAsync([accepted[0]], Decision.Waitlist);

        // Nobody else waits: the seat stays free rather than going straight back to the person just moved off it.
        Assert.Equal(ApplicationState.Waitlisted, (await _site.ApplicationAsync(accepted[0])).State);
        Assert.False(await _site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "application.promoted")));
        Assert.False(await _site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Kind == ApplicationMails.PromotedKind)));

        // With someone waiting, the freed seat is theirs.
        var waiting = await _site.AddApplicantsAsync(1, ApplicationState.Waitlisted, prefix: "wait");
        await admin.DecideAsync([accepted[1]], Decision.Waitlist);
        Assert.Equal(ApplicationState.Waitlisted, (await _site.ApplicationAsync(accepted[1])).State);
        Assert.Equal(ApplicationState.Accepted, (await _site.ApplicationAsync(waiting[0])).State);
        // Two seats are free now, and two wait: the one moved off earlier is offered a seat again, in the list's order.
        Assert.Equal(ApplicationState.Accepted, (await _site.ApplicationAsync(accepted[0])).State);
        // The coordinator is told who got the seats, not left to find it in the audit log.
        var notice = (await admin.GetPageAsync($"/review/{Enrolment.Slug}")).QuerySelector("[role=status]")?.Text();
        Assert.Equal("Applicant in 1 is on the waitlist. Accepted from the waitlist into the free seats: Applicant in 0, Applicant wait 0.", notice);
    }

    [Fact]
    public async Task A_bulk_waitlist_of_accepted_participants_moves_them_all_and_promotes_none_of_them_back()
    {
        var admin = await AdminAsync();
        var accepted = await _site.AddApplicantsAsync(2, ApplicationState.Accepted, prefix: "in");

        await admin.DecideAsync(accepted, Decision.Waitlist);

        var states = await _site.WithDbAsync(db => db.Applications.Where(a => accepted.Contains(a.Id)).Select(a => a.State).ToListAsync());
        Assert.Equal([ApplicationState.Waitlisted, ApplicationState.Waitlisted], states);
        Assert.False(await _site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "application.promoted")));
    }

    [Fact]
    public async Task A_bulk_rejection_of_accepted_participants_names_those_it_moved_up_from_the_waitlist()
    {
        var admin = await AdminAsync();
        var accepted = await _site.AddApplicantsAsync(2, ApplicationState.Accepted, prefix: "in");   // both seats
        var waiting = await _site.AddApplicantsAsync(2, ApplicationState.Waitlisted, prefix: "wait");

        await admin.DecideAsync(accepted, Decision.Reject);

        Assert.All(await _site.WithDbAsync(db => db.Applications.Where(a => waiting.Contains(a.Id)).Select(a => a.State).ToListAsync()),
            state => Assert.Equal(ApplicationState.Accepted, state));
        Assert.Equal("2 of 2 applications changed. Accepted from the waitlist into the free seats: Applicant wait 0, Applicant wait 1.",
            (await admin.GetPageAsync($"/review/{Enrolment.Slug}")).QuerySelector("[role=status]")?.Text());
    }

    [Fact]
    public async Task The_bulk_form_has_no_decision_until_one_is_chosen_and_keeps_the_note_when_nothing_was_ticked()
    {
        var admin = await AdminAsync();
        await _site.AddApplicantsAsync(1);
        var list = await admin.GetPageAsync($"/review/{Enrolment.Slug}");
        Assert.Equal("", list.QuerySelector("#decision option[selected]")!.GetAttribute("value"));

        var response = await admin.PostFormAsync($"/review/{Enrolment.Slug}", $"/review/{Enrolment.Slug}/decide",
            [new("decision", nameof(Decision.Waitlist)), new("note", "We will write again in March.")]);

        var again = await admin.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("Choose at least one application of this course.", again.QuerySelector(".alert-danger").Text());
        Assert.Equal("We will write again in March.", again.QuerySelector("#note")!.GetAttribute("value"));
        Assert.Equal(nameof(Decision.Waitlist), again.QuerySelector("#decision option[selected]")!.GetAttribute("value"));
        // Once: the next visit starts afresh.
        Assert.Equal("", (await admin.GetPageAsync($"/review/{Enrolment.Slug}")).QuerySelector("#decision option[selected]")!.GetAttribute("value"));

        // A form refused on an application's own page leaves nothing behind for the list's.
        var id = await _site.WithDbAsync(db => db.Applications.Select(a => a.Id).SingleAsync());
        var onItsPage = await admin.PostFormAsync($"/review/{Enrolment.Slug}/applications/{id}", $"/review/{Enrolment.Slug}/decide",
            [new("ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("note", "Typed on the application's page."),
             new("returnTo", $"/review/{Enrolment.Slug}/applications/{id}")]);
        Assert.Equal($"/review/{Enrolment.Slug}/applications/{id}", onItsPage.Headers.Location!.OriginalString);
        await admin.GetPageAsync(onItsPage.Headers.Location!.OriginalString);
        var listAfter = await admin.GetPageAsync($"/review/{Enrolment.Slug}");
        Assert.Equal("", listAfter.QuerySelector("#note")!.GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task A_reviewer_neither_sees_nor_scores_nor_decides_their_own_application()
    {
        var admin = await AdminAsync();
        var coordinator = await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "coordinator@institute.org").Select(u => u.Id).SingleAsync());
        var courseId = await _site.WithDbAsync(db => db.Courses.Select(c => c.Id).SingleAsync());
        var own = await _site.WithDbAsync(async db =>
        {
            var application = new Data.Entities.Application { CourseId = courseId, UserId = coordinator, Motivation = "M.", RelationToWork = "R.",
                SubmittedUtc = TestSite.DefaultNow.UtcDateTime, Country = "CL" };
            db.Applications.Add(application);
            await db.SaveChangesAsync();
            return application.Id;
        });

        var others = await _site.AddApplicantsAsync(1);

        // Its scores and comments are the other reviewers': the list leaves it out and its page is not there.
        var list = await admin.GetPageAsync($"/review/{Enrolment.Slug}");
        Assert.Equal([others[0]], list.QuerySelectorAll("tbody tr").Select(r => int.Parse(r.GetAttribute("data-application")!)).ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/review/{Enrolment.Slug}/applications/{own}")).StatusCode);
        var scored = await admin.PostFormAsync($"/review/{Enrolment.Slug}", $"/review/{Enrolment.Slug}/applications/{own}/score",
            [new("scores[0]", "5"), new("scores[1]", "5"), new("scores[2]", "5"), new("comment", "Excellent")]);
        Assert.Equal(HttpStatusCode.NotFound, scored.StatusCode);
        Assert.False(await _site.WithDbAsync(db => db.ApplicationReviews.AnyAsync()));

        await admin.DecideAsync([own], Decision.Accept);
        Assert.Equal(ApplicationState.Submitted, await _site.WithDbAsync(db => db.Applications.Where(a => a.Id == own).Select(a => a.State).SingleAsync()));
        Assert.Equal("You cannot decide on your own application.", (await admin.GetPageAsync($"/review/{Enrolment.Slug}")).QuerySelector(".alert").Text());
    }

    [Fact]
    public async Task A_waitlisted_applicant_sees_their_place_in_the_order_seats_are_offered()
    {
        var waitlisted = await _site.AddApplicantsAsync(3, ApplicationState.Waitlisted, prefix: "wait");
        await _site.WithDbAsync(async db =>
        {
            // The first added joined the list last.
            var later = await db.Applications.SingleAsync(a => a.Id == waitlisted[0]);
            later.WaitlistedUtc = later.WaitlistedUtc!.Value.AddHours(1);
            return await db.SaveChangesAsync();
        });

        string Place(IDocument page, int id) => page.QuerySelector($"#application-{id} .waitlist-position").Text();
        var first = await (await _site.SignInAddedPersonAsync("wait1@gob.test")).GetPageAsync("/applications");
        var third = await (await _site.SignInAddedPersonAsync("wait0@gob.test")).GetPageAsync("/applications");

        // wait1 reads Spanish (the helper alternates languages).
        Assert.Equal("Usted es la siguiente persona en la lista de espera: el próximo cupo que se libere será suyo.", Place(first, waitlisted[1]));
        Assert.Equal("You are number 3 on the waitlist: freed seats are offered in this order.", Place(third, waitlisted[0]));
    }

    [Fact]
    public async Task Reviewers_see_each_waitlisted_applicants_place_and_can_list_them_in_that_order()
    {
        var admin = await AdminAsync();
        await _site.AddApplicantsAsync(1);
        var waitlisted = await _site.AddApplicantsAsync(3, ApplicationState.Waitlisted, prefix: "wait");
        await _site.WithDbAsync(async db =>
        {
            var later = await db.Applications.SingleAsync(a => a.Id == waitlisted[0]);
            later.WaitlistedUtc = later.WaitlistedUtc!.Value.AddHours(1);
            return await db.SaveChangesAsync();
        });

        var page = await admin.GetPageAsync($"/review/{Enrolment.Slug}?sort=waitlist");

        var rows = page.QuerySelectorAll("tbody tr").Select(r => (Id: int.Parse(r.GetAttribute("data-application")!), Place: r.QuerySelector(".waitlist-place")?.Text())).ToList();
        Assert.Equal([(waitlisted[1], "Place 1"), (waitlisted[2], "Place 2"), (waitlisted[0], "Place 3")], rows.Take(3).ToArray());
        Assert.Null(rows[3].Place);   // under review: no place
        var csv = (await admin.GetStringAsync($"/review/{Enrolment.Slug}/export.csv?state=Waitlisted&sort=waitlist")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var headings = csv[0].TrimStart('\uFEFF').Split(',');
        var column = Array.IndexOf(headings, "Waitlist place");
        Assert.Equal(["1", "2", "3"], csv.Skip(1).Select(line => line.Split(',')[column]).ToArray());
        // The application's own page, read alone, gives the same place.
        var own = await admin.GetPageAsync($"/review/{Enrolment.Slug}/applications/{waitlisted[0]}");
        Assert.Equal("· Place 3", own.QuerySelector(".waitlist-place")!.Text().Trim());
    }

    [Fact]
    public async Task A_bulk_accept_beyond_the_seats_seats_the_best_ranked_whatever_order_the_list_was_in()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(3);   // capacity 2
        await _site.WithDbAsync(async db =>
        {
            var reviewer = await db.Users.FirstAsync();
            foreach (var (id, score) in new[] { (ids[0], 2), (ids[1], 5), (ids[2], 4) })
            {
                db.ApplicationReviews.Add(new Data.Entities.ApplicationReview { ApplicationId = id, ReviewerId = reviewer.Id, Scores = [score, score, score], Average = score });
            }
            return await db.SaveChangesAsync();
        });

        await admin.DecideAsync([ids[0], ids[2], ids[1]], Decision.Accept);   // as a list sorted by name would send them

        Assert.Equal((ApplicationState.Waitlisted, ApplicationState.Accepted, ApplicationState.Accepted),
            ((await _site.ApplicationAsync(ids[0])).State, (await _site.ApplicationAsync(ids[1])).State, (await _site.ApplicationAsync(ids[2])).State));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bogus")]
    [InlineData("2")]   // the place of "Reject" in the list: a number is no decision the buttons send
    [InlineData("0")]
    public async Task A_decision_form_without_a_decision_changes_nothing_and_says_so(string? decision)
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1);
        var fields = new List<KeyValuePair<string, string>> { new("ids", ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture)), new("note", "") };
        if (decision is not null) fields.Add(new("decision", decision));

        var response = await admin.PostFormAsync($"/review/{Enrolment.Slug}", $"/review/{Enrolment.Slug}/decide", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ApplicationState.Submitted, (await _site.ApplicationAsync(ids[0])).State);
        Assert.Equal("Choose a decision: accept, waitlist or reject.", (await admin.GetPageAsync(response.Headers.Location!.OriginalString)).QuerySelector(".alert-danger").Text());
        Assert.False(await _site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Kind == ApplicationMails.AcceptedKind)));
    }

    [Fact]
    public async Task A_review_comment_over_the_limit_is_refused_and_nothing_is_stored()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1);
        var page = $"/review/{Enrolment.Slug}/applications/{ids[0]}";

        var response = await admin.PostFormAsync(page, $"{page}/score",
            [new("scores", "4"), new("scores", "4"), new("scores", "4"), new("comment", new string('x', 2001))]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The comment can be at most 2,000 characters.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await _site.WithDbAsync(db => db.ApplicationReviews.AnyAsync()));
    }

    [Fact]
    public async Task A_refused_score_form_shows_what_the_reviewer_typed_not_what_was_stored()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1);
        var page = $"/review/{Enrolment.Slug}/applications/{ids[0]}";
        await Score(admin, ids[0], 2, 2, 2, "First reading");

        var response = await admin.PostFormAsync(page, $"{page}/score",
            [new("scores[0]", "5"), new("scores[1]", "4"), new("comment", "Second reading: much stronger than I thought.")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var form = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Second reading: much stronger than I thought.", form.QuerySelector("#comment")!.TextContent);
        Assert.NotNull(form.QuerySelector("#score-0-5[checked]"));
        Assert.NotNull(form.QuerySelector("#score-1-4[checked]"));
        Assert.Null(form.QuerySelector("input[name='scores[2]'][checked]"));
        Assert.Equal("First reading", await _site.WithDbAsync(db => db.ApplicationReviews.Select(r => r.Comment).SingleAsync()));
    }

    [Fact]
    public async Task Reviewers_score_independently_and_the_list_ranks_by_average()
    {
        var admin = await AdminAsync();
        await _site.CreateAsync("teacher@institute.org", Roles.Instructor);
        var courseId = await _site.WithDbAsync(db => db.Courses.Select(c => c.Id).SingleAsync());
        await _site.WithDbAsync(db => { db.CourseInstructors.Add(new Data.Entities.CourseInstructor { CourseId = courseId, UserId = db.Users.Single(u => u.Email == "teacher@institute.org").Id }); return db.SaveChangesAsync(); });
        var teacher = await _site.SignedInBrowserAsync("teacher@institute.org");
        var ids = await _site.AddApplicantsAsync(2);

        await Score(admin, ids[0], 2, 2, 3, "Weak fit");
        await Score(teacher, ids[0], 3, 2, 2, null);
        await Score(admin, ids[1], 5, 4, 5, "Excellent");
        await Score(admin, ids[1], 5, 5, 5, "Excellent, on reflection");

        var page = Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}"));
        var rows = page.QuerySelectorAll("tbody tr").Select(r => (Id: int.Parse(r.GetAttribute("data-application")!), Average: r.QuerySelector(".average").Text())).ToList();
        Assert.Equal(ids[1], rows[0].Id);
        Assert.StartsWith("5.00 (1)", rows[0].Average);
        Assert.StartsWith("2.33 (2)", rows[1].Average);
        Assert.Equal(3, await _site.WithDbAsync(db => db.ApplicationReviews.CountAsync()));
    }

    [Fact]
    public async Task Scoring_is_in_the_audit_log_for_reviewers_and_not_in_the_applicants_history()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1);

        await Score(admin, ids[0], 2, 3, 3, "First reading");
        await Score(admin, ids[0], 2, 3, 3, "First reading");
        await Score(admin, ids[0], 4, 3, 3, "Second reading");

        var rows = await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "application.scored").OrderBy(e => e.Id)
            .Select(e => new { e.ApplicationId, e.ActorName, e.Before, e.After }).ToListAsync());
        // Sending the same scores again changes nothing and is not recorded.
        Assert.Equal([(ids[0], "Test coordinator", (string?)null, "2 · 3 · 3"), (ids[0], "Test coordinator", "2 · 3 · 3", "4 · 3 · 3")],
            rows.Select(r => (r.ApplicationId!.Value, r.ActorName, r.Before, r.After)).ToArray());
        var history = Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}/applications/{ids[0]}")).QuerySelectorAll("ol li").Select(li => li.Text()).ToList();
        Assert.Contains(history, line => line.Contains("Application scored — 2 · 3 · 3 → 4 · 3 · 3", StringComparison.Ordinal));
        // A rubric of one criterion records a bare number, which is a score, not an application state.
        Assert.Equal("4", Web.Features.Shared.Labels.AuditState("application.scored", "4"));
        var mine = await (await _site.SignInAddedPersonAsync("applicant0@gob.test")).GetStringAsync("/applications");
        Assert.DoesNotContain("scored", mine, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("4 · 3 · 3", mine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scores_outside_one_to_five_are_refused()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1);

        var response = await Score(admin, ids[0], 6, 2, 3, null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await _site.WithDbAsync(db => db.ApplicationReviews.CountAsync()));
    }

    [Fact]
    public async Task Review_list_filters_by_state_country_and_scholarship_and_exports_csv()
    {
        var admin = await AdminAsync();
        await _site.AddApplicantsAsync(4);
        await _site.AddApplicantsAsync(1, scholarship: true, prefix: "grant");
        await _site.WithDbAsync(async db => { (await db.Applications.OrderBy(a => a.Id).FirstAsync()).Motivation = "=HYPERLINK(\"http://evil\")"; return await db.SaveChangesAsync(); });

        var peru = Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}?country=PE"));
        var grants = Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}?scholarship=yes"));
        var csv = Encoding.UTF8.GetString(await admin.GetByteArrayAsync($"/review/{Enrolment.Slug}/export.csv?country=CL"));

        Assert.Equal(2, peru.QuerySelectorAll("tbody tr").Length);
        // A code typed in lower case finds the same.
        Assert.Equal(2, Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}?country=pe")).QuerySelectorAll("tbody tr").Length);
        Assert.Single(grants.QuerySelectorAll("tbody tr"));
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length > 1
            ? csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            : csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Id,Name,Email,Country", lines[0]);
        Assert.Equal(3, lines.Length - 1);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", csv);
        // A separator of the other kind is quoted too: a spreadsheet splitting at it keeps the cell whole.
        await _site.WithDbAsync(async db => { (await db.Applications.OrderBy(a => a.Id).FirstAsync()).Motivation = "Data;=1+1"; return await db.SaveChangesAsync(); });
        Assert.Contains(",\"Data;=1+1\",", Encoding.UTF8.GetString(await admin.GetByteArrayAsync($"/review/{Enrolment.Slug}/export.csv?country=CL")), StringComparison.Ordinal);

        // In the reader's language, headings and states alike.
        var spanish = Encoding.UTF8.GetString(await admin.GetByteArrayAsync($"/review/{Enrolment.Slug}/export.csv?country=CL&lang=es")).TrimStart('\uFEFF');
        Assert.StartsWith("Id,Nombre,Correo electrónico,País", spanish, StringComparison.Ordinal);
        Assert.Contains(",En revisión,", spanish, StringComparison.Ordinal);
        // A country by its name, as the page and the reports write it.
        Assert.Equal("Chile", lines[1].Split(',')[3]);
    }

    [Fact]
    public async Task The_export_for_a_decimal_comma_writes_the_averages_with_one_and_separates_cells_with_semicolons()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(2);
        await Score(admin, ids[0], 4, 4, 5, null);

        var link = Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}?country=CL")).QuerySelector("a.csv-decimal-comma")!.GetAttribute("href")!;
        var comma = Encoding.UTF8.GetString(await admin.GetByteArrayAsync(link)).TrimStart('\uFEFF');
        var point = Encoding.UTF8.GetString(await admin.GetByteArrayAsync($"/review/{Enrolment.Slug}/export.csv?country=CL")).TrimStart('\uFEFF');

        Assert.Equal($"/review/{Enrolment.Slug}/export.csv?country=CL&decimal=comma", link);
        Assert.StartsWith("Id;Name;Email;Country;", comma, StringComparison.Ordinal);
        Assert.Contains(";4,33;1;", comma, StringComparison.Ordinal);
        Assert.Contains(",4.33,1,", point, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instructors_score_but_only_admins_decide()
    {
        await _site.CreateAsync("teacher@institute.org", Roles.Instructor);
        var courseId = await _site.WithDbAsync(db => db.Courses.Select(c => c.Id).SingleAsync());
        await _site.WithDbAsync(db => { db.CourseInstructors.Add(new Data.Entities.CourseInstructor { CourseId = courseId, UserId = db.Users.Single(u => u.Email == "teacher@institute.org").Id }); return db.SaveChangesAsync(); });
        var teacher = await _site.SignedInBrowserAsync("teacher@institute.org");
        var ids = await _site.AddApplicantsAsync(1);

        Assert.Equal(HttpStatusCode.Redirect, (await Score(teacher, ids[0], 4, 4, 4, null)).StatusCode);
        var decide = await teacher.DecideAsync(ids, Decision.Accept);

        Assert.Contains("/account/access-denied", decide.Headers.Location!.ToString());
        Assert.Equal(ApplicationState.Submitted, (await _site.ApplicationAsync(ids[0])).State);
    }

    [Fact]
    public async Task Instructor_of_another_course_cannot_see_the_applications()
    {
        await _site.CreateAsync("other@institute.org", Roles.Instructor);
        var other = await _site.SignedInBrowserAsync("other@institute.org");

        var response = await other.GetAsync($"/review/{Enrolment.Slug}");

        Assert.Contains("/account/access-denied", response.Headers.Location!.ToString());
    }

    private static Task<HttpResponseMessage> Score(HttpClient reviewer, int id, int a, int b, int c, string? comment) =>
        reviewer.PostFormAsync($"/review/{Enrolment.Slug}/applications/{id}", $"/review/{Enrolment.Slug}/applications/{id}/score",
        [
            new("scores[0]", a.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("scores[1]", b.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("scores[2]", c.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("comment", comment ?? ""),
        ]);
}
