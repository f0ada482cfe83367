namespace CourseHub.Web.Data.Entities;

/// <summary>An instructor assigned to a course; a course has one or more.</summary>
public sealed class CourseInstructor
{
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public required string UserId { get; set; }
    public ApplicationUser? User { get; set; }
}
