using System.Globalization;
using Bunit;
using CourseHub.Web.Features.Shared.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CourseHub.Web.Tests.Components;

public sealed class SessionTimeTests : BunitContext
{
    public SessionTimeTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-GB");
        Services.AddLocalization(options => options.ResourcesPath = "Resources");
    }

    [Fact]
    public void Shows_the_local_time_with_its_offset_and_a_machine_readable_instant()
    {
        var rendered = Render<SessionTime>(p => p
            .Add(s => s.StartsUtc, new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc))
            .Add(s => s.Minutes, 90)
            .Add(s => s.TimeZone, "America/Santiago"));

        var time = rendered.Find("time");
        Assert.Equal("Wed 6 Oct 2027, 15:00 (GMT-3)", time.TextContent);
        Assert.Equal("2027-10-06T18:00:00Z", time.GetAttribute("datetime"));
        Assert.Equal(" – 16:30", rendered.Find(".session-end").TextContent);
    }

    [Fact]
    public void Offset_follows_the_zone_on_the_day_of_the_session()
    {
        // After Santiago leaves summer time (4 April 2027) the same 15:00 is GMT-4.
        var rendered = Render<SessionTime>(p => p
            .Add(s => s.StartsUtc, new DateTime(2027, 4, 5, 19, 0, 0, DateTimeKind.Utc))
            .Add(s => s.TimeZone, "America/Santiago"));

        Assert.Equal("Mon 5 Apr 2027, 15:00 (GMT-4)", rendered.Find("time").TextContent);
        Assert.Empty(rendered.FindAll(".session-end"));
    }

    [Fact]
    public void A_viewer_elsewhere_also_reads_the_whole_span_in_their_own_zone()
    {
        var rendered = Render<SessionTime>(p => p
            .Add(s => s.StartsUtc, new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc))
            .Add(s => s.Minutes, 90)
            .Add(s => s.TimeZone, "America/Santiago")
            .Add(s => s.ViewerTimeZone, "America/Lima"));

        var theirs = rendered.Find(".session-viewer-time");
        Assert.Equal("Your time (Lima): Wed 6 Oct 2027, 13:00 (GMT-5) – 14:30", theirs.TextContent);
        // Kept on one line each, as the course's time is: "(GMT-" and "5)" apart read as two things.
        Assert.Equal("2027-10-06T18:00:00Z", theirs.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal(" – 14:30", theirs.QuerySelector(".session-end")!.TextContent);
    }

    [Fact]
    public void A_viewer_in_the_courses_offset_reads_the_time_once()
    {
        var rendered = Render<SessionTime>(p => p
            .Add(s => s.StartsUtc, new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc))
            .Add(s => s.TimeZone, "America/Santiago")
            .Add(s => s.ViewerTimeZone, "America/Sao_Paulo"));

        Assert.Empty(rendered.FindAll(".session-viewer-time"));
    }
}
