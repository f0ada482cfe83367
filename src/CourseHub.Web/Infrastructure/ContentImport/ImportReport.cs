namespace CourseHub.Web.Infrastructure.ContentImport;

/// <summary>A content file that could not be imported, and why.</summary>
public sealed record ImportProblem(string Path, string Reason);

/// <summary>What an import did, counted in files (course.md and module files).</summary>
public sealed record ImportReport(int Added, int Updated, int Unchanged, IReadOnlyList<ImportProblem> Problems)
{
    public bool ChangedAnything => Added + Updated > 0;
}
