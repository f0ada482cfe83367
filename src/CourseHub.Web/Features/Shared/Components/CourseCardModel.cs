using CourseHub.Core.Courses;

namespace CourseHub.Web.Features.Shared.Components;

/// <summary>What a catalogue card shows of a course.</summary>
public sealed record CourseCardModel(
    string Slug,
    string Title,
    string Summary,
    string Language,
    Modality Modality,
    DateOnly StartsOn,
    DateOnly EndsOn,
    CourseStatus Status,
    DateTime ApplicationsCloseUtc,
    string TimeZone,
    int Capacity,
    int Scholarships,
    long FeeMinor,
    string Currency)
{
    /// <summary>The signed-in reader's own application to the course, if any: the card says where it stands.</summary>
    public Core.Enrolments.ApplicationState? MyApplication { get; init; }

    /// <summary>Every seat is taken by an accepted participant: an applicant can only wait for one to free up.</summary>
    public bool SeatsTaken { get; init; }

    /// <summary>The signed-in reader's own zone, if they set one: the deadline is given in it too.</summary>
    public string? ViewerTimeZone { get; init; }
}
