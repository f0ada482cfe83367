using System.Net;
using CourseHub.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Learning;

public sealed class ProgressTests : IDisposable
{
    private readonly TestSite _site = Learners.SiteWithModules();

    public void Dispose() => _site.Dispose();

    private Task<int> CompletionsAsync() => _site.WithDbAsync(db => db.ModuleCompletions.CountAsync());

    [Fact]
    public async Task Participant_marks_a_module_done_and_can_mark_it_not_done_again()
    {
        _site.Clock.SetUtcNow(Learners.AfterAllReleases);
        var participant = await _site.ParticipantAsync("ana@gob.test");

        var marked = await participant.MarkAsync("welcome");
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        var page = await participant.GetPageAsync($"{Learners.Course}/modules/welcome");
        // Said once where the button was: the notice, not the notice and the state beneath it.
        Assert.Contains("Module marked as done.", page.QuerySelector(".module-progress").Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("You marked this module as done", page.QuerySelector(".module-progress").Text(), StringComparison.Ordinal);
        var later = await participant.GetPageAsync($"{Learners.Course}/modules/welcome");
        Assert.Contains("You marked this module as done", later.QuerySelector(".module-progress").Text(), StringComparison.Ordinal);
        Assert.Equal("1 of 3", (await participant.GetPageAsync("/my-courses")).QuerySelector(".progress-count").Text());

        await participant.MarkAsync("welcome", done: false);
        Assert.Equal("0 of 3", (await participant.GetPageAsync("/my-courses")).QuerySelector(".progress-count").Text());
        Assert.Equal(0, await CompletionsAsync());
    }

    [Fact]
    public async Task Marking_a_module_done_twice_keeps_one_mark()
    {
        var participant = await _site.ParticipantAsync("ana@gob.test");

        await participant.MarkAsync("welcome");
        await participant.MarkAsync("welcome");

        Assert.Equal(1, await CompletionsAsync());
    }

    [Fact]
    public async Task Official_who_is_not_a_participant_cannot_mark_a_module_and_nothing_is_stored()
    {
        await _site.CreateAsync("outsider@gob.test");
        var outsider = await _site.SignedInBrowserAsync("outsider@gob.test");

        var response = await outsider.SubmitAsync("/account/profile", $"{Learners.Course}/modules/welcome/done", new Dictionary<string, string> { ["done"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await CompletionsAsync());
    }

    [Fact]
    public async Task Participant_cannot_mark_a_module_that_is_not_released_yet()
    {
        var participant = await _site.ParticipantAsync("ana@gob.test");

        await participant.SubmitAsync($"{Learners.Course}/modules/welcome", $"{Learners.Course}/modules/methods/done", new Dictionary<string, string> { ["done"] = "true" });

        Assert.Equal(0, await CompletionsAsync());
    }

    [Fact]
    public async Task A_course_that_is_over_no_longer_offers_its_schedule_for_a_calendar()
    {
        await _site.HeldSessionAsync(new DateTime(2027, 1, 6, 15, 0, 0, DateTimeKind.Utc));
        await _site.CreateAsync("ana@gob.test");   // signed in: pages read afresh, not from the visitors' cache
        await _site.AcceptAsync("ana@gob.test");
        const string download = "#sessions-heading ~ p a[href$='/calendar.ics']";
        var during = await (await _site.SignedInBrowserAsync("ana@gob.test")).GetPageAsync(Learners.Course);
        Assert.NotNull(during.QuerySelector(download));
        Assert.NotNull(during.QuerySelector(".calendar-feed-offer"));

        _site.Clock.SetUtcNow(Learners.AfterTheCourse);

        var after = await (await _site.SignedInBrowserAsync("ana@gob.test")).GetPageAsync(Learners.Course);
        Assert.Null(after.QuerySelector(download));
        Assert.Null(after.QuerySelector(".calendar-feed-offer"));
    }

    [Fact]
    public async Task My_courses_lists_courses_under_way_ending_soonest_then_those_to_come_then_those_over_latest_first()
    {
        Applications.Enrolment.WriteSecondCourse(_site, "short-lab", "Short Lab", "2027-04-05", "2027-04-16");
        Applications.Enrolment.WriteSecondCourse(_site, "long-lab", "Long Lab", "2027-03-01", "2027-04-30");
        Applications.Enrolment.WriteSecondCourse(_site, "later-lab", "Later Lab", "2027-05-03", "2027-05-14");
        Applications.Enrolment.WriteSecondCourse(_site, "early-lab", "Early Lab", "2027-03-01", "2027-04-01");
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 4, 8, 12, 0, 0, TimeSpan.Zero));   // Civic Lab ran in January
        var participant = await _site.ParticipantAsync("ana@gob.test");
        foreach (var slug in new[] { "short-lab", "long-lab", "later-lab", "early-lab" }) await _site.AcceptAsync("ana@gob.test", slug);

        var titles = (await participant.GetPageAsync("/my-courses")).QuerySelectorAll("h2.h4 a").Select(a => a.Text());

        Assert.Equal(["Short Lab", "Long Lab", "Later Lab", "Early Lab", "Civic Lab"], titles);
    }

    [Fact]
    public async Task My_courses_and_the_course_page_continue_with_the_first_unfinished_module_the_participant_can_read()
    {
        var participant = await _site.ParticipantAsync("ana@gob.test");
        var mine = await participant.GetPageAsync("/my-courses");
        Assert.Equal($"{Learners.Course}/modules/welcome", mine.QuerySelector(".continue-link")!.GetAttribute("href"));

        await participant.MarkAsync("welcome");
        // Methods is not released yet: nothing to continue with.
        Assert.Null((await participant.GetPageAsync("/my-courses")).QuerySelector(".continue-link"));

        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 12, 12, 0, 0, TimeSpan.Zero));
        participant = await _site.SignedInBrowserAsync("ana@gob.test");
        var course = await participant.GetPageAsync(Learners.Course);
        Assert.Equal($"{Learners.Course}/modules/methods", course.QuerySelector(".course-progress .continue-link")!.GetAttribute("href"));
        Assert.Equal("1 of 3", course.QuerySelector(".course-progress .progress-count").Text());
    }

    [Fact]
    public async Task My_courses_lists_only_courses_the_person_is_accepted_to()
    {
        await _site.CreateAsync("outsider@gob.test");
        var outsider = await _site.SignedInBrowserAsync("outsider@gob.test");

        var page = await outsider.GetPageAsync("/my-courses");

        Assert.Empty(page.QuerySelectorAll(".my-course"));
        Assert.Contains("not a participant of any course", page.QuerySelector("main").Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_participant_accepted_after_a_session_began_is_counted_over_the_sessions_that_followed_only()
    {
        _site.Clock.SetUtcNow(Learners.AfterAllReleases);
        await _site.ParticipantAsync("ana@gob.test");
        await _site.ParticipantAsync("late@gob.test");
        // Taken from the waitlist on 10 January, after the first session.
        await _site.WithDbAsync(db => db.Applications.Where(a => a.User!.Email == "late@gob.test")
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.DecidedUtc, new DateTime(2027, 1, 10, 12, 0, 0, DateTimeKind.Utc))));
        var first = new DateTime(2027, 1, 5, 15, 0, 0, DateTimeKind.Utc);
        await _site.HeldSessionAsync(first, false, ("ana@gob.test", true));
        await _site.HeldSessionAsync(new DateTime(2027, 1, 12, 15, 0, 0, DateTimeKind.Utc), false, ("ana@gob.test", true), ("late@gob.test", true));
        var instructor = await _site.InstructorAsync("teacher@institute.org");

        var roster = await instructor.GetPageAsync($"{Learners.Course}/roster");
        var rows = roster.QuerySelectorAll("tbody tr").ToDictionary(r => r.QuerySelector("th")!.ChildNodes[0].TextContent.Trim(), r => r.QuerySelector(".attendance-rate")!.Text());
        Assert.Equal("2 of 2 (100%)", rows["Test ana"]);
        Assert.Equal("1 of 1 (100%)", rows["Test late"]);
        // Nor is the late participant on the first session's attendance form, to which they were never invited.
        var firstId = await _site.WithDbAsync(db => db.LiveSessions.Where(s => s.StartsUtc == first).Select(s => s.Id).SingleAsync());
        var form = await instructor.GetPageAsync($"{Learners.Course}/sessions/{firstId}/attendance");
        Assert.DoesNotContain("late@gob.test", form.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("ana@gob.test", form.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roster_shows_who_completed_the_course()
    {
        _site.Clock.SetUtcNow(Learners.AfterAllReleases);
        var ana = await _site.ParticipantAsync("ana@gob.test");
        await _site.ParticipantAsync("bruno@gob.test");
        foreach (var module in new[] { "welcome", "methods", "practice" }) await ana.MarkAsync(module);
        var instructor = await _site.InstructorAsync("teacher@institute.org");

        var during = await instructor.GetPageAsync($"{Learners.Course}/roster");
        _site.Clock.SetUtcNow(Learners.AfterTheCourse);
        var roster = await instructor.GetPageAsync($"{Learners.Course}/roster");

        Dictionary<string, AngleSharp.Dom.IElement> Rows(AngleSharp.Dom.IDocument page) =>
            page.QuerySelectorAll("tbody tr").ToDictionary(r => r.QuerySelector("th")!.ChildNodes[0].TextContent.Trim(), r => r);
        Assert.Equal("Done so far", Rows(during)["Test ana"].QuerySelector(".completed").Text());
        var rows = Rows(roster);
        Assert.Equal("Completed", rows["Test ana"].QuerySelector(".completed").Text());
        Assert.Equal("3 of 3", rows["Test ana"].QuerySelector(".modules-done").Text());
        Assert.Equal("Not yet", rows["Test bruno"].QuerySelector(".completed").Text());
    }
}
