using System.Net;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Features.Scholarships;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CourseHub.Web.Tests.Applications;

public sealed class ScholarshipTests : IDisposable
{
    private readonly TestSite _site = Enrolment.SiteWithCourse(capacity: 10, scholarships: 2);

    public void Dispose() => _site.Dispose();

    private async Task<HttpClient> AdminAsync()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        return await _site.SignedInBrowserAsync("coordinator@institute.org");
    }

    private Task<HttpResponseMessage> Award(HttpClient admin, int id) =>
        admin.SubmitAsync($"/review/{Enrolment.Slug}/scholarships", $"/review/{Enrolment.Slug}/scholarships/{id}/award", new Dictionary<string, string>());

    [Fact]
    public async Task Awards_stop_at_the_quota_and_the_board_counts_them()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(3, ApplicationState.Accepted, scholarship: true);

        Assert.Equal(HttpStatusCode.Redirect, (await Award(admin, ids[0])).StatusCode);
        Assert.Equal("Scholarship offered to Applicant applicant 0, who has been told by mail.",
            (await admin.GetPageAsync($"/review/{Enrolment.Slug}/scholarships")).QuerySelector(".alert[data-notice]")!.Text().Trim());
        Assert.Equal(HttpStatusCode.Redirect, (await Award(admin, ids[1])).StatusCode);
        var third = await Award(admin, ids[2]);

        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Contains("All 2 scholarships are already awarded.", await third.Content.ReadAsStringAsync());
        var board = Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}/scholarships"));
        Assert.Equal(("2", "2", "0", "0"), (board.QuerySelector("#count-quota").Text(), board.QuerySelector("#count-awarded").Text(),
            board.QuerySelector("#count-accepted").Text(), board.QuerySelector("#count-remaining").Text()));
        var offer = await _site.LastMailAsync("applicant0@gob.test", ApplicationMails.ScholarshipAwardedKind);
        Assert.Contains("before", offer.TextBody);
    }

    [Fact]
    public async Task The_offer_says_what_the_scholarship_covers_and_gives_its_deadline_in_the_recipients_own_zone()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(2, ApplicationState.Accepted, scholarship: true);
        await _site.WithDbAsync(async db =>
        {
            (await db.Courses.SingleAsync()).ScholarshipNote = "Travel, lodging and meals in Santiago.";
            (await db.Users.SingleAsync(u => u.Email == "applicant0@gob.test")).TimeZone = "Europe/Madrid";
            return await db.SaveChangesAsync();
        });

        await Award(admin, ids[0]);
        await Award(admin, ids[1]);

        var abroad = (await _site.LastMailAsync("applicant0@gob.test", ApplicationMails.ScholarshipAwardedKind)).TextBody!;
        // The course's own words, quoted as such: they are in its language, which may not be the mail's.
        Assert.Contains("What the course says of its scholarships:", abroad, StringComparison.Ordinal);
        Assert.Contains("“Travel, lodging and meals in Santiago.”", abroad, StringComparison.Ordinal);
        Assert.Contains("before Wed 2 Dec 2026, 03:59 (GMT+1, Madrid time)", abroad, StringComparison.Ordinal);   // 1 Dec, 23:59 in Santiago
        var home = await _site.LastMailAsync("applicant1@gob.test", ApplicationMails.ScholarshipAwardedKind);
        Assert.Contains("(GMT-3, hora de Santiago)", home.TextBody, StringComparison.Ordinal);   // in the recipient's language, Spanish
        // The subject says it is an offer, and the day to answer by.
        Assert.Equal("Oferta de beca para «Policy Lab»: responda hasta el 1 dic", home.Subject);
        // Abroad, the course's last minute falls early on the reader's next day: the subject gives the hour too.
        Assert.Equal("A scholarship offer for “Policy Lab”: please answer by 2 Dec, 03:59",
            (await _site.LastMailAsync("applicant0@gob.test", ApplicationMails.ScholarshipAwardedKind)).Subject);
    }

    [Fact]
    public async Task An_application_offered_a_scholarship_a_second_time_is_mailed_the_second_offer_too()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(2, ApplicationState.Accepted, scholarship: true);
        await Award(admin, ids[0]);
        await Award(admin, ids[1]);
        // The first awardee loses the place, and so the offer, which waits: no one else is on the reserve list.
        await admin.DecideAsync([ids[0]], Decision.Waitlist);
        _site.Clock.Advance(TimeSpan.FromHours(2));

        // Accepted again, they are first on the reserve list and offered the freed scholarship anew.
        await admin.DecideAsync([ids[0]], Decision.Accept);

        Assert.Equal(ScholarshipState.Awarded, (await _site.ApplicationAsync(ids[0])).Scholarship);
        Assert.Equal(2, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == ApplicationMails.ScholarshipAwardedKind && m.ToAddress == "applicant0@gob.test")));
    }

    [Fact]
    public async Task A_board_without_requests_says_so_instead_of_an_empty_table()
    {
        var admin = await AdminAsync();
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);

        var board = Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}/scholarships"));

        Assert.Null(board.QuerySelector("table"));
        Assert.StartsWith("No one has asked for a scholarship for this course yet", board.QuerySelector(".empty-state")!.Text().Trim(), StringComparison.Ordinal);
        Assert.Equal("2", board.QuerySelector("#count-remaining")!.Text());
    }

    [Fact]
    public async Task Only_accepted_applicants_can_be_awarded()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1, ApplicationState.Submitted, scholarship: true);

        var response = await Award(admin, ids[0]);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ScholarshipState.Requested, (await _site.ApplicationAsync(ids[0])).Scholarship);
    }

    [Fact]
    public async Task A_deleted_account_is_on_the_board_but_no_one_to_award_a_scholarship_to()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(2, ApplicationState.Accepted, scholarship: true);
        // An account deleted after its course ended keeps its accepted application, without a person behind it.
        await _site.WithDbAsync(db => db.Applications.Where(a => a.Id == ids[0]).ExecuteUpdateAsync(set => set.SetProperty(a => a.UserId, (string?)null)));

        var board = await admin.GetPageAsync($"/review/{Enrolment.Slug}/scholarships?lang=es");
        var refused = await Award(admin, ids[0]);

        Assert.Contains("(cuenta eliminada)", board.QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);
        Assert.Single(board.QuerySelectorAll("form[action$='/award']"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("The applicant deleted their account.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ScholarshipState.Requested, (await _site.ApplicationAsync(ids[0])).Scholarship);
    }

    [Fact]
    public async Task An_admin_who_applied_neither_sees_nor_awards_their_own_request()
    {
        var admin = await AdminAsync();
        var others = await _site.AddApplicantsAsync(1, ApplicationState.Accepted, scholarship: true);
        var own = await _site.WithDbAsync(async db =>
        {
            var application = new Data.Entities.Application
            {
                CourseId = await db.Courses.Select(c => c.Id).SingleAsync(), UserId = await db.Users.Where(u => u.Email == "coordinator@institute.org").Select(u => u.Id).SingleAsync(),
                Motivation = "M.", RelationToWork = "R.", SubmittedUtc = TestSite.DefaultNow.UtcDateTime, Country = "CL",
                State = ApplicationState.Accepted, Scholarship = ScholarshipState.Requested,
            };
            db.Applications.Add(application);
            await db.SaveChangesAsync();
            return application.Id;
        });

        var board = await admin.GetPageAsync($"/review/{Enrolment.Slug}/scholarships");
        var refused = await Award(admin, own);

        Assert.Equal([others[0]], board.QuerySelectorAll("form[action$='/award']").Select(f => int.Parse(f.GetAttribute("action")!.Split('/')[^2])).ToArray());
        Assert.DoesNotContain("Test coordinator", board.QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("You cannot award a scholarship to yourself.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ScholarshipState.Requested, (await _site.ApplicationAsync(own)).Scholarship);
    }

    [Fact]
    public async Task A_second_offer_accepted_is_confirmed_by_mail_as_the_first_was()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1, ApplicationState.Accepted, scholarship: true);
        await Award(admin, ids[0]);
        var recipient = await _site.SignInAddedPersonAsync("applicant0@gob.test");
        var accept = new Dictionary<string, string> { ["accept"] = "true" };
        await recipient.SubmitAsync("/applications", $"/applications/{ids[0]}/scholarship", accept);
        // The scholarship was lost (its holder moved to the waitlist) and, accepted again, they are offered one anew.
        _site.Clock.Advance(TimeSpan.FromDays(2));
        await _site.WithDbAsync(db => db.Applications.Where(a => a.Id == ids[0]).ExecuteUpdateAsync(set => set
            .SetProperty(a => a.Scholarship, ScholarshipState.Awarded)
            .SetProperty(a => a.ScholarshipAwardedUtc, _site.Clock.GetUtcNow().UtcDateTime)
            .SetProperty(a => a.ScholarshipReplyByUtc, _site.Clock.GetUtcNow().UtcDateTime.AddDays(7))));

        await recipient.SubmitAsync("/applications", $"/applications/{ids[0]}/scholarship", accept);

        Assert.Equal(2, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == ApplicationMails.ScholarshipAcceptedKind)));
    }

    [Fact]
    public async Task Recipient_accepts_before_the_deadline()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1, ApplicationState.Accepted, scholarship: true);
        await Award(admin, ids[0]);
        var recipient = await _site.SignInAddedPersonAsync("applicant0@gob.test");

        var response = await recipient.SubmitAsync("/applications", $"/applications/{ids[0]}/scholarship", new Dictionary<string, string> { ["accept"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ScholarshipState.Accepted, (await _site.ApplicationAsync(ids[0])).Scholarship);
        var confirmed = await _site.LastMailAsync("applicant0@gob.test", ApplicationMails.ScholarshipAcceptedKind);
        // It says what the course's scholarships cover, where the course says so, and promises nothing else.
        Assert.DoesNotContain("lodging", confirmed.TextBody, StringComparison.Ordinal);
        Assert.Contains("next steps", confirmed.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declining_and_withdrawing_ask_first_saying_what_passes_on()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1, ApplicationState.Accepted, scholarship: true);
        await Award(admin, ids[0]);
        var recipient = await _site.SignInAddedPersonAsync("applicant0@gob.test");
        var list = Html.Parse(await recipient.GetStringAsync("/applications"));
        Assert.NotNull(list.QuerySelector($"a[href='/applications/{ids[0]}/scholarship/decline']"));

        var decline = Html.Parse(await recipient.GetStringAsync($"/applications/{ids[0]}/scholarship/decline"));
        var withdraw = Html.Parse(await recipient.GetStringAsync($"/applications/{ids[0]}/withdraw"));

        Assert.Contains("passes to the next person on the reserve list", decline.QuerySelector("main").Text());
        Assert.Equal("false", decline.QuerySelector($"form[action='/applications/{ids[0]}/scholarship'] input[name=accept]")!.GetAttribute("value"));
        Assert.Contains("Your seat goes to the next person on the waitlist", withdraw.QuerySelector("main").Text());
        Assert.Contains("Your scholarship passes to the next person on the reserve list", withdraw.QuerySelector("main").Text());
        var application = await _site.ApplicationAsync(ids[0]);
        Assert.Equal((ApplicationState.Accepted, ScholarshipState.Awarded), (application.State, application.Scholarship));
    }

    [Fact]
    public async Task A_recipient_who_accepted_can_give_the_scholarship_back_keeping_their_place_and_it_passes_on()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(3, ApplicationState.Accepted, scholarship: true);
        await GiveAverage(ids[2], 4);
        await Award(admin, ids[0]);
        await Award(admin, ids[1]);
        var recipient = await _site.SignInAddedPersonAsync("applicant0@gob.test");
        Assert.Null(Html.Parse(await recipient.GetStringAsync("/applications")).QuerySelector($"a[href='/applications/{ids[0]}/scholarship/give-back']"));
        await recipient.SubmitAsync("/applications", $"/applications/{ids[0]}/scholarship", new Dictionary<string, string> { ["accept"] = "true" });

        var list = Html.Parse(await recipient.GetStringAsync("/applications"));
        Assert.NotNull(list.QuerySelector($"a[href='/applications/{ids[0]}/scholarship/give-back']"));
        var ask = Html.Parse(await recipient.GetStringAsync($"/applications/{ids[0]}/scholarship/give-back"));
        Assert.Contains("You keep your place in the course.", ask.QuerySelector("main").Text(), StringComparison.Ordinal);
        var response = await recipient.SubmitAsync($"/applications/{ids[0]}/scholarship/give-back", $"/applications/{ids[0]}/scholarship/give-back", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var application = await _site.ApplicationAsync(ids[0]);
        Assert.Equal((ApplicationState.Accepted, ScholarshipState.GivenBack), (application.State, application.Scholarship));
        Assert.Equal(ScholarshipState.Awarded, (await _site.ApplicationAsync(ids[2])).Scholarship);
        var mail = await _site.LastMailAsync("applicant0@gob.test", ApplicationMails.ScholarshipEndedKind);
        Assert.Equal("You gave back the scholarship for “Policy Lab”", mail.Subject);
        var after = Html.Parse(await recipient.GetStringAsync("/applications"));
        Assert.Contains("Given back", after.QuerySelector($"#application-{ids[0]} .scholarship-state")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Scholarship given back", after.QuerySelector($"#application-{ids[0]} .application-history")!.TextContent, StringComparison.Ordinal);

        // Once given back, it cannot be given back again, nor by anyone else.
        var again = await recipient.SubmitAsync("/applications", $"/applications/{ids[0]}/scholarship/give-back", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var other = await _site.SignInAddedPersonAsync("applicant1@gob.test");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/applications/{ids[0]}/scholarship/give-back")).StatusCode);
        Assert.Equal(1, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == ApplicationMails.ScholarshipEndedKind)));
    }

    [Fact]
    public async Task A_declined_award_passes_to_the_best_ranked_request_on_the_reserve_list()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(4, ApplicationState.Accepted, scholarship: true);
        await GiveAverage(ids[2], 5);
        await GiveAverage(ids[3], 3);
        await Award(admin, ids[0]);
        await Award(admin, ids[1]);
        var recipient = await _site.SignInAddedPersonAsync("applicant0@gob.test");

        await recipient.SubmitAsync("/applications", $"/applications/{ids[0]}/scholarship", new Dictionary<string, string> { ["accept"] = "false" });

        Assert.Equal(ScholarshipState.Declined, (await _site.ApplicationAsync(ids[0])).Scholarship);
        Assert.Equal(ScholarshipState.Awarded, (await _site.ApplicationAsync(ids[2])).Scholarship);
        Assert.Equal(ScholarshipState.Requested, (await _site.ApplicationAsync(ids[3])).Scholarship);
        var declined = await _site.LastMailAsync("applicant0@gob.test", ApplicationMails.ScholarshipEndedKind);
        Assert.Equal("You declined the scholarship for “Policy Lab”", declined.Subject);   // a confirmation of their own decision
        Assert.Contains("Your place in the course is unchanged.", declined.TextBody, StringComparison.Ordinal);
        Assert.NotNull(await _site.LastMailAsync("applicant2@gob.test", ApplicationMails.ScholarshipAwardedKind));
    }

    [Fact]
    public async Task An_unanswered_award_lapses_at_its_deadline_and_passes_on()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(3, ApplicationState.Accepted, scholarship: true);
        await Award(admin, ids[0]);
        await Award(admin, ids[1]);

        // Five days to answer, from an offer made at 12:00 in Santiago: until the fifth day's end, 1 Dec, 23:59 there.
        _site.Clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromHours(11) + TimeSpan.FromMinutes(59) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await Sweep());
        _site.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await Sweep());

        Assert.Equal(ScholarshipState.Lapsed, (await _site.ApplicationAsync(ids[0])).Scholarship);
        Assert.Equal(ScholarshipState.Awarded, (await _site.ApplicationAsync(ids[2])).Scholarship);
        var lapsed = await _site.LastMailAsync("applicant0@gob.test", ApplicationMails.ScholarshipEndedKind);
        Assert.Contains("passed without an answer", lapsed.TextBody);
    }

    [Fact]
    public async Task A_lapsed_offer_with_no_one_to_pass_to_can_be_made_again_by_hand()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(1, ApplicationState.Accepted, scholarship: true);
        await Award(admin, ids[0]);
        _site.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await Sweep());
        Assert.Equal(ScholarshipState.Lapsed, (await _site.ApplicationAsync(ids[0])).Scholarship);

        var board = Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}/scholarships"));
        Assert.Equal("Offer again", board.QuerySelector($"tr[data-application='{ids[0]}'] form[action$='/award'] button").Text());
        Assert.Equal(HttpStatusCode.Redirect, (await Award(admin, ids[0])).StatusCode);

        var application = await _site.ApplicationAsync(ids[0]);
        Assert.Equal(ScholarshipState.Awarded, application.Scholarship);
        Assert.True(application.ScholarshipReplyByUtc > _site.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(2, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == "applicant0@gob.test" && m.Kind == ApplicationMails.ScholarshipAwardedKind)));
    }

    [Fact]
    public async Task Recipients_who_have_not_answered_are_reminded_once_two_days_before_the_deadline_in_their_language()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(2, ApplicationState.Accepted, scholarship: true);   // applicant1 reads Spanish
        await Award(admin, ids[0]);
        await Award(admin, ids[1]);

        // Five days to answer, until 1 Dec, 23:59 in Santiago: reminded two days before, on 29 Nov at 23:59.
        _site.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(11) + TimeSpan.FromMinutes(59) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await Remind());
        _site.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await Remind());
        Assert.Equal(0, await Remind());

        var english = await _site.LastMailAsync("applicant0@gob.test", ApplicationMails.ScholarshipReminderKind);
        Assert.Equal("Reminder: please answer the scholarship offer for “Policy Lab”", english.Subject);
        Assert.Contains("before Tue 1 Dec 2026, 23:59 (GMT-3, Santiago time)", english.TextBody, StringComparison.Ordinal);
        var spanish = await _site.LastMailAsync("applicant1@gob.test", ApplicationMails.ScholarshipReminderKind);
        Assert.Equal("Recordatorio: responda a la oferta de beca para «Policy Lab»", spanish.Subject);
        var history = Html.Parse(await (await _site.SignInAddedPersonAsync("applicant0@gob.test")).GetStringAsync("/applications"))
            .QuerySelector($"#application-{ids[0]} .application-history")!.TextContent;
        Assert.Contains("Reminded to answer the scholarship offer", history, StringComparison.Ordinal);

        _site.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(2, await Sweep());
        Assert.Equal(0, await Remind());
        Assert.Equal(2, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == ApplicationMails.ScholarshipReminderKind)));
    }

    [Fact]
    public async Task An_offer_already_answered_is_not_reminded_of()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(2, ApplicationState.Accepted, scholarship: true);
        await Award(admin, ids[0]);
        await Award(admin, ids[1]);
        var accepting = await _site.SignInAddedPersonAsync("applicant0@gob.test");
        await accepting.SubmitAsync("/applications", $"/applications/{ids[0]}/scholarship", new Dictionary<string, string> { ["accept"] = "true" });
        var declining = await _site.SignInAddedPersonAsync("applicant1@gob.test");
        await declining.SubmitAsync("/applications", $"/applications/{ids[1]}/scholarship", new Dictionary<string, string> { ["accept"] = "false" });

        _site.Clock.Advance(TimeSpan.FromDays(4));

        Assert.Equal(0, await Remind());
        Assert.False(await _site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Kind == ApplicationMails.ScholarshipReminderKind)));
    }

    [Fact]
    public async Task A_withdrawing_holder_s_seat_and_scholarship_both_go_to_the_applicant_promoted_from_the_waitlist()
    {
        var admin = await AdminAsync();
        var holder = await _site.AddApplicantsAsync(1, ApplicationState.Accepted, scholarship: true, prefix: "holder");
        var waiting = await _site.AddApplicantsAsync(1, ApplicationState.Waitlisted, scholarship: true, prefix: "waiting");
        await _site.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync();
            (course.Capacity, course.ScholarshipQuota) = (1, 1);
            return await db.SaveChangesAsync();
        });
        await Award(admin, holder[0]);
        var person = await _site.SignInAddedPersonAsync("holder0@gob.test");
        await person.SubmitAsync("/applications", $"/applications/{holder[0]}/scholarship", new Dictionary<string, string> { ["accept"] = "true" });

        await person.SubmitAsync("/applications", $"/applications/{holder[0]}/withdraw", new Dictionary<string, string>());

        var promoted = await _site.ApplicationAsync(waiting[0]);
        Assert.Equal((ApplicationState.Accepted, ScholarshipState.Awarded), (promoted.State, promoted.Scholarship));
        Assert.NotNull(await _site.LastMailAsync("waiting0@gob.test", ApplicationMails.ScholarshipAwardedKind));
    }

    [Fact]
    public async Task A_holder_moved_to_the_waitlist_and_accepted_again_can_be_awarded_again()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(2, ApplicationState.Accepted, scholarship: true);
        await _site.WithDbAsync(async db => { (await db.Courses.SingleAsync()).ScholarshipQuota = 1; return await db.SaveChangesAsync(); });
        await Award(admin, ids[0]);

        await admin.DecideAsync([ids[0]], Decision.Waitlist);
        Assert.Equal(ScholarshipState.Forfeited, (await _site.ApplicationAsync(ids[0])).Scholarship);
        Assert.Equal(ScholarshipState.Awarded, (await _site.ApplicationAsync(ids[1])).Scholarship);   // the next on the reserve list
        // A second scholarship, new room in the quota: the admins' to give, not passed on by itself.
        await _site.WithDbAsync(async db => { (await db.Courses.SingleAsync()).ScholarshipQuota = 2; return await db.SaveChangesAsync(); });
        await admin.DecideAsync([ids[0]], Decision.Accept);
        Assert.Equal(ScholarshipState.Forfeited, (await _site.ApplicationAsync(ids[0])).Scholarship);
        // Accepted again, the request stands again: it reads as one, on the board and to the applicant.
        var row = Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}/scholarships")).QuerySelector($"tr[data-application=\"{ids[0]}\"]")
            ?? throw new InvalidOperationException("no row");
        Assert.Contains("Requested", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Ended with the place", row.TextContent, StringComparison.Ordinal);
        var holder = await _site.SignInAddedPersonAsync("applicant0@gob.test");
        Assert.Equal("Requested", (await holder.GetPageAsync("/applications")).QuerySelector($"#application-{ids[0]} .scholarship-state").Text());

        Assert.Equal(HttpStatusCode.Redirect, (await Award(admin, ids[0])).StatusCode);
        Assert.Equal(ScholarshipState.Awarded, (await _site.ApplicationAsync(ids[0])).Scholarship);
        var audit = await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "scholarship.awarded" && e.ApplicationId == ids[0]).OrderBy(e => e.Id).Select(e => e.Before).ToListAsync());
        Assert.Equal(["Requested", "Forfeited"], audit);
    }

    [Fact]
    public async Task Withdrawing_an_awardee_passes_the_scholarship_on()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(2, ApplicationState.Accepted, scholarship: true);
        await _site.WithDbAsync(async db => { (await db.Courses.SingleAsync()).ScholarshipQuota = 1; return await db.SaveChangesAsync(); });
        await Award(admin, ids[0]);
        var recipient = await _site.SignInAddedPersonAsync("applicant0@gob.test");

        await recipient.SubmitAsync("/applications", $"/applications/{ids[0]}/withdraw", new Dictionary<string, string>());

        Assert.Equal(ScholarshipState.Forfeited, (await _site.ApplicationAsync(ids[0])).Scholarship);
        Assert.Equal(ScholarshipState.Awarded, (await _site.ApplicationAsync(ids[1])).Scholarship);
        // The one who withdrew gets one mail that says both: the withdrawal, and the scholarship passing on.
        var withdrawn = await _site.LastMailAsync("applicant0@gob.test", ApplicationMails.WithdrawnKind);
        Assert.Contains("Your scholarship for this course passes to the next person on the reserve list, if there is one.", withdrawn.TextBody, StringComparison.Ordinal);
        Assert.False(await _site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "applicant0@gob.test" && m.Kind == ApplicationMails.ScholarshipEndedKind)));
        // Each history says what happened to its own application: one lost the scholarship, the next was offered it.
        var lost = Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}/applications/{ids[0]}")).QuerySelectorAll("ol li").Select(li => li.Text()).ToList();
        Assert.Contains(lost, line => line.Contains("Scholarship lost with the place", StringComparison.Ordinal));
        Assert.DoesNotContain(lost, line => line.Contains("passed on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_award_declined_while_no_one_is_on_the_reserve_list_goes_to_the_next_applicant_accepted_who_asked_for_one()
    {
        var admin = await AdminAsync();
        var holders = await _site.AddApplicantsAsync(2, ApplicationState.Accepted, scholarship: true);
        var later = await _site.AddApplicantsAsync(2, ApplicationState.Submitted, scholarship: true, prefix: "later");
        await GiveAverage(later[1], 5);
        await Award(admin, holders[0]);
        await Award(admin, holders[1]);
        var recipient = await _site.SignInAddedPersonAsync("applicant0@gob.test");

        await recipient.SubmitAsync("/applications", $"/applications/{holders[0]}/scholarship", new Dictionary<string, string> { ["accept"] = "false" });

        var board = Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}/scholarships"));
        Assert.Equal("1", board.QuerySelector("#count-remaining").Text());
        Assert.Contains("One scholarship came free while no one was on the reserve list", board.QuerySelector("#waiting-to-pass-on")!.TextContent, StringComparison.Ordinal);

        // Accepted together, the better ranked first: the freed award is theirs, and only one award is given.
        await admin.DecideAsync(later, Decision.Accept);

        Assert.Equal(ScholarshipState.Awarded, (await _site.ApplicationAsync(later[1])).Scholarship);
        Assert.Equal(ScholarshipState.Requested, (await _site.ApplicationAsync(later[0])).Scholarship);
        Assert.NotNull(await _site.LastMailAsync("later1@gob.test", ApplicationMails.ScholarshipAwardedKind));
        var after = Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}/scholarships"));
        Assert.Equal("0", after.QuerySelector("#count-remaining").Text());
        Assert.Null(after.QuerySelector("#waiting-to-pass-on"));
        Assert.Equal(0, await _site.WithDbAsync(db => db.Courses.Select(c => c.ScholarshipsToPassOn).SingleAsync()));
    }

    [Fact]
    public async Task An_award_lapsed_while_no_one_is_on_the_reserve_list_goes_to_the_requester_the_waitlist_gives_a_freed_seat()
    {
        var admin = await AdminAsync();
        var holders = await _site.AddApplicantsAsync(1, ApplicationState.Accepted, scholarship: true);
        var seated = await _site.AddApplicantsAsync(1, ApplicationState.Accepted, prefix: "seated");
        var waiting = await _site.AddApplicantsAsync(1, ApplicationState.Waitlisted, scholarship: true, prefix: "waiting");
        await _site.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync();
            (course.Capacity, course.ScholarshipQuota) = (2, 1);
            return await db.SaveChangesAsync();
        });
        await Award(admin, holders[0]);
        _site.Clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(1, await Sweep());
        Assert.Equal(ScholarshipState.Requested, (await _site.ApplicationAsync(waiting[0])).Scholarship);

        // A participant without a scholarship withdraws: the seat goes to the waitlist, and the freed award with it.
        var leaving = await _site.SignInAddedPersonAsync("seated0@gob.test");
        await leaving.SubmitAsync("/applications", $"/applications/{seated[0]}/withdraw", new Dictionary<string, string>());

        var promoted = await _site.ApplicationAsync(waiting[0]);
        Assert.Equal((ApplicationState.Accepted, ScholarshipState.Awarded), (promoted.State, promoted.Scholarship));
        Assert.NotNull(await _site.LastMailAsync("waiting0@gob.test", ApplicationMails.ScholarshipAwardedKind));
    }

    [Fact]
    public async Task Only_freed_awards_pass_on_by_themselves_the_room_never_awarded_stays_the_admins_to_give()
    {
        var admin = await AdminAsync();
        await _site.WithDbAsync(async db => { (await db.Courses.SingleAsync()).ScholarshipQuota = 3; return await db.SaveChangesAsync(); });
        var holders = await _site.AddApplicantsAsync(2, ApplicationState.Accepted, scholarship: true);
        var later = await _site.AddApplicantsAsync(2, ApplicationState.Submitted, scholarship: true, prefix: "later");
        await Award(admin, holders[0]);
        await Award(admin, holders[1]);
        var recipient = await _site.SignInAddedPersonAsync("applicant0@gob.test");
        await recipient.SubmitAsync("/applications", $"/applications/{holders[0]}/scholarship", new Dictionary<string, string> { ["accept"] = "false" });

        await admin.DecideAsync([later[0]], Decision.Accept);
        await admin.DecideAsync([later[1]], Decision.Accept);

        Assert.Equal(ScholarshipState.Awarded, (await _site.ApplicationAsync(later[0])).Scholarship);
        Assert.Equal(ScholarshipState.Requested, (await _site.ApplicationAsync(later[1])).Scholarship);
        var board = Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}/scholarships"));
        Assert.Equal("1", board.QuerySelector("#count-remaining").Text());
        Assert.Null(board.QuerySelector("#waiting-to-pass-on"));
        Assert.NotNull(board.QuerySelector($"tr[data-application='{later[1]}'] form[action$='/award']"));
    }

    [Fact]
    public async Task A_quota_lowered_below_what_waits_takes_the_freed_awards_back_for_good()
    {
        var admin = await AdminAsync();
        await _site.WithDbAsync(async db => { (await db.Courses.SingleAsync()).ScholarshipQuota = 3; return await db.SaveChangesAsync(); });
        var holders = await _site.AddApplicantsAsync(3, ApplicationState.Accepted, scholarship: true);
        var later = await _site.AddApplicantsAsync(1, ApplicationState.Submitted, scholarship: true, prefix: "later");
        foreach (var id in holders) await Award(admin, id);
        await admin.DecideAsync([holders[1], holders[2]], Decision.Reject);   // two awards end, no one waits for them
        Assert.Equal(2, await _site.WithDbAsync(db => db.Courses.Select(c => c.ScholarshipsToPassOn).SingleAsync()));

        await SaveQuotaAsync(admin, 1);
        await SaveQuotaAsync(admin, 3);
        await admin.DecideAsync(later, Decision.Accept);

        Assert.Equal(ScholarshipState.Requested, (await _site.ApplicationAsync(later[0])).Scholarship);
        Assert.Equal(0, await _site.WithDbAsync(db => db.Courses.Select(c => c.ScholarshipsToPassOn).SingleAsync()));
    }

    /// <summary>The quota changed through the course form, as an admin changes it.</summary>
    private async Task SaveQuotaAsync(HttpClient admin, int quota)
    {
        var edit = $"/admin/courses/{Enrolment.Slug}/edit";
        var form = (await admin.GetPageAsync(edit)).QuerySelectorAll("form.course-form input[name], form.course-form select[name], form.course-form textarea[name]")
            .Where(e => e.GetAttribute("type") is not ("checkbox" or "radio") || e.HasAttribute("checked"))
            .GroupBy(e => e.GetAttribute("name")!)
            .ToDictionary(g => g.Key, g => g.First() switch
            {
                AngleSharp.Html.Dom.IHtmlSelectElement select => select.Value ?? "",
                AngleSharp.Html.Dom.IHtmlTextAreaElement area => area.Value,
                var input => input.GetAttribute("value") ?? "",
            });
        form.Remove("__RequestVerificationToken");
        form["Scholarships"] = quota.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var saved = await admin.SubmitAsync(edit, edit, form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
    }

    [Fact]
    public async Task An_award_that_lapses_after_the_course_is_over_is_neither_passed_on_nor_said_to_wait()
    {
        var admin = await AdminAsync();
        var ids = await _site.AddApplicantsAsync(3, ApplicationState.Accepted, scholarship: true);
        await Award(admin, ids[0]);
        var endsUtc = await _site.WithDbAsync(db => db.Courses.Select(c => c.EndsUtc).SingleAsync());
        _site.Clock.SetUtcNow(new DateTimeOffset(endsUtc.AddDays(1), TimeSpan.Zero));
        await _site.WithDbAsync(async db =>
        {
            (await db.Applications.SingleAsync(a => a.Id == ids[0])).ScholarshipReplyByUtc = endsUtc;
            return await db.SaveChangesAsync();
        });

        Assert.Equal(1, await Sweep());

        Assert.Equal(ScholarshipState.Lapsed, (await _site.ApplicationAsync(ids[0])).Scholarship);
        Assert.Equal(ScholarshipState.Requested, (await _site.ApplicationAsync(ids[1])).Scholarship);
        admin = await _site.SignedInBrowserAsync("coordinator@institute.org");   // months later: a new sign-in
        Assert.Null(Html.Parse(await admin.GetStringAsync($"/review/{Enrolment.Slug}/scholarships")).QuerySelector("#waiting-to-pass-on"));
    }

    private async Task<int> Sweep()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ScholarshipWorkflow>().LapseOverdueAsync(CancellationToken.None);
    }

    private async Task<int> Remind()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ScholarshipWorkflow>().RemindUnansweredAsync(CancellationToken.None);
    }

    private Task<int> GiveAverage(int applicationId, int score) => _site.WithDbAsync(async db =>
    {
        var reviewer = await db.Users.FirstAsync();
        db.ApplicationReviews.Add(new Data.Entities.ApplicationReview
        {
            ApplicationId = applicationId, ReviewerId = reviewer.Id, Scores = [score, score, score], Average = score,
        });
        return await db.SaveChangesAsync();
    });
}
