namespace CourseHub.Core.Courses;

/// <summary>Where a course stands on its own timeline at a given instant.</summary>
public enum CourseStatus
{
    /// <summary>The application window has not opened yet.</summary>
    ApplicationsSoon,
    ApplicationsOpen,
    /// <summary>Applications have closed; the course has not started.</summary>
    ApplicationsClosed,
    InProgress,
    Finished,
}

/// <summary>The instants that decide a course's status, all in UTC.</summary>
public sealed record CourseTimeline(
    DateTime ApplicationsOpenUtc,
    DateTime ApplicationsCloseUtc,
    DateTime StartsUtc,
    DateTime EndsUtc)
{
    /// <summary>Applications are accepted from the opening instant up to, but not including, the closing one.</summary>
    public bool AreApplicationsOpen(DateTime nowUtc) =>
        nowUtc >= ApplicationsOpenUtc && nowUtc < ApplicationsCloseUtc;

    /// <summary>
    /// A course still taking applications once under way (its window may close as late as its last day) is
    /// shown as open: applying is what a visitor can do there.
    /// </summary>
    public CourseStatus StatusAt(DateTime nowUtc)
    {
        if (nowUtc >= EndsUtc) return CourseStatus.Finished;
        if (AreApplicationsOpen(nowUtc)) return CourseStatus.ApplicationsOpen;
        if (nowUtc >= StartsUtc) return CourseStatus.InProgress;
        return nowUtc < ApplicationsOpenUtc ? CourseStatus.ApplicationsSoon : CourseStatus.ApplicationsClosed;
    }
}

/// <summary>The status filter of the catalogue, coarser than <see cref="CourseStatus"/>.</summary>
public enum StatusFilter
{
    Open,
    Upcoming,
    InProgress,
    Finished,
}

public static class StatusFilters
{
    public static string ToSlug(this StatusFilter filter) => filter switch
    {
        StatusFilter.Open => "open",
        StatusFilter.Upcoming => "upcoming",
        StatusFilter.InProgress => "in-progress",
        StatusFilter.Finished => "finished",
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };

    public static bool TryParse(string? value, out StatusFilter filter)
    {
        foreach (var candidate in Enum.GetValues<StatusFilter>())
        {
            if (string.Equals(candidate.ToSlug(), value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                filter = candidate;
                return true;
            }
        }
        filter = default;
        return false;
    }

    public static bool Matches(this StatusFilter filter, CourseStatus status) => filter switch
    {
        StatusFilter.Open => status == CourseStatus.ApplicationsOpen,
        StatusFilter.Upcoming => status is CourseStatus.ApplicationsSoon or CourseStatus.ApplicationsClosed,
        StatusFilter.InProgress => status == CourseStatus.InProgress,
        StatusFilter.Finished => status == CourseStatus.Finished,
        _ => false,
    };

    /// <summary>Catalogue order: what a visitor can act on now comes first.</summary>
    public static int DisplayRank(this CourseStatus status) => status switch
    {
        CourseStatus.ApplicationsOpen => 0,
        CourseStatus.ApplicationsSoon => 1,
        CourseStatus.InProgress => 2,
        CourseStatus.ApplicationsClosed => 3,
        _ => 4,
    };
}
