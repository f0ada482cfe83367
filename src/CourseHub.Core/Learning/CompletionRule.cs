namespace CourseHub.Core.Learning;

/// <summary>What completion is decided from: counts read from the database at one moment.</summary>
/// <param name="PublishedModules">Modules of the course that are published.</param>
/// <param name="ModulesDone">Of those, the ones the participant marked done.</param>
/// <param name="HeldSessions">Live sessions that already took place and were not cancelled.</param>
/// <param name="SessionsAttended">Of those, the ones the participant was recorded present at.</param>
/// <param name="RequiredAttendancePercent">The course's <c>completion_attendance</c>, 0–100.</param>
/// <param name="CourseStarted">Whether the course's first day has come.</param>
/// <param name="CourseEnded">Whether the course's last day is over.</param>
/// <param name="OpenModules">Of the published modules, those open to participants now (null: all of them).</param>
/// <param name="OpenModulesDone">Of those open now, the ones the participant marked done (null: <paramref name="ModulesDone"/>).</param>
public sealed record CompletionFacts(int PublishedModules, int ModulesDone, int HeldSessions, int SessionsAttended, int RequiredAttendancePercent,
    bool CourseStarted, bool CourseEnded, int? OpenModules = null, int? OpenModulesDone = null);

/// <summary>When a participant has completed a course.</summary>
public static class CompletionRule
{
    public const int DefaultAttendancePercent = 75;

    /// <summary>
    /// Every published module done, and presence at no less than the course's share of the live sessions
    /// held (cancelled and future sessions do not count; with none held, attendance is no condition), once
    /// the course is over: a certificate says the course was completed, which an in-person week or a last
    /// session still ahead would belie. The share is compared exactly, in integers: 3 of 4 meets 75 %, 2 of 3 does not.
    /// A course with neither a module nor a held session gives nothing to check, so nobody completes it here.
    /// </summary>
    public static bool IsComplete(CompletionFacts facts) =>
        facts.CourseEnded && ModulesDone(facts) && AttendanceMet(facts) && (facts.PublishedModules > 0 || facts.HeldSessions > 0);

    /// <summary>
    /// While the course runs: everything asked so far is done — every module open now (one that opens later
    /// cannot be done yet) and the attendance — with some module or session there was to do. Being accepted to
    /// a course with nothing to do yet is not this.
    /// </summary>
    public static bool DoneSoFar(CompletionFacts facts)
    {
        var open = facts.OpenModules ?? facts.PublishedModules;
        var openDone = facts.OpenModulesDone ?? facts.ModulesDone;
        return facts.CourseStarted && openDone >= open && AttendanceMet(facts) && (open > 0 || facts.HeldSessions > 0);
    }

    public static bool ModulesDone(CompletionFacts facts) => facts.ModulesDone >= facts.PublishedModules;

    public static bool AttendanceMet(CompletionFacts facts) =>
        facts.HeldSessions == 0 || 100L * facts.SessionsAttended >= (long)facts.RequiredAttendancePercent * facts.HeldSessions;
}
