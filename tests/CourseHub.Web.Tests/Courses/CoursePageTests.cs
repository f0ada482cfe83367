using System.Net;
using CourseHub.Web.Tests.Accounts;
using Ical.Net;

namespace CourseHub.Web.Tests.Courses;

public sealed class CoursePageTests(CoursePageTests.Site site) : IClassFixture<CoursePageTests.Site>
{
    public sealed class Site() : IDisposable
    {
        public TestSite App { get; } = new();
        public void Dispose() => App.Dispose();
    }

    private readonly HttpClient _client = site.App.CreateClient();

    [Fact]
    public async Task Course_page_shows_the_schedule_in_the_course_zone_with_its_offset()
    {
        var page = await _client.GetPageAsync("/courses/from-digital-to-smart-government");

        var times = page.QuerySelectorAll(".session-when time").Select(t => t.Text()).ToArray();
        Assert.Equal(6, times.Length);
        Assert.Equal("Wed 6 Oct 2027, 15:00 (GMT-3)", times[0]);
        Assert.Equal("Thu 14 Oct 2027, 15:00 (GMT-3)", times[2]);
        Assert.Equal("2027-10-06T18:00:00Z", page.QuerySelector(".session-when time")!.GetAttribute("datetime"));
    }

    [Fact]
    public async Task Course_page_shows_every_fact_a_person_decides_on()
    {
        var page = await _client.GetPageAsync("/courses/estado-abierto-america-latina-caribe");

        var facts = page.QuerySelectorAll(".course-facts dt").ToDictionary(dt => dt.Text(), dt => dt.NextElementSibling.Text());
        Assert.Equal("13 Oct – 26 Nov 2027", facts["Dates"]);
        Assert.Equal("Hybrid", facts["Modality"]);
        Assert.Equal("Spanish", facts["Language"]);
        Assert.Equal("60 hours", facts["Duration"]);
        Assert.Equal("Free of charge", facts["Fee"]);
        Assert.Equal("40", facts["Seats"]);
        Assert.StartsWith("15 full scholarships", facts["Scholarships"]);
        Assert.Contains("Mon 16 Nov 2026, 00:00 (GMT-6)", facts["Applications"]);
        Assert.Contains("Fri 20 Aug 2027, 23:59 (GMT-6)", facts["Applications"]);
        Assert.Contains("Ciudad de México", facts["Venue"]);
        Assert.Contains("ILPES", facts["Organiser"]);
        Assert.False(string.IsNullOrWhiteSpace(facts["Audience"]));
        Assert.Equal("Mexico City time (GMT-6)", facts["Time zone"]);

        Assert.Equal(["Fase virtual", "Semana presencial"], page.QuerySelectorAll("#phases-heading + div tbody th").Select(th => th.Text()));
        Assert.Contains("Applications are open until Fri 20 Aug 2027, 23:59 (GMT-6)", page.QuerySelector(".course-now").Text());
        Assert.Equal("es", page.QuerySelector("#course-title")!.GetAttribute("lang"));
    }

    [Fact]
    public async Task Course_page_lists_the_modules_in_order()
    {
        var page = await _client.GetPageAsync("/courses/from-digital-to-smart-government");

        var links = page.QuerySelectorAll(".module-list a").Select(a => a.GetAttribute("href")).ToArray();
        Assert.True(links.Length >= 4);
        Assert.Equal("/courses/from-digital-to-smart-government/modules/from-e-government-to-smart-government", links[0]);
    }

    [Fact]
    public async Task Unknown_course_is_a_real_404_page()
    {
        var response = await _client.GetAsync("/courses/no-such-course");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Page not found", page.QuerySelector("h1").Text());
        Assert.NotNull(page.QuerySelector("header.site-header"));
        Assert.NotNull(page.QuerySelector("main a[href='/courses']"));
    }

    [Theory]
    [InlineData("/nonexistent")]
    [InlineData("/foo/bar.php")]
    public async Task An_address_nothing_answers_is_a_404_page_for_visitors_too_not_a_sign_in_prompt(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Page not found", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("h1").Text());
    }

    [Fact]
    public async Task A_form_the_site_cannot_read_gets_the_bad_request_page_not_an_error()
    {
        var browser = site.App.NewBrowser();
        var token = await browser.AntiforgeryTokenAsync("/account/forgot-password");

        // A NUL character makes the form unreadable; the error page must not stumble over it again.
        var response = await browser.PostAsync("/account/forgot-password", new StringContent(
            $"__RequestVerificationToken={Uri.EscapeDataString(token)}&Email=ana%00@gob.cl", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Bad request", page.QuerySelector("h1").Text());
        Assert.Contains("Error 400", page.QuerySelector(".error-page").Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_schedule_downloads_as_a_publish_calendar_with_the_course_zone()
    {
        var response = await _client.GetAsync("/courses/from-digital-to-smart-government/calendar.ics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var calendar = Calendar.Load(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal("America/Santiago", Assert.Single(calendar.TimeZones).TzId);
        Assert.Equal(6, calendar.Events.Count);
        Assert.Equal(6, calendar.Events.Select(e => e.Uid).Distinct().Count());
        var first = calendar.Events.OrderBy(e => e.DtStart!.AsUtc).First();
        Assert.Equal(new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc), first.DtStart!.AsUtc);
        Assert.Equal("America/Santiago", first.DtStart.TzId);
    }

    [Fact]
    public async Task A_spanish_courses_public_schedule_is_labelled_in_spanish()
    {
        var calendar = Calendar.Load(await _client.GetStringAsync("/courses/estado-abierto-america-latina-caribe/calendar.ics"))!;

        Assert.Contains(calendar.Events, e => e.Description!.Contains("Lugar: Sala de conferencias, Sede subregional de la CEPAL en México"));
        Assert.DoesNotContain(calendar.Events, e => e.Description!.Contains("Join:") || e.Description.Contains("Room:"));
    }

    [Fact]
    public async Task The_public_schedule_leaves_out_the_join_links_which_are_for_accepted_participants()
    {
        var text = await _client.GetStringAsync("/courses/estado-abierto-america-latina-caribe/calendar.ics");

        Assert.DoesNotContain("zoom.us", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Enlace:", text, StringComparison.Ordinal);
        var calendar = Calendar.Load(text)!;
        Assert.NotEmpty(calendar.Events);
        Assert.All(calendar.Events, e => Assert.True(e.Url is null || e.Url.AbsolutePath.StartsWith("/courses/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Calendar_uids_are_stable_between_downloads()
    {
        var first = Calendar.Load(await _client.GetStringAsync("/courses/from-digital-to-smart-government/calendar.ics"))!;
        site.App.Clock.Advance(TimeSpan.FromHours(2));
        var second = Calendar.Load(await _client.GetStringAsync("/courses/from-digital-to-smart-government/calendar.ics"))!;

        Assert.Equal(first.Events.Select(e => e.Uid).Order(), second.Events.Select(e => e.Uid).Order());
    }

    [Fact]
    public async Task Calendar_of_unknown_course_is_404()
    {
        var response = await _client.GetAsync("/courses/no-such-course/calendar.ics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
