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
}

/// <summary>A scholarship request as the rules need it.</summary>
public sealed record ScholarshipCandidate(int ApplicationId, ScholarshipState State, ApplicationState Application, double? AverageScore, DateTime SubmittedUtc);

public static class ScholarshipRules
{
    public const int StatementMaxLength = 2000;

    /// <summary>Awards that count against the quota: offered and not yet answered, or accepted.</summary>
    public static bool HoldsQuota(ScholarshipState state) => state is ScholarshipState.Awarded or ScholarshipState.Accepted;

    public static bool HasRoom(int held, int quota) => held < quota;

    /// <summary>Only accepted applicants who asked for a scholarship and do not hold one can be awarded.</summary>
    public static bool CanAward(ApplicationState application, ScholarshipState scholarship) =>
        application == ApplicationState.Accepted && scholarship == ScholarshipState.Requested;

    /// <summary>The reserve list: eligible requests, best average score first, earlier application first on a tie, unscored last.</summary>
    public static IReadOnlyList<ScholarshipCandidate> ReserveList(IEnumerable<ScholarshipCandidate> candidates) =>
        candidates.Where(c => CanAward(c.Application, c.State))
            .OrderByDescending(c => c.AverageScore.HasValue)
            .ThenByDescending(c => c.AverageScore ?? 0)
            .ThenBy(c => c.SubmittedUtc)
            .ThenBy(c => c.ApplicationId)
            .ToList();

    public static DateTime ReplyBy(DateTime awardedUtc, int replyDays) => awardedUtc.AddDays(replyDays);

    public static bool CanReply(ScholarshipState state, DateTime replyByUtc, DateTime nowUtc) =>
        state == ScholarshipState.Awarded && nowUtc < replyByUtc;

    public static bool HasLapsed(ScholarshipState state, DateTime? replyByUtc, DateTime nowUtc) =>
        state == ScholarshipState.Awarded && replyByUtc is { } deadline && nowUtc >= deadline;

    /// <summary>The mean of every criterion score of every reviewer, or null when nobody has scored.</summary>
    public static double? Average(IEnumerable<IReadOnlyList<int>> reviews)
    {
        var scores = reviews.SelectMany(r => r).ToList();
        return scores.Count == 0 ? null : scores.Average();
    }
}
