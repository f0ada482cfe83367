namespace CourseHub.Core.Sessions;

/// <summary>
/// A session is cancelled before it begins: one that has taken place cannot be called off, and telling its
/// participants it "will not take place" would be false (and would drop it from the attendance counted).
/// </summary>
public static class CancellationRule
{
    public static bool CanCancel(bool cancelled, DateTime startsUtc, DateTime nowUtc) => !cancelled && nowUtc < startsUtc;
}
