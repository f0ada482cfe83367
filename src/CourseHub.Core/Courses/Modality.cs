namespace CourseHub.Core.Courses;

/// <summary>How a course (or one of its phases) is delivered.</summary>
public enum Modality
{
    Virtual,
    Hybrid,
    InPerson,
}

public static class ModalityNames
{
    /// <summary>The spelling used in content files and URLs: virtual, hybrid, in-person.</summary>
    public static string ToSlug(this Modality modality) => modality switch
    {
        Modality.Virtual => "virtual",
        Modality.Hybrid => "hybrid",
        Modality.InPerson => "in-person",
        _ => throw new ArgumentOutOfRangeException(nameof(modality)),
    };

    public static bool TryParse(string? value, out Modality modality)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "virtual": modality = Modality.Virtual; return true;
            case "hybrid": modality = Modality.Hybrid; return true;
            case "in-person": modality = Modality.InPerson; return true;
            default: modality = default; return false;
        }
    }
}
