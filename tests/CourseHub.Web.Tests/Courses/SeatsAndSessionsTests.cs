using Microsoft.EntityFrameworkCore;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Tests.Accounts;
using CourseHub.Web.Tests.Applications;

namespace CourseHub.Web.Tests.Courses;

public sealed class SeatsAndSessionsTests : IDisposable
{
    private readonly TestSite _site = Enrolment.SiteWithCourse(capacity: 2);

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task A_course_whose_seats_are_all_taken_says_so_on_its_page_and_card_while_it_still_takes_applications()
    {
        await _site.AddApplicantsAsync(2, ApplicationState.Accepted);
        var visitor = _site.NewBrowser();

        var page = await visitor.GetPageAsync($"/courses/{Enrolment.Slug}");
        var card = await visitor.GetPageAsync("/courses");

        var seats = page.QuerySelectorAll("dt").Single(dt => dt.TextContent == "Seats").NextElementSibling!.TextContent;
        Assert.Equal("2, all taken", seats);
        Assert.Equal("Every seat is taken already. You can still apply: a seat that frees up is offered to the waitlist, in order.",
            page.QuerySelector(".seats-taken")!.TextContent);
        Assert.NotNull(page.QuerySelector($"a[href='/courses/{Enrolment.Slug}/apply']"));
        Assert.Equal("2, all taken", card.QuerySelectorAll(".course-card dt").Single(dt => dt.TextContent == "Seats").NextElementSibling!.TextContent);
    }

    [Fact]
    public async Task A_course_with_a_seat_left_shows_only_its_seats()
    {
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        await _site.AddApplicantsAsync(3, ApplicationState.Waitlisted, prefix: "waiting");

        var page = await _site.NewBrowser().GetPageAsync($"/courses/{Enrolment.Slug}");

        Assert.Equal("2", page.QuerySelectorAll("dt").Single(dt => dt.TextContent == "Seats").NextElementSibling!.TextContent);
        Assert.Null(page.QuerySelector(".seats-taken"));
    }

    [Fact]
    public async Task An_accepted_participant_of_a_course_without_modules_yet_reads_that_they_will_come()
    {
        await _site.AddApplicantsAsync(1, ApplicationState.Accepted);
        var participant = await _site.SignInAddedPersonAsync("applicant0@gob.test");

        var page = await participant.GetPageAsync($"/courses/{Enrolment.Slug}");

        Assert.Equal("No module is released yet: each appears here as the instructors release it.", page.QuerySelector(".progress-none")!.TextContent);
        Assert.Null(page.QuerySelector(".progress-summary [role=progressbar]"));
    }

    [Fact]
    public async Task A_course_without_sessions_yet_does_not_claim_it_will_have_none()
    {
        var page = await _site.NewBrowser().GetPageAsync($"/courses/{Enrolment.Slug}");

        Assert.Equal("No live session is scheduled yet. Each one appears here once it is, and reaches every accepted participant's calendar as an invitation.",
            page.QuerySelector("#sessions-heading + p")!.TextContent);
    }
}

public sealed class CalendarFeedOfferTests : IDisposable
{
    private readonly TestSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task An_accepted_participant_is_offered_the_calendar_feed_beside_the_schedule_and_a_visitor_is_not()
    {
        const string slug = "from-digital-to-smart-government";
        var person = await _site.CreateAsync("ana@gob.cl");
        await _site.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == slug);
            db.Applications.Add(new Data.Entities.Application
            {
                CourseId = course.Id, UserId = person.Id, State = ApplicationState.Accepted, Motivation = "M.", RelationToWork = "R.",
                SubmittedUtc = TestSite.DefaultNow.UtcDateTime, Country = "CL", Institution = "Ministry of Finance",
            });
            return await db.SaveChangesAsync();
        });

        var participant = await (await _site.SignedInBrowserAsync("ana@gob.cl")).GetPageAsync($"/courses/{slug}");
        var visitor = await _site.NewBrowser().GetPageAsync($"/courses/{slug}");

        Assert.Equal("/account/calendar", participant.QuerySelector(".calendar-feed-offer a")!.GetAttribute("href"));
        Assert.Null(visitor.QuerySelector(".calendar-feed-offer"));
    }
}
