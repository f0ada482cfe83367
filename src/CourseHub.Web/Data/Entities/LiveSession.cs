namespace CourseHub.Web.Data.Entities;

public sealed class LiveSession
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    /// <summary>The session's calendar identity for its whole life (iCalendar UID).</summary>
    public Guid Uid { get; set; }
    public required string Title { get; set; }
    public required string Organisation { get; set; }
    public string? Speaker { get; set; }
    public DateTime StartsUtc { get; set; }
    public int Minutes { get; set; }
    public string? JoinUrl { get; set; }
    public string? Room { get; set; }
    public string? Description { get; set; }
    /// <summary>
    /// iCalendar SEQUENCE: raised on every change of time, duration, place or status mailed to every participant, and
    /// after a cancellation sent to one person alone (see <c>SessionInvitations.RemoveFromUpcomingAsync</c>).
    /// </summary>
    public int Sequence { get; set; }

    /// <summary>How many changes every participant was mailed (the session list shows it).</summary>
    public int UpdatesSent { get; set; }

    public bool Cancelled { get; set; }

    /// <summary>A change every participant is mailed: a new version of the event, and one more update sent.</summary>
    public void ChangedForEveryone()
    {
        Sequence++;
        UpdatesSent++;
    }
}

/// <summary>Whether a participant attended a live session, as recorded by an instructor.</summary>
public sealed class SessionAttendance
{
    public int SessionId { get; set; }
    public LiveSession? Session { get; set; }
    public required string UserId { get; set; }
    public ApplicationUser? User { get; set; }
    public bool Present { get; set; }
    public DateTime RecordedUtc { get; set; }
}
