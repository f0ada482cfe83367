using System.Globalization;
using CourseHub.Core.Sessions;

namespace CourseHub.UnitTests.Sessions;

public sealed class ZonedTimeTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    private static readonly TimeZoneInfo Santiago = ZonedTime.FindZone("America/Santiago");

    [Fact]
    public void Session_at_18_utc_shows_as_15_gmt_minus_3_in_santiago_in_october_2027()
    {
        // Chile keeps summer time (UTC-3) from early September to early April: October 2027 is UTC-3.
        var startsUtc = new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc);

        Assert.Equal(TimeSpan.FromHours(-3), ZonedTime.OffsetAt(startsUtc, Santiago));
        Assert.Equal("Wed 6 Oct 2027, 15:00 (GMT-3)", ZonedTime.Format(startsUtc, Santiago, English));
    }

    [Fact]
    public void The_same_wall_clock_time_moves_in_utc_across_a_daylight_saving_change()
    {
        // Santiago leaves summer time on Sunday 4 April 2027: 15:00 is 18:00 UTC before, 19:00 UTC after.
        var before = ZonedTime.ToUtc(new DateTime(2027, 4, 1, 15, 0, 0), Santiago);
        var after = ZonedTime.ToUtc(new DateTime(2027, 4, 5, 15, 0, 0), Santiago);

        Assert.Equal(new DateTime(2027, 4, 1, 18, 0, 0, DateTimeKind.Utc), before);
        Assert.Equal(new DateTime(2027, 4, 5, 19, 0, 0, DateTimeKind.Utc), after);
        Assert.Equal("Mon 5 Apr 2027, 15:00 (GMT-4)", ZonedTime.Format(after, Santiago, English));
    }

    [Fact]
    public void Time_skipped_by_spring_forward_is_moved_past_the_gap()
    {
        // Santiago jumps from 00:00 to 01:00 on Sunday 5 September 2027.
        var utc = ZonedTime.ToUtc(new DateTime(2027, 9, 5, 0, 30, 0), Santiago);

        Assert.Equal("01:30", ZonedTime.ToLocal(utc, Santiago).ToString("HH:mm", CultureInfo.InvariantCulture));
        Assert.True(ZonedTime.IsSkipped(new DateTime(2027, 9, 5, 0, 30, 0), Santiago));   // so a form can say so instead
        Assert.False(ZonedTime.IsSkipped(new DateTime(2027, 9, 5, 1, 0, 0), Santiago));
    }

    [Fact]
    public void A_time_in_a_repeated_hour_sent_back_unchanged_stays_the_instant_the_form_showed()
    {
        // Santiago falls back at midnight on Sunday 4 April 2027: 23:30 on the 3rd comes twice, at 02:30 and at 03:30 UTC.
        var secondPass = new DateTime(2027, 4, 4, 3, 30, 0, DateTimeKind.Utc);
        var shown = ZonedTime.ToLocal(secondPass, Santiago);

        Assert.Equal(new DateTime(2027, 4, 3, 23, 30, 0), shown);
        Assert.Equal(secondPass, ZonedTime.ToUtc(shown, Santiago, secondPass));
        // Read afresh, or changed, the time is taken as usual: the first pass.
        Assert.Equal(new DateTime(2027, 4, 4, 2, 30, 0, DateTimeKind.Utc), ZonedTime.ToUtc(shown, Santiago, null));
        Assert.Equal(new DateTime(2027, 4, 4, 2, 45, 0, DateTimeKind.Utc), ZonedTime.ToUtc(shown.AddMinutes(15), Santiago, secondPass));
    }

    [Theory]
    [InlineData("America/Santiago", true)]
    [InlineData("UTC", true)]
    [InlineData("Pacific Standard Time", false)]   // found, but a Windows name calendar programs do not know
    [InlineData("Mars/Olympus", false)]
    public void Only_IANA_names_are_known_zones(string id, bool known) => Assert.Equal(known, ZonedTime.IsKnownZone(id));

    [Theory]
    [InlineData(-3, 0, "GMT-3")]
    [InlineData(0, 0, "GMT")]
    [InlineData(5, 30, "GMT+5:30")]
    [InlineData(-9, -30, "GMT-9:30")]
    public void Offsets_are_written_the_way_invitations_show_them(int hours, int minutes, string expected) =>
        Assert.Equal(expected, ZonedTime.FormatOffset(new TimeSpan(hours, minutes, 0)));

    [Fact]
    public void An_end_in_a_repeated_hour_carries_its_own_offset_and_an_ordinary_one_does_not()
    {
        // The clocks go back from 24:00 (UTC-3) to 23:00 (UTC-4) on 3 April 2027: 02:30 and 03:30 UTC both read 23:30.
        Assert.Equal("23:30 (GMT-4)", ZonedTime.FormatEnd(new DateTime(2027, 4, 4, 2, 30, 0), new DateTime(2027, 4, 4, 3, 30, 0), Santiago, English));
        Assert.Equal("16:30", ZonedTime.FormatEnd(new DateTime(2027, 10, 6, 18, 0, 0), new DateTime(2027, 10, 6, 19, 30, 0), Santiago, English));
        // Past midnight, the end names its day too.
        Assert.Equal("Thu 7 Oct 2027, 00:30 (GMT-3)", ZonedTime.FormatEnd(new DateTime(2027, 10, 7, 2, 0, 0), new DateTime(2027, 10, 7, 3, 30, 0), Santiago, English));
    }

    [Fact]
    public void A_span_across_a_change_of_offset_or_past_midnight_gives_each_end_its_own_date_and_offset()
    {
        const string zone = "America/Santiago";
        Assert.Equal("Wed 6 Oct 2027, 15:00–16:30 (GMT-3, America/Santiago)",
            ZonedTime.FormatSpan(new DateTime(2027, 10, 6, 18, 0, 0), new DateTime(2027, 10, 6, 19, 30, 0), zone, English, "to"));
        // The clocks go back from 24:00 (UTC-3) to 23:00 (UTC-4) on 3 April 2027: 02:30 and 03:30 UTC both read 23:30.
        Assert.Equal("Sat 3 Apr 2027, 23:30 (GMT-3) to Sat 3 Apr 2027, 23:30 (GMT-4) (America/Santiago)",
            ZonedTime.FormatSpan(new DateTime(2027, 4, 4, 2, 30, 0), new DateTime(2027, 4, 4, 3, 30, 0), zone, English, "to"));
        Assert.Equal("Wed 6 Oct 2027, 22:00 (GMT-3) to Thu 7 Oct 2027, 00:30 (GMT-3) (America/Santiago)",
            ZonedTime.FormatSpan(new DateTime(2027, 10, 7, 1, 0, 0), new DateTime(2027, 10, 7, 3, 30, 0), zone, English, "to"));
        Assert.True(ZonedTime.LocalTimeNames(new DateTime(2027, 4, 4, 2, 30, 0), Santiago));
        Assert.False(ZonedTime.LocalTimeNames(new DateTime(2027, 4, 4, 3, 30, 0), Santiago));
    }

    [Fact]
    public void Unknown_zone_is_recognised_as_unknown()
    {
        Assert.False(ZonedTime.IsKnownZone("Mars/Olympus"));
        Assert.True(ZonedTime.IsKnownZone("America/Mexico_City"));
    }
}
