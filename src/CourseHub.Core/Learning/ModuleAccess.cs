namespace CourseHub.Core.Learning;

/// <summary>Who is asking to read a module of a course.</summary>
public enum ModuleReader
{
    /// <summary>Anyone who is neither an accepted participant nor staff of the course (signed in or not).</summary>
    Visitor,
    /// <summary>An accepted participant of the course.</summary>
    Participant,
    /// <summary>An instructor of the course, or an admin.</summary>
    Staff,
}

public enum ModuleAccessResult
{
    Readable,
    /// <summary>The reader may read it, but not before its release.</summary>
    NotYetReleased,
    /// <summary>Only the course's accepted participants (and its staff) may read it.</summary>
    ParticipantsOnly,
}

/// <summary>Who may read a published module, and when.</summary>
public static class ModuleAccess
{
    /// <summary>
    /// A preview module is public, released or not: it is the sample of the course. Staff read everything
    /// at any time. Participants read the others once released. Everyone else reads previews only.
    /// </summary>
    public static ModuleAccessResult Decide(bool preview, DateTime? releaseUtc, ModuleReader reader, DateTime nowUtc)
    {
        if (preview || reader == ModuleReader.Staff) return ModuleAccessResult.Readable;
        if (reader == ModuleReader.Visitor) return ModuleAccessResult.ParticipantsOnly;
        return IsReleased(releaseUtc, nowUtc) ? ModuleAccessResult.Readable : ModuleAccessResult.NotYetReleased;
    }

    public static bool IsReleased(DateTime? releaseUtc, DateTime nowUtc) => releaseUtc is null || releaseUtc <= nowUtc;
}
