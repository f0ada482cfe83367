namespace CourseHub.Web.Data.Entities;

/// <summary>
/// A signed-in session. The cookie carries only <see cref="Id"/>; the ticket stays here, so signing out
/// or changing the password ends a session for good, even if someone kept a copy of its cookie.
/// </summary>
public sealed class UserSession
{
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public required byte[] Ticket { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? ExpiresUtc { get; set; }
}
