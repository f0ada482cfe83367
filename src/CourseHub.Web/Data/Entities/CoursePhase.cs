using CourseHub.Core.Courses;

namespace CourseHub.Web.Data.Entities;

public sealed class CoursePhase
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public int Position { get; set; }
    public required string Name { get; set; }
    public Modality Modality { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public string? Venue { get; set; }
}
