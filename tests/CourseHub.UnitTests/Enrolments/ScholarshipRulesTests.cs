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

    [Theory]
    [InlineData(ApplicationState.Accepted, ScholarshipState.Lapsed, true)]
    [InlineData(ApplicationState.Waitlisted, ScholarshipState.Lapsed, false)]
    [InlineData(ApplicationState.Accepted, ScholarshipState.Declined, false)]   // they said no
    [InlineData(ApplicationState.Accepted, ScholarshipState.GivenBack, false)]
    [InlineData(ApplicationState.Accepted, ScholarshipState.Requested, false)]  // an award, not an offer again
    public void Only_a_lapsed_offer_to_one_still_accepted_can_be_made_again(ApplicationState application, ScholarshipState scholarship, bool expected) =>
        Assert.Equal(expected, ScholarshipRules.CanOfferAgain(application, scholarship));

    [Fact]
    public void A_lapsed_offer_is_not_on_the_reserve_list()
    {
        var list = ScholarshipRules.ReserveList([new(1, ScholarshipState.Lapsed, ApplicationState.Accepted, 5.0, Day)]);

        Assert.Empty(list);
    }

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

    private static readonly TimeZoneInfo Santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");

    [Theory]
    [InlineData("2027-09-01T12:00:00Z", 7, "2027-09-09T02:59:00Z")]   // 8 Sep, 23:59 in Santiago, on summer time (GMT-3) since the 5th
    [InlineData("2027-09-02T02:30:00Z", 7, "2027-09-09T02:59:00Z")]   // still 1 Sep in Santiago (22:30, GMT-4): the same day's offer
    [InlineData("2027-09-01T21:19:00Z", 1, "2027-09-03T03:59:00Z")]   // made at 17:19, answered until the next day's end (GMT-4)
    public void An_offer_is_answered_until_the_end_of_its_last_day_in_the_courses_zone(string awarded, int replyDays, string deadline) =>
        Assert.Equal(DateTime.Parse(deadline, null, System.Globalization.DateTimeStyles.AdjustToUniversal),
            ScholarshipRules.ReplyBy(DateTime.Parse(awarded, null, System.Globalization.DateTimeStyles.AdjustToUniversal), replyDays, Santiago));

    [Fact]
    public void Offer_can_be_answered_until_its_deadline_and_lapses_at_it()
    {
        var replyBy = ScholarshipRules.ReplyBy(Day, 7, TimeZoneInfo.Utc);

        Assert.Equal(new DateTime(2027, 9, 8, 23, 59, 0, DateTimeKind.Utc), replyBy);
        Assert.True(ScholarshipRules.CanReply(ScholarshipState.Awarded, replyBy, replyBy.AddTicks(-1)));
        Assert.False(ScholarshipRules.CanReply(ScholarshipState.Awarded, replyBy, replyBy));
        Assert.False(ScholarshipRules.HasLapsed(ScholarshipState.Awarded, replyBy, replyBy.AddTicks(-1)));
        Assert.True(ScholarshipRules.HasLapsed(ScholarshipState.Awarded, replyBy, replyBy));
        Assert.False(ScholarshipRules.HasLapsed(ScholarshipState.Accepted, replyBy, replyBy.AddDays(1)));
    }

    [Theory]
    [InlineData(7, 475_140)]   // 6 Sep, 23:59: two days before the deadline of 8 Sep, 23:59
    [InlineData(4, 215_940)]   // 3 Sep, 23:59: two days before 5 Sep, 23:59
    [InlineData(2, 107_970)]   // halfway through a shorter period (1 Sep 12:00 to 3 Sep 23:59)
    [InlineData(1, 64_770)]    // halfway to 2 Sep, 23:59
    public void An_unanswered_offer_is_reminded_of_two_days_before_its_deadline_or_halfway_through_a_short_one(int replyDays, int secondsAfterAward)
    {
        var replyBy = ScholarshipRules.ReplyBy(Day, replyDays, TimeZoneInfo.Utc);
        var remindAt = Day.AddSeconds(secondsAfterAward);

        Assert.Equal(remindAt, ScholarshipRules.ReminderAt(Day, replyBy));
        Assert.False(ScholarshipRules.ReminderDue(ScholarshipState.Awarded, Day, replyBy, remindAt.AddTicks(-1)));
        Assert.True(ScholarshipRules.ReminderDue(ScholarshipState.Awarded, Day, replyBy, remindAt));
        Assert.True(ScholarshipRules.ReminderDue(ScholarshipState.Awarded, Day, replyBy, replyBy.AddTicks(-1)));
    }

    [Theory]
    [InlineData(ScholarshipState.Accepted, 6)]
    [InlineData(ScholarshipState.Declined, 6)]
    [InlineData(ScholarshipState.Requested, 6)]
    [InlineData(ScholarshipState.Awarded, 8)]   // the deadline has come: it lapses instead
    public void Only_an_offer_still_open_is_reminded_of(ScholarshipState state, int daysAfterAward) =>
        Assert.False(ScholarshipRules.ReminderDue(state, Day, ScholarshipRules.ReplyBy(Day, 7, TimeZoneInfo.Utc), Day.AddDays(daysAfterAward)));

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
