namespace CourseHub.Core.Sessions;

/// <summary>Attendance is taken of a session that has begun and was not cancelled: it records who was there.</summary>
public static class AttendanceRule
{
    public static bool CanRecord(bool cancelled, DateTime startsUtc, DateTime nowUtc) => !cancelled && startsUtc <= nowUtc;
}
