using System.Net;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Features.Sessions;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Infrastructure.Security;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Applications;
using CourseHub.Web.Tests.Learning;
using Ical.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CourseHub.Web.Tests.Sessions;

public sealed class SessionFeaturesTests : IDisposable
{
    private readonly TestSite _site = Enrolment.SiteWithCourse(capacity: 10);

    public void Dispose() => _site.Dispose();

    private const string Sessions = $"/courses/{Enrolment.Slug}/sessions";

    private async Task<HttpClient> AdminWithSessionAsync(string startsLocal = "2027-05-05T15:00")
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        await admin.SubmitAsync(Sessions, Sessions, new Dictionary<string, string>
        {
            ["Title"] = "Opening", ["Organisation"] = "ECLAC", ["StartsLocal"] = startsLocal, ["Minutes"] = "60", ["JoinUrl"] = "https://zoom.us/j/1",
        });
        return admin;
    }

    [Fact]
    public async Task Personal_feed_lists_the_sessions_of_accepted_courses_and_a_revoked_address_is_404()
    {
        await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        var participant = await _site.SignInAddedPersonAsync("applicant0@gob.test");

        await participant.SubmitAsync("/account/calendar", "/account/calendar", new Dictionary<string, string>());
        var page = Html.Parse(await participant.GetStringAsync("/account/calendar"));
        var feed = new Uri(page.QuerySelector("#feed-url")!.GetAttribute("value")!).PathAndQuery;
        Assert.StartsWith("webcal://", page.QuerySelector("a[href^='webcal:']")!.GetAttribute("href"));

        var anonymous = _site.NewBrowser();
        var calendar = Calendar.Load(await anonymous.GetStringAsync(feed))!;
        Assert.Equal("Opening", calendar.Events.Single().Summary);

        await participant.SubmitAsync("/account/calendar", "/account/calendar/off", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(feed)).StatusCode);
    }

    [Fact]
    public async Task A_course_unpublished_leaves_its_participants_feed_with_its_join_links_but_not_its_teachers()
    {
        await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        await _site.CreateAsync("teacher@institute.org", Roles.Instructor);
        await _site.WithDbAsync(async db =>
        {
            db.CourseInstructors.Add(new Data.Entities.CourseInstructor
            {
                CourseId = await db.Courses.Select(c => c.Id).SingleAsync(),
                UserId = await db.Users.Where(u => u.Email == "teacher@institute.org").Select(u => u.Id).SingleAsync(),
            });
            return await db.SaveChangesAsync();
        });
        async Task<string> FeedOf(HttpClient person)
        {
            await person.SubmitAsync("/account/calendar", "/account/calendar", new Dictionary<string, string>());
            return new Uri(Html.Parse(await person.GetStringAsync("/account/calendar")).QuerySelector("#feed-url")!.GetAttribute("value")!).PathAndQuery;
        }
        var participantFeed = await FeedOf(await _site.SignInAddedPersonAsync("applicant0@gob.test"));
        var teacherFeed = await FeedOf(await _site.SignedInBrowserAsync("teacher@institute.org"));

        await _site.WithDbAsync(db => db.Courses.ExecuteUpdateAsync(set => set.SetProperty(c => c.Published, false)));

        var anonymous = _site.NewBrowser();
        Assert.Empty(Calendar.Load(await anonymous.GetStringAsync(participantFeed))!.Events);
        Assert.Equal("Opening", Calendar.Load(await anonymous.GetStringAsync(teacherFeed))!.Events.Single().Summary);
    }

    [Fact]
    public async Task Cancelling_asks_first_saying_who_will_be_told_and_only_the_confirmation_cancels()
    {
        var admin = await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(3, ApplicationState.Accepted);
        await _site.AddApplicantsAsync(2, ApplicationState.Waitlisted, prefix: "waiting");
        await _site.AddApplicantsAsync(1, ApplicationState.Submitted, prefix: "new");
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted, prefix: "gone");
        // An account deleted after the course: its application keeps the seat, but nobody can be mailed.
        await _site.WithDbAsync(db => db.Applications.Where(a => a.User!.Email == "gone0@gob.test").ExecuteUpdateAsync(set => set.SetProperty(a => a.UserId, (string?)null)));
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        var list = Html.Parse(await admin.GetStringAsync(Sessions));
        Assert.Equal($"{Sessions}/{id}/cancel", list.QuerySelectorAll("a").Single(a => a.TextContent == "Cancel session · Opening").GetAttribute("href"));

        var question = Html.Parse(await admin.GetStringAsync($"{Sessions}/{id}/cancel"));

        Assert.Equal("Cancel this session?", question.QuerySelector("h1").Text());
        Assert.Contains("The 3 participants accepted into the course will receive the cancellation", question.QuerySelector("main").Text());
        Assert.False(await _site.WithDbAsync(db => db.LiveSessions.AnyAsync(s => s.Cancelled)));

        var response = await admin.SubmitAsync($"{Sessions}/{id}/cancel", $"{Sessions}/{id}/cancel", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await _site.WithDbAsync(db => db.LiveSessions.AnyAsync(s => s.Id == id && s.Cancelled)));
        // Asking again about a cancelled session leads back to the list.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync($"{Sessions}/{id}/cancel")).StatusCode);
    }

    [Fact]
    public async Task Another_courses_session_is_not_found_under_this_course()
    {
        _site.WriteSecondCourse("other-lab", "Other Lab", starts: "2027-05-03", ends: "2027-05-28", more: """
            sessions:
              - title: Other opening
                organisation: ECLAC
                starts: 2027-05-04 15:00
                minutes: 60
                join_url: https://zoom.us/j/2
            """);
        var admin = await AdminWithSessionAsync();
        var other = await _site.WithDbAsync(db => db.LiveSessions.Where(s => s.Course!.Slug == "other-lab").Select(s => s.Id).SingleAsync());

        var response = await admin.GetAsync($"{Sessions}/{other}/cancel");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_feed_speaks_its_owners_language()
    {
        await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        await _site.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Email == "applicant0@gob.test")).PreferredLanguage = "pt";
            return await db.SaveChangesAsync();
        });
        var participant = await _site.SignInAddedPersonAsync("applicant0@gob.test");
        await participant.SubmitAsync("/account/calendar", "/account/calendar", new Dictionary<string, string>());
        var feed = new Uri(Html.Parse(await participant.GetStringAsync("/account/calendar")).QuerySelector("#feed-url")!.GetAttribute("value")!).PathAndQuery;

        var calendarEvent = Calendar.Load(await _site.NewBrowser().GetStringAsync(feed))!.Events.Single();

        Assert.Contains("Link de acesso: https://zoom.us/j/1", calendarEvent.Description);
    }

    [Fact]
    public async Task Feed_leaves_out_courses_the_person_is_not_accepted_to()
    {
        await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(1, ApplicationState.Waitlisted);
        var participant = await _site.SignInAddedPersonAsync("applicant0@gob.test");
        await participant.SubmitAsync("/account/calendar", "/account/calendar", new Dictionary<string, string>());
        var feed = new Uri(Html.Parse(await participant.GetStringAsync("/account/calendar")).QuerySelector("#feed-url")!.GetAttribute("value")!).PathAndQuery;

        var calendar = Calendar.Load(await _site.NewBrowser().GetStringAsync(feed))!;

        Assert.Empty(calendar.Events);
    }

    [Fact]
    public async Task An_instructors_feed_holds_the_sessions_they_teach_and_a_locked_accounts_feed_stops()
    {
        var admin = await AdminWithSessionAsync();
        await _site.CreateAsync("teacher@institute.org", Roles.Instructor);
        var teacherId = await _site.WithDbAsync(async db =>
        {
            var teacher = await db.Users.SingleAsync(u => u.Email == "teacher@institute.org");
            db.CourseInstructors.Add(new Data.Entities.CourseInstructor { CourseId = await db.Courses.Select(c => c.Id).SingleAsync(), UserId = teacher.Id });
            await db.SaveChangesAsync();
            return teacher.Id;
        });
        var teacher = await _site.SignedInBrowserAsync("teacher@institute.org");
        await teacher.SubmitAsync("/account/calendar", "/account/calendar", new Dictionary<string, string>());
        var feed = new Uri(Html.Parse(await teacher.GetStringAsync("/account/calendar")).QuerySelector("#feed-url")!.GetAttribute("value")!).PathAndQuery;

        Assert.Equal("Opening", Calendar.Load(await _site.NewBrowser().GetStringAsync(feed))!.Events.Single().Summary);

        await admin.SubmitAsync($"/admin/users/{teacherId}", $"/admin/users/{teacherId}/lock", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.NotFound, (await _site.NewBrowser().GetAsync(feed)).StatusCode);
    }

    [Fact]
    public async Task Replacing_the_feed_address_retires_the_old_one()
    {
        await _site.CreateAsync("someone@gob.cl");
        var browser = await _site.SignedInBrowserAsync("someone@gob.cl");
        await browser.SubmitAsync("/account/calendar", "/account/calendar", new Dictionary<string, string>());
        var on = Html.Parse(await browser.GetStringAsync("/account/calendar"));
        var first = new Uri(on.QuerySelector("#feed-url")!.GetAttribute("value")!).PathAndQuery;

        await browser.SubmitAsync("/account/calendar", "/account/calendar", new Dictionary<string, string>());
        var renewed = Html.Parse(await browser.GetStringAsync("/account/calendar"));
        var second = new Uri(renewed.QuerySelector("#feed-url")!.GetAttribute("value")!).PathAndQuery;

        // The first time there was no old address to speak of.
        Assert.Equal("Your calendar feed is on: add its address to your calendar program.", on.QuerySelector("[role=status]")?.Text().Trim());
        Assert.Equal("Your calendar feed has a new address; the old one no longer works.", renewed.QuerySelector("[role=status]")?.Text().Trim());
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, (await _site.NewBrowser().GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _site.NewBrowser().GetAsync(second)).StatusCode);
    }

    [Fact]
    public async Task A_reminder_goes_out_once_in_the_24_hours_before_a_session()
    {
        await AdminWithSessionAsync("2027-05-05T15:00");
        await _site.AddApplicantsAsync(2, ApplicationState.Accepted);

        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 4, 18, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, await ReminderPass());
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 4, 19, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, await ReminderPass());
        Assert.Equal(0, await ReminderPass());

        var reminder = await _site.LastMailAsync("applicant1@gob.test", SessionMails.ReminderKind);
        Assert.StartsWith("Mañana: «Opening»", reminder.Subject);
    }

    [Fact]
    public async Task A_reminder_queued_before_the_start_was_part_of_its_key_is_not_sent_again()
    {
        await AdminWithSessionAsync("2027-05-05T15:00");
        await _site.AddApplicantsAsync(2, ApplicationState.Accepted);
        await _site.WithDbAsync(async db =>
        {
            var uid = await db.LiveSessions.Select(s => s.Uid).SingleAsync();
            var user = await db.Users.Where(u => u.Email == "applicant0@gob.test").Select(u => u.Id).SingleAsync();
            db.OutboxMessages.Add(new Data.Entities.OutboxMessage
            {
                Kind = SessionMails.ReminderKind, IdempotencyKey = $"{SessionMails.ReminderKind}:{uid}:{user}", ToAddress = "applicant0@gob.test",
                Subject = "Tomorrow: Opening", TextBody = "", HtmlBody = "", Status = Data.Entities.OutboxStatus.Sent,
            });
            return await db.SaveChangesAsync();
        });
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 4, 19, 0, 0, TimeSpan.Zero));

        Assert.Equal(1, await ReminderPass());   // applicant1 only
        Assert.Equal(1, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == SessionMails.ReminderKind && m.ToAddress == "applicant0@gob.test")));
    }

    [Fact]
    public async Task Instructor_records_attendance_in_bulk_and_the_roster_shows_the_rate()
    {
        var admin = await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(2, ApplicationState.Accepted);
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        var present = await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "applicant0@gob.test").Select(u => u.Id).SingleAsync());
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 5, 21, 0, 0, TimeSpan.Zero));
        admin = await _site.SignedInBrowserAsync("coordinator@institute.org");

        await admin.SubmitAsync($"{Sessions}/{id}/attendance", $"{Sessions}/{id}/attendance", new Dictionary<string, string> { ["present"] = present });

        var roster = Html.Parse(await admin.GetStringAsync($"/courses/{Enrolment.Slug}/roster"));
        var rates = roster.QuerySelectorAll("tbody tr").ToDictionary(r => r.QuerySelector("th span")!.Text(), r => r.QuerySelector(".attendance-rate").Text());
        Assert.Equal("1 of 1 (100%)", rates["applicant0@gob.test"]);
        Assert.Equal("0 of 1 (0%)", rates["applicant1@gob.test"]);
        var participant = await _site.SignInAddedPersonAsync("applicant0@gob.test");
        var mine = Html.Parse(await participant.GetStringAsync("/applications"));
        Assert.Contains("Your attendance: 1 of 1 recorded session", mine.QuerySelector(".application h3").Text());
        Assert.DoesNotContain("sessions", mine.QuerySelector(".application h3").Text(), StringComparison.Ordinal);   // one session, singular

        // A second session held, its attendance not taken: the rate counts it, as completion does, and says so.
        await _site.WithDbAsync(async db =>
        {
            var courseId = await db.Courses.Where(c => c.Slug == Enrolment.Slug).Select(c => c.Id).SingleAsync();
            db.LiveSessions.Add(new Data.Entities.LiveSession { Uid = Guid.NewGuid(), CourseId = courseId, Title = "Second", Organisation = "ECLAC",
                StartsUtc = new DateTime(2027, 5, 5, 20, 0, 0), Minutes = 30, JoinUrl = "https://zoom.us/j/2" });
            return await db.SaveChangesAsync();
        });
        var later = Html.Parse(await admin.GetStringAsync($"/courses/{Enrolment.Slug}/roster"));
        var row = later.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th span")!.Text() == "applicant0@gob.test");
        Assert.StartsWith("1 of 2 (50%)", row.QuerySelector(".attendance-rate").Text(), StringComparison.Ordinal);
        Assert.Equal("1 session not recorded", row.QuerySelector(".not-recorded").Text());
        Assert.Contains("2 accepted participants; 2 live sessions held so far.", later.QuerySelector(".roster-summary").Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://meet.example.org/room/1")]
    // A line break would write lines of its own (an attendee, say) into every invitation's calendar.
    [InlineData("https://meet.example.org/f\r\nATTENDEE:mailto:someone@elsewhere.example\r\nX-A:1")]
    [InlineData("https://meet.example.org/room 1")]
    public async Task A_join_link_that_is_not_one_https_address_is_refused(string link)
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        var form = Form("Opening", "2027-05-05T15:00");
        form["JoinUrl"] = link;

        var response = await admin.SubmitAsync(Sessions, Sessions, form);

        Assert.Equal("Enter the join link as a full address, starting with https://.", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#JoinUrl-error").Text());
        Assert.Equal(0, await _site.WithDbAsync(db => db.LiveSessions.CountAsync()));
    }

    [Theory]
    [InlineData("2027-05-05T15:00Z")]
    [InlineData("2027-05-05T15:00+01:00")]
    [InlineData("2027-05-05T15:00-05:00")]
    public async Task A_start_sent_with_an_offset_is_refused_rather_than_moved_hours_away(string starts)
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");

        var response = await admin.SubmitAsync(Sessions, Sessions, Form("Opening", starts));

        Assert.False(string.IsNullOrWhiteSpace(Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#StartsLocal-error")!.TextContent));
        Assert.Equal(0, await _site.WithDbAsync(db => db.LiveSessions.CountAsync()));
    }

    [Fact]
    public async Task A_session_in_the_past_cannot_be_scheduled()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");

        var response = await admin.SubmitAsync(Sessions, Sessions, new Dictionary<string, string>
        {
            ["Title"] = "Too late", ["Organisation"] = "ECLAC", ["StartsLocal"] = "2026-01-05T15:00", ["Minutes"] = "60", ["JoinUrl"] = "https://zoom.us/j/1",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("A new session must start in the future.", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#StartsLocal-error").Text());
        Assert.Equal(0, await _site.WithDbAsync(db => db.LiveSessions.CountAsync()));
    }

    [Fact]
    public async Task A_session_cannot_be_moved_into_the_past_but_one_held_already_can_still_be_edited()
    {
        var admin = await AdminWithSessionAsync("2027-05-05T15:00");
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        var edit = $"{Sessions}/{id}/edit";

        var backwards = await admin.SubmitAsync(edit, edit, Form("Opening", "2026-01-05T15:00"));

        Assert.Equal(HttpStatusCode.OK, backwards.StatusCode);
        Assert.Equal("A session can only be moved to a time still to come.", Html.Parse(await backwards.Content.ReadAsStringAsync()).QuerySelector("#StartsLocal-error").Text());
        Assert.Equal(new DateTime(2027, 5, 5, 19, 0, 0), await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.StartsUtc).SingleAsync()));

        // Once it has been held, its title can still be corrected at its own time, though not moved.
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 6, 12, 0, 0, TimeSpan.Zero));
        admin = await _site.SignedInBrowserAsync("coordinator@institute.org");   // months later: a new sign-in
        var retitled = await admin.SubmitAsync(edit, edit, Form("Opening session", "2027-05-05T15:00"));
        Assert.Equal((HttpStatusCode.Redirect, Sessions), (retitled.StatusCode, retitled.Headers.Location?.OriginalString));
        var moved = await admin.SubmitAsync(edit, edit, Form("Opening session", "2027-05-05T14:00"));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("This session has begun: its start can no longer be changed.", Html.Parse(await moved.Content.ReadAsStringAsync()).QuerySelector("#StartsLocal-error").Text());
        // Nor moved ahead (to be cancelled after all).
        var ahead = await admin.SubmitAsync(edit, edit, Form("Opening session", "2027-06-05T14:00"));
        Assert.Equal("This session has begun: its start can no longer be changed.", Html.Parse(await ahead.Content.ReadAsStringAsync()).QuerySelector("#StartsLocal-error").Text());
        // Nor lengthened, which would make a session that was held one still going on.
        var longer = Form("Opening session", "2027-05-05T15:00");
        longer["Minutes"] = "600";
        var lengthened = await admin.SubmitAsync(edit, edit, longer);
        Assert.Equal("This session has begun: its duration can no longer be changed.", Html.Parse(await lengthened.Content.ReadAsStringAsync()).QuerySelector("#Minutes-error").Text());
        Assert.Equal(60, await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Minutes).SingleAsync()));
        Assert.Equal(("Opening session", new DateTime(2027, 5, 5, 19, 0, 0)),
            await _site.WithDbAsync(db => db.LiveSessions.Select(s => new ValueTuple<string, DateTime>(s.Title, s.StartsUtc)).SingleAsync()));
    }

    [Theory]
    [InlineData("9999-12-30T10:00", "Enter a date between the years 2000 and 2099.")]
    [InlineData("275760-01-01T10:00", "Enter a valid value for Starts (course time).")]
    public async Task A_date_no_course_could_have_gets_a_message_beside_the_field(string startsLocal, string message)
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");

        var response = await admin.SubmitAsync(Sessions, Sessions, new Dictionary<string, string>
        {
            ["Title"] = "Far away", ["Organisation"] = "ECLAC", ["StartsLocal"] = startsLocal, ["Minutes"] = "600", ["JoinUrl"] = "https://zoom.us/j/1",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#StartsLocal-error").Text());
        Assert.Equal(0, await _site.WithDbAsync(db => db.LiveSessions.CountAsync()));
    }

    [Fact]
    public async Task A_number_too_large_to_read_is_refused_in_the_readers_language()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        await admin.GetAsync("/language/es");

        var response = await admin.SubmitAsync(Sessions, Sessions, new Dictionary<string, string>
        {
            ["Title"] = "Apertura", ["Organisation"] = "CEPAL", ["StartsLocal"] = "2027-05-05T15:00", ["Minutes"] = "99999999999", ["JoinUrl"] = "https://zoom.us/j/1",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Ingrese un valor válido en «Duración (minutos)».", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#Minutes-error").Text());

        var tooLong = await admin.SubmitAsync(Sessions, Sessions, new Dictionary<string, string>
        {
            ["Title"] = "Apertura", ["Organisation"] = new string('C', 201), ["StartsLocal"] = "2027-05-05T15:00", ["Minutes"] = "60", ["JoinUrl"] = "https://zoom.us/j/1",
        });
        Assert.Equal("La organización puede tener como máximo 200 caracteres.", Html.Parse(await tooLong.Content.ReadAsStringAsync()).QuerySelector("#Organisation-error").Text());
    }

    private static Dictionary<string, string> Form(string title, string startsLocal) => new()
    {
        ["Title"] = title, ["Organisation"] = "ECLAC", ["StartsLocal"] = startsLocal, ["Minutes"] = "60", ["JoinUrl"] = "https://zoom.us/j/1",
    };

    [Fact]
    public async Task Saving_a_session_unchanged_says_no_update_was_sent_and_a_move_reaches_visitors_at_once()
    {
        var admin = await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        var edit = $"{Sessions}/{id}/edit";
        var visitor = _site.NewBrowser();
        Assert.Contains("15:00", (await visitor.GetPageAsync($"/courses/{Enrolment.Slug}")).QuerySelector(".session-when")!.TextContent, StringComparison.Ordinal);
        var invitations = await _site.WithDbAsync(db => db.OutboxMessages.CountAsync());

        await admin.SubmitAsync(edit, edit, Form("Opening", "2027-05-05T15:00"));

        Assert.Equal("Nothing was changed, so no update was sent.", (await admin.GetPageAsync(Sessions)).QuerySelector(".alert").Text());
        Assert.Equal(invitations, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync()));

        await admin.SubmitAsync(edit, edit, Form("Opening", "2027-05-05T18:00"));

        Assert.Equal("Session saved; accepted participants have been sent the update.", (await admin.GetPageAsync(Sessions)).QuerySelector(".alert").Text());
        // The course page visitors are served from the cache shows the new time straight away.
        Assert.Contains("18:00", (await visitor.GetPageAsync($"/courses/{Enrolment.Slug}")).QuerySelector(".session-when")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_outside_the_courses_dates_is_scheduled_with_a_note_saying_so()
    {
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        var admin = await AdminWithSessionAsync("2027-12-31T15:00");

        Assert.Equal("Session scheduled; every accepted participant has been sent the invitation. Note that it falls outside the course's dates (3 May – 11 Jun 2027).",
            (await admin.GetPageAsync(Sessions)).QuerySelector(".alert").Text());
        Assert.Equal(1, await _site.WithDbAsync(db => db.LiveSessions.CountAsync()));
    }

    [Fact]
    public async Task An_edit_form_opened_before_someone_else_moved_the_session_does_not_move_it_back_unseen()
    {
        var admin = await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        var edit = $"{Sessions}/{id}/edit";
        Dictionary<string, string> Form(string startsLocal, string description, string opened) => new()
        {
            ["Title"] = "Opening", ["Organisation"] = "ECLAC", ["StartsLocal"] = startsLocal, ["Minutes"] = "60", ["JoinUrl"] = "https://zoom.us/j/1",
            ["Description"] = description, ["Opened"] = opened,
        };
        var opened = (await admin.GetPageAsync(edit)).QuerySelector("input[name=Opened]")!.GetAttribute("value")!;
        await admin.SubmitAsync(edit, edit, Form("2027-05-06T16:00", "", opened));   // a colleague moves it
        var moved = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.StartsUtc).SingleAsync());

        var stale = await admin.SubmitAsync(edit, edit, Form("2027-05-05T15:00", "Bring the reading.", opened));
        var page = Html.Parse(await stale.Content.ReadAsStringAsync());
        var again = await admin.SubmitAsync(edit, edit, Form("2027-05-05T15:00", "Bring the reading.", page.QuerySelector("input[name=Opened]")!.GetAttribute("value")!));

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.StartsWith("Someone else changed this session after you opened it", page.QuerySelector(".error-summary li")!.Text(), StringComparison.Ordinal);
        Assert.Equal("Bring the reading.", page.QuerySelector("textarea[name=Description]")!.TextContent.Trim());   // kept, to compare and send again
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.NotEqual(moved, await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.StartsUtc).SingleAsync()));
        Assert.Equal(2, await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.UpdatesSent).SingleAsync()));
    }

    [Fact]
    public async Task Scheduling_before_anyone_is_accepted_says_who_will_get_the_invitation_instead_of_claiming_it_was_sent()
    {
        var admin = await AdminWithSessionAsync();

        Assert.Equal("Session scheduled. Nobody has been accepted yet: each participant gets the invitation on being accepted.",
            (await admin.GetPageAsync(Sessions)).QuerySelector(".alert").Text());
    }

    [Fact]
    public async Task An_update_mail_says_when_the_session_was_what_it_was_called_and_that_the_link_changed()
    {
        var admin = await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(2, ApplicationState.Accepted);
        await _site.WithDbAsync(async db => { (await db.Users.SingleAsync(u => u.Email == "applicant1@gob.test")).TimeZone = "Europe/Madrid"; return await db.SaveChangesAsync(); });
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        var edit = $"{Sessions}/{id}/edit";
        var form = Form("Opening plenary", "2027-05-06T16:00");
        form["JoinUrl"] = "https://zoom.us/j/2";

        await admin.SubmitAsync(edit, edit, form);

        // Someone in another zone reads the old time in theirs too, as the new one is.
        var abroad = (await _site.LastMailAsync("applicant1@gob.test", SessionMails.InviteKind)).TextBody!;
        Assert.Contains("Horario anterior en su hora local: mié 5 may 2027, 21:00–22:00 (GMT+2, hora de Madrid)", abroad, StringComparison.Ordinal);

        var mail = await _site.LastMailAsync("applicant0@gob.test", SessionMails.InviteKind);
        var update = mail.TextBody!;
        Assert.Contains("<a href=\"https://zoom.us/j/2\" style=\"color:#0b5394\">https://zoom.us/j/2</a></p>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("It was: Wed 5 May 2027, 15:00–16:00 (GMT-4, Santiago time)", update, StringComparison.Ordinal);
        Assert.Contains("It was called: Opening\n", update, StringComparison.Ordinal);
        Assert.Contains("The join link has changed: use the one below.", update, StringComparison.Ordinal);
        Assert.Contains("When: Thu 6 May 2027, 16:00–17:00 (GMT-4, Santiago time)", update, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_that_only_changes_the_description_shows_it_in_the_mail()
    {
        var admin = await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        var edit = $"{Sessions}/{id}/edit";
        var form = Form("Opening", "2027-05-05T15:00");
        form["Description"] = "Bring the case study you prepared.";

        await admin.SubmitAsync(edit, edit, form);

        var update = await _site.LastMailAsync("applicant0@gob.test", SessionMails.InviteKind);
        Assert.StartsWith("Updated: “Opening”", update.Subject, StringComparison.Ordinal);
        Assert.Contains("About the session: Bring the case study you prepared.", update.TextBody, StringComparison.Ordinal);
        // A new version of the event, or calendars that apply only a higher SEQUENCE (Google's) keep the old text.
        Assert.Contains("SEQUENCE:1\r\n", update.CalendarIcs, StringComparison.Ordinal);
        Assert.Equal(1, await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Sequence).SingleAsync()));
    }

    [Fact]
    public async Task An_instructor_accepted_into_their_own_course_does_not_record_their_own_attendance()
    {
        var admin = await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        var teacher = await _site.InstructorAsync("teacher@institute.org", Enrolment.Slug);
        await _site.AcceptAsync("teacher@institute.org", Enrolment.Slug);
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        var teacherId = await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "teacher@institute.org").Select(u => u.Id).SingleAsync());
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 5, 21, 0, 0, TimeSpan.Zero));
        teacher = await _site.SignedInBrowserAsync("teacher@institute.org");

        var page = await teacher.GetPageAsync($"{Sessions}/{id}/attendance");
        await teacher.PostFormAsync($"{Sessions}/{id}/attendance", $"{Sessions}/{id}/attendance", [new("present", teacherId)]);

        Assert.Null(page.QuerySelector($"input[value='{teacherId}']"));
        Assert.NotNull(page.QuerySelector(".attendance-own-row"));
        Assert.False(await _site.WithDbAsync(db => db.SessionAttendances.AnyAsync(a => a.UserId == teacherId)));
        // Another of the course's staff records it.
        admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        await admin.PostFormAsync($"{Sessions}/{id}/attendance", $"{Sessions}/{id}/attendance", [new("present", teacherId)]);
        Assert.True(await _site.WithDbAsync(db => db.SessionAttendances.AnyAsync(a => a.UserId == teacherId && a.Present)));
    }

    [Fact]
    public async Task An_attendance_form_naming_someone_twice_or_a_stranger_counts_each_participant_once()
    {
        var admin = await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(2, ApplicationState.Accepted);
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        var present = await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "applicant0@gob.test").Select(u => u.Id).SingleAsync());
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 5, 21, 0, 0, TimeSpan.Zero));
        admin = await _site.SignedInBrowserAsync("coordinator@institute.org");

        await admin.PostFormAsync($"{Sessions}/{id}/attendance", $"{Sessions}/{id}/attendance", [new("present", present), new("present", present), new("present", "someone-else")]);

        Assert.Equal("Attendance saved: 1 of 2 present.", (await admin.GetPageAsync($"{Sessions}/{id}/attendance")).QuerySelector(".alert").Text());
    }

    [Fact]
    public async Task Attendance_saved_twice_at_once_is_recorded_once_per_participant()
    {
        var admin = await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(3, ApplicationState.Accepted);
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        var present = await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "applicant0@gob.test").Select(u => u.Id).SingleAsync());
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 5, 21, 0, 0, TimeSpan.Zero));
        admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        var token = await admin.AntiforgeryTokenAsync($"{Sessions}/{id}/attendance");
        var form = new Dictionary<string, string> { ["present"] = present, ["__RequestVerificationToken"] = token };

        // A double click on "Save attendance".
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => admin.PostAsync($"{Sessions}/{id}/attendance", new FormUrlEncodedContent(form))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var rows = await _site.WithDbAsync(db => db.SessionAttendances.Where(a => a.SessionId == id).Select(a => new { a.UserId, a.Present }).ToListAsync());
        Assert.Equal(3, rows.Count);
        Assert.Equal([present], rows.Where(r => r.Present).Select(r => r.UserId));
    }

    [Fact]
    public async Task A_reminder_on_the_day_says_today_and_a_session_moved_after_it_is_reminded_of_its_new_time()
    {
        await AdminWithSessionAsync("2027-05-05T15:00");
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 5, 12, 0, 0, TimeSpan.Zero));   // 08:00 in Santiago, the same day

        Assert.Equal(1, await ReminderPass());
        Assert.StartsWith("Today: “Opening”", (await _site.LastMailAsync("applicant0@gob.test", SessionMails.ReminderKind)).Subject);

        // Moved to later that day: the update, sent now, gives the new time; a reminder would only repeat it.
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync($"{Sessions}/{id}/edit", $"{Sessions}/{id}/edit", Form("Opening", "2027-05-05T18:00"))).StatusCode);
        Assert.Equal(0, await ReminderPass());

        // Moved to the next week: the update goes out days before; 24 hours before the new time, the reminder does.
        await admin.SubmitAsync($"{Sessions}/{id}/edit", $"{Sessions}/{id}/edit", Form("Opening", "2027-05-12T15:00"));
        Assert.Equal(0, await ReminderPass());
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 11, 20, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await ReminderPass());
        Assert.Equal(0, await ReminderPass());
        var reminder = await _site.LastMailAsync("applicant0@gob.test", SessionMails.ReminderKind);
        Assert.StartsWith("Tomorrow: “Opening”", reminder.Subject);
        Assert.Contains("15:00", reminder.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_scheduled_at_short_notice_is_not_reminded_right_after_its_invitation_but_a_participant_without_one_is()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 5, 12, 0, 0, TimeSpan.Zero));
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");

        await admin.SubmitAsync(Sessions, Sessions, Form("Opening", "2027-05-05T15:00"));   // in seven hours
        Assert.NotNull(await _site.LastMailAsync("applicant0@gob.test", SessionMails.InviteKind));
        // Someone whose place came without an invitation mail (here written straight to the database) still needs the reminder.
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted, prefix: "late");

        Assert.Equal(1, await ReminderPass());
        var reminded = await _site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == SessionMails.ReminderKind).Select(m => m.ToAddress).ToListAsync());
        Assert.Equal(["late0@gob.test"], reminded);

        // An invitation that could not be delivered does not stand in for the reminder.
        await _site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == SessionMails.InviteKind)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.Status, Data.Entities.OutboxStatus.Failed)));
        Assert.Equal(1, await ReminderPass());
        Assert.NotNull(await _site.LastMailAsync("applicant0@gob.test", SessionMails.ReminderKind));
    }

    [Fact]
    public async Task A_cancelled_session_scheduled_again_under_its_title_comes_back_as_the_same_calendar_event()
    {
        var admin = await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        var before = await _site.WithDbAsync(db => db.LiveSessions.AsNoTracking().SingleAsync());
        await admin.SubmitAsync($"{Sessions}/{before.Id}/cancel", $"{Sessions}/{before.Id}/cancel", new Dictionary<string, string>());
        var edit = Html.Parse(await admin.GetStringAsync($"{Sessions}/{before.Id}/edit"));
        Assert.Contains("schedule it again under the same title", edit.QuerySelector(".session-cancelled").Text(), StringComparison.Ordinal);
        Assert.Null(edit.QuerySelector($"form[action='{Sessions}/{before.Id}/edit']"));

        var response = await admin.SubmitAsync(Sessions, Sessions, Form("opening", "2027-05-12T15:00"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await _site.WithDbAsync(db => db.LiveSessions.AsNoTracking().SingleAsync());
        Assert.Equal((before.Id, before.Uid, false, 2, "opening"), (after.Id, after.Uid, after.Cancelled, after.Sequence, after.Title));
        var invite = await _site.LastMailAsync("applicant0@gob.test", SessionMails.InviteKind);
        Assert.Equal("REQUEST", invite.CalendarMethod);
        Assert.Contains("SEQUENCE:2", invite.CalendarIcs, StringComparison.Ordinal);

        // While it is held, its title (in any case) stays its own.
        var clash = await admin.SubmitAsync(Sessions, Sessions, Form("OPENING", "2027-05-19T15:00"));
        Assert.Equal("Another session of this course has this title; titles tell sessions apart.",
            Html.Parse(await clash.Content.ReadAsStringAsync()).QuerySelector("#Title-error").Text());
        Assert.Equal(1, await _site.WithDbAsync(db => db.LiveSessions.CountAsync()));
    }

    [Fact]
    public async Task The_schedule_form_sent_twice_schedules_and_invites_once_and_both_posts_succeed()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");

        var first = await admin.SubmitAsync(Sessions, Sessions, Form("Opening", "2027-05-05T15:00"));
        var again = await admin.SubmitAsync(Sessions, Sessions, Form("Opening", "2027-05-05T15:00"));

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, again.StatusCode));
        Assert.Equal(1, await _site.WithDbAsync(db => db.LiveSessions.CountAsync()));
        Assert.Equal(1, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == SessionMails.InviteKind)));
    }

    [Fact]
    public async Task Titles_with_accented_letters_are_told_apart_whatever_their_case_too()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        await admin.SubmitAsync(Sessions, Sessions, Form("Última sesión", "2027-05-05T15:00"));
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());

        var same = await admin.SubmitAsync(Sessions, Sessions, Form("ÚLTIMA SESIÓN", "2027-05-12T15:00"));
        Assert.Equal("Another session of this course has this title; titles tell sessions apart.",
            Html.Parse(await same.Content.ReadAsStringAsync()).QuerySelector("#Title-error").Text());

        await admin.SubmitAsync($"{Sessions}/{id}/cancel", $"{Sessions}/{id}/cancel", new Dictionary<string, string>());
        await admin.SubmitAsync(Sessions, Sessions, Form("última sesión", "2027-05-12T15:00"));
        var sessions = await _site.WithDbAsync(db => db.LiveSessions.AsNoTracking().ToListAsync());
        Assert.Equal((id, false, "última sesión"), (Assert.Single(sessions).Id, sessions[0].Cancelled, sessions[0].Title));
    }

    [Fact]
    public async Task Scheduling_moving_cancelling_and_holding_again_are_each_in_the_audit_log_with_who_and_when()
    {
        var admin = await AdminWithSessionAsync("2027-05-05T15:00");   // 19:00 UTC: Santiago is at UTC-4 in May
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        await admin.SubmitAsync($"{Sessions}/{id}/edit", $"{Sessions}/{id}/edit", Form("Opening", "2027-05-05T18:00"));
        await admin.SubmitAsync($"{Sessions}/{id}/edit", $"{Sessions}/{id}/edit", Form("Opening", "2027-05-05T18:00"));   // saved unchanged
        await admin.SubmitAsync($"{Sessions}/{id}/cancel", $"{Sessions}/{id}/cancel", new Dictionary<string, string>());
        await admin.SubmitAsync(Sessions, Sessions, Form("Opening", "2027-05-12T15:00"));

        var entries = await _site.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("session.")).OrderBy(e => e.Id)
            .Select(e => new { e.Action, e.Before, e.After, e.Note, e.ActorName, e.CourseId }).ToListAsync());
        Assert.Equal(
        [
            ("session.scheduled", null, "2027-05-05 19:00 UTC"),
            ("session.changed", "2027-05-05 19:00 UTC", "2027-05-05 22:00 UTC"),
            ("session.cancelled", "2027-05-05 22:00 UTC", null),
            ("session.reinstated", null, "2027-05-12 19:00 UTC"),
        ], entries.Select(e => (e.Action, e.Before, e.After)));
        Assert.All(entries, e => Assert.Equal(("Opening", "Test coordinator"), (e.Note, e.ActorName)));
        var courseId = await _site.WithDbAsync(db => db.Courses.Where(c => c.Slug == Enrolment.Slug).Select(c => c.Id).SingleAsync());
        Assert.All(entries, e => Assert.Equal(courseId, e.CourseId));

        var log = Html.Parse(await admin.GetStringAsync("/admin/audit"));
        var moved = log.QuerySelectorAll("tbody tr").Single(r => r.Text().Contains("Session changed", StringComparison.Ordinal));
        Assert.Contains("5 May 2027, 19:00 UTC → 5 May 2027, 22:00 UTC", moved.Text(), StringComparison.Ordinal);
        var spanish = Html.Parse(await admin.GetStringAsync("/admin/audit?lang=es")).QuerySelectorAll("tbody tr").Single(r => r.Text().Contains("Sesión modificada", StringComparison.Ordinal));
        Assert.Contains("5 may 2027, 19:00 UTC → 5 may 2027, 22:00 UTC", spanish.Text(), StringComparison.Ordinal);

        // A retitled session names its old title beside the new.
        var reinstated = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        await admin.SubmitAsync($"{Sessions}/{reinstated}/edit", $"{Sessions}/{reinstated}/edit", Form("Opening session", "2027-05-12T15:00"));
        Assert.Equal("Opening → Opening session", await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "session.changed").OrderBy(e => e.Id).Select(e => e.Note).LastAsync()));
    }

    [Fact]
    public async Task The_course_page_gives_the_join_link_to_accepted_participants_and_staff_only()
    {
        var admin = await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        await _site.AddApplicantsAsync(1, ApplicationState.Submitted, prefix: "hopeful");
        var page = $"/courses/{Enrolment.Slug}";
        const string link = "a[href='https://zoom.us/j/1']";

        var participant = await (await _site.SignInAddedPersonAsync("applicant0@gob.test")).GetPageAsync(page);
        var applicant = await (await _site.SignInAddedPersonAsync("hopeful0@gob.test")).GetPageAsync(page);
        var visitor = await _site.NewBrowser().GetPageAsync(page);
        var staff = await admin.GetPageAsync(page);

        Assert.Equal("Join online: Opening", participant.QuerySelector(link)?.Text());
        Assert.NotNull(staff.QuerySelector(link));
        foreach (var outsider in new[] { applicant, visitor })
        {
            Assert.Null(outsider.QuerySelector(link));
            Assert.DoesNotContain("zoom.us", outsider.DocumentElement.OuterHtml, StringComparison.Ordinal);
            Assert.Contains("the join link is sent to accepted participants", outsider.QuerySelector(".session").Text(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_session_that_has_begun_cannot_be_cancelled()
    {
        await AdminWithSessionAsync("2027-05-05T15:00");
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 6, 12, 0, 0, TimeSpan.Zero));
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");

        var list = await admin.GetPageAsync(Sessions);
        var question = await admin.GetAsync($"{Sessions}/{id}/cancel");
        var post = await admin.SubmitAsync(Sessions, $"{Sessions}/{id}/cancel", new Dictionary<string, string>());

        Assert.Null(list.QuerySelector($"a[href='{Sessions}/{id}/cancel']"));
        Assert.Equal(HttpStatusCode.Redirect, question.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("This session has begun: it can no longer be cancelled.", (await admin.GetPageAsync(Sessions)).QuerySelector(".alert-danger")?.Text());
        Assert.False(await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Cancelled).SingleAsync()));
        Assert.Equal(0, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.CalendarMethod == "CANCEL")));
    }

    [Fact]
    public async Task Cancelling_twice_says_it_was_already_done_and_sends_nothing_more()
    {
        var admin = await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        var token = await admin.AntiforgeryTokenAsync($"{Sessions}/{id}/cancel");
        var cancel = () => admin.PostAsync($"{Sessions}/{id}/cancel", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        await cancel();
        var second = await cancel();

        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal("This session was already cancelled; nothing more was sent.", (await admin.GetPageAsync(Sessions)).QuerySelector(".alert-success").Text());
        Assert.Equal(1, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.CalendarMethod == "CANCEL")));
    }

    [Fact]
    public async Task Attendance_is_taken_only_of_a_session_that_has_begun_and_was_not_cancelled()
    {
        var admin = await AdminWithSessionAsync("2027-05-05T15:00");
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        var id = await _site.WithDbAsync(db => db.LiveSessions.Select(s => s.Id).SingleAsync());
        var present = await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "applicant0@gob.test").Select(u => u.Id).SingleAsync());
        var attendance = $"{Sessions}/{id}/attendance";

        var early = await admin.SubmitAsync(attendance, attendance, new Dictionary<string, string> { ["present"] = present });

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("Attendance can be recorded once the session has begun.", Html.Parse(await early.Content.ReadAsStringAsync()).QuerySelector(".attendance-not-yet").Text());
        await admin.SubmitAsync($"{Sessions}/{id}/cancel", $"{Sessions}/{id}/cancel", new Dictionary<string, string>());
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 5, 21, 0, 0, TimeSpan.Zero));
        admin = await _site.SignedInBrowserAsync("coordinator@institute.org");
        var cancelled = await admin.GetPageAsync(attendance);
        Assert.Equal("This session was cancelled: there is no attendance to record.", cancelled.QuerySelector(".attendance-not-yet").Text());
        Assert.Null(cancelled.QuerySelector($"form[action='{attendance}']"));
        var late = await admin.PostFormAsync(Sessions, attendance, [new("present", present)]);   // a page kept open from before
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(0, await _site.WithDbAsync(db => db.SessionAttendances.CountAsync()));
    }

    [Fact]
    public async Task A_time_the_clocks_skip_is_refused_beside_the_field()
    {
        await _site.CreateAsync("coordinator@institute.org", Roles.Admin);
        var admin = await _site.SignedInBrowserAsync("coordinator@institute.org");

        // Santiago's clocks go from 00:00 to 01:00 on 5 September 2027.
        var response = await admin.SubmitAsync(Sessions, Sessions, Form("Night owls", "2027-09-05T00:30"));

        Assert.Equal("That time does not exist in America/Santiago: the clocks move forward then. Choose another time.",
            Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#StartsLocal-error").Text());
        Assert.Equal(0, await _site.WithDbAsync(db => db.LiveSessions.CountAsync()));
    }

    [Fact]
    public async Task A_participant_who_deletes_their_account_still_gets_the_sessions_taken_out_of_their_calendar()
    {
        await AdminWithSessionAsync();
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        var participant = await _site.SignInAddedPersonAsync("applicant0@gob.test");

        var response = await participant.SubmitAsync("/account/privacy", "/account/delete", new Dictionary<string, string> { ["Password"] = TestAccounts.Password });

        Assert.Contains("Your account was deleted", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var left = await _site.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == "applicant0@gob.test").Select(m => m.CalendarMethod).ToListAsync());
        Assert.Equal(["CANCEL"], left);   // the withdrawal's other mail went with the account; the cancellation did not

        // Kept only to be delivered: the retention pass leaves it while unsent, and erases it once it is sent.
        async Task<int> RetainAsync()
        {
            await using var scope = _site.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Web.Infrastructure.Email.OutboxRetentionPass>().RunAsync(CancellationToken.None);
        }
        Assert.Equal(0, await RetainAsync());
        await _site.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == "applicant0@gob.test")
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.Status, Data.Entities.OutboxStatus.Sent).SetProperty(m => m.SentUtc, TestSite.DefaultNow.UtcDateTime)));
        Assert.Equal(1, await RetainAsync());
        Assert.False(await _site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "applicant0@gob.test")));
    }

    [Fact]
    public async Task A_participant_of_a_course_that_is_over_who_deletes_their_account_gets_its_follow_up_session_taken_out_of_their_calendar()
    {
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        await AdminWithSessionAsync("2027-07-01T15:00");   // a follow-up three weeks after the course's last day, 11 June
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 6, 20, 12, 0, 0, TimeSpan.Zero));
        var participant = await _site.SignInAddedPersonAsync("applicant0@gob.test");

        await participant.SubmitAsync("/account/privacy", "/account/delete", new Dictionary<string, string> { ["Password"] = TestAccounts.Password });

        var left = await _site.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == "applicant0@gob.test").Select(m => m.CalendarMethod).ToListAsync());
        Assert.Equal(["CANCEL"], left);
        // The course is over: the application stays as the record that the person took part.
        Assert.Equal(ApplicationState.Accepted, await _site.WithDbAsync(db => db.Applications.Select(a => a.State).SingleAsync()));
    }

    [Fact]
    public async Task A_course_holding_an_organiser_address_no_invitation_can_name_still_schedules_with_the_site_s_address()
    {
        await _site.WithDbAsync(db => db.Courses.ExecuteUpdateAsync(set => set.SetProperty(c => c.OrganiserEmail, "cursos ilpes@cepal.org")));
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);

        await AdminWithSessionAsync();

        Assert.Equal(1, await _site.WithDbAsync(db => db.LiveSessions.CountAsync()));
        var invite = await _site.LastMailAsync("applicant0@gob.test", SessionMails.InviteKind);
        Assert.Contains("ORGANIZER", invite.CalendarIcs, StringComparison.Ordinal);
        Assert.DoesNotContain("cursos ilpes", invite.CalendarIcs, StringComparison.Ordinal);
    }

    private async Task<int> ReminderPass()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SessionReminderPass>().RunAsync(CancellationToken.None);
    }
}
