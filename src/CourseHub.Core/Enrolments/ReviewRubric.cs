namespace CourseHub.Core.Enrolments;

/// <summary>The criteria reviewers score each application on, 1 to 5 each.</summary>
public static class ReviewRubric
{
    public const int MinScore = 1;
    public const int MaxScore = 5;

    /// <summary>The rubric of a course that does not define its own, in the course's language.</summary>
    public static IReadOnlyList<string> Default(string language) => language switch
    {
        "es" => ["Pertinencia del cargo", "Motivación", "Impacto esperado"],
        "pt" => ["Pertinência do cargo", "Motivação", "Impacto esperado"],
        _ => ["Relevance of the position", "Motivation", "Expected impact"],
    };

    public static bool IsValid(IReadOnlyList<int> scores, int criteria) =>
        scores.Count == criteria && scores.All(s => s is >= MinScore and <= MaxScore);
}
