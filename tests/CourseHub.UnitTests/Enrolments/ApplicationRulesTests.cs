using CourseHub.Core.Courses;
using CourseHub.Core.Enrolments;

namespace CourseHub.UnitTests.Enrolments;

public sealed class ApplicationRulesTests
{
    private static readonly CourseTimeline Timeline = new(
        new DateTime(2026, 11, 16, 6, 0, 0, DateTimeKind.Utc),
        new DateTime(2027, 8, 21, 5, 59, 0, DateTimeKind.Utc),
        new DateTime(2027, 10, 13, 6, 0, 0, DateTimeKind.Utc),
        new DateTime(2027, 11, 27, 6, 0, 0, DateTimeKind.Utc));

    [Theory]
    [InlineData("2026-11-16T05:59:59Z", ApplyWindow.NotYetOpen)]
    [InlineData("2026-11-16T06:00:00Z", ApplyWindow.Open)]
    [InlineData("2027-08-21T05:58:59Z", ApplyWindow.Open)]
    [InlineData("2027-08-21T05:59:00Z", ApplyWindow.Closed)]
    [InlineData("2027-12-01T00:00:00Z", ApplyWindow.Closed)]
    public void Application_window_is_open_from_its_first_instant_until_its_closing_instant(string now, ApplyWindow expected) =>
        Assert.Equal(expected, ApplicationRules.WindowAt(true, Timeline, DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal)));

    [Fact]
    public void Unpublished_course_takes_no_applications_even_inside_its_window() =>
        Assert.Equal(ApplyWindow.NotPublished, ApplicationRules.WindowAt(false, Timeline, new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc)));

    [Theory]
    [InlineData(ApplicationState.Submitted, true)]
    [InlineData(ApplicationState.Accepted, true)]
    [InlineData(ApplicationState.Waitlisted, true)]
    [InlineData(ApplicationState.Rejected, false)]
    [InlineData(ApplicationState.Withdrawn, false)]
    public void Live_applications_can_be_withdrawn_before_the_course_ends(ApplicationState state, bool expected)
    {
        Assert.Equal(expected, ApplicationRules.CanWithdraw(state, Timeline.EndsUtc, Timeline.EndsUtc.AddSeconds(-1)));
        Assert.False(ApplicationRules.CanWithdraw(state, Timeline.EndsUtc, Timeline.EndsUtc));
    }

    [Theory]
    [InlineData(0, 20, ApplicationState.Accepted)]
    [InlineData(19, 20, ApplicationState.Accepted)]
    [InlineData(20, 20, ApplicationState.Waitlisted)]
    [InlineData(25, 20, ApplicationState.Waitlisted)]
    public void Full_course_puts_applicant_on_waitlist(int accepted, int capacity, ApplicationState expected) =>
        Assert.Equal(expected, ApplicationRules.Outcome(Decision.Accept, accepted, capacity));

    [Fact]
    public void Waitlist_and_reject_decisions_ignore_capacity()
    {
        Assert.Equal(ApplicationState.Waitlisted, ApplicationRules.Outcome(Decision.Waitlist, 0, 20));
        Assert.Equal(ApplicationState.Rejected, ApplicationRules.Outcome(Decision.Reject, 20, 20));
    }

    [Theory]
    [InlineData(ApplicationState.Withdrawn, Decision.Accept, false)]
    [InlineData(ApplicationState.Accepted, Decision.Accept, false)]
    [InlineData(ApplicationState.Accepted, Decision.Reject, true)]
    [InlineData(ApplicationState.Waitlisted, Decision.Accept, true)]
    [InlineData(ApplicationState.Rejected, Decision.Accept, true)]
    [InlineData(ApplicationState.Submitted, Decision.Waitlist, true)]
    public void Withdrawn_applications_are_final_and_a_decision_must_change_something(ApplicationState state, Decision decision, bool expected) =>
        Assert.Equal(expected, ApplicationRules.CanDecide(state, decision));

    [Fact]
    public void Waitlist_offers_seats_to_the_first_waitlisted_first()
    {
        var waitlisted = new[]
        {
            (Id: 3, At: new DateTime(2027, 9, 2, 0, 0, 0, DateTimeKind.Utc)),
            (Id: 1, At: new DateTime(2027, 9, 3, 0, 0, 0, DateTimeKind.Utc)),
            (Id: 2, At: new DateTime(2027, 9, 2, 0, 0, 0, DateTimeKind.Utc)),
        };

        Assert.Equal([2, 3, 1], ApplicationRules.WaitlistOrder(waitlisted, w => w.At, w => w.Id).Select(w => w.Id));
    }
}
