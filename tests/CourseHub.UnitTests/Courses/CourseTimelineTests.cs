using CourseHub.Core.Courses;

namespace CourseHub.UnitTests.Courses;

public sealed class CourseTimelineTests
{
    private static readonly CourseTimeline Timeline = new(
        ApplicationsOpenUtc: new DateTime(2026, 11, 2, 3, 0, 0, DateTimeKind.Utc),
        ApplicationsCloseUtc: new DateTime(2027, 9, 11, 2, 59, 0, DateTimeKind.Utc),
        StartsUtc: new DateTime(2027, 10, 6, 3, 0, 0, DateTimeKind.Utc),
        EndsUtc: new DateTime(2027, 10, 30, 3, 0, 0, DateTimeKind.Utc));

    public static TheoryData<DateTime, CourseStatus> Instants => new()
    {
        { new DateTime(2026, 11, 2, 2, 59, 59, DateTimeKind.Utc), CourseStatus.ApplicationsSoon },
        { new DateTime(2026, 11, 2, 3, 0, 0, DateTimeKind.Utc), CourseStatus.ApplicationsOpen },
        { new DateTime(2027, 9, 11, 2, 58, 59, DateTimeKind.Utc), CourseStatus.ApplicationsOpen },
        { new DateTime(2027, 9, 11, 2, 59, 0, DateTimeKind.Utc), CourseStatus.ApplicationsClosed },
        { new DateTime(2027, 10, 6, 2, 59, 59, DateTimeKind.Utc), CourseStatus.ApplicationsClosed },
        { new DateTime(2027, 10, 6, 3, 0, 0, DateTimeKind.Utc), CourseStatus.InProgress },
        { new DateTime(2027, 10, 30, 2, 59, 59, DateTimeKind.Utc), CourseStatus.InProgress },
        { new DateTime(2027, 10, 30, 3, 0, 0, DateTimeKind.Utc), CourseStatus.Finished },
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void Status_follows_the_timeline_at_its_edges(DateTime now, CourseStatus expected) =>
        Assert.Equal(expected, Timeline.StatusAt(now));

    [Fact]
    public void A_course_under_way_that_still_takes_applications_is_open_until_they_close()
    {
        var late = Timeline with { ApplicationsCloseUtc = new DateTime(2027, 10, 20, 3, 0, 0, DateTimeKind.Utc) };

        Assert.Equal(CourseStatus.ApplicationsOpen, late.StatusAt(new DateTime(2027, 10, 6, 3, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(CourseStatus.ApplicationsOpen, late.StatusAt(new DateTime(2027, 10, 20, 2, 59, 59, DateTimeKind.Utc)));
        Assert.Equal(CourseStatus.InProgress, late.StatusAt(new DateTime(2027, 10, 20, 3, 0, 0, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData("open", CourseStatus.ApplicationsOpen, true)]
    [InlineData("open", CourseStatus.ApplicationsSoon, false)]
    [InlineData("upcoming", CourseStatus.ApplicationsSoon, true)]
    [InlineData("upcoming", CourseStatus.ApplicationsClosed, true)]
    [InlineData("upcoming", CourseStatus.InProgress, false)]
    [InlineData("in-progress", CourseStatus.InProgress, true)]
    [InlineData("finished", CourseStatus.Finished, true)]
    [InlineData("finished", CourseStatus.InProgress, false)]
    public void Status_filter_matches_its_statuses(string filter, CourseStatus status, bool matches)
    {
        Assert.True(StatusFilters.TryParse(filter, out var parsed));
        Assert.Equal(matches, parsed.Matches(status));
    }

    [Fact]
    public void Unknown_status_filter_is_not_parsed() => Assert.False(StatusFilters.TryParse("closed-ish", out _));

    [Fact]
    public void Courses_open_for_applications_rank_first() =>
        Assert.True(Enum.GetValues<CourseStatus>().Where(s => s != CourseStatus.ApplicationsOpen)
            .All(s => s.DisplayRank() > CourseStatus.ApplicationsOpen.DisplayRank()));
}
