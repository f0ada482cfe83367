namespace CourseHub.Core.Enrolments;

public enum ScholarshipState
{
    None,
    /// <summary>Asked for with the application; on the reserve list once ranked.</summary>
    Requested,
    /// <summary>Offered; the recipient must accept before the reply deadline.</summary>
    Awarded,
    Accepted,
    Declined,
    /// <summary>Not answered before the deadline.</summary>
    Lapsed,
    /// <summary>Lost because the application was withdrawn or is no longer accepted.</summary>
    Forfeited,
    /// <summary>Accepted, then handed back by the recipient, who keeps their place in the course.</summary>
    GivenBack,
}

/// <summary>A scholarship request as the rules need it.</summary>
public sealed record ScholarshipCandidate(int ApplicationId, ScholarshipState State, ApplicationState Application, double? AverageScore, DateTime SubmittedUtc);

public static class ScholarshipRules
{
    public const int StatementMaxLength = 2000;

    /// <summary>Awards that count against the quota: offered and not yet answered, or accepted.</summary>
    public static bool HoldsQuota(ScholarshipState state) => state is ScholarshipState.Awarded or ScholarshipState.Accepted;

    public static bool HasRoom(int held, int quota) => held < quota;

    /// <summary>
    /// How many freed awards still wait to pass on: never more than the quota has room for, since an admin may
    /// have awarded one by hand meanwhile, or lowered the quota.
    /// </summary>
    public static int StillToPassOn(int freed, int held, int quota) => Math.Max(0, Math.Min(freed, quota - held));

    /// <summary>
    /// Only accepted applicants who asked for a scholarship and do not hold one can be awarded. One whose award
    /// ended with their place (moved to the waitlist, say) and who is accepted again asks for it again.
    /// </summary>
    public static bool CanAward(ApplicationState application, ScholarshipState scholarship) =>
        application == ApplicationState.Accepted && scholarship is ScholarshipState.Requested or ScholarshipState.Forfeited;

    /// <summary>
    /// An offer that lapsed unanswered can be made again by hand to one still accepted (a mail missed, a holiday), while
    /// the quota has room. Never by the reserve list, which would offer it to them again at every lapse.
    /// </summary>
    public static bool CanOfferAgain(ApplicationState application, ScholarshipState scholarship) =>
        application == ApplicationState.Accepted && scholarship == ScholarshipState.Lapsed;

    /// <summary>The reserve list: eligible requests, best average score first, earlier application first on a tie, unscored last.</summary>
    public static IReadOnlyList<ScholarshipCandidate> ReserveList(IEnumerable<ScholarshipCandidate> candidates) =>
        ApplicationRules.ByMerit(candidates.Where(c => CanAward(c.Application, c.State)), c => c.AverageScore, c => c.SubmittedUtc, c => c.ApplicationId).ToList();

    /// <summary>
    /// The deadline of an offer: the last minute (23:59) of the day <paramref name="replyDays"/> days after the award,
    /// in the course's zone. An offer made at 18:19 is answered "by Friday", as people plan, not by Friday at 18:19.
    /// </summary>
    public static DateTime ReplyBy(DateTime awardedUtc, int replyDays, TimeZoneInfo zone)
    {
        var awardedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(awardedUtc, DateTimeKind.Utc), zone));
        return Sessions.ZonedTime.StartOfDayUtc(awardedOn.AddDays(replyDays + 1), zone).AddMinutes(-1);
    }

    public static bool CanReply(ScholarshipState state, DateTime replyByUtc, DateTime nowUtc) =>
        state == ScholarshipState.Awarded && nowUtc < replyByUtc;

    /// <summary>
    /// A recipient who accepted can give the scholarship back (other funding came through, plans changed) until
    /// the course ends, as they could withdraw; it passes on as a declined offer does.
    /// </summary>
    public static bool CanGiveBack(ScholarshipState state, DateTime courseEndsUtc, DateTime nowUtc) =>
        state == ScholarshipState.Accepted && nowUtc < courseEndsUtc;

    /// <summary>How long before the reply deadline a recipient who has not answered is reminded.</summary>
    public static readonly TimeSpan ReminderLead = TimeSpan.FromDays(2);

    /// <summary>
    /// When an unanswered offer is reminded of: two days before the deadline, or halfway through a reply
    /// period shorter than four days, so that the reminder never comes on the heels of the offer itself.
    /// </summary>
    public static DateTime ReminderAt(DateTime awardedUtc, DateTime replyByUtc) =>
        replyByUtc - TimeSpan.FromTicks(Math.Min(ReminderLead.Ticks, (replyByUtc - awardedUtc).Ticks / 2));

    /// <summary>Whether an offer still waiting for its answer is due for its reminder.</summary>
    public static bool ReminderDue(ScholarshipState state, DateTime? awardedUtc, DateTime? replyByUtc, DateTime nowUtc) =>
        state == ScholarshipState.Awarded && awardedUtc is { } awarded && replyByUtc is { } deadline
        && nowUtc >= ReminderAt(awarded, deadline) && nowUtc < deadline;

    public static bool HasLapsed(ScholarshipState state, DateTime? replyByUtc, DateTime nowUtc) =>
        state == ScholarshipState.Awarded && replyByUtc is { } deadline && nowUtc >= deadline;

    /// <summary>The mean of every criterion score of every reviewer, or null when nobody has scored.</summary>
    public static double? Average(IEnumerable<IReadOnlyList<int>> reviews)
    {
        var scores = reviews.SelectMany(r => r).ToList();
        return scores.Count == 0 ? null : scores.Average();
    }
}
