using CourseHub.Core.Sessions;

namespace CourseHub.UnitTests.Sessions;

public sealed class SessionRulesTests
{
    private static readonly DateTime Starts = new(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(-1, false, true)]    // a second before it begins
    [InlineData(0, false, false)]    // from the moment it begins
    [InlineData(60, false, false)]
    [InlineData(-60, true, false)]   // cancelled already
    public void A_session_is_cancelled_only_before_it_begins(int secondsFromStart, bool cancelled, bool canCancel) =>
        Assert.Equal(canCancel, CancellationRule.CanCancel(cancelled, Starts, Starts.AddSeconds(secondsFromStart)));

    [Theory]
    [InlineData(-1, false, false)]
    [InlineData(0, false, true)]     // attendance is taken from the moment it begins
    [InlineData(60, true, false)]    // never of a cancelled session
    public void Attendance_is_recorded_once_a_session_has_begun_unless_it_was_cancelled(int secondsFromStart, bool cancelled, bool canRecord) =>
        Assert.Equal(canRecord, AttendanceRule.CanRecord(cancelled, Starts, Starts.AddSeconds(secondsFromStart)));
}
