using CourseHub.Core.Courses;

namespace CourseHub.Core.Enrolments;

public enum ApplicationState
{
    Submitted,
    Accepted,
    Waitlisted,
    Rejected,
    Withdrawn,
}

public enum Decision
{
    Accept,
    Waitlist,
    Reject,
}

/// <summary>Why an official may or may not apply right now.</summary>
public enum ApplyWindow
{
    Open,
    NotYetOpen,
    Closed,
    NotPublished,
}

/// <summary>The rules of applying, deciding and withdrawing, as pure functions of loaded data and "now".</summary>
public static class ApplicationRules
{
    public const int MotivationMaxLength = 2000;
    public const int RelationMaxLength = 1500;
    public const int TravelNeedsMaxLength = 1000;

    /// <summary>The note a decision carries into the applicant's mail.</summary>
    public const int DecisionNoteMaxLength = 1000;

    /// <summary>Every seat is held by an accepted participant: one more can only wait for a seat to free up.</summary>
    public static bool SeatsTaken(int acceptedCount, int capacity) => acceptedCount >= capacity;

    public static ApplyWindow WindowAt(bool published, CourseTimeline timeline, DateTime nowUtc)
    {
        if (!published) return ApplyWindow.NotPublished;
        if (nowUtc < timeline.ApplicationsOpenUtc) return ApplyWindow.NotYetOpen;
        return timeline.AreApplicationsOpen(nowUtc) ? ApplyWindow.Open : ApplyWindow.Closed;
    }

    /// <summary>An application can be withdrawn until the course ends, unless it is already out of the running.</summary>
    public static bool CanWithdraw(ApplicationState state, DateTime courseEndsUtc, DateTime nowUtc) =>
        state is ApplicationState.Submitted or ApplicationState.Accepted or ApplicationState.Waitlisted && nowUtc < courseEndsUtc;

    /// <summary>Whether a decision may be taken on an application in this state (withdrawn ones are final).</summary>
    public static bool CanDecide(ApplicationState state, Decision decision) => state switch
    {
        ApplicationState.Withdrawn => false,
        ApplicationState.Accepted => decision != Decision.Accept,
        ApplicationState.Waitlisted => decision != Decision.Waitlist,
        ApplicationState.Rejected => decision != Decision.Reject,
        _ => true,
    };

    /// <summary>
    /// What an accept decision becomes given the seats taken: a full course puts the applicant on the
    /// waitlist instead, so that accepted never exceeds capacity.
    /// </summary>
    public static ApplicationState Outcome(Decision decision, int acceptedCount, int capacity) => decision switch
    {
        Decision.Accept => !SeatsTaken(acceptedCount, capacity) ? ApplicationState.Accepted : ApplicationState.Waitlisted,
        Decision.Waitlist => ApplicationState.Waitlisted,
        _ => ApplicationState.Rejected,
    };

    /// <summary>
    /// The order of merit: best average score first, the unscored last, the earlier application first on a tie.
    /// Seats given in bulk and scholarships on the reserve list go in this order.
    /// </summary>
    public static IEnumerable<T> ByMerit<T>(IEnumerable<T> applications, Func<T, double?> averageScore, Func<T, DateTime> submittedUtc, Func<T, int> id) =>
        applications.OrderByDescending(a => averageScore(a).HasValue)
            .ThenByDescending(a => averageScore(a) ?? 0)
            .ThenBy(submittedUtc)
            .ThenBy(id);

    /// <summary>When an application joined the waitlist: applications stored before that was recorded count from their submission.</summary>
    public static DateTime WaitlistedSince(DateTime? waitlistedUtc, DateTime submittedUtc) => waitlistedUtc ?? submittedUtc;

    /// <summary>The waitlist in the order seats are offered: first waitlisted first.</summary>
    public static IEnumerable<T> WaitlistOrder<T>(IEnumerable<T> waitlisted, Func<T, DateTime> waitlistedUtc, Func<T, int> id) =>
        waitlisted.OrderBy(waitlistedUtc).ThenBy(id);
}
