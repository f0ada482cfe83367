namespace CourseHub.Web.Infrastructure.Security;

/// <summary>The roles of the site. Everyone who registers is a participant.</summary>
public static class Roles
{
    public const string Participant = "Participant";
    public const string Instructor = "Instructor";
    public const string Admin = "Admin";

    public static readonly string[] All = [Participant, Instructor, Admin];
}

/// <summary>Authorization policy names, declared on every controller or action.</summary>
public static class Policies
{
    /// <summary>Programme coordinators.</summary>
    public const string Admin = "Admin";
    /// <summary>Any signed-in person with a confirmed address.</summary>
    public const string SignedIn = "SignedIn";
    /// <summary>Instructors (of some course) and admins; ownership of a course is checked per course.</summary>
    public const string Instructor = "Instructor";
    /// <summary>Instructors of the course in the route (its <c>slug</c>) and admins.</summary>
    public const string CourseStaff = "CourseStaff";
}
