using System.Net;
using CourseHub.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Tests.Learning;

public sealed class ModuleAccessTests : IDisposable
{
    private readonly TestSite _site = Learners.SiteWithModules();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Anonymous_visitor_reads_a_preview_module()
    {
        var page = await _site.NewBrowser().GetPageAsync($"{Learners.Course}/modules/welcome");

        Assert.Equal("Welcome", page.QuerySelector("h1").Text());
        Assert.Equal("Everything.", page.QuerySelector(".prose p").Text());
    }

    [Fact]
    public async Task Anonymous_visitor_gets_a_403_page_that_explains_who_reads_and_links_to_apply_and_sign_in()
    {
        _site.Clock.SetUtcNow(Learners.AfterAllReleases);
        var response = await _site.NewBrowser().GetAsync($"{Learners.Course}/modules/methods");
        var page = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("Secret methods", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("accepted participants", page.QuerySelector(".module-locked-notice").Text(), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"a[href='{Learners.Course}']"));
        Assert.StartsWith("/account/sign-in?returnUrl=", page.QuerySelector(".module-locked-notice a[href^='/account/sign-in']")!.GetAttribute("href"));
        // The module list is still there, so visitors see what the course contains.
        Assert.Equal(3, page.QuerySelectorAll(".module-nav a").Length);
    }

    [Fact]
    public async Task A_locked_module_invites_to_apply_only_while_the_course_takes_applications()
    {
        // 26 November 2026: applications are open until 15 December.
        var open = Html.Parse(await (await _site.NewBrowser().GetAsync($"{Learners.Course}/modules/methods")).Content.ReadAsStringAsync());
        _site.Clock.SetUtcNow(Learners.AfterAllReleases);
        var closed = Html.Parse(await (await _site.NewBrowser().GetAsync($"{Learners.Course}/modules/methods")).Content.ReadAsStringAsync());

        Assert.Equal("Apply to read the modules", open.QuerySelector($".module-locked-notice a[href='{Learners.Course}']").Text());
        Assert.Null(open.QuerySelector(".applications-closed"));
        Assert.Equal("View the course page", closed.QuerySelector($".module-locked-notice a[href='{Learners.Course}']").Text());
        Assert.Equal("The course is not taking applications now.", closed.QuerySelector(".applications-closed").Text());
    }

    [Fact]
    public async Task A_draft_between_published_modules_leaves_no_gap_in_a_participants_numbering()
    {
        _site.Clock.SetUtcNow(Learners.AfterAllReleases);
        await _site.WithDbAsync(db => db.Modules.Where(m => m.Slug == "methods").ExecuteUpdateAsync(set => set.SetProperty(m => m.Published, false)));
        var participant = await _site.ParticipantAsync("reader@gob.cl");

        var page = Html.Parse(await participant.GetStringAsync($"{Learners.Course}/modules/practice"));

        Assert.Equal(["1. Welcome", "2. Practice"], page.QuerySelectorAll(".module-nav a").Select(a => a.Text()));
    }

    [Fact]
    public async Task Signed_in_official_who_is_not_accepted_cannot_read_a_participants_module()
    {
        _site.Clock.SetUtcNow(Learners.AfterAllReleases);
        await _site.CreateAsync("outsider@gob.test");
        var outsider = await _site.SignedInBrowserAsync("outsider@gob.test");

        var response = await outsider.GetAsync($"{Learners.Course}/modules/methods");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("Secret methods", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepted_participant_reads_a_module_only_from_its_release_date()
    {
        var participant = await _site.ParticipantAsync("ana@gob.test");

        var before = await participant.GetAsync($"{Learners.Course}/modules/methods");
        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        var notice = Html.Parse(await before.Content.ReadAsStringAsync());
        Assert.Contains("Monday, 11 January 2027", notice.QuerySelector(".module-locked-notice").Text(), StringComparison.Ordinal);
        Assert.Contains("from 11 Jan 2027", notice.QuerySelector(".module-nav").Text(), StringComparison.Ordinal);

        // Midnight of 11 January in Santiago (GMT-3 in summer) is 03:00 UTC. (Sessions last 14 days: sign in again after the jump.)
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 11, 2, 59, 0, TimeSpan.Zero));
        participant = await _site.SignedInBrowserAsync("ana@gob.test");
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.GetAsync($"{Learners.Course}/modules/methods")).StatusCode);
        _site.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 11, 3, 0, 0, TimeSpan.Zero));
        var page = await participant.GetPageAsync($"{Learners.Course}/modules/methods");
        Assert.Equal("Secret methods for participants.", page.QuerySelector(".prose p").Text());
    }

    [Fact]
    public async Task The_pager_passes_over_a_module_not_open_yet_to_the_next_one_the_reader_can_open()
    {
        // Practice opens before Methods: between them, a participant reads Welcome and Practice only.
        await _site.WithDbAsync(db => db.Modules.Where(m => m.Slug == "practice")
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ReleaseUtc, new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc))));
        var participant = await _site.ParticipantAsync("ana@gob.test");

        var welcome = await participant.GetPageAsync($"{Learners.Course}/modules/welcome");
        var practice = await participant.GetPageAsync($"{Learners.Course}/modules/practice");

        Assert.Equal($"{Learners.Course}/modules/practice", welcome.QuerySelector(".module-pager a[rel=next]")!.GetAttribute("href"));
        Assert.Equal($"{Learners.Course}/modules/welcome", practice.QuerySelector(".module-pager a[rel=prev]")!.GetAttribute("href"));
        // The module passed over is still listed beside, with the day it opens.
        Assert.Contains("from 11 Jan 2027", practice.QuerySelector(".module-nav").Text(), StringComparison.Ordinal);
        // A visitor reads the preview only: no way on to modules that are not for them.
        Assert.Null((await _site.NewBrowser().GetPageAsync($"{Learners.Course}/modules/welcome")).QuerySelector(".module-pager a[rel=next]"));
    }

    [Fact]
    public async Task Instructor_of_the_course_reads_modules_before_their_release()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");

        var page = await instructor.GetPageAsync($"{Learners.Course}/modules/practice");

        Assert.Equal("Practice text.", page.QuerySelector(".prose p").Text());
    }

    [Fact]
    public async Task A_participants_page_is_never_served_to_an_anonymous_visitor_from_the_cache()
    {
        _site.Clock.SetUtcNow(Learners.AfterAllReleases);
        var participant = await _site.ParticipantAsync("ana@gob.test");
        await participant.GetPageAsync($"{Learners.Course}/modules/methods");

        var anonymous = await _site.NewBrowser().GetAsync($"{Learners.Course}/modules/methods");

        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
    }

    [Fact]
    public async Task Modules_of_an_unpublished_course_are_only_for_its_staff_previewing_them()
    {
        var participant = await _site.ParticipantAsync("ana@gob.test");
        var instructor = await _site.InstructorAsync("teacher@institute.org");
        await Learners.UnpublishAsync(_site);

        Assert.Equal(HttpStatusCode.NotFound, (await _site.NewBrowser().GetAsync($"{Learners.Course}/modules/welcome")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await participant.GetAsync($"{Learners.Course}/modules/welcome")).StatusCode);

        var page = await instructor.GetPageAsync($"{Learners.Course}/modules/practice");
        Assert.Equal("Practice text.", page.QuerySelector(".prose p").Text());
        Assert.StartsWith("Preview: this course is not published.", page.QuerySelector(".course-preview").Text().Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Modules_of_a_published_course_carry_no_preview_notice()
    {
        var instructor = await _site.InstructorAsync("teacher@institute.org");

        var page = await instructor.GetPageAsync($"{Learners.Course}/modules/practice");

        Assert.Null(page.QuerySelector(".course-preview"));
    }
}
