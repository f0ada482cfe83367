namespace CourseHub.Web.Data;

public enum DatabaseProvider
{
    /// <summary>One file beside the site: the embedded default, for one web node.</summary>
    Sqlite,
    /// <summary>A PostgreSQL server, which several web nodes can share.</summary>
    PostgreSql,
}

/// <summary>Which database the connection string <c>ConnectionStrings:CourseHub</c> names.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
