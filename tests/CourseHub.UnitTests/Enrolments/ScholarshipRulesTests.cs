using CourseHub.Core.Enrolments;

namespace CourseHub.UnitTests.Enrolments;

public sealed class ScholarshipRulesTests
{
    private static readonly DateTime Day = new(2027, 9, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(14, 15, true)]
    [InlineData(15, 15, false)]
    [InlineData(0, 0, false)]
    public void Awards_never_exceed_the_quota(int held, int quota, bool room) => Assert.Equal(room, ScholarshipRules.HasRoom(held, quota));

    [Theory]
    [InlineData(1, 14, 15, 1)]   // one freed, room for one in the quota: it waits to pass on
    [InlineData(2, 14, 15, 1)]   // an admin awarded one of the freed ones by hand meanwhile
    [InlineData(1, 15, 15, 0)]
    [InlineData(1, 10, 10, 0)]   // the quota was lowered to what is held
    [InlineData(0, 10, 15, 0)]   // room never awarded is the admins' to give
    [InlineData(1, 12, 10, 0)]
    public void Freed_awards_wait_to_pass_on_only_as_far_as_the_quota_has_room(int freed, int held, int quota, int waiting) =>
        Assert.Equal(waiting, ScholarshipRules.StillToPassOn(freed, held, quota));

    [Theory]
    [InlineData(ScholarshipState.Awarded, true)]
    [InlineData(ScholarshipState.Accepted, true)]
    [InlineData(ScholarshipState.Requested, false)]
    [InlineData(ScholarshipState.Declined, false)]
    [InlineData(ScholarshipState.Lapsed, false)]
    [InlineData(ScholarshipState.Forfeited, false)]
    public void Offered_and_accepted_awards_count_against_the_quota(ScholarshipState state, bool holds) =>
        Assert.Equal(holds, ScholarshipRules.HoldsQuota(state));

    [Theory]
    [InlineData(ApplicationState.Accepted, ScholarshipState.Requested, true)]
    [InlineData(ApplicationState.Submitted, ScholarshipState.Requested, false)]
    [InlineData(ApplicationState.Waitlisted, ScholarshipState.Requested, false)]
    [InlineData(ApplicationState.Accepted, ScholarshipState.None, false)]
    [InlineData(ApplicationState.Accepted, ScholarshipState.Declined, false)]
    [InlineData(ApplicationState.Accepted, ScholarshipState.Forfeited, true)]     // lost with the place, accepted again: asks again
    [InlineData(ApplicationState.Waitlisted, ScholarshipState.Forfeited, false)]
    public void Only_accepted_applicants_who_asked_can_be_awarded(ApplicationState application, ScholarshipState scholarship, bool expected) =>
        Assert.Equal(expected, ScholarshipRules.CanAward(application, scholarship));

    [Fact]
    public void Reserve_list_ranks_by_average_then_by_who_applied_first_with_unscored_last()
    {
        var list = ScholarshipRules.ReserveList([
            new(1, ScholarshipState.Requested, ApplicationState.Accepted, 3.5, Day.AddDays(2)),
            new(2, ScholarshipState.Requested, ApplicationState.Accepted, null, Day),
            new(3, ScholarshipState.Requested, ApplicationState.Accepted, 4.0, Day.AddDays(5)),
            new(4, ScholarshipState.Requested, ApplicationState.Accepted, 3.5, Day.AddDays(1)),
            new(5, ScholarshipState.Requested, ApplicationState.Waitlisted, 5.0, Day),
            new(6, ScholarshipState.Declined, ApplicationState.Accepted, 5.0, Day),
        ]);

        Assert.Equal([3, 4, 1, 2], list.Select(c => c.ApplicationId));
    }

    [Fact]
    public void Offer_can_be_answered_until_its_deadline_and_lapses_at_it()
    {
        var replyBy = ScholarshipRules.ReplyBy(Day, 7);

        Assert.Equal(Day.AddDays(7), replyBy);
        Assert.True(ScholarshipRules.CanReply(ScholarshipState.Awarded, replyBy, replyBy.AddTicks(-1)));
        Assert.False(ScholarshipRules.CanReply(ScholarshipState.Awarded, replyBy, replyBy));
        Assert.False(ScholarshipRules.HasLapsed(ScholarshipState.Awarded, replyBy, replyBy.AddTicks(-1)));
        Assert.True(ScholarshipRules.HasLapsed(ScholarshipState.Awarded, replyBy, replyBy));
        Assert.False(ScholarshipRules.HasLapsed(ScholarshipState.Accepted, replyBy, replyBy.AddDays(1)));
    }

    [Theory]
    [InlineData(7, 5 * 24)]     // two days before a week's deadline
    [InlineData(4, 2 * 24)]     // two days before, also halfway
    [InlineData(3, 36)]         // halfway through a shorter period
    [InlineData(1, 12)]
    public void An_unanswered_offer_is_reminded_of_two_days_before_its_deadline_or_halfway_through_a_short_one(int replyDays, int hoursAfterAward)
    {
        var replyBy = ScholarshipRules.ReplyBy(Day, replyDays);
        var remindAt = Day.AddHours(hoursAfterAward);

        Assert.Equal(remindAt, ScholarshipRules.ReminderAt(Day, replyBy));
        Assert.False(ScholarshipRules.ReminderDue(ScholarshipState.Awarded, Day, replyBy, remindAt.AddTicks(-1)));
        Assert.True(ScholarshipRules.ReminderDue(ScholarshipState.Awarded, Day, replyBy, remindAt));
        Assert.True(ScholarshipRules.ReminderDue(ScholarshipState.Awarded, Day, replyBy, replyBy.AddTicks(-1)));
    }

    [Theory]
    [InlineData(ScholarshipState.Accepted, 6)]
    [InlineData(ScholarshipState.Declined, 6)]
    [InlineData(ScholarshipState.Requested, 6)]
    [InlineData(ScholarshipState.Awarded, 7)]   // the deadline has come: it lapses instead
    public void Only_an_offer_still_open_is_reminded_of(ScholarshipState state, int daysAfterAward) =>
        Assert.False(ScholarshipRules.ReminderDue(state, Day, ScholarshipRules.ReplyBy(Day, 7), Day.AddDays(daysAfterAward)));

    [Fact]
    public void Average_is_over_every_score_of_every_reviewer()
    {
        Assert.Null(ScholarshipRules.Average([]));
        Assert.Equal(3.5, ScholarshipRules.Average([[5, 4, 3], [3, 3, 3]]));
    }

    [Theory]
    [InlineData(new[] { 1, 5, 3 }, 3, true)]
    [InlineData(new[] { 0, 5, 3 }, 3, false)]
    [InlineData(new[] { 6, 5, 3 }, 3, false)]
    [InlineData(new[] { 5, 3 }, 3, false)]
    public void Each_criterion_gets_one_score_from_one_to_five(int[] scores, int criteria, bool valid) =>
        Assert.Equal(valid, ReviewRubric.IsValid(scores, criteria));
}
